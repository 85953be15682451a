# ruff: noqa: RUF002, RUF003 -- formulas are written in mathematical notation
"""The pre-registered decision rule: a safe rollout with always-valid statistics.

Every look (every 30 minutes) may act, so every automatic action rests on a confidence
sequence (CS) or an e-value, which keep their error rates however often they are checked.
The semantics are those of GrowthBook Safe Rollouts and Statsig Safeguards:

* **rollback (harm)**, at any stage — a one-sided always-valid test: the CS of the absolute
  effect of some treatment on the primary metric or a guardrail lies entirely on the harmful
  side of zero. The harm budget ``harm_alpha`` is split evenly (Bonferroni) over
  treatments × metrics; each test uses its share one-sided (a two-sided CS at twice it).
* **advance (safety)** — 10 → 50 → 100 % once the stage hold has passed (a day), every arm
  has ``min_users_per_arm`` exposed users, no harm test fires and the sequential SRM test is
  clean. Ramping needs no evidence of a win: with traffic proportional to the stage, asking
  for a win at 10 % throws most of the power away.
* **ship (efficacy)** — on the pooled evidence of all stages: enough users per arm,
  Holm-adjusted always-valid p < α, the CS lower bound (at α/k for k treatments) above zero,
  a meaningful relative lift (≥ ``min_relative_effect``), exactly one such treatment, SRM
  clean, the stage hold and a full week of running. Usually at 100 %; earlier when the
  evidence is already conclusive.
* **conclude** — the maximum duration is reached with nothing shipped.

Metrics are computed over a pre-registered outcome window (``outcome_window_days``, 7 by
default): a user counts once exposed that long ago, on what happened in their window, so
their value is fixed when it enters the sequence. Counting outcomes that are still arriving
(answers come days after an application) breaks the sequences' assumption: the benchmark
measured 6.0 % false harm rollbacks in A/A runs without the window, 3.2 % with it.

A sample-ratio mismatch (sequential multinomial test, :func:`srm_sequential`, p < 0.001)
blocks advancing and shipping; it does not block a harm rollback, whose outcome (everyone
back on control) is the safe state. The predicates are written with numpy so simulations
can evaluate the very same rule on arrays of looks. Error rates measured on the production
path: ``bench/experiments_power.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from experiments.stats.compare import Comparison, MetricKind, compare
from experiments.stats.multiple import CORRECTIONS, adjust
from experiments.stats.sequential import DEFAULT_TUNING, cs_half_width
from experiments.stats.srm import SRM_ALPHA, srm_sequential

STAGES = (10, 50, 100)  # percent of the experiment's coverage enrolled
HOUR = 1.0


@dataclass(frozen=True)
class DecisionRule:
    """Pre-registered at creation; stored with the experiment and shown with every decision."""

    alpha: float = 0.05
    harm_alpha: float = 0.05
    min_users_per_arm: int = 100
    min_relative_effect: float = 0.02
    sequential_tuning: float = DEFAULT_TUNING
    correction: str = "holm"
    stage_hold_hours: float = 24.0
    full_cycle_hours: float = 7 * 24.0
    # Outcome window (days): a user is analysed once exposed this long ago, on what happened
    # in their first days; their value is then fixed, as the confidence sequences assume
    # (counting outcomes that are still maturing breaks that assumption: measured 14 % false
    # harm rollbacks in the A/A benchmark instead of ≤ 5 %). 0 analyses every exposed user
    # on everything seen so far.
    outcome_window_days: float = 7.0
    # Decide on the CUPED-adjusted primary metric (pre-exposure covariate). Off by default:
    # the A/A simulation validates the unadjusted rule; CUPED results are always reported.
    cuped: bool = False
    # The relative worsening of a guardrail the harm test must catch with 80 % power at the
    # planned sample: the ethics checks compare it with the guardrails' observed baselines.
    harm_threshold: float = 0.10

    def __post_init__(self) -> None:
        if not self.harm_threshold > 0:
            raise ValueError("harm_threshold must be a positive relative change")
        if not (0 < self.alpha < 1 and 0 < self.harm_alpha < 1):
            raise ValueError("alpha and harm_alpha must lie in (0, 1)")
        if self.correction not in CORRECTIONS:
            raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}")
        if self.outcome_window_days < 0:
            raise ValueError("outcome_window_days cannot be negative")
        if self.min_users_per_arm < 2 or self.sequential_tuning <= 0:
            raise ValueError("min_users_per_arm must be ≥ 2 and sequential_tuning positive")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> DecisionRule:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data or {}) - known)
        if unknown:
            raise ValueError(f"unknown decision rule fields: {', '.join(unknown)}")
        return cls(**dict(data or {}))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MetricSpec:
    key: str
    kind: MetricKind
    higher_is_better: bool = True


# --- vectorisable predicates ---------------------------------------------------------------
def harm_signal(seq_low: Any, seq_high: Any, n_min: Any, *, higher_is_better: bool, min_n: int):
    """The CS lies entirely on the harmful side of zero, with enough users in each arm."""
    harmful = np.asarray(seq_high) < 0 if higher_is_better else np.asarray(seq_low) > 0
    return harmful & (np.asarray(n_min) >= min_n)


def win_signal(
    seq_low: Any,
    seq_high: Any,
    seq_p_adjusted: Any,
    relative: Any,
    n_min: Any,
    *,
    higher_is_better: bool,
    rule: DecisionRule,
):
    """All per-treatment winner checks of the primary metric (see :func:`win_checks`)."""
    return np.logical_and.reduce(
        list(
            win_checks(
                seq_low,
                seq_high,
                seq_p_adjusted,
                relative,
                n_min,
                higher_is_better=higher_is_better,
                rule=rule,
            ).values()
        )
    )


def win_checks(
    seq_low: Any,
    seq_high: Any,
    seq_p_adjusted: Any,
    relative: Any,
    n_min: Any,
    *,
    higher_is_better: bool,
    rule: DecisionRule,
) -> dict[str, Any]:
    sign = 1.0 if higher_is_better else -1.0
    lift = sign * np.nan_to_num(np.asarray(relative, float), nan=0.0)
    bound = np.asarray(seq_low) if higher_is_better else -np.asarray(seq_high)
    return {
        "sufficient_sample": np.asarray(n_min) >= rule.min_users_per_arm,
        "statistically_significant": np.asarray(seq_p_adjusted) < rule.alpha,
        "ci_lower_above_zero": bound > 0,
        "positive_direction": lift > 0,
        "meaningful_effect": lift >= rule.min_relative_effect,
    }


# --- one analysis --------------------------------------------------------------------------
@dataclass(frozen=True)
class TreatmentResult:
    variant: str
    comparison: Comparison
    p_value_adjusted: float
    sequential_p_value_adjusted: float
    decision_ci: tuple[float, float]  # the CS at the decision's level (α/k or the harm share)

    def as_dict(self) -> dict[str, Any]:
        def clean(v: float) -> float | None:
            return v if math.isfinite(v) else None

        return {
            "variant": self.variant,
            **self.comparison.as_dict(),
            "p_value_adjusted": clean(self.p_value_adjusted),
            "sequential_p_value_adjusted": clean(self.sequential_p_value_adjusted),
            "decision_ci": [clean(v) for v in self.decision_ci],
        }


@dataclass(frozen=True)
class MetricAnalysis:
    metric: MetricSpec
    role: str  # "primary" | "guardrail"
    control: str
    treatments: list[TreatmentResult]
    correction: str
    decision_alpha: float  # level of the decision CS: α/k (win) or the harm share


def analyse_metric(
    metric: MetricSpec,
    arms: Mapping[str, Any],
    *,
    control: str,
    role: str,
    decision_alpha: float,
    rule: DecisionRule,
) -> MetricAnalysis:
    """Compare every treatment arm with control; adjust p-values across treatments."""
    comparisons = {
        key: compare(
            arms[control],
            stats,
            metric=metric.kind,
            alpha=rule.alpha,
            sequential_tuning=rule.sequential_tuning,
        )
        for key, stats in arms.items()
        if key != control
    }
    keys = list(comparisons)
    fixed = adjust([comparisons[k].absolute.p_value for k in keys], rule.correction)
    seq = adjust([comparisons[k].absolute.sequential_p_value for k in keys], rule.correction)
    results = []
    for i, key in enumerate(keys):
        c = comparisons[key]
        width = float(
            cs_half_width(
                c.absolute.se,
                c.control.n + c.treatment.n,
                alpha=decision_alpha,
                tuning=rule.sequential_tuning,
            )
        )
        ci = (c.absolute.estimate - width, c.absolute.estimate + width)
        results.append(TreatmentResult(key, c, fixed[i], seq[i], ci))
    return MetricAnalysis(metric, role, control, results, rule.correction, decision_alpha)


@dataclass
class Decision:
    action: str  # "continue" | "advance" | "ship" | "rollback" | "conclude" | "hold"
    reasons: list[str]
    checks: dict[str, bool] = field(default_factory=dict)
    winner: str | None = None
    next_stage: int | None = None
    srm_p_value: float = 1.0
    harms: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Look:
    """Everything the rule needs at one look."""

    control: str
    weights: Mapping[str, float]
    counts: Mapping[str, int]  # enrolled users per arm, for SRM
    primary: MetricSpec
    primary_arms: Mapping[str, Any]
    guardrails: Sequence[tuple[MetricSpec, Mapping[str, Any]]]
    stage: int
    hours_at_stage: float
    hours_running: float
    max_hours: float


def analyse(look: Look, rule: DecisionRule) -> tuple[list[MetricAnalysis], Decision]:
    """Analyse every metric and apply the rule."""
    k = max(len(look.primary_arms) - 1, 1)
    harm_share = rule.harm_alpha / (k * (1 + len(look.guardrails)))
    primary = analyse_metric(
        look.primary,
        look.primary_arms,
        control=look.control,
        role="primary",
        decision_alpha=rule.alpha / k,
        rule=rule,
    )
    # One-sided harm tests at harm_share: the harmful half of a two-sided CS at twice it.
    one_sided = min(2 * harm_share, 0.5)
    guardrails = [
        analyse_metric(
            spec, arms, control=look.control, role="guardrail", decision_alpha=one_sided, rule=rule
        )
        for spec, arms in look.guardrails
    ]
    # The primary's harm test uses its own share of the harm budget.
    primary_harm = analyse_metric(
        look.primary,
        look.primary_arms,
        control=look.control,
        role="primary",
        decision_alpha=one_sided,
        rule=rule,
    )
    return [primary, *guardrails], decide(look, rule, primary, primary_harm, guardrails)


def _harms(analyses: Sequence[MetricAnalysis], rule: DecisionRule) -> list[dict[str, Any]]:
    found = []
    for analysis in analyses:
        for t in analysis.treatments:
            n_min = min(t.comparison.control.n, t.comparison.treatment.n)
            low, high = t.decision_ci
            if bool(
                harm_signal(
                    low,
                    high,
                    n_min,
                    higher_is_better=analysis.metric.higher_is_better,
                    min_n=rule.min_users_per_arm,
                )
            ):
                found.append(
                    {
                        "metric": analysis.metric.key,
                        "role": analysis.role,
                        "variant": t.variant,
                        "absolute": t.comparison.absolute.estimate,
                        "always_valid_ci": [low, high],
                    }
                )
    return found


def _next_stage(stage: int) -> int | None:
    later = [s for s in STAGES if s > stage]
    return later[0] if later else None


def _winners(
    look: Look, rule: DecisionRule, primary: MetricAnalysis
) -> tuple[list[str], dict[str, bool]]:
    """Treatments passing every efficacy check, and the checks of the best one."""
    winners, per_variant = [], {}
    for t in primary.treatments:
        checks = win_checks(
            t.decision_ci[0],
            t.decision_ci[1],
            t.sequential_p_value_adjusted,
            t.comparison.relative.estimate,
            min(t.comparison.control.n, t.comparison.treatment.n),
            higher_is_better=look.primary.higher_is_better,
            rule=rule,
        )
        per_variant[t.variant] = {name: bool(v) for name, v in checks.items()}
        if all(per_variant[t.variant].values()):
            winners.append(t.variant)
    best = max(per_variant.values(), key=lambda c: sum(c.values()), default={})
    return winners, dict(best)


def _n_min(look: Look) -> int:
    return min((int(look.counts.get(k, 0)) for k in look.weights), default=0)


def decide(
    look: Look,
    rule: DecisionRule,
    primary: MetricAnalysis,
    primary_harm: MetricAnalysis,
    guardrails: Sequence[MetricAnalysis],
) -> Decision:
    """Safe rollout: harm rolls back, safety ramps the stage, pooled efficacy ships.

    * rollback — at any stage, as soon as a one-sided always-valid harm test fires;
    * hold — a sample-ratio mismatch (sequential test) blocks every other action;
    * ship — one clear winner on the pooled evidence, after a full week of running and the
      stage hold (at 100 %, or earlier when it is already conclusive);
    * advance — below 100 %, once the stage hold has passed and every arm has enough
      exposed users: no harm was found (above), so the stage is safe to widen;
    * conclude — the maximum duration is over with nothing shipped.
    """
    srm_p = srm_sequential(
        [look.counts.get(k, 0) for k in look.weights], list(look.weights.values())
    )
    harms = _harms([primary_harm, *guardrails], rule)
    if harms:
        reasons = [
            f"{h['variant']} harms {h['role']} metric {h['metric']}: one-sided always-valid "
            f"CI [{h['always_valid_ci'][0]:.4g}, {h['always_valid_ci'][1]:.4g}] excludes zero"
            for h in harms
        ]
        return Decision("rollback", reasons, {"no_harm": False}, srm_p_value=srm_p, harms=harms)

    winners, checks = _winners(look, rule, primary)
    checks["clear_winner"] = len(winners) == 1
    checks["guardrails_not_harmed"] = True
    checks["srm_clean"] = srm_p >= SRM_ALPHA
    stage_held = look.hours_at_stage >= rule.stage_hold_hours
    checks["hold_met"] = stage_held and look.hours_running >= rule.full_cycle_hours
    next_stage = _next_stage(look.stage)
    safety = {
        "no_harm": True,
        "stage_hold_met": stage_held,
        "enough_users_exposed": _n_min(look) >= rule.min_users_per_arm,
        "srm_clean": checks["srm_clean"],
    }

    decision = Decision("continue", [], checks, srm_p_value=srm_p)
    if not checks["srm_clean"]:
        decision.action = "hold"
        decision.reasons.append(
            f"sample-ratio mismatch (sequential p = {srm_p:.2g} < {SRM_ALPHA}): automatic "
            "decisions are blocked until a reviewer checks assignment and exposure logging"
        )
    elif all(checks.values()):
        decision.action, decision.winner = "ship", winners[0]
        decision.reasons.append(
            f"{winners[0]} wins on {look.primary.key}: every pre-registered check passes "
            f"on the pooled evidence (stage {look.stage} %)"
        )
    elif next_stage is not None and all(safety.values()) and look.hours_running < look.max_hours:
        decision.action, decision.next_stage = "advance", next_stage
        decision.checks = {**checks, **safety}
        decision.reasons.append(
            f"stage {look.stage} % is safe: held {look.hours_at_stage:.0f} h, at least "
            f"{rule.min_users_per_arm} users per arm, no harm (one-sided always-valid tests), "
            "SRM clean"
        )
    if decision.action == "continue":
        pending = {**checks, **safety} if next_stage is not None else checks
        failed = [name for name, ok in pending.items() if not ok]
        decision.reasons.append("waiting: " + ", ".join(failed) if failed else "waiting")
        if look.hours_running >= look.max_hours:
            decision.action = "conclude"
            decision.reasons.append("maximum duration reached without a decision")
    return decision
