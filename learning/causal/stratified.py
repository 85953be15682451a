# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Stratified risk difference with Mantel–Haenszel weights.

Within stratum ``s`` (e.g. resume-score bucket × seniority) with ``n₁ₛ`` treated and ``n₀ₛ``
untreated units and rates ``p₁ₛ, p₀ₛ``::

    RD_MH = Σ_s w_s (p₁ₛ − p₀ₛ) / Σ_s w_s,      w_s = n₁ₛ n₀ₛ / (n₁ₛ + n₀ₛ)
    Var   = Σ_s w_s² (p₁ₛ(1−p₁ₛ)/n₁ₛ + p₀ₛ(1−p₀ₛ)/n₀ₛ) / (Σ_s w_s)²

Strata without both treated and untreated units carry no information and are dropped. The
variance treats applications as independent; it compares like with like only on the observed
stratifiers, so a confounder outside them (a candidate's unobserved quality) still biases it.
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
    variance = np.sum(weights**2 * (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)) / weights.sum() ** 2
    return effect_from(
        method,
        estimate,
        float(np.sqrt(variance)),
        n=int(n1.sum() + n0.sum()),
        n_treated=int(n1.sum()),
        n_groups=int(both.sum()),
    )
