"""Regenerate ``gbstats_reference.json``: reference numbers from GrowthBook's gbstats 0.8.0.

gbstats pins numpy<2 and pandas<2, so it cannot live in the project's environment (numpy 2);
it is a test-only oracle run once in a throwaway virtualenv:

    python3.11 -m venv /tmp/gb && /tmp/gb/bin/pip install gbstats==0.8.0
    /tmp/gb/bin/python tests/experiments/make_gbstats_reference.py > \
        tests/experiments/gbstats_reference.json

The tests compare ``experiments.stats`` with the stored numbers to 1e-9.
"""

import json

import numpy as np
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior
from gbstats.frequentist.tests import (
    FrequentistConfig,
    SequentialConfig,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import (
    ProportionStatistic,
    RatioStatistic,
    RegressionAdjustedStatistic,
    SampleMeanStatistic,
    compute_theta,
)

out = {}


def run(name, a, b, **kw):
    res = {}
    for dt in ("absolute", "relative"):
        r = TwoSidedTTest(a, b, FrequentistConfig(alpha=0.05, difference_type=dt)).compute_result()
        s = SequentialTwoSidedTTest(
            a, b, SequentialConfig(alpha=0.05, difference_type=dt, sequential_tuning_parameter=5000)
        ).compute_result()
        bi = EffectBayesianABTest(a, b, EffectBayesianConfig(difference_type=dt)).compute_result()
        res[dt] = dict(
            estimate=r.expected,
            ci=list(map(float, r.ci)),
            p=float(r.p_value),
            seq_ci=list(map(float, s.ci)),
            seq_p=float(s.p_value),
            ctw=float(bi.chance_to_win),
        )
    out[name] = res


run("binomial", ProportionStatistic(n=1000, sum=100), ProportionStatistic(n=1000, sum=130))
run("binomial_small", ProportionStatistic(n=180, sum=31), ProportionStatistic(n=205, sum=29))
mean_a = SampleMeanStatistic(n=1000, sum=10000, sum_squares=1000 * (25 * 999 / 1000 + 100))
mean_b = SampleMeanStatistic(n=1000, sum=10800, sum_squares=1000 * (5.2**2 * 999 / 1000 + 10.8**2))
run("mean", mean_a, mean_b)
run(
    "mean_unequal",
    SampleMeanStatistic(n=40, sum=300.0, sum_squares=2600.0),
    SampleMeanStatistic(n=55, sum=470.0, sum_squares=4300.0),
)
# ratio
ra = RatioStatistic(
    n=500,
    m_statistic=SampleMeanStatistic(n=500, sum=120, sum_squares=200),
    d_statistic=SampleMeanStatistic(n=500, sum=1500, sum_squares=6000),
    m_d_sum_of_products=520,
)
rb = RatioStatistic(
    n=520,
    m_statistic=SampleMeanStatistic(n=520, sum=150, sum_squares=260),
    d_statistic=SampleMeanStatistic(n=520, sum=1530, sum_squares=6100),
    m_d_sum_of_products=600,
)
run("ratio", ra, rb)
# cuped

rng = np.random.default_rng(7)
n = 2000
x_a = rng.normal(10, 3, n)
y_a = 0.8 * x_a + rng.normal(0, 2, n)
x_b = rng.normal(10, 3, n)
y_b = 0.8 * x_b + rng.normal(0, 2, n) + 0.5


def ra_stat(x, y, theta):
    return RegressionAdjustedStatistic(
        n=len(x),
        post_statistic=SampleMeanStatistic(
            n=len(x), sum=float(y.sum()), sum_squares=float((y**2).sum())
        ),
        pre_statistic=SampleMeanStatistic(
            n=len(x), sum=float(x.sum()), sum_squares=float((x**2).sum())
        ),
        post_pre_sum_of_products=float((x * y).sum()),
        theta=theta,
    )


a0, b0 = ra_stat(x_a, y_a, 0), ra_stat(x_b, y_b, 0)
theta = compute_theta(a0, b0)
a1, b1 = ra_stat(x_a, y_a, theta), ra_stat(x_b, y_b, theta)
run("cuped", a1, b1)
out["cuped"]["theta"] = theta
out["cuped"]["inputs"] = [
    dict(
        n=n,
        y_sum=float(y.sum()),
        y_sum_squares=float((y**2).sum()),
        x_sum=float(x.sum()),
        x_sum_squares=float((x**2).sum()),
        xy_sum=float((x * y).sum()),
    )
    for x, y in ((x_a, y_a), (x_b, y_b))
]
for name, stats in (
    ("binomial", (ProportionStatistic(n=1000, sum=100), ProportionStatistic(n=1000, sum=130))),
):
    for dt in ("absolute", "relative"):
        bi = EffectBayesianABTest(
            *stats,
            EffectBayesianConfig(
                difference_type=dt, prior_effect=GaussianPrior(mean=0, variance=0.09, proper=True)
            ),
        ).compute_result()
        out[name][dt]["ctw_prior_0.3"] = float(bi.chance_to_win)
        out[name][dt]["post_mean_prior_0.3"] = float(bi.expected)
print(json.dumps(out, indent=1))
