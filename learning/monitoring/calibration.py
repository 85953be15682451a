# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Accuracy and calibration of predicted probabilities, judged against sampling noise.

For predictions ``p_i`` and outcomes ``y_i ∈ {0, 1}``, ten equal-width bins on [0, 1]
(seed 002 §15.2)::

    ECE   = Σ_b (n_b / N) · |p̄_b − ȳ_b|
    Brier = (1/N) Σ_i (p_i − y_i)²

A perfectly calibrated predictor still shows ECE > 0 from sampling noise (about 0.014 at
N = 1,000 and p ≈ 0.1; research note), so a fixed alarm such as the seed's 0.1 lets real
miscalibration pass at large N and fires on noise at small N. Here the reference is the
*noise floor*: the distribution of ECE when each bin's outcomes are drawn from its own mean
prediction (``S_b ~ Binomial(n_b, p̄_b)``, ``draws`` times, fixed seed). Drawing the bin
total from its mean rather than the Poisson-binomial of its individual predictions gives at
least the true variance, so the floor errs high (a conservative alarm). The Monte-Carlo
p-value is ``(1 + #{ECE* ≥ ECE}) / (draws + 1)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

BINS = 10
NOISE_DRAWS = 4000


@dataclass(frozen=True)
class Calibration:
    n: int
    ece: float
    brier: float
    floor_95: float  # 95th percentile of ECE under perfect calibration
    floor_99: float
    p_value: float  # chance of an ECE at least this large under perfect calibration
    bin_counts: tuple[int, ...]
    bin_predicted: tuple[float | None, ...]
    bin_observed: tuple[float | None, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "ece": self.ece,
            "brier": self.brier,
            "floor_95": self.floor_95,
            "floor_99": self.floor_99,
            "p_value": self.p_value,
            "bins": [
                {"n": c, "predicted": p, "observed": o}
                for c, p, o in zip(
                    self.bin_counts, self.bin_predicted, self.bin_observed, strict=True
                )
            ],
        }


def bin_index(p: np.ndarray, bins: int = BINS) -> np.ndarray:
    """0…bins−1; 1.0 falls in the last bin."""
    return np.clip((np.asarray(p, float) * bins).astype(int), 0, bins - 1)


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = BINS) -> float:
    p, y = np.asarray(p, float), np.asarray(y, float)
    if len(p) == 0:
        return float("nan")
    index = bin_index(p, bins)
    sum_p = np.bincount(index, weights=p, minlength=bins)
    sum_y = np.bincount(index, weights=y, minlength=bins)
    return float(np.abs(sum_p - sum_y).sum() / len(p))


def noise_floor(
    p: np.ndarray, *, bins: int = BINS, draws: int = NOISE_DRAWS, seed: int = 0
) -> np.ndarray:
    """``draws`` values of ECE for outcomes drawn from the predictions themselves."""
    p = np.asarray(p, float)
    index = bin_index(p, bins)
    n_b = np.bincount(index, minlength=bins)
    used = n_b > 0
    mean_p = np.bincount(index, weights=p, minlength=bins)[used] / n_b[used]
    rng = np.random.default_rng(seed)
    totals = rng.binomial(n_b[used], mean_p, size=(draws, int(used.sum())))
    return np.abs(n_b[used] * mean_p - totals).sum(axis=1) / len(p)


def calibration_check(
    p: np.ndarray, y: np.ndarray, *, bins: int = BINS, draws: int = NOISE_DRAWS, seed: int = 0
) -> Calibration:
    p, y = np.asarray(p, float), np.asarray(y, float)
    if len(p) != len(y):
        raise ValueError("predictions and outcomes must have the same length")
    if len(p) == 0:
        nan = float("nan")
        return Calibration(0, nan, nan, nan, nan, nan, (0,) * bins, (None,) * bins, (None,) * bins)
    ece = expected_calibration_error(p, y, bins)
    null = noise_floor(p, bins=bins, draws=draws, seed=seed)
    index = bin_index(p, bins)
    n_b = np.bincount(index, minlength=bins)
    safe = np.maximum(n_b, 1)
    predicted = np.bincount(index, weights=p, minlength=bins) / safe
    observed = np.bincount(index, weights=y, minlength=bins) / safe
    return Calibration(
        n=len(p),
        ece=ece,
        brier=float(np.mean((p - y) ** 2)),
        floor_95=float(np.quantile(null, 0.95)),
        floor_99=float(np.quantile(null, 0.99)),
        # a small tolerance: equal ECEs computed in another order must count as "at least"
        p_value=float((1 + np.sum(null >= ece - 1e-12)) / (draws + 1)),
        bin_counts=tuple(int(c) for c in n_b),
        bin_predicted=tuple(float(v) if c else None for v, c in zip(predicted, n_b, strict=True)),
        bin_observed=tuple(float(v) if c else None for v, c in zip(observed, n_b, strict=True)),
    )
