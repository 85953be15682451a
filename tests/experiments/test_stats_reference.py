"""The statistics engine against scipy, statsmodels and gbstats (stored reference numbers).

No database: these are pure functions of sufficient statistics.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps
from scipy.optimize import brentq
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize

from experiments.stats import (
    CupedStats,
    RatioStats,
    SampleStats,
    StatsInputError,
    benjamini_hochberg,
    chance_to_beat,
    compare,
    cuped_theta,
    holm,
    mde_relative,
    power,
    sample_size_per_arm,
    srm,
)
from experiments.stats.power import design, sequential_inflation
from experiments.stats.sequential import cs_half_width, sequential_p_value

TOL = 1e-9
REFERENCE = json.loads((Path(__file__).parent / "gbstats_reference.json").read_text())


def binomial(n: int, conversions: int) -> SampleStats:
    return SampleStats(n=n, sum=conversions, sum_squares=conversions)


def mean_stats(n: int, mean: float, sd: float) -> SampleStats:
    return SampleStats(n=n, sum=n * mean, sum_squares=(n - 1) * sd**2 + n * mean**2)


CASES = {
    "binomial": (binomial(1000, 100), binomial(1000, 130), "binomial"),
    "binomial_small": (binomial(180, 31), binomial(205, 29), "binomial"),
    "mean": (mean_stats(1000, 10, 5), mean_stats(1000, 10.8, 5.2), "mean"),
    "mean_unequal": (SampleStats(40, 300.0, 2600.0), SampleStats(55, 470.0, 4300.0), "mean"),
    "ratio": (
        RatioStats(500, 120, 200, 1500, 6000, 520),
        RatioStats(520, 150, 260, 1530, 6100, 600),
        "ratio",
    ),
    "cuped": (
        CupedStats(**REFERENCE["cuped"]["inputs"][0]),
        CupedStats(**REFERENCE["cuped"]["inputs"][1]),
        "mean",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_every_effect_matches_gbstats(case: str, kind: str) -> None:
    control, treatment, metric = CASES[case]
    expected = REFERENCE[case][kind]

    effect = getattr(compare(control, treatment, metric=metric), kind)

    assert effect.estimate == pytest.approx(expected["estimate"], abs=TOL)
    assert effect.p_value == pytest.approx(expected["p"], abs=TOL)
    assert effect.sequential_p_value == pytest.approx(expected["seq_p"], abs=TOL)
    # relative intervals are on the log-ratio scale here (gbstats: delta method), except for
    # CUPED, whose adjusted means keep gbstats' intervals
    if kind == "absolute" or case == "cuped":
        assert effect.ci == pytest.approx(tuple(expected["ci"]), abs=TOL)
        assert effect.sequential_ci == pytest.approx(tuple(expected["seq_ci"]), abs=TOL)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_chance_to_beat_matches_gbstats(case: str, kind: str) -> None:
    control, treatment, metric = CASES[case]
    comparison = compare(control, treatment, metric=metric)

    view = chance_to_beat(comparison, relative=kind == "relative")

    assert view is not None
    assert view.chance_to_beat == pytest.approx(REFERENCE[case][kind]["ctw"], abs=TOL)


@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_a_proper_prior_shrinks_like_gbstats(kind: str) -> None:
    comparison = compare(binomial(1000, 100), binomial(1000, 130))

    view = chance_to_beat(comparison, relative=kind == "relative", prior_sd=0.3)

    expected = REFERENCE["binomial"][kind]
    assert view is not None
    assert view.mean == pytest.approx(expected["post_mean_prior_0.3"], abs=TOL)
    assert view.chance_to_beat == pytest.approx(expected["ctw_prior_0.3"], abs=TOL)


def test_cuped_theta_matches_gbstats() -> None:
    control, treatment, _ = CASES["cuped"]
    assert cuped_theta(control, treatment) == pytest.approx(REFERENCE["cuped"]["theta"], abs=TOL)


@pytest.mark.parametrize("case", ["mean", "mean_unequal"])
def test_mean_effect_is_scipy_welch_t(case: str) -> None:
    control, treatment, _ = CASES[case]
    sd = [math.sqrt(a.variance(binomial=False)) for a in (control, treatment)]
    t_stat, p_value = sps.ttest_ind_from_stats(
        treatment.mean, sd[1], treatment.n, control.mean, sd[0], control.n, equal_var=False
    )

    result = compare(control, treatment, metric="mean")

    assert result.absolute.estimate / result.absolute.se == pytest.approx(t_stat, abs=TOL)
    assert result.absolute.p_value == pytest.approx(p_value, abs=TOL)
    half = sps.t.ppf(0.975, result.dof) * result.absolute.se
    assert result.absolute.ci_high - result.absolute.estimate == pytest.approx(half, abs=TOL)


def test_binomial_effect_is_welch_t_with_p_times_one_minus_p_variance() -> None:
    control, treatment = binomial(1000, 100), binomial(1000, 130)
    t_stat, p_value = sps.ttest_ind_from_stats(
        0.13, math.sqrt(0.13 * 0.87), 1000, 0.10, math.sqrt(0.1 * 0.9), 1000, equal_var=False
    )

    result = compare(control, treatment)

    assert result.absolute.p_value == pytest.approx(p_value, abs=TOL)
    assert result.absolute.estimate / result.absolute.se == pytest.approx(t_stat, abs=TOL)


def test_binomial_normal_interval_is_statsmodels_wald() -> None:
    low, high = confint_proportions_2indep(130, 1000, 100, 1000, method="wald", compare="diff")

    view = chance_to_beat(compare(binomial(1000, 100), binomial(1000, 130)), relative=False)

    assert view is not None
    assert (view.ci_low, view.ci_high) == pytest.approx((low, high), abs=TOL)


def test_cohens_h_is_statsmodels_proportion_effectsize_and_descriptive_only() -> None:
    result = compare(binomial(1000, 100), binomial(1000, 130))
    assert result.cohen_kind == "h"
    assert result.cohen == pytest.approx(proportion_effectsize(0.13, 0.10), abs=TOL)


def test_cohens_d_uses_the_pooled_standard_deviation() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(10, 5, 300), rng.normal(11, 5, 400)
    pooled = math.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / 698)

    result = compare(
        SampleStats(len(a), a.sum(), (a**2).sum()),
        SampleStats(len(b), b.sum(), (b**2).sum()),
        metric="mean",
    )

    assert result.cohen_kind == "d"
    assert result.cohen == pytest.approx((b.mean() - a.mean()) / pooled, abs=TOL)


def test_ratio_metric_is_the_delta_method_on_raw_data() -> None:
    rng = np.random.default_rng(11)
    arms = []
    for rate in (0.10, 0.13):
        d = rng.poisson(4, 800).astype(float)
        m = rng.binomial(d.astype(int), rate).astype(float)
        arms.append((m, d))

    def raw_variance(m: np.ndarray, d: np.ndarray) -> float:
        cov = np.cov(m, d, ddof=1)
        mb, db = m.mean(), d.mean()
        grad = np.array([1 / db, -mb / db**2])
        return float(grad @ cov @ grad / len(m))

    stats = [RatioStats(len(m), *_sums(m, d)) for m, d in arms]
    result = compare(stats[0], stats[1], metric="ratio")

    ratios = [m.sum() / d.sum() for m, d in arms]
    assert result.absolute.estimate == pytest.approx(ratios[1] - ratios[0], abs=TOL)
    expected_var = raw_variance(*arms[0]) + raw_variance(*arms[1])
    assert result.absolute.se**2 == pytest.approx(expected_var, rel=1e-9)


def _sums(m: np.ndarray, d: np.ndarray) -> tuple[float, ...]:
    return (m.sum(), (m**2).sum(), d.sum(), (d**2).sum(), (m * d).sum())


def test_cuped_reduces_variance_and_matches_raw_data() -> None:
    rng = np.random.default_rng(5)
    data = []
    for lift in (0.0, 0.4):
        x = rng.normal(10, 3, 1500)
        data.append((x, 0.8 * x + rng.normal(0, 2, 1500) + lift))
    stats = [
        CupedStats(len(x), y.sum(), (y**2).sum(), x.sum(), (x**2).sum(), (x * y).sum())
        for x, y in data
    ]
    x_all, y_all = np.concatenate([d[0] for d in data]), np.concatenate([d[1] for d in data])
    theta = np.cov(x_all, y_all, ddof=1)[0, 1] / x_all.var(ddof=1)

    result = compare(stats[0], stats[1], metric="mean")

    adjusted = [y - theta * x for x, y in data]
    assert result.theta == pytest.approx(theta, abs=TOL)
    assert result.absolute.estimate == pytest.approx(
        adjusted[1].mean() - adjusted[0].mean(), abs=TOL
    )
    raw_var = sum(a.var(ddof=1) / len(a) for a in adjusted)
    assert result.absolute.se**2 == pytest.approx(raw_var, rel=1e-9)
    plain = sum(y.var(ddof=1) / len(y) for _, y in data)
    assert result.variance_reduction == pytest.approx(1 - raw_var / plain, abs=TOL)
    assert result.variance_reduction > 0.5  # correlation ≈ 0.77 removes well over half


def test_srm_is_scipy_chisquare() -> None:
    cases = (([5100, 4900], [1, 1]), ([5300, 4700], [1, 1]), ([90, 310, 600], [1, 3, 6]))
    for counts, weights in cases:
        expected = np.asarray(weights) / sum(weights) * sum(counts)
        assert srm(counts, weights) == pytest.approx(
            sps.chisquare(counts, expected).pvalue, abs=1e-12
        )
    assert srm([5300, 4700], [0.5, 0.5]) < 0.001 < srm([5100, 4900], [0.5, 0.5])


@pytest.mark.parametrize("seed", range(5))
def test_holm_and_bh_are_statsmodels_multipletests(seed: int) -> None:
    p = np.random.default_rng(seed).uniform(0, 0.2, 7)
    assert holm(p) == pytest.approx(list(multipletests(p, method="holm")[1]), abs=TOL)
    assert benjamini_hochberg(p) == pytest.approx(
        list(multipletests(p, method="fdr_bh")[1]), abs=TOL
    )


@pytest.mark.parametrize("n", [50, 400, 3000])
def test_power_is_statsmodels_normal_power(n: int) -> None:
    effect, sd = 0.5, 2.0
    se = sd * math.sqrt(2 / n)
    expected = NormalIndPower().power(effect_size=effect / sd, nobs1=n, alpha=0.05, ratio=1)
    assert power(effect, se) == pytest.approx(expected, abs=TOL)


def test_sample_size_is_statsmodels_solve_power_for_means() -> None:
    n = sample_size_per_arm(baseline=10, mde_relative=0.05, metric="mean", variance=25)
    exact = NormalIndPower().solve_power(effect_size=0.5 / 5, alpha=0.05, power=0.8, ratio=1)
    assert n == math.ceil(exact - 1e-9)


def test_binomial_sample_size_and_mde_are_inverse() -> None:
    n = sample_size_per_arm(baseline=0.10, mde_relative=0.20)
    # 10 % to 12 %, alpha 0.05, 80 % power: (z_.975 + z_.8)^2 (0.09 + 0.1056) / 0.02^2
    assert n == 3839
    assert mde_relative(n_per_arm=n, baseline=0.10) == pytest.approx(0.20, abs=2e-4)
    z = sps.norm.ppf(0.975) + sps.norm.ppf(0.8)
    exact = brentq(lambda d: d - z * math.sqrt((0.09 + (0.1 + d) * (0.9 - d)) / 200), 1e-6, 0.5)
    assert mde_relative(n_per_arm=200, baseline=0.10) == pytest.approx(exact / 0.1, abs=1e-9)


def test_sequential_design_needs_more_users_for_the_same_power() -> None:
    plan = design(baseline=0.10, mde_relative=0.20, daily_users=1000)
    assert plan.n_per_arm_fixed == 3839
    assert plan.n_per_arm_sequential == math.ceil(3839 * sequential_inflation())
    assert 1.8 < sequential_inflation() < 2.0
    assert plan.days == pytest.approx(plan.total_sequential / 1000)
    assert design(baseline=0.1, mde_relative=0.2, arms=3).alpha_per_comparison == 0.025


def test_sequential_p_value_agrees_with_the_sequence_at_alpha() -> None:
    se, total = 0.01, np.arange(100, 20000, 37)
    width = cs_half_width(se, total, alpha=0.05)
    for factor in (0.999, 1.001):
        p = sequential_p_value(factor * width / se, total, alpha=0.05)
        assert ((p < 0.05) == (factor > 1)).all()


def test_sequence_is_tightest_at_the_tuning_sample_size() -> None:
    totals = np.array([1000, 5000, 25000])
    multipliers = cs_half_width(1.0, totals, alpha=0.05)
    assert multipliers[1] == pytest.approx(3.035, abs=1e-3)
    assert multipliers[1] < multipliers[0] and multipliers[1] < multipliers[2]


def test_undefined_effects_do_not_raise() -> None:
    zero_control = compare(binomial(100, 0), binomial(100, 3))
    assert not zero_control.relative.defined and zero_control.relative.p_value == 1
    tiny = compare(binomial(1, 1), binomial(1, 0))
    assert not tiny.absolute.defined
    assert tiny.as_dict()["absolute"]["estimate"] is None


@pytest.mark.parametrize(
    "bad",
    [
        {"n": -1, "sum": 0, "sum_squares": 0},
        {"n": 10, "sum": 50, "sum_squares": 1},
        {"n": 10, "sum": float("nan"), "sum_squares": 1},
        {"n": 10},
    ],
)
def test_impossible_sufficient_statistics_are_refused(bad: dict) -> None:
    with pytest.raises(StatsInputError):
        compare(bad, {"n": 10, "sum": 1, "sum_squares": 1}, metric="mean")


def test_binomial_sums_above_n_are_refused() -> None:
    with pytest.raises(StatsInputError):
        compare(binomial(10, 3), SampleStats(10, 12, 20))


def test_relative_intervals_are_katz_log_intervals_and_stay_above_minus_100_percent() -> None:
    # statsmodels' log (Katz) interval for a ratio of proportions uses z; ours Welch's t
    low, high = confint_proportions_2indep(130, 1000, 100, 1000, method="log", compare="ratio")
    relative = compare(binomial(1000, 100), binomial(1000, 130)).relative
    # (t with ~1,990 degrees of freedom against z: the bounds differ by under 0.1 %)
    assert (relative.ci_low, relative.ci_high) == pytest.approx((low - 1, high - 1), abs=5e-4)
    # a large drop on few users: the delta method's interval reached about -155 %
    small = compare(binomial(40, 20), binomial(40, 3)).relative
    assert -1 < small.sequential_ci_low < small.ci_low < small.estimate < small.ci_high
