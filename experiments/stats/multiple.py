# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Multiple-testing corrections of a family of p-values (several variants or metrics).

Holm (family-wise error, any dependence): sort ascending, p₍ᵢ₎·(m − i + 1), running maximum.
Benjamini–Hochberg (false discovery rate): sort descending, p₍ᵢ₎·m/i, running minimum.
Both are valid for always-valid p-values evaluated at a stopping time, because such
p-values are ordinary valid p-values at that time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

CORRECTIONS = ("holm", "bh", "none")


def holm(p_values: Sequence[float]) -> list[float]:
    p = np.asarray(p_values, float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    scaled = p[order] * (m - np.arange(m))
    adjusted = np.minimum(np.maximum.accumulate(scaled), 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    p = np.asarray(p_values, float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")[::-1]
    ranks = np.arange(m, 0, -1)
    adjusted = np.minimum(np.minimum.accumulate(p[order] * m / ranks), 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def adjust(p_values: Sequence[float], method: str) -> list[float]:
    """Adjusted p-values by ``method`` ("holm", "bh" or "none")."""
    if method == "holm":
        return holm(p_values)
    if method == "bh":
        return benjamini_hochberg(p_values)
    if method == "none":
        return [float(p) for p in p_values]
    raise ValueError(f"unknown correction {method!r}; use one of {', '.join(CORRECTIONS)}")
