"""Checks an experiment must pass before it may start (seed 002 §15.4), with reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from experiments.allocation import ranges_overlap
from experiments.models import Experiment, ExperimentStatus, Variant
from experiments.selectors import opted_out_assignment_counts
from experiments.stats import DecisionRule
from learning.parameters import REGISTRY, ParameterValueError, validate_value
from learning.selectors import parameter_active_version

# The seed's "expected improvement should be at least 5 %": smaller hoped-for lifts are not
# worth exposing candidates to an untested value.
MIN_EXPECTED_BENEFIT = 0.05

# Per component, how far a treatment may move from control before it is presumed harmful:
# (largest allowed treatment/control ratio, why). From seed 002 §15.4: do not cut job
# recommendations by more than 20 %, do not raise candidates' effort by more than 50 %.
HARM_LIMITS: dict[str, tuple[float, str]] = {
    "job_scoring.min_stored_score": (
        1.2,
        "raises the stored-score floor by more than 20 %, cutting job recommendations",
    ),
    "personalization.min_fit_score_to_apply": (
        1.2,
        "raises the fit needed to suggest applying by more than 20 %, cutting recommendations",
    ),
    "personalization.applications_per_week": (
        1.5,
        "asks candidates for more than 50 % more applications per week",
    ),
}


@dataclass(frozen=True)
class EthicsCheck:
    name: str
    passed: bool
    reason: str


def _check_harm(experiment: Experiment, variants: list[Variant]) -> EthicsCheck:
    problems = []
    control = next((v for v in variants if v.is_control), None)
    limit = HARM_LIMITS.get(experiment.component)
    if limit and control is not None and isinstance(control.value, int | float):
        for v in variants:
            if v.is_control or not isinstance(v.value, int | float) or not control.value:
                continue
            if v.value / control.value > limit[0]:
                problems.append(f"variant {v.key} {limit[1]}")
    if not experiment.guardrail_metrics:
        problems.append("no guardrail metric: harm to candidates could go unnoticed")
    if problems:
        return EthicsCheck("potential_harm", False, "; ".join(problems))
    return EthicsCheck(
        "potential_harm",
        True,
        "within harm limits; guardrails "
        f"{', '.join(experiment.guardrail_metrics)} and the primary metric are watched by a "
        "one-sided always-valid harm test that rolls back automatically",
    )


def _check_rollback(experiment: Experiment, variants: list[Variant]) -> EthicsCheck:
    controls = [v for v in variants if v.is_control]
    if not experiment.rollback_plan.strip():
        return EthicsCheck("rollback_plan", False, "no rollback plan written")
    if len(controls) != 1:
        return EthicsCheck("rollback_plan", False, "exactly one variant must be the control")
    active = parameter_active_version(component=experiment.component)
    current = active.value if active is not None else REGISTRY[experiment.component].default
    if controls[0].value != current:
        return EthicsCheck(
            "rollback_plan",
            False,
            f"control value {controls[0].value!r} differs from the value candidates get today "
            f"({current!r}): rolling back would not return them to it",
        )
    return EthicsCheck(
        "rollback_plan", True, "control is today's value; rollback returns everyone to it"
    )


def _check_benefit(experiment: Experiment) -> EthicsCheck:
    if experiment.mde_relative < MIN_EXPECTED_BENEFIT:
        return EthicsCheck(
            "minimum_benefit",
            False,
            f"expected improvement {experiment.mde_relative:.1%} is below "
            f"{MIN_EXPECTED_BENEFIT:.0%}: not worth exposing candidates",
        )
    return EthicsCheck(
        "minimum_benefit", True, f"expected improvement {experiment.mde_relative:.1%}"
    )


def _check_preregistration(experiment: Experiment, variants: list[Variant]) -> EthicsCheck:
    problems = []
    if not experiment.hypothesis.strip():
        problems.append("no pre-registered hypothesis")
    try:
        DecisionRule.from_dict(experiment.decision_rule)
    except (TypeError, ValueError) as exc:
        problems.append(f"decision rule invalid: {exc}")
    for v in variants:
        try:
            validate_value(experiment.component, v.value)
        except ParameterValueError as exc:
            problems.append(f"variant {v.key}: {exc}")
    if experiment.planned_sample_size and experiment.expected_daily_users:
        days = experiment.planned_sample_size / experiment.expected_daily_users
        if days > experiment.max_duration_days:
            problems.append(
                f"the planned sample needs about {days:.0f} days, more than the maximum "
                f"duration of {experiment.max_duration_days}: candidates would be exposed "
                "to a test that cannot conclude"
            )
    if problems:
        return EthicsCheck("pre_registration", False, "; ".join(problems))
    return EthicsCheck(
        "pre_registration", True, "hypothesis, decision rule and sample plan recorded"
    )


def _check_conflicts(experiment: Experiment) -> EthicsCheck:
    live = Experiment.objects.filter(
        status__in=[ExperimentStatus.RUNNING, ExperimentStatus.PAUSED]
    ).exclude(pk=experiment.pk)
    problems = []
    mine = (experiment.namespace_start, experiment.namespace_end)
    for other in live.filter(component=experiment.component):
        same_ns = experiment.namespace and other.namespace == experiment.namespace
        if not same_ns:
            problems.append(
                f"{other.key} already tests {experiment.component}; share a namespace with "
                "disjoint slices to run both"
            )
    if experiment.namespace:
        for other in live.filter(namespace=experiment.namespace):
            if ranges_overlap(mine, (other.namespace_start, other.namespace_end)):
                problems.append(f"namespace slice overlaps {other.key}'s")
    if problems:
        return EthicsCheck("no_conflict", False, "; ".join(sorted(set(problems))))
    return EthicsCheck("no_conflict", True, "no overlapping experiment on this component")


def _check_opt_out(experiment: Experiment) -> EthicsCheck:
    """The assignment path never enrols an opted-out candidate (assignment.py); this checks
    the data agrees: no opted-out candidate holds an assignment here or in any live
    experiment (imported assignments, or an opt-out the path missed, would show up)."""
    leaks = opted_out_assignment_counts(experiment=experiment)
    if leaks:
        where = ", ".join(f"{n} in {key}" for key, n in sorted(leaks.items()))
        return EthicsCheck(
            "opt_out_mechanism",
            False,
            f"candidates who opted out of experimentation hold assignments ({where}): "
            "the opt-out is not honoured; remove those assignments before starting",
        )
    return EthicsCheck(
        "opt_out_mechanism",
        True,
        "no opted-out candidate holds an assignment here or in a live experiment; the "
        "assignment path never enrols them",
    )


def experiment_ethics_checks(*, experiment: Experiment) -> list[EthicsCheck]:
    """Every pre-start check, passed or not, with its reason."""
    variants = list(experiment.variants.all())
    return [
        _check_harm(experiment, variants),
        _check_opt_out(experiment),
        _check_rollback(experiment, variants),
        _check_benefit(experiment),
        _check_preregistration(experiment, variants),
        _check_conflicts(experiment),
    ]


def checks_as_dicts(checks: list[EthicsCheck]) -> list[dict[str, object]]:
    return [asdict(c) for c in checks]
