# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Diversity of the matches a candidate is shown, per candidate and week, and its trend.

Per candidate-week with ``n`` matches shown, the Shannon entropy (bits) of their occupations
and of their companies: ``H = −Σ_k p_k log₂ p_k``; ``2^H`` is the effective number of
distinct occupations (companies). A feedback loop that narrows what people are shown lowers
H week after week *for the same candidates*.

Trend: the within-candidate regression ``H_cw − H̄_c = β (w − w̄_c) + γ (log n_cw − mean) + ε``
over the last ``weeks`` weeks (candidate means removed, so candidates arriving or leaving do
not fake a trend; ``log n`` so a week with fewer matches, whose entropy is capped at
``log₂ n``, does not either), with cluster-robust (CR1) errors by candidate. The trend is
*declining* when β is below ``−min_decline`` bits a week and its one-sided p-value is below
``alpha``; only candidates with at least two weeks carry information.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from learning.causal.regression import group_codes, ols_cluster, within_transform

WEEKS = 8
MIN_DECLINE = 0.05  # bits per week
ALPHA = 0.01
MIN_CANDIDATES = 20


def shannon_entropy(labels: Sequence[Any]) -> float:
    """Entropy in bits of the labels' empirical distribution; 0 for none or one kind."""
    if len(labels) == 0:
        return 0.0
    _, counts = np.unique(np.asarray([str(v) for v in labels]), return_counts=True)
    share = counts / counts.sum()
    return float(-(share * np.log2(share)).sum() + 0.0)


def candidate_weeks(matches: pd.DataFrame) -> pd.DataFrame:
    """One row per (candidate, week) from rows with ``candidate``, ``week``, ``occupation``,
    ``company``: ``n``, ``occupation_entropy``, ``company_entropy``."""
    if matches.empty:
        return pd.DataFrame(
            columns=["candidate", "week", "n", "occupation_entropy", "company_entropy"]
        )
    grouped = matches.groupby(["candidate", "week"], sort=True)
    out = grouped.agg(
        n=("occupation", "size"),
        occupation_entropy=("occupation", lambda s: shannon_entropy(list(s))),
        company_entropy=("company", lambda s: shannon_entropy(list(s))),
    )
    return out.reset_index()


@dataclass(frozen=True)
class Trend:
    measure: str
    weeks: tuple[str, ...]
    weekly_mean: tuple[float, ...]
    weekly_candidates: tuple[int, ...]
    slope: float | None  # bits per week, within candidate
    se: float | None
    ci_low: float | None
    ci_high: float | None
    p_declining: float | None  # one-sided
    candidates: int
    declining: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def diversity_trend(
    table: pd.DataFrame,
    measure: str = "occupation_entropy",
    *,
    weeks: int = WEEKS,
    min_decline: float = MIN_DECLINE,
    alpha: float = ALPHA,
) -> Trend:
    """Trend of ``measure`` over the last ``weeks`` distinct weeks of ``candidate_weeks``."""
    all_weeks = sorted(table["week"].unique()) if len(table) else []
    kept = all_weeks[-weeks:]
    rows = table[table["week"].isin(kept)]
    index = {w: i for i, w in enumerate(kept)}
    by_week = rows.groupby("week")[measure]
    means = tuple(float(by_week.mean().get(w, np.nan)) for w in kept)
    counts = tuple(int(by_week.size().get(w, 0)) for w in kept)
    repeat = rows[rows.groupby("candidate")["week"].transform("nunique") >= 2]
    n_candidates = int(repeat["candidate"].nunique())
    weeks_kept = tuple(str(w) for w in kept)
    if n_candidates < MIN_CANDIDATES or len(kept) < 3:
        return Trend(measure, weeks_kept, means, counts, None, None, None, None, None,
                     n_candidates, False)  # fmt: skip
    groups = repeat["candidate"].to_numpy()
    codes = group_codes(groups)
    x = np.column_stack(
        [repeat["week"].map(index).to_numpy(float), np.log(repeat["n"].to_numpy(float))]
    )
    x_dm = within_transform(x, groups, codes)
    y_dm = within_transform(repeat[measure].to_numpy(float), groups, codes).ravel()
    fit = ols_cluster(x_dm, y_dm, groups, ("week", "log_n"), codes)
    slope, se = fit.coef("week")
    p = float(norm.cdf(slope / se)) if se > 0 else (0.0 if slope < 0 else 1.0)
    z = float(norm.ppf(0.975))
    return Trend(
        measure, weeks_kept, means, counts, slope, se, slope - z * se, slope + z * se, p,
        n_candidates, slope < -min_decline and p < alpha,
    )  # fmt: skip
