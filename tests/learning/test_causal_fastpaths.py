"""The causal engine's faster paths give the numbers of the code they replaced, to the bit.

Each former implementation is kept here verbatim and run next to the current one on a small
clustered table; the comparisons are exact (``==``, ``np.array_equal``), not approximate.
"""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from learning.causal import backdoor
from learning.causal.backdoor import aipw, aipw_point, aipw_scores, ipw_point
from learning.causal.data import CausalInput, CausalInputError, from_arrays
from learning.causal.engine import estimate_effect
from learning.causal.iv import _per_cluster
from learning.causal.propensity import (
    GRADIENT_TOL,
    MAX_HALVINGS,
    MAX_ITERATIONS,
    PropensityError,
    _loglik,
    _sigmoid,
    logistic_fit,
    standardise,
    trim_mask,
)
from learning.causal.refute import data_subset, placebo_treatment, random_common_cause
from learning.causal.regression import group_codes, within_transform
from learning.causal.within import reusing_point, within_estimate, within_point


def _old_per_cluster(a, b, codes, n_groups):
    out = np.zeros((n_groups, a.shape[1], b.shape[1]))
    np.add.at(out, codes, a[:, :, None] * b[:, None, :])
    return out


def _old_line_search(d, design, theta, step, loglik):
    for _ in range(MAX_HALVINGS):
        candidate = theta + step
        value = _loglik(d, design @ candidate)
        if value >= loglik - 1e-12 * abs(loglik):
            return candidate, value
        step = step / 2
    return theta, loglik


def _old_logistic(d, x):
    """The former Newton loop (separation checks left out: the data here has overlap)."""
    design = np.column_stack([np.ones(len(d)), standardise(x)])
    design = design[:, np.r_[True, np.ptp(design[:, 1:], axis=0) > 0]]
    theta = np.zeros(design.shape[1])
    theta[0] = np.log(d.mean() / (1 - d.mean()))
    loglik = _loglik(d, design @ theta)
    for _ in range(MAX_ITERATIONS):
        p = _sigmoid(design @ theta)
        gradient = design.T @ (d - p)
        if np.max(np.abs(gradient)) < GRADIENT_TOL * len(d):
            break
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        step = np.linalg.solve(hessian, gradient)
        theta, loglik = _old_line_search(d, design, theta, step, loglik)
    eta = design @ theta
    return _sigmoid(eta), eta, theta


def _old_trimmed(data: CausalInput, trim: float) -> CausalInput:
    if trim <= 0:
        return data
    keep = trim_mask(logistic_fit(data.d, data.x).score, trim)
    kept = data.take(np.flatnonzero(keep))
    if min(kept.d.sum(), (1 - kept.d).sum()) < 2:
        raise CausalInputError("no_overlap", "trimming left an arm (almost) empty")
    return kept


def _table(n: int = 3000, seed: int = 3, *, separation: float = 0.8) -> CausalInput:
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, n // 6, n)
    x = np.column_stack([rng.standard_normal(n), rng.integers(0, 4, n), rng.random(n) * 50])
    logit = separation * x[:, 0] - 0.3 * x[:, 1] + 0.01 * x[:, 2]
    d = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    y = (rng.random(n) < 0.2 + 0.05 * d + 0.04 * (x[:, 0] > 0)).astype(float)
    z = (rng.random(n) < 0.5).astype(float)
    return from_arrays(y, d, x, ("a", "b", "c"), z=z, groups=groups)


