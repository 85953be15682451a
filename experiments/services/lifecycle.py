"""Create, start, pause, resume, stop and advance experiments (ship and roll back: shipping.py).

Every transition takes ``acting_user`` (None for the automatic analysis) and writes an audit
row with its reason and evidence in the same transaction. Transitions into the state the
experiment is already in return early without a new row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from experiments.metrics import metric_get
from experiments.models import Experiment, ExperimentStatus, Variant
from experiments.selectors import analysis_latest
from experiments.services.errors import EthicsCheckFailed, ExperimentError, ExperimentStateError
from experiments.services.ethics import checks_as_dicts, experiment_ethics_checks
from experiments.services.jsonsafe import json_safe
from experiments.stats import STAGES, DecisionRule, StatsInputError, design
from recruitly.spine.audit import audit_record
from recruitly.spine.specs import REGISTRY, ParameterValueError, validate_value

LIVE = (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED)
RESERVED_KEYS = ("holdouts",)  # /experiments/holdouts/ is the holdout page


def experiment_audit_record(
    experiment: Experiment,
    action: str,
    acting_user: User | None,
    reason: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Append the experiment's audit row; a human decision carries the latest statistics."""
    details = dict(details or {})
    if "analysis_id" not in details and action not in ("create", "start_refused"):
        details["statistics"] = _latest_statistics(experiment)
    audit_record(
        acting_user=acting_user,
        action=f"experiment.{action}",
        target=experiment,
        reason=reason,
        details=json_safe(
            {
                "experiment": experiment.key,
                "status": experiment.status,
                "stage": experiment.rollout_stage,
                **details,
            }
        ),
    )


def _latest_statistics(experiment: Experiment) -> dict[str, Any] | None:
    """What the reviewer saw: the latest analysis' verdict and primary metric."""
    latest = analysis_latest(experiment=experiment)
    if latest is None:
        return None
    return {
        "analysis_id": latest.pk,
        "analysed_at": latest.analysed_at.isoformat(),
        "decision": latest.action,
        "reasons": latest.reasons,
        "checks": latest.checks,
        "srm_p_value": latest.srm_p_value,
        "counts": latest.counts,
        "primary": latest.results[0] if latest.results else None,
    }


def _validate_variants(component: str, variants: list[dict[str, Any]]) -> list[str]:
    errors = []
    if len(variants) < 2:
        errors.append("an experiment needs a control and at least one treatment")
    if sum(1 for v in variants if v.get("is_control")) != 1:
        errors.append("exactly one variant must have is_control true")
    keys = [v.get("key") for v in variants]
    if len(set(keys)) != len(keys):
        errors.append("variant keys must be unique")
    for v in variants:
        if not v.get("weight", 1.0) > 0:
            errors.append(f"variant {v.get('key')}: weight must be positive")
        try:
            validate_value(component, v.get("value"))
        except ParameterValueError as exc:
            errors.append(f"variant {v.get('key')}: {exc}")
    return errors


def _validate_metrics(primary: str, guardrails: list[str]) -> list[str]:
    errors = []
    for key in [primary, *guardrails]:
        try:
            metric_get(key)
        except ValueError as exc:
            errors.append(str(exc))
    if primary in guardrails:
        errors.append("the primary metric cannot also be a guardrail")
    return errors


def _power_plan(
    *,
    primary_metric: str,
    baseline: float | None,
    variance: float | None,
    arms: int,
    mde: float,
    daily_users: int | None,
    rule: DecisionRule,
) -> dict[str, Any]:
    metric = metric_get(primary_metric)
    if baseline is None or metric.kind == "ratio":
        return {"note": "no baseline given: sample size not computed"}
    plan = design(
        baseline=baseline,
        mde_relative=mde,
        arms=arms,
        metric=metric.kind,
        variance=variance,
        alpha=rule.alpha,
        daily_users=daily_users,
    )
    return {**plan.as_dict(), "baseline": baseline, "mde_relative": mde, "power": 0.8}


