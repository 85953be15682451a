# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Covariate balance: standardised mean differences before and after adjustment.

``SMD_k = (x̄_k,treated − x̄_k,control) / s_k`` with ``s_k = √((s²_k,t + s²_k,c)/2)`` of the
**unadjusted** sample (so "after" is comparable with "before"; the usual convention, e.g.
Austin 2011). After adjustment the means are weighted by the estimator's weights (matching:
how often each control is used; weighting: the normalised inverse-propensity weights).
``|SMD| > IMBALANCED`` flags a covariate still imbalanced.
"""

from __future__ import annotations

from typing import Any

import numpy as np

IMBALANCED = 0.1


def _weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (w[:, None] * x).sum(axis=0) / w.sum()


def balance_table(
    x: np.ndarray,
    names: tuple[str, ...],
    d: np.ndarray,
    weights: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """One row per covariate: means and SMD before and (with ``weights``) after."""
    t, c = d == 1, d == 0
    scale = np.sqrt((x[t].var(axis=0, ddof=1) + x[c].var(axis=0, ddof=1)) / 2)
    scale = np.where(scale > 0, scale, np.nan)
    before = (x[t].mean(axis=0) - x[c].mean(axis=0)) / scale
    rows = []
    after = None
    if weights is not None:
        mean_t = _weighted_mean(x[t], weights[t])
        mean_c = _weighted_mean(x[c], weights[c])
        after = (mean_t - mean_c) / scale
    for k, name in enumerate(names):
        row: dict[str, Any] = {
            "covariate": name,
            "mean_treated": _num(x[t, k].mean()),
            "mean_control": _num(x[c, k].mean()),
            "smd_before": _num(before[k]),
        }
        if after is not None:
            row["mean_control_adjusted"] = _num(mean_c[k])
            row["smd_after"] = _num(after[k])
            row["balanced"] = bool(abs(after[k]) <= IMBALANCED) if np.isfinite(after[k]) else True
        rows.append(row)
    return rows


def _num(value: float) -> float | None:
    value = float(value)
    return round(value, 6) if np.isfinite(value) else None
