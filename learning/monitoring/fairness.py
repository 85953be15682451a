# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Outcome and score disparities across segments that must not matter (seed 001 §10.2).

For a segment attribute (location region, career gap, a protected attribute a deployment
collects) and one of its levels ``s``, over application rows ``i`` of candidates ``c(i)``:

    Δ_s = mean(y | level s) − mean(y | every other known level)

estimated as the slope of ``y`` on the indicator ``1[level = s]`` with a constant, with
cluster-robust (CR1) errors by candidate — a candidate's applications share their quality,
so treating them as independent would make every gap "significant". 95 % normal intervals,
two-sided p-values. All comparisons of one report (every attribute × level × metric) are
adjusted together (Holm, :mod:`.multitest`, equal to statsmodels' ``multipletests``); a
disparity is *flagged* when its adjusted p-value is below ``alpha``.

A level is compared only with at least ``min_candidates`` candidates on each side (the
platform's k-anonymity threshold): a rate of five people is neither shown nor tested.
Unknown values (no location, no dated history) form no level: missing information is not a
segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from learning.causal.regression import Z95, effect_from, ols_cluster
from learning.monitoring.multitest import adjust

ALPHA = 0.05
MIN_CANDIDATES = 10


@dataclass(frozen=True)
class Disparity:
    attribute: str
    level: str
    metric: str
    n: int  # rows at this level
    candidates: int
    mean: float
    n_rest: int
    candidates_rest: int
    mean_rest: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    p_adjusted: float
    flagged: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _compare(frame: pd.DataFrame, attribute: str, level: str, metric: str) -> dict[str, Any] | None:
    known = frame[frame[attribute].notna() & frame[metric].notna()]
    inside = (known[attribute].astype(str) == level).to_numpy()
    users = known["candidate"].to_numpy()
    n_in, n_out = len(np.unique(users[inside])), len(np.unique(users[~inside]))
    if min(n_in, n_out) < MIN_CANDIDATES:
        return None
    y = known[metric].to_numpy(float)
    x = np.column_stack([np.ones(len(y)), inside.astype(float)])
    fit = ols_cluster(x, y, users, ("const", "level"))
    estimate, se = fit.coef("level")
    effect = effect_from("ols_cluster", estimate, se, n=len(y), n_treated=int(inside.sum()),
                         n_groups=fit.n_groups)  # fmt: skip
    p = effect.p_value if np.isfinite(effect.p_value) else 1.0
    return {
        "attribute": attribute,
        "level": level,
        "metric": metric,
        "n": int(inside.sum()),
        "candidates": n_in,
        "mean": float(y[inside].mean()),
        "n_rest": int((~inside).sum()),
        "candidates_rest": n_out,
        "mean_rest": float(y[~inside].mean()),
        "difference": float(estimate),
        "ci_low": float(estimate - Z95 * se),
        "ci_high": float(estimate + Z95 * se),
        "p_value": float(p),
    }


def disparities(
    frame: pd.DataFrame,
    *,
    attributes: Sequence[str],
    metrics: Sequence[str],
    alpha: float = ALPHA,
    method: Literal["holm", "fdr_bh"] = "holm",
) -> list[Disparity]:
    """Every level of every attribute against the rest, for every metric, adjusted together.

    ``frame`` has a ``candidate`` column, the attribute columns (None = unknown) and the
    metric columns (0/1 outcomes or scores; None = not measured for that row).
    """
    rows = []
    for attribute in attributes:
        if attribute not in frame:
            continue
        levels = sorted(frame[attribute].dropna().astype(str).unique())
        if len(levels) < 2:
            continue
        # with two levels, "A against the rest" and "B against the rest" are one comparison
        for level in levels[1:] if len(levels) == 2 else levels:
            for metric in metrics:
                found = _compare(frame, attribute, level, metric) if metric in frame else None
                if found is not None:
                    rows.append(found)
    if not rows:
        return []
    adjusted = adjust([r["p_value"] for r in rows], method)
    return [
        Disparity(**r, p_adjusted=float(a), flagged=bool(a < alpha))
        for r, a in zip(rows, adjusted, strict=True)
    ]
