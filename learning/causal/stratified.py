# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Stratified risk difference with Mantel–Haenszel weights.

Within stratum ``s`` (e.g. resume-score bucket × seniority) with ``n₁ₛ`` treated and ``n₀ₛ``
untreated units and rates ``p₁ₛ, p₀ₛ``::

    RD_MH = Σ_s w_s (p₁ₛ − p₀ₛ) / Σ_s w_s,      w_s = n₁ₛ n₀ₛ / (n₁ₛ + n₀ₛ)
    Var   = Σ_s w_s² (p₁ₛ(1−p₁ₛ)/n₁ₛ + p₀ₛ(1−p₀ₛ)/n₀ₛ) / (Σ_s w_s)²

For an outcome that is not 0/1 (dollars, counts) ``p(1−p)`` is not a variance: each cell's
sample variance ``s²`` (ddof 1) takes its place, and a cell with a single unit borrows its
arm's pooled within-cell variance. Strata without both treated and untreated units carry no
information and are dropped. The variance treats applications as independent; it compares
like with like only on the observed stratifiers, so a confounder outside them (a
candidate's unobserved quality) still biases it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from learning.causal.regression import Effect, effect_from


def stratified_difference(y: np.ndarray, treated: np.ndarray, strata: np.ndarray) -> Effect:
    """``strata``: one label per unit (integer codes are fastest)."""
    codes, uniques = pd.factorize(strata)
    cells = 2 * len(uniques)
    index = 2 * codes + treated.astype(int)
    n = np.bincount(index, minlength=cells).reshape(-1, 2).astype(float)
    k = np.bincount(index, weights=y.astype(float), minlength=cells).reshape(-1, 2)
    both = (n[:, 0] > 0) & (n[:, 1] > 0)
    n0, n1, k0, k1 = n[both, 0], n[both, 1], k[both, 0], k[both, 1]
    method = "stratified (Mantel-Haenszel)"
    if not both.any():
        return effect_from(method, np.nan, np.nan, n=len(y), n_treated=0, n_groups=0)
    p1, p0 = k1 / n1, k0 / n0
    weights = n1 * n0 / (n1 + n0)
    estimate = float(np.sum(weights * (p1 - p0)) / weights.sum())
    yf = y.astype(float)
    if np.isin(yf, (0.0, 1.0)).all():
        var1, var0 = p1 * (1 - p1), p0 * (1 - p0)
    else:
        squares = np.bincount(index, weights=yf**2, minlength=cells).reshape(-1, 2)[both]
        var0 = _cell_variance(n0, k0, squares[:, 0])
        var1 = _cell_variance(n1, k1, squares[:, 1])
    variance = np.sum(weights**2 * (var1 / n1 + var0 / n0)) / weights.sum() ** 2
    return effect_from(
        method,
        estimate,
        float(np.sqrt(variance)),
        n=int(n1.sum() + n0.sum()),
        n_treated=int(n1.sum()),
        n_groups=int(both.sum()),
    )


def _cell_variance(n: np.ndarray, total: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Sample variance per cell from count, sum and sum of squares; singletons get the pool."""
    deviance = np.clip(squares - total**2 / n, 0.0, None)
    several = n > 1
    pooled = deviance[several].sum() / max(float((n[several] - 1).sum()), 1.0)
    return np.where(several, deviance / np.where(several, n - 1, 1), pooled)
