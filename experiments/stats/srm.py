# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Sample-ratio mismatch: do the arms hold the share of users the design promised?

Pearson χ² goodness of fit, Σ(o − e)²/e with e = N·wᵢ/Σw and k − 1 degrees of freedom.
A p-value below :data:`SRM_ALPHA` means assignment or exposure logging is broken and the
comparison cannot be trusted, so automatic decisions stop until a human looks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats as sps

from experiments.stats.inputs import StatsInputError

SRM_ALPHA = 0.001  # the threshold GrowthBook, PostHog, Statsig and Eppo all use


def srm(counts: Sequence[int], weights: Sequence[float]) -> float:
    """The χ² p-value of the observed ``counts`` against the design ``weights``.

    Returns 1.0 when there are no users yet. Raises StatsInputError on mismatched or
    non-positive weights.
    """
    if len(counts) != len(weights) or len(counts) < 2:
        raise StatsInputError("srm needs one count and one weight per arm, at least two arms")
    observed = np.asarray(counts, float)
    w = np.asarray(weights, float)
    if (w <= 0).any() or (observed < 0).any():
        raise StatsInputError("weights must be positive and counts non-negative")
    total = observed.sum()
    if total == 0:
        return 1.0
    expected = total * w / w.sum()
    statistic = float(((observed - expected) ** 2 / expected).sum())
    return float(sps.chi2.sf(statistic, len(counts) - 1))
