# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Two-stage least squares with one endogenous regressor and cluster-robust errors.

Model ``y = βD + Wγ + u`` where ``D`` (the edit was made) may be confounded and ``Z`` (the
system suggested the edit, drawn at random) moves ``D`` but not ``u``. The instrument matrix
is the **full** ``[W, Z]`` — every exogenous regressor instruments itself; passing only ``Z``
(as seed 002's ``IV2SLS(..., instrument=data[[instrument]])`` does) is under-identified::

    X = [D, W],   M = [W, Z],   X̂ = M (M'M)⁻¹ M'X
    β̂ = (X̂'X)⁻¹ X̂'y,          û = y − Xβ̂   (residuals with the observed D)
    V̂ = c (X̂'X̂)⁻¹ (Σ_g X̂_g'û_g û_g'X̂_g) (X̂'X̂)⁻¹,   c = G/(G−1)·(N−1)/(N−K)

With ``cov="unadjusted"`` ``V̂ = σ̂² (X̂'X̂)⁻¹``, σ̂² = û'û/(N−K), which is what
``statsmodels.sandbox.regression.gmm.IV2SLS(y, X, M).fit()`` reports. The first-stage F of
the excluded instrument (cluster-robust Wald) guards against weak instruments (F < 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.causal.regression import (
    Effect,
    cluster_scores,
    effect_from,
    group_codes,
    ols_cluster,
    sandwich,
)

WEAK_INSTRUMENT_F = 10.0


@dataclass(frozen=True)
class IVResult:
    effect: Effect
    params: np.ndarray
    bse: np.ndarray
    first_stage_f: float


def least_squares(design: np.ndarray, target: np.ndarray) -> np.ndarray:
    """OLS coefficients by the normal equations (a tall design with few columns: ~50× faster
    than an SVD); a rank-deficient design falls back to the minimum-norm lstsq solution."""
    gram = design.T @ design
    try:
        if np.linalg.cond(gram) < 1e12:
            return np.linalg.solve(gram, design.T @ target)
    except np.linalg.LinAlgError:
        pass
    return np.linalg.lstsq(design, target, rcond=None)[0]


def iv_point(y: np.ndarray, endog: np.ndarray, exog: np.ndarray, z: np.ndarray) -> float:
    """The 2SLS coefficient of ``endog`` alone (what refutations re-estimate)."""
    m = np.column_stack([exog, z.reshape(len(y), -1)]).astype(float)
    x = np.column_stack([endog, exog]).astype(float)
    x_hat = m @ least_squares(m, x)
    return float(least_squares(x_hat, y.astype(float))[0])


def two_stage_least_squares(
    y: np.ndarray,
    endog: np.ndarray,
    exog: np.ndarray,
    instruments: np.ndarray,
    groups: np.ndarray,
    *,
    cov: str = "cluster",
) -> IVResult:
    """2SLS of ``y`` on ``[endog, exog]`` instrumented by ``[exog, instruments]``.

    ``exog`` must contain the constant column. Raises ValueError on mismatched lengths.
    """
    n = len(y)
    if not (len(endog) == len(exog) == len(instruments) == len(groups) == n):
        raise ValueError("all arrays must have the same length")
    z = instruments.reshape(n, -1).astype(float)
    x = np.column_stack([endog.astype(float), exog]).astype(float)
    m = np.column_stack([exog, z]).astype(float)
    coef_first = least_squares(m, x)
    x_hat = m @ coef_first
    bread_inv = np.linalg.pinv(x_hat.T @ x_hat)
    params = bread_inv @ (x_hat.T @ y.astype(float))
    resid = y - x @ params
    codes, n_groups = group_codes(groups)
    if cov == "cluster":
        covariance = sandwich(
            bread_inv, cluster_scores(x_hat, resid, codes, n_groups), n, x.shape[1]
        )
    else:
        covariance = resid @ resid / (n - x.shape[1]) * bread_inv
    bse = np.sqrt(np.clip(np.diag(covariance), 0, None))
    first = ols_cluster(m, endog.astype(float), groups, tuple(f"m{i}" for i in range(m.shape[1])))
    k_z = z.shape[1]
    t_values = first.params[-k_z:] / first.bse[-k_z:]
    first_f = float(np.mean(t_values**2))
    effect = effect_from(
        "instrumental variables (2SLS)",
        float(params[0]),
        float(bse[0]),
        n=n,
        n_treated=int(np.asarray(endog).sum()),
        n_groups=n_groups,
        first_stage_f=first_f,
        weak_instrument=first_f < WEAK_INSTRUMENT_F,
    )
    return IVResult(effect, params, bse, first_f)
