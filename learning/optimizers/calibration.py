# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Resume-score calibration (seed 001 §5.2): do score buckets deliver the rates they promise?

Per bucket ``b`` (50-59 … 90-100) with ``n_b`` applications and observed interview rate
``o_b`` (Wilson CI), against the promised rate ``e_b`` (the parameter
``resume_scoring.expected_interview_rates``)::

    seed error      = mean_b |o_b − e_b|                    (the seed's unweighted form)
    calibration err = Σ_b n_b |o_b − e_b| / Σ_b n_b          (weighted; the one tested)

Even a perfectly calibrated score shows a positive error from sampling noise (research note:
about 0.024 at n = 1,000), so "miscalibrated" means the 95 % cluster-bootstrap interval of the
error lies above the *noise floor* — the 95th percentile of the error when outcomes are drawn
from the promised rates themselves (binomial, ``NOISE_DRAWS`` draws).

Proposed recalibration: the observed rates made non-decreasing by weighted pool-adjacent-
violators, fitted on a random 70 % of users; its error on the other 30 % is reported next to
the current rates' error on the same users (``expected_calibration_error``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.analytics.rates import wilson_interval
from learning.optimizers.findings import Finding, evidence, risk_for_change

BUCKETS = ("50-59", "60-69", "70-79", "80-89", "90-100")
EDGES = (50.0, 60.0, 70.0, 80.0, 90.0)
NOISE_DRAWS = 2000
BOOTSTRAP_DRAWS = 200
TRAIN_SHARE = 0.7
MIN_BUCKET = 30


@dataclass(frozen=True)
class CalibrationInput:
    scores: np.ndarray
    interviewed: np.ndarray
    users: np.ndarray
    expected: dict[str, float]
    seed: int = 0

    def __post_init__(self) -> None:
        if not len(self.scores) == len(self.interviewed) == len(self.users):
            raise ValueError("scores, interviewed and users must have the same length")
        if set(self.expected) != set(BUCKETS):
            raise ValueError(f"expected rates must cover {BUCKETS}")


@dataclass(frozen=True)
class CalibrationResult:
    counts: dict[str, int]
    observed: dict[str, float | None]
    ci: dict[str, tuple[float, float]]
    expected: dict[str, float]
    seed_error: float
    error: float
    error_ci: tuple[float, float]
    noise_floor: float
    p_value: float
    miscalibrated: bool
    issues: list[str]
    recommended: dict[str, float]
    holdout_error_current: float
    holdout_error_recommended: float
    sample_size: int
    users: int


def bucket_index(scores: np.ndarray) -> np.ndarray:
    """0–4 for the five buckets, −1 below 50."""
    return np.searchsorted(np.asarray(EDGES), scores, side="right") - 1


def _counts(
    index: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    keep = index >= 0
    w = np.ones(len(y)) if weights is None else weights
    n = np.bincount(index[keep], weights=w[keep], minlength=5)
    k = np.bincount(index[keep], weights=(w * y)[keep], minlength=5)
    return n, k


def weighted_error(n: np.ndarray, k: np.ndarray, expected: np.ndarray) -> float:
    """The count-weighted mean absolute gap between observed and expected rates; NaN (not a
    warning) when no bucket holds any weight."""
    seen = n > 0
    if not seen.any() or not n[seen].sum() > 0:
        return float("nan")
    observed = k[seen] / n[seen]
    return float(np.sum(n[seen] * np.abs(observed - expected[seen])) / n[seen].sum())


def pool_adjacent_violators(rates: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted isotonic (non-decreasing) fit of ``rates``."""
    blocks: list[list[float]] = []  # [value, weight, length]
    for value, weight in zip(rates, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, l2 = blocks.pop()
            v1, w1, l1 = blocks.pop()
            total = w1 + w2
            blocks.append([(v1 * w1 + v2 * w2) / total if total else v2, total, l1 + l2])
    return np.concatenate([np.full(int(length), value) for value, _, length in blocks])


def _recalibrate(n: np.ndarray, k: np.ndarray, expected: np.ndarray) -> np.ndarray:
    enough = n >= MIN_BUCKET
    rates = np.where(enough, k / np.maximum(n, 1), expected)
    weights = np.where(enough, n, 1e-6)
    return np.round(pool_adjacent_violators(rates, weights), 3)


def calibration_analyze(data: CalibrationInput) -> CalibrationResult:
    index = bucket_index(np.asarray(data.scores, float))
    y = data.interviewed.astype(float)
    expected = np.array([data.expected[b] for b in BUCKETS])
    n, k = _counts(index, y)
    low, high = wilson_interval(k, n)
    error = weighted_error(n, k, expected)
    seen = n > 0
    seed_error = float(np.mean(np.abs(k[seen] / n[seen] - expected[seen]))) if seen.any() else 0.0
    rng = np.random.default_rng(data.seed)
    simulated = rng.binomial(n.astype(int), expected, size=(NOISE_DRAWS, 5))
    noise = np.array([weighted_error(n, s.astype(float), expected) for s in simulated])
    codes = np.unique(data.users, return_inverse=True)[1]
    boot = []
    for _ in range(BOOTSTRAP_DRAWS):
        w = rng.poisson(1.0, int(codes.max()) + 1)[codes].astype(float)
        boot.append(weighted_error(*_counts(index, y, w), expected))
    error_ci = (float(np.nanquantile(boot, 0.025)), float(np.nanquantile(boot, 0.975)))
    floor = float(np.quantile(noise, 0.95))
    train = np.isin(
        codes, rng.permutation(int(codes.max()) + 1)[: int(TRAIN_SHARE * (codes.max() + 1))]
    )
    recommended_train = _recalibrate(*_counts(index[train], y[train]), expected)
    n_test, k_test = _counts(index[~train], y[~train])
    observed = {b: (float(k[i] / n[i]) if n[i] > 0 else None) for i, b in enumerate(BUCKETS)}
    return CalibrationResult(
        counts={b: int(n[i]) for i, b in enumerate(BUCKETS)},
        observed=observed,
        ci={b: (float(low[i]), float(high[i])) for i, b in enumerate(BUCKETS)},
        expected=dict(data.expected),
        seed_error=seed_error,
        error=error,
        error_ci=error_ci,
        noise_floor=floor,
        p_value=float((np.sum(noise >= error) + 1) / (NOISE_DRAWS + 1)),
        miscalibrated=error_ci[0] > floor,
        issues=_issues(n, k, expected),
        recommended=dict(zip(BUCKETS, map(float, _recalibrate(n, k, expected)), strict=True)),
        holdout_error_current=weighted_error(n_test, k_test, expected) if n_test.sum() else 0.0,
        holdout_error_recommended=weighted_error(n_test, k_test, recommended_train)
        if n_test.sum()
        else 0.0,
        sample_size=int(n.sum()),
        users=int(codes.max()) + 1,
    )


def _issues(n: np.ndarray, k: np.ndarray, expected: np.ndarray) -> list[str]:
    seen = n >= MIN_BUCKET
    if not seen.any():
        return []
    observed = k[seen] / n[seen]
    gap = float(np.sum(n[seen] * (observed - expected[seen])) / n[seen].sum())
    issues = ["scores_too_optimistic" if gap < 0 else "scores_too_pessimistic"]
    low, high = wilson_interval(k, n)
    top, middle = 4, 2
    overlap = seen[top] and seen[middle] and low[middle] <= high[top] and low[top] <= high[middle]
    if overlap and expected[top] - expected[middle] > 0.02:
        issues.append("scores_not_discriminative")
    return issues


def calibration_finding(result: CalibrationResult) -> Finding:
    worst = max(
        (b for b in BUCKETS if result.observed[b] is not None),
        key=lambda b: abs((result.observed[b] or 0) - result.expected[b]),
        default=BUCKETS[0],
    )
    rows = "; ".join(
        f"{b}: {result.observed[b]:.1%} observed vs {result.expected[b]:.0%} promised"
        for b in BUCKETS
        if result.observed[b] is not None
    )
    change = sum(abs(result.recommended[b] - result.expected[b]) for b in BUCKETS) / max(
        sum(result.expected.values()), 1e-9
    )
    propose = result.miscalibrated and result.recommended != result.expected
    ev = evidence(
        metric="weighted calibration error of resume-score buckets (interview rate)",
        improvement=result.holdout_error_current - result.holdout_error_recommended,
        sample_size=result.sample_size,
        confidence_interval=result.error_ci,
        p_value=result.p_value,
        method="interview rate per bucket with Wilson intervals; error vs a binomial noise "
        "floor; cluster bootstrap by user; isotonic recalibration checked on held-out users",
        calibration_error=result.error,
        seed_calibration_error=result.seed_error,
        noise_floor=result.noise_floor,
        issues=result.issues,
        holdout_error_current=result.holdout_error_current,
        holdout_error_recommended=result.holdout_error_recommended,
        buckets={
            b: {"n": result.counts[b], "observed": result.observed[b], "ci": list(result.ci[b])}
            for b in BUCKETS
        },
    )
    chart = {
        "type": "calibration",
        "labels": list(BUCKETS),
        "expected": [result.expected[b] for b in BUCKETS],
        "observed": [result.observed[b] for b in BUCKETS],
        "ci_low": [result.ci[b][0] for b in BUCKETS],
        "ci_high": [result.ci[b][1] for b in BUCKETS],
        "recommended": [result.recommended[b] for b in BUCKETS],
        "counts": [result.counts[b] for b in BUCKETS],
    }
    if propose:
        reasoning = (
            f"Resume scores do not deliver the interview rates they promise ({rows}). The "
            f"weighted calibration error is {result.error:.3f} (95% CI {result.error_ci[0]:.3f}"
            f" to {result.error_ci[1]:.3f}), above the {result.noise_floor:.3f} that chance alone "
            f"would give; the largest gap is in {worst}. Promising the observed rates instead "
            f"cuts the error on held-out users from {result.holdout_error_current:.3f} to "
            f"{result.holdout_error_recommended:.3f}."
        )
    else:
        reasoning = (
            f"Resume-score buckets deliver their promised rates within sampling noise "
            f"(error {result.error:.3f}, noise floor {result.noise_floor:.3f}): {rows}."
        )
    risk = risk_for_change(change, result.sample_size)
    return Finding(
        kind="calibration",
        component="resume_scoring.expected_interview_rates",
        parameter="expected_interview_rates",
        current_value=dict(result.expected),
        recommended_value=result.recommended if propose else None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": result.users,
            "expected_benefit": f"calibration error {result.holdout_error_current:.3f} → "
            f"{result.holdout_error_recommended:.3f} on held-out users",
            "risk_level": risk,
        },
        risk_level=risk,
        chart=chart,
        changes_parameter=propose,
        # What a score promises is shown to everyone alike; an A/B test of it measures nothing.
        ab_testable=False,
        conclusion="" if propose else "calibration: within noise",
    )
