"""The pure monitoring statistics against scipy, statsmodels and river's reference outputs."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import chi2_contingency, ks_2samp
from statsmodels.stats.multitest import multipletests

from learning.monitoring import calibration, diversity, drift, multitest
from learning.monitoring.page_hinkley import detections


def test_ece_matches_the_definition_written_out():
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 500)
    y = (rng.random(500) < p**1.5).astype(float)
    expected = 0.0
    for b in range(10):
        inside = (p >= b / 10) & (p < (b + 1) / 10)
        if inside.any():
            expected += inside.mean() * abs(p[inside].mean() - y[inside].mean())
    assert calibration.expected_calibration_error(p, y) == pytest.approx(expected, abs=1e-12)


def test_noise_floor_holds_the_false_alarm_rate_and_catches_real_miscalibration():
    rng = np.random.default_rng(2)
    alarms = 0
    for _ in range(200):
        p = rng.choice([0.05, 0.1, 0.15, 0.25], 1000)
        y = rng.random(1000) < p
        alarms += calibration.calibration_check(p, y, draws=1000).p_value < 0.05
    # a correct predictor: at most 5 % + binomial noise (95 % band of 200 draws: ≤ 16)
    assert alarms <= 16
    p = rng.choice([0.05, 0.1, 0.15, 0.25], 1000)
    y = rng.random(1000) < p * 1.6  # every bucket 60 % more interviews than promised
    check = calibration.calibration_check(p, y)
    assert check.ece > check.floor_99 and check.p_value < 0.001
    # the research note's reference: floor 95th percentile about 0.024 at n=1,000, p≈0.1
    floor = calibration.calibration_check(np.full(1000, 0.1), np.zeros(1000)).floor_95
    assert 0.015 < floor < 0.03


def test_ks_drift_p_values_are_scipys_and_holm_adjusted_as_statsmodels():
    rng = np.random.default_rng(3)
    ref = {f"f{i}": rng.normal(0, 1, 800) for i in range(5)}
    cur = {f"f{i}": rng.normal(0.5 if i == 2 else 0.0, 1, 300) for i in range(5)}
    report = drift.drift_report(
        [drift.Feature(k, "numeric", ref[k], cur[k]) for k in ref], alpha=0.01
    )
    raw = [ks_2samp(ref[k], cur[k]).pvalue for k in ref]
    holm = multipletests(raw, method="holm")[1]
    assert [r.p_value for r in report] == pytest.approx(raw)
    assert [r.p_adjusted for r in report] == pytest.approx(holm)
    assert [r.name for r in report if r.drifted] == ["f2"]
    bh = drift.drift_report(
        [drift.Feature(k, "numeric", ref[k], cur[k]) for k in ref], method="fdr_bh"
    )
    assert [r.p_adjusted for r in bh] == pytest.approx(multipletests(raw, method="fdr_bh")[1])


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjusted_p_values_equal_statsmodels_multipletests(method):
    rng = np.random.default_rng(9)
    for size in (1, 2, 7, 40):
        p = np.r_[rng.uniform(0, 1, size), rng.uniform(0, 0.01, size)]
        p[::3] = p[0]  # ties
        expected = multipletests(p, method=method)[1]
        assert multitest.adjust(p, method) == pytest.approx(expected, abs=1e-12)


def test_categorical_drift_is_scipys_chi_squared_with_rare_levels_pooled():
    ref = ["tech"] * 400 + ["health"] * 300 + ["finance"] * 297 + ["rare"] * 3
    cur = ["tech"] * 30 + ["health"] * 60 + ["finance"] * 10
    (report,) = drift.drift_report([drift.Feature("industry", "categorical", ref, cur)])
    table = np.array([[297, 300, 400, 3], [10, 60, 30, 0]])
    chi2, p, _, _ = chi2_contingency(table, correction=False)
    assert report.p_value == pytest.approx(p) and report.statistic == pytest.approx(chi2)
    assert report.drifted and report.psi is None  # 100 current rows: no PSI


def test_psi_only_above_the_minimum_sample_and_small_on_unchanged_data():
    rng = np.random.default_rng(4)
    small = drift.drift_report(
        [drift.Feature("x", "numeric", rng.normal(size=900), rng.normal(size=900))]
    )
    assert small[0].psi is None
    big = drift.drift_report(
        [drift.Feature("x", "numeric", rng.normal(size=5000), rng.normal(size=5000))]
    )
    assert big[0].psi is not None and big[0].psi < 0.02 and not big[0].drifted
    shifted = drift.psi(rng.normal(size=5000), rng.normal(0.5, 1, 5000))
    assert shifted > 0.1


def test_a_large_sample_with_a_negligible_shift_is_not_called_drift():
    rng = np.random.default_rng(5)
    (report,) = drift.drift_report(
        [drift.Feature("x", "numeric", rng.normal(0, 1, 200_000), rng.normal(0.05, 1, 200_000))]
    )
    assert report.p_adjusted < 1e-6 and report.effect < 0.1 and not report.drifted


def test_too_small_a_current_sample_is_not_tested():
    (report,) = drift.drift_report([drift.Feature("x", "numeric", np.arange(100.0), [1.0] * 5)])
    assert report.p_value is None and not report.drifted


def test_page_hinkley_reproduces_rivers_documented_example():
    rng = random.Random(12345)
    stream = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
    assert detections(stream) == [1006]  # river 0.26.1's docstring


def test_page_hinkley_matches_river_on_error_streams_and_both_directions():
    # reference indices printed by river 0.26.1's PageHinkley on the same streams
    g = np.random.default_rng(3)
    p = np.r_[np.full(3000, 0.1), np.full(3000, 0.35)]
    errors = np.abs(0.1 - (g.random(6000) < p))
    assert detections(errors) == [3217]
    assert detections(errors, threshold=20, mode="up") == [3005]
    options = {"threshold": 10, "delta": 0.01, "mode": "down", "alpha": 0.999}
    assert detections(errors, **options) == [5007, 5690]
    x = np.r_[g.normal(5, 1, 500), g.normal(3, 1, 500)]
    assert detections(x, **options) == [54, 449, 504, 598, 655, 738, 778, 874]


def test_page_hinkley_is_quiet_on_a_stable_error_stream():
    g = np.random.default_rng(8)
    quiet = sum(bool(detections(np.abs(0.15 - (g.random(3000) < 0.15)))) for _ in range(50))
    assert quiet == 0


def test_entropy_in_bits():
    assert diversity.shannon_entropy(["a", "b", "c", "d"]) == pytest.approx(2.0)
    assert diversity.shannon_entropy(["a"] * 5) == 0.0
    assert diversity.shannon_entropy([]) == 0.0


def _weeks(decline: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(60):
        for w in range(8):
            kinds = max(1, round(6 - decline * w + rng.normal(0, 0.7)))
            for _ in range(10):
                rows.append((c, f"2026-W{w + 10:02d}", f"occ{rng.integers(kinds)}", f"co{c}"))
    return pd.DataFrame(rows, columns=["candidate", "week", "occupation", "company"])


def test_diversity_trend_is_the_within_candidate_slope_of_statsmodels():
    table = diversity.candidate_weeks(_weeks(0.5, 1))
    trend = diversity.diversity_trend(table)
    assert trend.declining and trend.slope < -0.05
    index = {w: i for i, w in enumerate(sorted(table["week"].unique()))}
    frame = table.assign(w=table["week"].map(index), log_n=np.log(table["n"]))
    dummies = pd.get_dummies(frame["candidate"], prefix="c", dtype=float)
    x = pd.concat([frame[["w", "log_n"]], dummies], axis=1).drop(columns=["log_n"])
    fit = sm.OLS(frame["occupation_entropy"], x).fit(
        cov_type="cluster", cov_kwds={"groups": frame["candidate"]}
    )
    # log n is constant here (10 matches a week), so the slope is the dummies' slope exactly
    assert trend.slope == pytest.approx(fit.params["w"], rel=1e-9)
    # CR1 counts only the regressors, not the absorbed candidate means (xtreg, fe): the two
    # differ exactly by the degrees-of-freedom factor (N-1)/(N-K)
    n, k_within, k_dummies = len(frame), 2, x.shape[1]
    factor = np.sqrt((n - k_dummies) / (n - k_within))
    assert trend.se == pytest.approx(fit.bse["w"] * factor, rel=1e-9)


def test_diversity_without_a_trend_is_not_declining():
    trend = diversity.diversity_trend(diversity.candidate_weeks(_weeks(0.0, 2)))
    assert not trend.declining and trend.ci_low < 0 < trend.ci_high


def test_diversity_trend_needs_enough_candidates():
    table = diversity.candidate_weeks(_weeks(0.5, 3))
    few = table[table["candidate"] < 5]
    trend = diversity.diversity_trend(few)
    assert trend.slope is None and not trend.declining
