# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Strategy thresholds (seed 001 §5.1): when is a resume good enough, when to rethink targets.

**Improve-resume threshold.** Below it a candidate improves the resume before applying; the
right value is where a better resume stops paying off in interviews. A hinge ("broken-stick")
logistic model is profiled over candidate knees ``k`` (``GRID``)::

    logit P(interview) = β₀ + β₋ (min(s, k) − k)/10 + β₊ (max(s, k) − k)/10 + γ'x

with ``s`` the resume score at application and ``x`` the fit components (jobs differ).
``k̂`` maximises the likelihood (profiled on a user sample of at most ``PROFILE_MAX_ROWS``
applications, scaled to the full sample); its 95 % set is ``{k : 2(ℓ(k̂) − ℓ(k)) ≤ 3.84}`` (profile
likelihood, approximate: it ignores within-user correlation). The slopes below and above the
knee carry cluster-robust (by user) errors. We propose ``k̂`` when the slope falls at the
knee (``β₋ > β₊`` with ``p < KNEE_ALPHA`` for the change) and the current value lies outside
the knee's 95 % set. The *change* of slope is what identifies the knee: stronger candidates
also write better resumes, which adds the same slope on both sides and so leaves some slope
above the knee (``β₊``) that a better resume alone would not buy. The
benefit reported is what waiting buys a candidate between ``k̂`` and the current threshold:
``p̂(current) − p̂(k̂)`` at average covariates (≈ 0 when the knee is real).

**Rethink-targets threshold.** For candidates who switched to RETHINK_TARGETS, group them by
the applications they had sent before the switch (``PIVOT_BINS``) and compare the interview
rate of their applications after it. A new value is proposed only when the best bin beats
the bin holding the current threshold with a Bonferroni-corrected two-proportion test;
otherwise the finding records that the data do not favour a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy.stats import norm

from learning.analytics.rates import two_proportion_test, wilson_interval
from learning.optimizers.findings import Finding, evidence, risk_for_change
from learning.optimizers.logistic import logit_cluster_cov, logit_fit

GRID = tuple(np.arange(50.0, 92.5, 2.5))
KNEE_ALPHA = 0.01
KNEE_TAIL = 0.10
# The profile over the grid is fitted on a random set of whole users of about this many
# applications (then scaled to the full sample); the chosen knee is refitted on all rows.
PROFILE_MAX_ROWS = 150_000
LR_CRITICAL_95 = 3.841458820694124
MIN_APPLICATIONS = 1000
PIVOT_BINS = (0, 15, 25, 35, 50, 10_000)
MIN_PIVOT_USERS = 20
PIVOT_ALPHA = 0.05


@dataclass(frozen=True)
class KneeInput:
    scores: np.ndarray
    interviewed: np.ndarray
    users: np.ndarray
    covariates: np.ndarray  # (n, c), e.g. fit components / 100
    current: float

    def __post_init__(self) -> None:
        n = len(self.scores)
        if not (len(self.interviewed) == len(self.users) == self.covariates.shape[0] == n):
            raise ValueError("all inputs must have the same length")


@dataclass(frozen=True)
class KneeResult:
    knee: float
    knee_set: tuple[float, float]
    slope_below: tuple[float, float]  # log-odds per 10 points, (estimate, se)
    slope_above: tuple[float, float]
    change_p_value: float
    waiting_gain: float
    waiting_gain_ci: tuple[float, float]
    profile: dict[float, float]
    n: int
    users_between: int
    propose: bool


def _user_sample(users: np.ndarray, max_rows: int) -> np.ndarray:
    """Whole users, drawn at random (fixed seed), until about ``max_rows`` applications."""
    if len(users) <= max_rows:
        return np.ones(len(users), bool)
    unique = np.unique(users)
    share = max_rows / len(users)
    chosen = np.random.default_rng(0).random(len(unique)) < share
    return np.isin(users, unique[chosen])


