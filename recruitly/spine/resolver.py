"""Which value of a parameter applies, to whom.

:func:`resolve` walks user override → running experiment variant → active holdout's frozen
value (members only) → active version → code default. The spine knows nothing of
experiments: the experiments app registers its two lookups at start-up
(:func:`register_experiment_lookups`); without them the walk skips those steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from recruitly.spine.selectors import parameter_active_version, parameter_override_get
from recruitly.spine.specs import REGISTRY, spec

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from recruitly.spine.models import ParameterVersion

# (component=, user=) → an object with ``value`` and ``pk`` (a variant), or None.
VariantLookup = Callable[..., Any]
# (component=, user=) → an object with ``value`` and ``holdout_id``, or None.
HoldoutLookup = Callable[..., Any]


def _none(**_: Any) -> None:
    return None


_lookups: dict[str, Callable[..., Any]] = {"variant": _none, "holdout": _none}


def register_experiment_lookups(*, variant: VariantLookup, holdout: HoldoutLookup) -> None:
    """Let running experiments and holdouts take part in :func:`resolve` (called once, at
    start-up, by ``ExperimentsConfig.ready``)."""
    _lookups["variant"] = variant
    _lookups["holdout"] = holdout


class ResolvedSource:
    OVERRIDE = "override"
    EXPERIMENT = "experiment"
    HOLDOUT = "holdout"
    VERSION = "version"
    DEFAULT = "default"


@dataclass(frozen=True)
class Resolved:
    component: str
    value: Any
    source: str
    version: ParameterVersion | None = None
    variant_id: int | None = None
    holdout_id: int | None = None


def resolve(component: str, user: User | None = None) -> Resolved:
    """Return the value of ``component`` that applies to ``user`` (or globally when None)."""
    spec(component)
    if user is not None and user.is_authenticated:
        override = parameter_override_get(user=user, component=component)
        if override is not None:
            return Resolved(component, override.value, ResolvedSource.OVERRIDE)
        variant = _lookups["variant"](component=component, user=user)
        if variant is not None:
            return Resolved(component, variant.value, ResolvedSource.EXPERIMENT, None, variant.pk)
        # A holdout member keeps the value of the holdout's start (experiments never enrol
        # them, so only a variant held from before the holdout comes first).
        held = _lookups["holdout"](component=component, user=user)
        if held is not None:
            return Resolved(
                component, held.value, ResolvedSource.HOLDOUT, holdout_id=held.holdout_id
            )
    active = parameter_active_version(component=component)
    if active is not None:
        return Resolved(component, active.value, ResolvedSource.VERSION, active)
    return Resolved(component, REGISTRY[component].default, ResolvedSource.DEFAULT)


def resolve_value(component: str, user: User | None = None) -> Any:
    return resolve(component, user).value
