# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Proportions with their sample size and a Wilson score interval.

For ``k`` successes in ``n`` trials, ``p̂ = k / n`` and ``z = Φ⁻¹(1 − α/2)``::

    centre = (p̂ + z² / 2n) / (1 + z² / n)
    half   = z / (1 + z² / n) · √(p̂(1 − p̂) / n + z² / 4n²)

The interval is ``[centre − half, centre + half]`` (Wilson 1927). It stays inside [0, 1] and
keeps close to nominal coverage at the small ``n`` and extreme rates of interview data, where
the Wald interval collapses to a point at ``k = 0``.

A rate is *claimable* only when ``n ≥ min_sample``: below that its value is withheld
(``None``) and only the counts are reported, so nothing is claimed from a handful of events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import norm

# Applications under which a rate is not stated: at n = 20 and p = 0.15 the 95 % Wilson
# interval is already ±0.15 wide, anything smaller says nothing useful to a candidate.
MIN_SAMPLE = 20
CONFIDENCE = 0.95


def wilson_interval(
    successes: np.ndarray | float, n: np.ndarray | float, confidence: float = CONFIDENCE
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson interval; ``n = 0`` gives ``(0, 1)``."""
    k = np.asarray(successes, dtype=float)
    trials = np.asarray(n, dtype=float)
    z = norm.ppf(0.5 + confidence / 2.0)
    safe = np.where(trials > 0, trials, 1.0)
    p = k / safe
    denominator = 1.0 + z * z / safe
    centre = (p + z * z / (2.0 * safe)) / denominator
    half = z / denominator * np.sqrt(p * (1.0 - p) / safe + z * z / (4.0 * safe * safe))
    low = np.where(trials > 0, np.clip(centre - half, 0.0, 1.0), 0.0)
    high = np.where(trials > 0, np.clip(centre + half, 0.0, 1.0), 1.0)
    return low, high


@dataclass(frozen=True)
class Rate:
    """``successes`` out of ``n``; ``value`` is ``None`` below the minimum sample."""

    successes: int
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def claimable(self) -> bool:
        return self.value is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate": self.value,
            "sample_size": self.n,
            "successes": self.successes,
            "confidence_interval": None if self.value is None else [self.ci_low, self.ci_high],
        }


def rate(successes: int, n: int, *, min_sample: int = MIN_SAMPLE) -> Rate:
    """Build a :class:`Rate`; raises ValueError when counts are inconsistent."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"invalid counts: {successes} successes of {n}")
    if n < max(min_sample, 1):
        return Rate(int(successes), int(n), None, None, None)
    low, high = wilson_interval(successes, n)
    return Rate(int(successes), int(n), successes / n, float(low), float(high))


def two_proportion_test(k1: float, n1: float, k2: float, n2: float) -> tuple[float, float]:
    """Difference ``p1 − p2`` and its two-sided pooled z-test p-value."""
    if min(n1, n2) <= 0:
        return float("nan"), float("nan")
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return p1 - p2, 1.0
    return p1 - p2, float(2 * norm.sf(abs(p1 - p2) / se))