def test_per_cluster_cross_products_are_the_former_sums_to_the_bit():
    data = _table()
    m = np.column_stack([np.ones(data.n), data.x, data.z])
    x = np.column_stack([data.d, np.ones(data.n), data.x])
    n_groups = int(data.groups.max()) + 1
    for a, b in ((m, m), (m, x), (m, data.y[:, None])):
        new = _per_cluster(a, b, data.groups, n_groups)
        assert new.flags.c_contiguous
        assert np.array_equal(new, _old_per_cluster(a, b, data.groups, n_groups))
        assert np.array_equal(new.sum(0), _old_per_cluster(a, b, data.groups, n_groups).sum(0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_logistic_fit_reuses_the_line_search_logit_without_changing_a_bit(seed):
    data = _table(seed=seed)
    score, linear, params = _old_logistic(data.d, data.x)
    fit = logistic_fit(data.d, data.x)
    assert np.array_equal(fit.score, score)
    assert np.array_equal(fit.linear, linear)
    assert np.array_equal(fit.params, params)
    given = logistic_fit(data.d, data.x, standardised=standardise(data.x))
    assert np.array_equal(given.score, score)


@pytest.mark.parametrize("trim", [0.0, 0.01, 0.2])
def test_trimmed_estimators_skip_the_refit_only_when_it_would_give_the_same_fit(trim):
    data = _table()
    kept = _old_trimmed(data, trim)
    assert (kept.n == data.n) == (trim < 0.2)  # 0.2 trims rows here: the refit path runs
    old_aipw = backdoor.aipw_scores(kept, "ate", None)[0]
    assert aipw_point(data, "ate", trim) == old_aipw
    e = logistic_fit(kept.d, kept.x).score
    w = backdoor.ipw_weights(kept.d, e, "att")
    t = kept.d == 1
    old_ipw = float(
        np.sum(w[t] * kept.y[t]) / w[t].sum() - np.sum(w[~t] * kept.y[~t]) / w[~t].sum()
    )
    assert ipw_point(data, "att", trim) == old_ipw
    tau = aipw_scores(kept, "att")[0]
    full = aipw(data, "att", trim=trim)
    assert full.estimate == tau
    assert full.n_treated + full.n_control == kept.n


def test_a_separated_table_still_raises():
    data = _table(separation=60.0)
    with pytest.raises(PropensityError):
        logistic_fit(data.d, data.x)


def test_the_engine_gives_the_same_numbers_twice_on_one_blas_thread():
    data = _table(n=1500)
    with threadpool_limits(1):
        first = estimate_effect(data, method="dr", estimand="ate", seed=5, trim=0.01).as_dict()
        second = estimate_effect(data, method="dr", estimand="ate", seed=5, trim=0.01).as_dict()
    assert first == second


def _old_within_transform(values, groups):
    group_index, n_groups = group_codes(groups)
    matrix = values.reshape(len(values), -1).astype(float)
    counts = np.bincount(group_index, minlength=n_groups).astype(float)
    means = (
        np.column_stack(
            [
                np.bincount(group_index, weights=matrix[:, j], minlength=n_groups)
                for j in range(matrix.shape[1])
            ]
        )
        / counts[:, None]
    )
    out = matrix - means[group_index]
    return out.reshape(values.shape) if values.ndim == 1 else out


def test_within_transform_is_the_former_one_to_the_bit():
    data = _table()
    for values in (data.x, data.y, data.x[:, 1:]):
        new = within_transform(values, data.groups)
        assert np.array_equal(new, _old_within_transform(values, data.groups))


def test_within_refutations_reuse_the_partialled_controls_without_changing_a_bit():
    data = _table()
    partialled, point = reusing_point(data)
    effect = partialled.effect(data.d, "user fixed effects")
    assert placebo_treatment(point, data, effect.se, 4) == placebo_treatment(
        within_point, data, effect.se, 4
    )
    for check in (random_common_cause, data_subset):
        reused = check(point, data, effect.estimate, effect.se, 4)
        assert reused == check(within_point, data, effect.estimate, effect.se, 4)
    extra = data.with_covariate("z2", np.arange(data.n) % 7.0)
    assert point(extra) == within_point(extra)
    half = data.take(np.arange(data.n // 2))
    assert point(half) == within_point(half)
    assert within_estimate(data, seed=4).estimate == within_point(data)


def _former_draws(refutation: str, data: CausalInput) -> list[CausalInput]:
    """The draws as the former list of tables gave them (the same seeded generators)."""
    from learning.causal import refute

    if refutation == "placebo":
        rng = np.random.default_rng([4, 1])
        return [refute.permute_treatment(data, rng) for _ in range(refute.DRAWS)]
    if refutation == "common_cause":
        rng = np.random.default_rng([4, 2])
        return [
            data.with_covariate("__random", rng.standard_normal(data.n))
            for _ in range(refute.DRAWS)
        ]
    rng = np.random.default_rng([4, 3])
    return [data.take(refute.subset_rows(data, rng)) for _ in range(refute.DRAWS)]


@pytest.mark.parametrize("refutation", ["placebo", "common_cause", "subset"])
def test_a_refutation_holds_one_draw_at_a_time_and_makes_the_former_draws(refutation, monkeypatch):
    """Each draw is a table the size of the data (the nightly sample: 150,000 rows): when a
    draw is estimated, the one before it is gone; the estimates are those of the former list
    of tables, to the bit."""
    import gc
    import weakref

    from learning.causal import refute

    data = _table(n=2000, seed=11)
    run = {
        "placebo": lambda p: placebo_treatment(p, data, 0.1, seed=4),
        "common_cause": lambda p: random_common_cause(p, data, 0.0, 0.1, seed=4),
        "subset": lambda p: data_subset(p, data, 0.0, 0.1, seed=4),
    }[refutation]
    alive: list[weakref.ref] = []
    estimates: list[float] = []

    def point(draw: CausalInput) -> float:
        gc.collect()
        if any(ref() is not None for ref in alive):
            raise AssertionError("an earlier draw is still in memory")
        alive.append(weakref.ref(draw))
        estimates.append(within_point(draw))
        return estimates[-1]

    assert run(point)["draws"] == refute.DRAWS == len(estimates)
    assert estimates == [within_point(d) for d in _former_draws(refutation, data)]
    # every table made first (the former list): the check above catches it
    original = refute._draw_values
    monkeypatch.setattr(refute, "_draw_values", lambda p, tables: original(p, list(tables)))
    alive.clear()
    with pytest.raises(AssertionError, match="earlier draw"):
        run(point)
