"""Statistics of the pure analytics and causal packages against statsmodels / scipy / sklearn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import roc_auc_score
from statsmodels.sandbox.regression.gmm import IV2SLS
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from learning.analytics.rates import rate, two_proportion_test, wilson_interval
from learning.causal.iv import two_stage_least_squares
from learning.causal.regression import (
    RegressionInput,
    naive_difference,
    ols_cluster,
    regression_effect,
    within_transform,
)
from learning.causal.stratified import stratified_difference
from learning.optimizers.calibration import pool_adjacent_violators
from learning.optimizers.effects import holm
from learning.optimizers.logistic import auc, logit_cluster_cov, logit_fit

TOL = 1e-8


@pytest.mark.parametrize("k,n", [(0, 20), (3, 20), (17, 40), (40, 40), (120, 1000)])
def test_wilson_interval_matches_statsmodels(k, n):
    low, high = wilson_interval(k, n)
    ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert float(low) == pytest.approx(ref_low, abs=TOL)
    assert float(high) == pytest.approx(ref_high, abs=TOL)


def test_a_rate_below_the_minimum_sample_claims_nothing():
    small = rate(3, 10, min_sample=20)
    assert small.value is None and small.ci_low is None and small.n == 10
    assert rate(6, 20, min_sample=20).value == pytest.approx(0.3)


def test_two_proportion_test_matches_statsmodels():
    diff, p = two_proportion_test(30, 200, 18, 210)
    _, ref_p = proportions_ztest([30, 18], [200, 210])
    assert diff == pytest.approx(30 / 200 - 18 / 210)
    assert p == pytest.approx(ref_p, rel=1e-9)


def _clustered(seed: int = 0, groups: int = 300, per: int = 8):
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(groups), per)
    u = rng.standard_normal(groups)[g]
    x = np.column_stack([np.ones(len(g)), rng.standard_normal(len(g)), rng.random(len(g)) < 0.4])
    y = x @ np.array([0.2, 0.5, 0.3]) + u + rng.standard_normal(len(g))
    return x.astype(float), y, g


def test_cluster_robust_ols_matches_statsmodels():
    x, y, g = _clustered()
    ours = ols_cluster(x, y, g, ("c", "a", "b"))
    ref = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": g})
    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-10)
    np.testing.assert_allclose(ours.bse, ref.bse, rtol=1e-8)


def test_within_estimator_equals_user_dummies_regression():
    x, y, g = _clustered(seed=1, groups=60, per=6)
    demeaned = within_transform(x[:, 1:], g)
    ours = ols_cluster(demeaned, within_transform(y, g), g, ("a", "b"))
    dummies = pd.get_dummies(g).to_numpy(float)
    ref = sm.OLS(y, np.column_stack([x[:, 1:], dummies])).fit()
    np.testing.assert_allclose(ours.params, ref.params[:2], rtol=1e-8)


def test_regression_effect_recovers_a_confounded_effect_with_fixed_effects():
    # given a treatment taken more often by users with a high unobserved level
    rng = np.random.default_rng(2)
    users = np.repeat(np.arange(2000), 10)
    level = rng.standard_normal(2000)[users]
    treated = (rng.random(len(users)) < 1 / (1 + np.exp(-2 * level))).astype(float)
    y = 0.1 * treated + 0.3 * level + rng.standard_normal(len(users)) * 0.5
    # when
    naive = naive_difference(y, treated, users)
    fe = regression_effect(
        RegressionInput(y, treated[:, None], ("d",), np.empty((len(y), 0)), users)
    )["d"]
    # then the naive contrast is biased and the within-user one is not
    assert naive.ci_low > 0.2
    assert fe.ci_low < 0.1 < fe.ci_high


def test_two_stage_least_squares_matches_statsmodels_iv2sls_with_full_instruments():
    rng = np.random.default_rng(3)
    n = 3000
    confounder = rng.standard_normal(n)
    w = rng.standard_normal(n)
    z = (rng.random(n) < 0.5).astype(float)
    d = ((0.8 * z + 0.5 * confounder + rng.standard_normal(n)) > 0.5).astype(float)
    y = 0.3 * d + 0.2 * w + 0.7 * confounder + rng.standard_normal(n)
    exog = np.column_stack([np.ones(n), w])
    ours = two_stage_least_squares(y, d, exog, z, np.arange(n), cov="unadjusted")
    # statsmodels' instrument argument is the full instrument matrix [exog, z]
    ref = IV2SLS(y, np.column_stack([d, exog]), np.column_stack([exog, z])).fit()
    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-8)
    np.testing.assert_allclose(ours.bse, ref.bse, rtol=1e-8)
    assert ours.first_stage_f > 10


def test_stratified_difference_is_the_mantel_haenszel_weighted_mean():
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0], float)
    d = np.array([1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0], bool)
    s = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    effect = stratified_difference(y, d, s)
    w0, diff0 = 2 * 2 / 4, 0.5 - 1.0
    w1, diff1 = 3 * 5 / 8, 1 / 3 - 2 / 5
    assert effect.estimate == pytest.approx((w0 * diff0 + w1 * diff1) / (w0 + w1))


def test_logit_fit_matches_statsmodels_logit():
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(4000), rng.standard_normal((4000, 3))])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ [-1.0, 0.5, -0.3, 0.8])))).astype(float)
    ours = logit_fit(x, y)
    ref = sm.Logit(y, x).fit(disp=0)
    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-7)
    np.testing.assert_allclose(np.sqrt(np.diag(ours.cov)), ref.bse, rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(ref.llf, rel=1e-9)
    groups = np.repeat(np.arange(800), 5)
    clustered = sm.Logit(y, x).fit(disp=0, cov_type="cluster", cov_kwds={"groups": groups})
    ours_cluster = np.sqrt(np.diag(logit_cluster_cov(x, y, ours.params, groups)))
    # statsmodels also applies (N-1)/(N-K) for the cluster covariance of a Logit
    np.testing.assert_allclose(ours_cluster, clustered.bse, rtol=2e-3)


def test_weighted_auc_matches_sklearn_with_ties_and_weights():
    rng = np.random.default_rng(5)
    scores = np.round(rng.random(500), 1)
    y = (rng.random(500) < scores).astype(float)
    weights = rng.poisson(1.0, 500).astype(float)
    assert auc(scores, y) == pytest.approx(roc_auc_score(y, scores), abs=1e-12)
    assert auc(scores, y, weights) == pytest.approx(
        roc_auc_score(y, scores, sample_weight=weights), abs=1e-12
    )


def test_pool_adjacent_violators_matches_sklearn_isotonic():
    rates = np.array([0.05, 0.12, 0.09, 0.2, 0.18])
    weights = np.array([100, 50, 300, 80, 40], float)
    ref = IsotonicRegression().fit_transform(np.arange(5), rates, sample_weight=weights)
    np.testing.assert_allclose(pool_adjacent_violators(rates, weights), ref, rtol=1e-12)


def test_holm_matches_statsmodels():
    p = [0.01, 0.04, 0.03, 0.2, 0.001]
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1], rtol=1e-12)


def test_partialled_controls_give_the_full_within_regression_coefficient_and_error():
    from learning.causal.regression import PartialledControls

    rng = np.random.default_rng(6)
    users = np.repeat(np.arange(400), 7)
    controls = rng.standard_normal((len(users), 3))
    treated = rng.random(len(users)) < 0.3
    y = 0.2 * treated + controls @ [0.1, -0.2, 0.3] + rng.standard_normal(400)[users]
    y = y + rng.standard_normal(len(users))
    fast = PartialledControls.of(y, controls, users).effect(treated, "fe")
    x = within_transform(np.column_stack([treated, controls]).astype(float), users)
    full = ols_cluster(x, within_transform(y, users), users, ("d", "a", "b", "c"))
    assert fast.estimate == pytest.approx(full.params[0], rel=1e-9)
    assert fast.se == pytest.approx(full.bse[0], rel=1e-9)
