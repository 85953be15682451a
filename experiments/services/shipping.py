"""Ship a winner into the parameter spine, or roll an experiment back (restoring the spine).

Both are decisions a reviewer or the automatic analysis takes; each is audited with its
statistics in the same transaction as the change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from experiments.models import Experiment, ExperimentStatus, Variant
from experiments.selectors import analysis_latest
from experiments.services.errors import ExperimentError, ExperimentStateError
from experiments.services.jsonsafe import json_safe
from experiments.services.lifecycle import LIVE, experiment_audit_record, experiment_lock
from recruitly.spine.models import VersionSource
from recruitly.spine.selectors import parameter_active_version, parameter_version_list
from recruitly.spine.services import parameter_version_activate, parameter_version_create
from recruitly.spine.specs import REGISTRY


@transaction.atomic
def experiment_ship(
    *,
    experiment: Experiment,
    variant: Variant,
    acting_user: User | None,
    reason: str,
    evidence: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Complete the experiment and make ``variant``'s value the component's new version.

    Raises ExperimentStateError unless the experiment is running or paused.
    """
    experiment = experiment_lock(experiment)
    if experiment.status == ExperimentStatus.COMPLETED and experiment.winner_id == variant.pk:
        return experiment
    if experiment.status not in LIVE:
        raise ExperimentStateError(f"cannot ship an experiment that is {experiment.status}")
    if variant.experiment_id != experiment.pk:
        raise ExperimentError(f"{variant.key} is not a variant of {experiment.key}")
    if not reason.strip():
        raise ExperimentError("a reason is required to ship")
    previous = parameter_active_version(component=experiment.component)
    version = parameter_version_create(
        component=experiment.component,
        value=variant.value,
        acting_user=acting_user,
        reason=f"experiment {experiment.key}: {reason}",
        source=VersionSource.EXPERIMENT,
        evidence=json_safe(
            {"experiment": experiment.key, "variant": variant.key, **(evidence or {})}
        ),
    )
    experiment.status = ExperimentStatus.COMPLETED
    experiment.winner = variant
    experiment.ended_at = now or timezone.now()
    experiment.shipped_version_id = version.pk
    experiment.previous_version_id = previous.pk if previous else None
    experiment.save()
    experiment_audit_record(
        experiment,
        "ship",
        acting_user,
        reason,
        {
            "variant": variant.key,
            "value": variant.value,
            "parameter_version": version.version,
            **(evidence or {}),
        },
    )
    return experiment


def experiment_ship_leader(
    *, experiment: Experiment, acting_user: User | None, reason: str
) -> Experiment:
    """Ship the treatment that leads on the primary metric in the latest analysis.

    Raises ExperimentError when there is no analysis yet or no treatment beats control.
    """
    latest = analysis_latest(experiment=experiment)
    if latest is None or not latest.results:
        raise ExperimentError("no analysis yet: open the results page and choose a variant")
    primary = latest.results[0]
    sign = 1 if primary["higher_is_better"] else -1
    leading = [
        (sign * c["relative"]["estimate"], c["variant"])
        for c in primary["comparisons"]
        if c["relative"].get("estimate") is not None
    ]
    if not leading or max(leading)[0] <= 0:
        raise ExperimentError("no treatment beats control on the primary metric")
    variant = variant_get(experiment=experiment, key=max(leading)[1])
    return experiment_ship(
        experiment=experiment, variant=variant, acting_user=acting_user, reason=reason
    )


def _restore_parameter(experiment: Experiment, acting_user: User | None, reason: str):
    text = f"rollback of experiment {experiment.key}: {reason}"
    if experiment.previous_version_id:
        earlier = parameter_version_list(component=experiment.component).get(
            pk=experiment.previous_version_id
        )
        return parameter_version_activate(version=earlier, acting_user=acting_user, reason=text)
    return parameter_version_create(
        component=experiment.component,
        value=REGISTRY[experiment.component].default,
        acting_user=acting_user,
        reason=text,
        source=VersionSource.ROLLBACK,
        evidence={"restored": "code default", "experiment": experiment.key},
    )


@transaction.atomic
def experiment_rollback(
    *,
    experiment: Experiment,
    acting_user: User | None,
    reason: str,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Return everyone to control; after a ship, re-activate the parameter's earlier value.

    Idempotent for an experiment already rolled back. Raises ExperimentStateError for drafts
    and for experiments completed without shipping (nothing to roll back).
    """
    experiment = experiment_lock(experiment)
    if experiment.status == ExperimentStatus.ROLLED_BACK:
        return experiment
    if not reason.strip():
        raise ExperimentError("a reason is required to roll back")
    restored = None
    if experiment.status == ExperimentStatus.COMPLETED:
        if experiment.shipped_version_id is None:
            raise ExperimentStateError("this experiment shipped nothing: nothing to roll back")
        restored = _restore_parameter(experiment, acting_user, reason)
    elif experiment.status not in LIVE:
        raise ExperimentStateError(f"cannot roll back an experiment that is {experiment.status}")
    experiment.status = ExperimentStatus.ROLLED_BACK
    experiment.ended_at = now or timezone.now()
    experiment.save(update_fields=["status", "ended_at", "updated_at"])
    extra = dict(details or {})
    if restored is not None:
        extra.update(restored_parameter_version=restored.version, restored_value=restored.value)
    experiment_audit_record(experiment, "rollback", acting_user, reason, extra)
    return experiment


def variant_get(*, experiment: Experiment, key: str) -> Variant:
    try:
        return experiment.variants.get(key=key)
    except Variant.DoesNotExist:
        raise ExperimentError(f"{experiment.key} has no variant {key!r}") from None