def _design(scores: np.ndarray, covariates: np.ndarray, knee: float) -> np.ndarray:
    below = (np.minimum(scores, knee) - knee) / 10.0
    above = (np.maximum(scores, knee) - knee) / 10.0
    return np.column_stack([np.ones(len(scores)), below, above, covariates])


def knee_analyze(data: KneeInput) -> KneeResult:
    y = data.interviewed.astype(float)
    scores = np.asarray(data.scores, float)
    # Keep at least KNEE_TAIL of the applications on each side: a knee fitted in the last few
    # points only chases noise in the tail.
    low_q, high_q = np.quantile(scores, [KNEE_TAIL, 1 - KNEE_TAIL])
    grid = [k for k in GRID if low_q <= k <= high_q] or [float(np.median(scores))]
    sample = _user_sample(data.users, PROFILE_MAX_ROWS)
    profile, start = {}, None
    for k in grid:
        fitted = logit_fit(
            _design(scores[sample], data.covariates[sample], k), y[sample], start=start
        )
        profile[k], start = fitted.log_likelihood * (len(y) / sample.sum()), fitted.params
    knee = max(profile, key=profile.__getitem__)
    inside = [k for k, ll in profile.items() if 2 * (profile[knee] - ll) <= LR_CRITICAL_95]
    x = _design(scores, data.covariates, knee)
    fitted = logit_fit(x, y, start=start)
    cov = logit_cluster_cov(x, y, fitted.params, data.users)
    below, above = fitted.params[1], fitted.params[2]
    se_below, se_above = np.sqrt(cov[1, 1]), np.sqrt(cov[2, 2])
    se_change = np.sqrt(cov[1, 1] + cov[2, 2] - 2 * cov[1, 2])
    change_p = float(2 * norm.sf(abs(below - above) / se_change)) if se_change > 0 else 1.0
    gain, gain_ci = _waiting_gain(fitted.params, x, above, se_above, knee, data.current)
    low, high = sorted((knee, data.current))
    between = (scores >= low) & (scores < high)
    outside = not min(inside) <= data.current <= max(inside)
    propose = change_p < KNEE_ALPHA and below > above and outside
    return KneeResult(
        knee=float(knee),
        knee_set=(float(min(inside)), float(max(inside))),
        slope_below=(float(below), float(se_below)),
        slope_above=(float(above), float(se_above)),
        change_p_value=change_p,
        waiting_gain=gain,
        waiting_gain_ci=gain_ci,
        profile={float(k): float(v) for k, v in profile.items()},
        n=len(y),
        users_between=len(np.unique(data.users[between])),
        propose=bool(propose),
    )


def _waiting_gain(
    params: np.ndarray, x: np.ndarray, above: float, se_above: float, knee: float, current: float
) -> tuple[float, tuple[float, float]]:
    """``p̂(current) − p̂(knee)`` at average covariates, with the CI of the above-knee slope."""
    base = float(np.mean(x[:, 3:] @ params[3:])) + params[0] if x.shape[1] > 3 else params[0]
    steps = max(current - knee, 0.0) / 10.0

    def rate(slope: float) -> float:
        return float(1 / (1 + np.exp(-(base + slope * steps))) - 1 / (1 + np.exp(-base)))

    return rate(above), (rate(above - 1.96 * se_above), rate(above + 1.96 * se_above))


