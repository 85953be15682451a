# ruff: noqa: RUF001 -- reasons are written with the multiplication sign
"""Checks an experiment must pass before it may start (seed 002 §15.4), with reasons."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime

from django.utils import timezone

from experiments.allocation import ranges_overlap
from experiments.metrics import metric_get
from experiments.models import Experiment, ExperimentStatus, Variant
from experiments.selectors import holdout_active, opted_out_assignment_counts
from experiments.services.baselines import (
    BASELINE_DAYS,
    MIN_BASELINE_USERS,
    Baseline,
    BaselineReader,
)
from experiments.stats import DecisionRule, StatsInputError, design
from experiments.stats.power import mde_relative_groups, sequential_inflation
from experiments.stats.sequential import cs_multiplier
from recruitly.spine.selectors import parameter_active_version
from recruitly.spine.specs import REGISTRY, ParameterValueError, validate_value

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


@dataclass(frozen=True)
class Traffic:
    """Users the experiment can enrol over its maximum duration, and where the figure comes from."""

    users: float | None
    source: str


def _traffic(experiment: Experiment, baseline: Baseline | None) -> Traffic:
    if experiment.expected_daily_users:
        return Traffic(
            float(experiment.expected_daily_users * experiment.max_duration_days),
            f"{experiment.expected_daily_users:,} a day for {experiment.max_duration_days} days",
        )
    if baseline is None:
        return Traffic(None, "no expected daily users stated and no observed population")
    holdout = holdout_active()
    kept = 1 - (holdout.share if holdout else 0.0)
    return Traffic(
        baseline.active * experiment.coverage * kept,
        f"the {baseline.active:,} candidates active in the last {BASELINE_DAYS} days × "
        f"coverage {experiment.coverage:g}"
        + (f" × {kept:.0%} outside the holdout" if holdout else ""),
    )


def _rule(experiment: Experiment) -> DecisionRule:
    try:
        return DecisionRule.from_dict(experiment.decision_rule)
    except (TypeError, ValueError):
        return DecisionRule()  # the pre-registration check reports the invalid rule


def _design_kind(kind: str) -> str:
    # A ratio metric plans as a mean with its delta-method per-user variance.
    return "binomial" if kind == "binomial" else "mean"


def _check_benefit(
    experiment: Experiment, variants: list[Variant], baselines: BaselineReader
) -> EthicsCheck:
    """The stated benefit is ≥ 5 % and, on the observed baseline and the planned traffic,
    detectable with 80 % power by the always-valid plan."""
    name, mde = "minimum_benefit", experiment.mde_relative
    if mde < MIN_EXPECTED_BENEFIT:
        return EthicsCheck(
            name,
            False,
            f"expected improvement {mde:.1%} is below {MIN_EXPECTED_BENEFIT:.0%}: not worth "
            "exposing candidates",
        )
    metric = metric_get(experiment.primary_metric)
    observed = baselines.get(metric)
    if observed is None:
        return EthicsCheck(
            name,
            True,
            f"expected improvement {mde:.1%}; not verified on data: fewer than "
            f"{MIN_BASELINE_USERS} candidates were active in the {BASELINE_DAYS} days before "
            "the start, so there is no observed baseline to plan on",
        )
    where = f"{metric.label} observed at {observed.mean:.4g} over {observed.n:,} candidates"
    if observed.mean == 0 or (metric.kind == "binomial" and observed.mean >= 1):
        return EthicsCheck(
            name, False, f"{where}: a relative lift of a rate of 0 or 1 cannot be detected"
        )
    rule, arms = _rule(experiment), max(len(variants), 2)
    try:
        plan = design(
            baseline=observed.mean,
            mde_relative=mde,
            arms=arms,
            metric=_design_kind(metric.kind),
            variance=observed.variance,
            alpha=rule.alpha,
        )
    except StatsInputError as exc:
        return EthicsCheck(name, False, f"{where}: {exc}")
    traffic = _traffic(experiment, observed)
    if traffic.users is None:
        return EthicsCheck(name, False, f"{where}; {traffic.source}: power cannot be checked")
    needed = plan.total_sequential
    if traffic.users < needed:
        fixed_n = traffic.users / arms / sequential_inflation(alpha=plan.alpha_per_comparison)
        reachable = mde_relative_groups(
            baseline=observed.mean,
            variance=observed.variance,
            n_a=max(int(fixed_n), 1),
            n_b=max(int(fixed_n), 1),
            alpha=plan.alpha_per_comparison,
        )
        return EthicsCheck(
            name,
            False,
            f"{where}: detecting the expected {mde:+.0%} with 80 % power needs {needed:,} "
            f"users (always-valid plan), the planned traffic is {traffic.users:,.0f} "
            f"({traffic.source}); it detects only lifts of about {reachable:+.0%} or more",
        )
    return EthicsCheck(
        name,
        True,
        f"expected improvement {mde:.1%}; {where}: {needed:,} users give 80 % power, the "
        f"planned traffic is {traffic.users:,.0f} ({traffic.source})",
    )


def _check_harm_threshold(
    experiment: Experiment, variants: list[Variant], baselines: BaselineReader
) -> EthicsCheck:
    """Each guardrail's harm test, on its observed baseline and noise, can catch the rule's
    harm threshold with 80 % power at the planned traffic."""
    name = "harm_threshold"
    rule = _rule(experiment)
    if not experiment.guardrail_metrics:
        return EthicsCheck(name, False, "no guardrail metric to hold a harm threshold to")
    arms = max(len(variants), 2)
    tests = (arms - 1) * (1 + len(experiment.guardrail_metrics))
    alpha = min(2 * rule.harm_alpha / tests, 0.5)
    problems, notes = [], []
    for key in experiment.guardrail_metrics:
        metric = metric_get(key)
        observed = baselines.get(metric)
        if observed is None:
            notes.append(f"{metric.label}: no observed baseline yet (not verified on data)")
            continue
        where = f"{metric.label} observed at {observed.mean:.4g} (n = {observed.n:,})"
        if observed.mean == 0 or observed.variance <= 0:
            problems.append(
                f"{where}, without variation: a relative harm threshold of "
                f"{rule.harm_threshold:.0%} on it means nothing and its harm test cannot fire"
            )
            continue
        traffic = _traffic(experiment, observed)
        if traffic.users is None:
            problems.append(f"{where}; {traffic.source}: harm detection cannot be checked")
            continue
        per_arm = int(traffic.users / arms)
        detectable = mde_relative_groups(
            baseline=observed.mean,
            variance=observed.variance,
            n_a=max(per_arm, 1),
            n_b=max(per_arm, 1),
            multiplier=float(
                cs_multiplier(max(per_arm * arms, 1), alpha=alpha, tuning=rule.sequential_tuning)
            ),
        )
        if not math.isfinite(detectable) or detectable > rule.harm_threshold:
            problems.append(
                f"{where}: at {per_arm:,} users per arm ({traffic.source}) the always-valid harm "
                f"test catches only a worsening of {detectable:.0%} or more, above the harm "
                f"threshold of {rule.harm_threshold:.0%}"
            )
        else:
            notes.append(f"{metric.label}: catches a {detectable:.0%} worsening")
    if problems:
        return EthicsCheck(name, False, "; ".join(problems))
    return EthicsCheck(
        name,
        True,
        f"harm threshold {rule.harm_threshold:.0%}; " + "; ".join(notes),
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


def experiment_ethics_checks(
    *, experiment: Experiment, now: datetime | None = None
) -> list[EthicsCheck]:
    """Every pre-start check, passed or not, with its reason.

    The benefit and harm-threshold checks read the metrics' observed baselines over the
    days before ``now`` (the start).
    """
    variants = list(experiment.variants.all())
    baselines = BaselineReader(until=now or timezone.now())
    return [
        _check_harm(experiment, variants),
        _check_harm_threshold(experiment, variants, baselines),
        _check_opt_out(experiment),
        _check_rollback(experiment, variants),
        _check_benefit(experiment, variants, baselines),
        _check_preregistration(experiment, variants),
        _check_conflicts(experiment),
    ]


def checks_as_dicts(checks: list[EthicsCheck]) -> list[dict[str, object]]:
    return [asdict(c) for c in checks]
