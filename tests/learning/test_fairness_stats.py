"""Fairness disparities against statsmodels (cluster-robust OLS, Holm) on synthetic data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests

from learning.monitoring.fairness import disparities


def _frame(gap_effect: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(400):
        region = ["northeast", "south", "west", "midwest", None][c % 5]
        gap = bool(c % 3 == 0)
        quality = rng.normal(0, 0.05)
        for _ in range(rng.integers(3, 12)):
            p = np.clip(0.2 + quality - (gap_effect if gap else 0.0), 0.01, 0.99)
            rows.append((c, region, gap, float(rng.random() < p), rng.normal(60, 10)))
    return pd.DataFrame(rows, columns=["candidate", "region", "career_gap", "interviewed", "score"])


def test_each_comparison_is_statsmodels_cluster_robust_ols_and_holm_over_all():
    frame = _frame(0.1, 1)
    found = disparities(
        frame, attributes=["region", "career_gap"], metrics=["interviewed", "score"]
    )
    # regions: 4 known levels each against the rest; career gap: one comparison (two levels)
    assert len(found) == (4 + 1) * 2
    gap = next(d for d in found if d.attribute == "career_gap" and d.metric == "interviewed")
    assert gap.level == "True"
    x = sm.add_constant(frame["career_gap"].astype(float))
    fit = sm.OLS(frame["interviewed"], x).fit(
        cov_type="cluster", cov_kwds={"groups": frame["candidate"]}
    )
    assert gap.difference == pytest.approx(fit.params["career_gap"])
    assert gap.p_value == pytest.approx(fit.pvalues["career_gap"], rel=1e-6)
    low, high = fit.conf_int().loc["career_gap"]
    assert (gap.ci_low, gap.ci_high) == pytest.approx((low, high), rel=1e-6)
    holm = multipletests([d.p_value for d in found], method="holm")[1]
    assert [d.p_adjusted for d in found] == pytest.approx(holm)
    assert gap.flagged and gap.difference < 0
    # the unknown region (None) is no level and is left out of both sides
    south = next(d for d in found if d.level == "south" and d.metric == "interviewed")
    assert south.candidates + south.candidates_rest == 320


def test_no_disparity_flags_nothing():
    flags = [
        d.flagged
        for seed in range(5)
        for d in disparities(
            _frame(0.0, seed + 10), attributes=["region", "career_gap"], metrics=["interviewed"]
        )
    ]
    assert len(flags) == 25 and not any(flags)


def test_a_level_with_too_few_candidates_is_neither_shown_nor_tested():
    frame = _frame(0.0, 3)
    frame["rare"] = np.where(frame["candidate"] < 5, "yes", "no")
    assert disparities(frame, attributes=["rare"], metrics=["interviewed"]) == []