def knee_finding(result: KneeResult, current: float) -> Finding:
    below, se_below = result.slope_below
    above, se_above = result.slope_above
    ev = evidence(
        metric="interview rate gained by waiting to improve the resume up to the threshold",
        # without a knee there is no "waiting gain" to speak of: only the fit is reported
        improvement=result.waiting_gain if result.propose else None,
        sample_size=result.n,
        confidence_interval=result.waiting_gain_ci if result.propose else None,
        p_value=result.change_p_value,
        method="hinge logistic regression profiled over the knee, cluster-robust by user",
        knee_95_set=list(result.knee_set),
        slope_below_per_10_points=[below, se_below],
        slope_above_per_10_points=[above, se_above],
    )
    chart = {
        "type": "profile",
        "x": list(result.profile),
        "y": [v - max(result.profile.values()) for v in result.profile.values()],
        "marker": result.knee,
        "current": current,
    }
    verb = "held back" if result.knee < current else "sent out"
    if result.propose:
        reasoning = (
            f"A better resume raises interview chances strongly up to a score of about "
            f"{result.knee:g} (95% set {result.knee_set[0]:g}-{result.knee_set[1]:g}) and much "
            f"less beyond: each 10 points add {below:+.2f} log-odds below it, {above:+.2f} "
            f"above it (partly because stronger candidates also write better resumes). "
            f"Candidates between {min(result.knee, current):g} and "
            f"{max(result.knee, current):g} are {verb} for at most {result.waiting_gain:+.1%} "
            f"interview rate (95% CI {result.waiting_gain_ci[0]:+.1%} to "
            f"{result.waiting_gain_ci[1]:+.1%}); move the improve-resume threshold to "
            f"{result.knee:g}."
        )
    elif result.change_p_value < KNEE_ALPHA:
        reasoning = (
            f"The pay-off of a better resume flattens around {result.knee:g} (95% set "
            f"{result.knee_set[0]:g}-{result.knee_set[1]:g}), which includes the current "
            f"improve-resume threshold {current:g}: keep it."
        )
    else:
        reasoning = (
            f"No reliable knee in the pay-off of a better resume (best fit at {result.knee:g}, "
            f"95% set {result.knee_set[0]:g}-{result.knee_set[1]:g}, slope change "
            f"p = {result.change_p_value:.3f}): keep the improve-resume threshold at {current:g}."
        )
    relative = abs(result.knee - current) / max(current, 1e-9)
    risk = risk_for_change(relative, result.n)
    return Finding(
        kind="strategy_thresholds",
        component="strategy.improve_resume_threshold",
        parameter="improve_resume_threshold",
        current_value=current,
        recommended_value=result.knee if result.propose else None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": result.users_between,
            "expected_benefit": "candidates between the two thresholds apply sooner at no "
            f"loss of interview rate ({result.waiting_gain:+.1%})",
            "risk_level": risk,
        },
        risk_level=risk,
        chart=chart,
        changes_parameter=result.propose,
        ab_testable=True,
        conclusion="" if result.propose else "improve-resume threshold: keep",
    )


@dataclass(frozen=True)
class PivotResult:
    bins: list[dict]
    best_bin: str | None
    current_bin: str | None
    difference: float | None
    p_value: float | None
    ci: tuple[float, float] | None
    recommended: int | None
    users: int


def _label(low: int, high: int) -> str:
    return f"{low}+" if high >= PIVOT_BINS[-1] else f"{low}-{high - 1}"