@transaction.atomic
def experiment_create(
    *,
    key: str,
    name: str,
    component: str,
    variants: list[dict[str, Any]],
    acting_user: User | None,
    hypothesis: str = "",
    primary_metric: str = "interview_rate",
    guardrail_metrics: list[str] | None = None,
    coverage: float = 1.0,
    namespace: str = "",
    namespace_range: tuple[float, float] = (0.0, 1.0),
    baseline: float | None = None,
    baseline_variance: float | None = None,
    mde_relative: float = 0.10,
    expected_daily_users: int | None = None,
    max_duration_days: int = 28,
    decision_rule: dict[str, Any] | None = None,
    rollback_plan: str = "",
) -> Experiment:
    """Create a draft experiment with its variants and power calculation.

    Raises ExperimentError listing every invalid field.
    """
    guardrails = list(guardrail_metrics or [])
    errors = []
    if component not in REGISTRY:
        errors.append(f"unknown parameter component {component!r}")
    else:
        errors += _validate_variants(component, variants)
    errors += _validate_metrics(primary_metric, guardrails)
    if not 0 < coverage <= 1:
        errors.append("coverage must lie in (0, 1]")
    if not 0 <= namespace_range[0] < namespace_range[1] <= 1:
        errors.append("the namespace range must satisfy 0 ≤ start < end ≤ 1")
    try:
        rule = DecisionRule.from_dict(decision_rule)
    except (TypeError, ValueError) as exc:
        errors.append(f"decision rule: {exc}")
        rule = DecisionRule()
    if key in RESERVED_KEYS:
        errors.append(f"{key!r} is reserved for a page; pick another key")
    if Experiment.objects.filter(key=key).exists():
        errors.append(f"an experiment with key {key!r} exists")
    plan: dict[str, Any] = {}
    if not errors:
        try:
            plan = _power_plan(
                primary_metric=primary_metric,
                baseline=baseline,
                variance=baseline_variance,
                arms=len(variants),
                mde=mde_relative,
                daily_users=expected_daily_users,
                rule=rule,
            )
        except StatsInputError as exc:
            errors.append(f"power calculation: {exc}")
    if errors:
        raise ExperimentError(errors)
    experiment = Experiment.objects.create(
        key=key,
        name=name,
        hypothesis=hypothesis,
        component=component,
        namespace=namespace,
        namespace_start=namespace_range[0],
        namespace_end=namespace_range[1],
        coverage=coverage,
        primary_metric=primary_metric,
        guardrail_metrics=guardrails,
        baseline=baseline,
        baseline_variance=baseline_variance,
        mde_relative=mde_relative,
        expected_daily_users=expected_daily_users,
        power_analysis=json_safe(plan),
        planned_sample_size=plan.get("planned_sample_size"),
        max_duration_days=max_duration_days,
        decision_rule=rule.as_dict(),
        rollback_plan=rollback_plan,
        salt=key,
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    Variant.objects.bulk_create(
        Variant(
            experiment=experiment,
            key=v["key"],
            name=v.get("name", ""),
            value=v["value"],
            weight=v.get("weight", 1.0),
            is_control=bool(v.get("is_control")),
            position=i,
        )
        for i, v in enumerate(variants)
    )
    experiment_audit_record(experiment, "create", acting_user, hypothesis, {"power_analysis": plan})
    return experiment


def experiment_lock(experiment: Experiment) -> Experiment:
    return Experiment.objects.select_for_update().get(pk=experiment.pk)


def experiment_start(
    *, experiment: Experiment, acting_user: User | None, now: datetime | None = None
) -> Experiment:
    """Run the ethics checks and start at the first rollout stage.

    Raises EthicsCheckFailed with every failed check's reason, after committing an audit row
    of the refusal; ExperimentStateError unless the experiment is a draft.
    """
    with transaction.atomic():
        experiment = experiment_lock(experiment)
        if experiment.status == ExperimentStatus.RUNNING:
            return experiment
        if experiment.status != ExperimentStatus.DRAFT:
            raise ExperimentStateError(f"only a draft can start; this one is {experiment.status}")
        checks = experiment_ethics_checks(experiment=experiment, now=now)
        refused = [f"{c.name}: {c.reason}" for c in checks if not c.passed]
        if refused:
            experiment_audit_record(
                experiment,
                "start_refused",
                acting_user,
                "; ".join(refused),
                {"ethics": checks_as_dicts(checks)},
            )
        else:
            now = now or timezone.now()
            experiment.status = ExperimentStatus.RUNNING
            experiment.rollout_stage = STAGES[0]
            experiment.started_at = experiment.stage_changed_at = now
            experiment.save()
            experiment_audit_record(
                experiment,
                "start",
                acting_user,
                "ethics checks passed",
                {"ethics": checks_as_dicts(checks)},
            )
    if refused:
        raise EthicsCheckFailed(refused)
    return experiment


def _transition(
    experiment: Experiment,
    *,
    allowed: tuple[str, ...],
    target: str,
    action: str,
    acting_user: User | None,
    reason: str,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Experiment:
    experiment = experiment_lock(experiment)
    if experiment.status == target:
        return experiment
    if experiment.status not in allowed:
        raise ExperimentStateError(f"cannot {action} an experiment that is {experiment.status}")
    experiment.status = target
    fields = ["status", "updated_at"]
    if target in (ExperimentStatus.COMPLETED, ExperimentStatus.ROLLED_BACK):
        experiment.ended_at = now or timezone.now()
        fields.append("ended_at")
    experiment.save(update_fields=fields)
    experiment_audit_record(experiment, action, acting_user, reason, details)
    return experiment


@transaction.atomic
def experiment_pause(
    *, experiment: Experiment, acting_user: User | None, reason: str = ""
) -> Experiment:
    """Stop enrolling and serving variants; enrolled users fall back to today's value."""
    return _transition(
        experiment,
        allowed=(ExperimentStatus.RUNNING,),
        target=ExperimentStatus.PAUSED,
        action="pause",
        acting_user=acting_user,
        reason=reason,
    )


@transaction.atomic
def experiment_resume(
    *, experiment: Experiment, acting_user: User | None, reason: str = ""
) -> Experiment:
    return _transition(
        experiment,
        allowed=(ExperimentStatus.PAUSED,),
        target=ExperimentStatus.RUNNING,
        action="resume",
        acting_user=acting_user,
        reason=reason,
    )


@transaction.atomic
def experiment_stop(
    *,
    experiment: Experiment,
    acting_user: User | None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Complete the experiment without shipping anything; the parameter stays as it is."""
    return _transition(
        experiment,
        allowed=LIVE,
        target=ExperimentStatus.COMPLETED,
        action="stop",
        acting_user=acting_user,
        reason=reason,
        details=details,
        now=now,
    )


@transaction.atomic
def experiment_stage_advance(
    *,
    experiment: Experiment,
    acting_user: User | None,
    reason: str,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Move the rollout to the next stage (10 → 50 → 100 % of coverage)."""
    experiment = experiment_lock(experiment)
    if experiment.status != ExperimentStatus.RUNNING:
        raise ExperimentStateError("only a running experiment advances its rollout")
    later = [s for s in STAGES if s > experiment.rollout_stage]
    if not later:
        return experiment
    previous = experiment.rollout_stage
    experiment.rollout_stage = later[0]
    experiment.stage_changed_at = now or timezone.now()
    experiment.save(update_fields=["rollout_stage", "stage_changed_at", "updated_at"])
    experiment_audit_record(
        experiment,
        "advance",
        acting_user,
        reason,
        {"from_stage": previous, "to_stage": later[0], **(details or {})},
    )
    return experiment
