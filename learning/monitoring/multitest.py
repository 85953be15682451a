# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Adjusted p-values of Holm (family-wise error) and Benjamini–Hochberg (false discovery rate).

Written out because ``statsmodels.stats.multitest.multipletests`` runs a full garbage
collection on every call (0.7 s each on the shared machine, measured); the tests hold these
equal to it. For p-values sorted ``p_(1) ≤ … ≤ p_(m)``::

    Holm: p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) p_(j))
    BH:   p̃_(i) = min(1, min_{j ≥ i} m p_(j) / j)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

Method = Literal["holm", "fdr_bh"]


def adjust(p_values: Sequence[float] | np.ndarray, method: Method = "holm") -> np.ndarray:
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        adjusted = np.maximum.accumulate((m - np.arange(m)) * ranked)
    elif method == "fdr_bh":
        adjusted = np.minimum.accumulate((m * ranked / np.arange(1, m + 1))[::-1])[::-1]
    else:
        raise ValueError(f"unknown method {method!r}")
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out
