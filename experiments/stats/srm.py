# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Sample-ratio mismatch: do the arms hold the share of users the design promised?

* :func:`srm` — Pearson χ² goodness of fit, Σ(o − e)²/e with e = N·wᵢ/Σw and k − 1 degrees
  of freedom: valid for one look only (reported on the pages).
* :func:`srm_sequential` — the always-valid test of Lindon & Malek (2022, "Anytime-valid
  inference for multinomial count data"): the Bayes factor of a Dirichlet-multinomial
  mixture (prior Dirichlet(c·θ₀), c = :data:`SRM_CONCENTRATION`) against the design's
  multinomial θ₀,

      BF = Γ(c)/Γ(c + N) · Πᵢ Γ(c·θ₀ᵢ + nᵢ)/Γ(c·θ₀ᵢ) / Πᵢ θ₀ᵢ^nᵢ,   p = min(1, 1/BF).

  BF is a nonnegative martingale under the null, so by Ville's inequality the chance that
  p ever drops below α, at any of arbitrarily many looks, is at most α. The decision rule
  checks it at every look.

A p-value below :data:`SRM_ALPHA` means assignment or exposure logging is broken and the
comparison cannot be trusted, so automatic decisions stop until a human looks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats as sps
from scipy.special import gammaln, xlogy

from experiments.stats.inputs import StatsInputError

SRM_ALPHA = 0.001  # the threshold GrowthBook, PostHog, Statsig and Eppo all use
# Prior concentration of the mixture, centred on the design (the savvi package's default k):
# small enough to detect gross breaks within a few hundred users.
SRM_CONCENTRATION = 100.0


def srm(counts: Sequence[int], weights: Sequence[float]) -> float:
    """The χ² p-value of the observed ``counts`` against the design ``weights``.

    Returns 1.0 when there are no users yet. Raises StatsInputError on mismatched or
    non-positive weights.
    """
    observed, w = _checked(counts, weights)
    total = observed.sum()
    if total == 0:
        return 1.0
    expected = total * w / w.sum()
    statistic = float(((observed - expected) ** 2 / expected).sum())
    return float(sps.chi2.sf(statistic, len(counts) - 1))


def srm_log_bayes_factor(counts: Sequence[int], weights: Sequence[float]) -> float:
    """log BF of the Dirichlet-multinomial mixture against the design (see the module)."""
    observed, w = _checked(counts, weights)
    theta = w / w.sum()
    prior = SRM_CONCENTRATION * theta
    total = observed.sum()
    log_mixture = (
        gammaln(SRM_CONCENTRATION)
        - gammaln(SRM_CONCENTRATION + total)
        + (gammaln(prior + observed) - gammaln(prior)).sum()
    )
    return float(log_mixture - xlogy(observed, theta).sum())


def srm_sequential(counts: Sequence[int], weights: Sequence[float]) -> float:
    """The always-valid SRM p-value min(1, 1/BF): safe to check at every look."""
    return float(min(1.0, np.exp(-srm_log_bayes_factor(counts, weights))))


def _checked(counts: Sequence[int], weights: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    if len(counts) != len(weights) or len(counts) < 2:
        raise StatsInputError("srm needs one count and one weight per arm, at least two arms")
    observed = np.asarray(counts, float)
    w = np.asarray(weights, float)
    if (w <= 0).any() or (observed < 0).any():
        raise StatsInputError("weights must be positive and counts non-negative")
    return observed, w
