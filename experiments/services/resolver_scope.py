"""Which components the experiment steps of the spine's resolver can answer for right now.

Registered with :func:`recruitly.spine.resolver.register_experiment_scope` so a run's
:class:`~recruitly.spine.resolver.ResolverSnapshot` skips the per-user variant and holdout
lookups of every other component: ``component_variant`` returns None without a running
experiment on the component, ``holdout_value`` without the component frozen in the active
holdout.
"""

from __future__ import annotations

from experiments.models import Experiment, ExperimentStatus
from experiments.selectors import holdout_active


def components_in_play() -> set[str]:
    """Components with a running experiment, plus those frozen in the active holdout."""
    found = set(
        Experiment.objects.filter(status=ExperimentStatus.RUNNING).values_list(
            "component", flat=True
        )
    )
    holdout = holdout_active()
    if holdout is not None:
        found |= set(holdout.frozen_values)
    return found
