"""Always-valid SRM (Lindon & Malek 2022) and honest answers on degenerate arms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from experiments.stats import SampleStats, compare, srm, srm_sequential
from experiments.stats.srm import SRM_CONCENTRATION, srm_log_bayes_factor


@pytest.mark.parametrize(
    ("counts", "weights"),
    [([510, 490], [1, 1]), ([120, 260, 140], [0.25, 0.5, 0.25]), ([3, 0], [1, 1])],
)
def test_the_bayes_factor_is_dirichlet_multinomial_over_multinomial(counts, weights) -> None:
    theta = np.asarray(weights, float) / sum(weights)
    n = sum(counts)
    expected = sps.dirichlet_multinomial.logpmf(
        counts, SRM_CONCENTRATION * theta, n
    ) - sps.multinomial.logpmf(counts, n, theta)
    assert srm_log_bayes_factor(counts, weights) == pytest.approx(expected, abs=1e-9)


def test_a_broken_split_is_flagged_and_a_fair_one_is_not() -> None:
    assert srm_sequential([4000, 3500], [1, 1]) < 1e-4
    assert srm_sequential([5030, 4970], [1, 1]) == 1.0
    assert srm_sequential([0, 0], [1, 1]) == 1.0


def test_checking_at_every_look_keeps_the_error_rate_where_chi_square_does_not() -> None:
    # 300 fair 50/50 experiments, checked after every 40 users up to 4,000 users
    rng = np.random.default_rng(12)
    alpha, runs, looks, step = 0.05, 300, 100, 40
    treated = rng.binomial(step, 0.5, (runs, looks)).cumsum(axis=1)
    total = step * np.arange(1, looks + 1)
    sequential_alarm = sum(
        any(srm_sequential([n - t, t], [1, 1]) < alpha for n, t in zip(total, row, strict=True))
        for row in treated
    )
    # the same looks with the fixed-sample χ² test (vectorised; srm() is checked below)
    chi2_p = sps.chi2.sf((total - 2 * treated) ** 2 / total, 1)
    assert srm([total[5] - treated[0, 5], treated[0, 5]], [1, 1]) == pytest.approx(chi2_p[0, 5])
    assert sequential_alarm / runs <= alpha
    assert (chi2_p < alpha).any(axis=1).mean() > 2 * alpha  # peeking inflates χ²


def test_a_zero_variance_arm_gets_fishers_exact_p_and_no_confident_interval() -> None:
    # the case of issue 10: a Wald test said p = 1.5e-10
    control, treatment = SampleStats(2566, 0, 0), SampleStats(26885, 41, 41)

    result = compare(control, treatment)

    fisher = sps.fisher_exact([[41, 26885 - 41], [0, 2566]]).pvalue
    assert result.absolute.p_value == pytest.approx(fisher, rel=1e-12)
    assert result.absolute.p_value == pytest.approx(0.047, abs=5e-4)
    assert math.isnan(result.absolute.ci_low) and math.isnan(result.absolute.sequential_ci_low)
    assert result.absolute.sequential_p_value == 1.0 and not result.absolute.defined
    # a control rate of 0 has no relative lift
    assert math.isnan(result.relative.estimate) and result.relative.p_value == 1.0


@pytest.mark.parametrize(
    ("control", "treatment"),
    [((500, 500), (500, 480)), ((40, 0), (40, 0)), ((2, 2), (3, 0))],
)
def test_rates_of_zero_or_one_never_give_a_confident_always_valid_answer(
    control, treatment
) -> None:
    result = compare(
        SampleStats(control[0], control[1], control[1]), SampleStats(*treatment, treatment[1])
    )
    assert result.absolute.sequential_p_value == 1.0
    fisher = sps.fisher_exact(
        [[treatment[1], treatment[0] - treatment[1]], [control[1], control[0] - control[1]]]
    ).pvalue
    assert result.absolute.p_value == pytest.approx(fisher)


def test_a_constant_mean_arm_is_refused() -> None:
    constant = SampleStats(50, 50 * 3.0, 50 * 9.0)
    varied = SampleStats(50, 160.0, 560.0)
    result = compare(constant, varied, metric="mean")
    assert not result.absolute.defined and result.absolute.p_value == 1.0
    assert result.absolute.estimate == pytest.approx(160 / 50 - 3.0)