def pivot_analyze(apps: pd.DataFrame, pivots: pd.DataFrame, current: int) -> PivotResult:
    """``pivots``: user_id, occurred_at, metric_total_applications of RETHINK_TARGETS switches."""
    first = pivots.sort_values("occurred_at").groupby("user_id").first()
    if first.empty:
        return PivotResult([], None, None, None, None, None, None, 0)
    joined = apps[["user_id", "submitted_at", "interviewed"]].merge(
        first[["occurred_at", "metric_total_applications"]], left_on="user_id", right_index=True
    )
    after = joined[joined["submitted_at"] > joined["occurred_at"]]
    bins = pd.cut(after["metric_total_applications"], PIVOT_BINS, right=False)
    grouped = after.groupby(bins, observed=True).agg(
        n=("interviewed", "size"), k=("interviewed", "sum"), users=("user_id", "nunique")
    )
    rows: list[dict[str, Any]] = []
    # pd.cut's bins: every index label is an Interval
    for interval, row in cast("Iterable[tuple[pd.Interval, pd.Series]]", grouped.iterrows()):
        low, high = wilson_interval(row["k"], row["n"])
        rows.append(
            {
                "bin": _label(int(interval.left), int(interval.right)),
                "low": int(interval.left),
                "high": int(interval.right),
                "applications": int(row["n"]),
                "users": int(row["users"]),
                "interview_rate": float(row["k"] / row["n"]) if row["n"] else None,
                "ci": [float(low), float(high)],
                "k": int(row["k"]),
            }
        )
    usable = [r for r in rows if r["users"] >= MIN_PIVOT_USERS and r["applications"]]
    holding = [r for r in usable if r["low"] <= current < r["high"]]
    if not usable or not holding:
        return PivotResult(rows, None, None, None, None, None, None, int(first.shape[0]))
    best = max(usable, key=lambda r: r["interview_rate"])
    here = holding[0]
    diff, p = two_proportion_test(best["k"], best["applications"], here["k"], here["applications"])
    p_adjusted = min(1.0, p * max(len(usable) - 1, 1)) if best is not here else 1.0
    se = np.sqrt(
        best["interview_rate"] * (1 - best["interview_rate"]) / best["applications"]
        + here["interview_rate"] * (1 - here["interview_rate"]) / here["applications"]
    )
    recommended = None
    if best is not here and p_adjusted < PIVOT_ALPHA and diff > 0:
        recommended = int(best["low"]) if best["low"] > 0 else int(best["high"]) - 1
    return PivotResult(
        rows,
        best["bin"],
        here["bin"],
        float(diff),
        float(p_adjusted),
        (float(diff - 1.96 * se), float(diff + 1.96 * se)),
        recommended,
        int(first.shape[0]),
    )


def pivot_finding(result: PivotResult, current: int) -> Finding | None:
    if result.best_bin is None:
        return None
    propose = result.recommended is not None and result.recommended != current
    ev = evidence(
        metric="interview rate after switching to RETHINK_TARGETS",
        improvement=result.difference,
        sample_size=sum(r["applications"] for r in result.bins),
        confidence_interval=result.ci,
        p_value=result.p_value,
        method="interview rate after the switch by applications sent before it; pooled "
        "two-proportion test, Bonferroni over bins",
        bins=result.bins,
        users=result.users,
    )
    chart = {
        "type": "bars",
        "labels": [r["bin"] for r in result.bins],
        "values": [r["interview_rate"] for r in result.bins],
        "ci_low": [r["ci"][0] for r in result.bins],
        "ci_high": [r["ci"][1] for r in result.bins],
        "marker": result.current_bin,
    }
    if propose:
        reasoning = (
            f"Candidates who rethought their targets after {result.best_bin} applications did "
            f"better afterwards than those at the current {current} "
            f"({result.difference:+.1%} interview rate, adjusted p = {result.p_value:.3f})."
        )
    else:
        reasoning = (
            f"When candidates rethink their targets ({result.best_bin} applications looked best,"
            f" {result.current_bin} holds the current {current}) makes no reliable difference "
            f"to their later interview rate (difference {result.difference or 0:+.1%}, adjusted "
            f"p = {result.p_value:.2f}); keep the threshold at {current}."
        )
    relative = abs((result.recommended or current) - current) / max(current, 1)
    risk = risk_for_change(relative, ev["sample_size"])
    return Finding(
        kind="strategy_thresholds",
        component="strategy.rethink_targets_threshold",
        parameter="rethink_targets_threshold",
        current_value=current,
        recommended_value=result.recommended if propose else None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": result.users,
            "expected_benefit": f"{(result.difference or 0):+.1%} later interview rate",
            "risk_level": risk,
        },
        risk_level=risk,
        chart=chart,
        changes_parameter=propose,
        ab_testable=True,
        conclusion="" if propose else "rethink-targets threshold: keep",
    )
