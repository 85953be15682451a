# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Difference-in-differences on a unit × period panel, with a pre-trend check.

``D_it = 1`` when unit ``i`` is treated in period ``t``; every treated unit starts at the same
period ``t₀`` and stays treated (a single adoption date: with staggered adoption the two-way
fixed-effects coefficient mixes already-treated units into the controls, Goodman-Bacon 2021,
so it is refused). The estimate is ``δ̂`` of the two-way fixed-effects regression
``y_it = α_i + λ_t + δ D_it (+ β'x_it) + u_it`` — with one adoption date exactly the 2×2
DiD of group means when the panel is balanced — obtained by alternating projections (demean by
unit, then by period, until nothing changes) and OLS on the demeaned data, with CR1 errors
clustered by unit (``K`` counts the regressors only, as Stata's ``xtreg, fe`` does).

Pre-trend check: on the periods before ``t₀``, the same regression with ``D`` replaced by
``G_i · (t − t₀)`` (``G_i`` = ever treated) tests whether the treated units were already
drifting away; its p-value below ``PRETREND_ALPHA`` fails the check (needs ≥ 2 pre-periods).
"""

from __future__ import annotations

import numpy as np

from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.estimate import CausalEstimate, normal_interval
from learning.causal.regression import group_codes, ols_cluster

PRETREND_ALPHA = 0.05
DEMEAN_TOL = 1e-10
DEMEAN_ITERATIONS = 1000


def two_way_demean(values: np.ndarray, unit: np.ndarray, period: np.ndarray) -> np.ndarray:
    """Residual of each column after unit and period fixed effects (alternating projections)."""
    out = values.reshape(len(values), -1).astype(float).copy()
    unit_counts = np.bincount(unit).astype(float)
    period_counts = np.bincount(period).astype(float)
    for _ in range(DEMEAN_ITERATIONS):
        before = out.copy()
        for codes, counts in ((unit, unit_counts), (period, period_counts)):
            sums = np.column_stack(
                [
                    np.bincount(codes, weights=out[:, j], minlength=len(counts))
                    for j in range(out.shape[1])
                ]
            )
            out -= (sums / np.maximum(counts, 1)[:, None])[codes]
        if np.max(np.abs(out - before), initial=0.0) < DEMEAN_TOL:
            break
    return out


def _panel(data: CausalInput) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    if data.groups is None or data.time is None:
        raise CausalInputError(
            "missing_column", "difference-in-differences needs --unit and --time"
        )
    unit = data.groups
    period = np.unique(data.time, return_inverse=True)[1]
    ever = np.bincount(unit, weights=data.d) > 0
    treated_times = data.time[data.d == 1]
    t0 = float(treated_times.min())
    expected = ever[unit] & (data.time >= t0)
    if not np.array_equal(expected, data.d == 1):
        raise CausalInputError(
            "staggered_adoption",
            "every treated unit must be treated from the same period on (one adoption date)",
        )
    if ever.all() or not ever.any():
        raise CausalInputError("no_variation", "the panel needs treated and never-treated units")
    return unit, period, t0, ever


def did(data: CausalInput) -> CausalEstimate:
    unit, period, t0, ever = _panel(data)
    regressors = np.column_stack([data.d, data.x])
    demeaned = two_way_demean(np.column_stack([data.y, regressors]), unit, period)
    ydm, xdm = demeaned[:, 0], demeaned[:, 1:]
    keep = np.r_[True, np.ptp(xdm[:, 1:], axis=0) > 1e-12] if xdm.shape[1] > 1 else [True]
    names = tuple(["treated", *data.names])
    kept_names = tuple(n for n, k in zip(names, keep, strict=True) if k)
    fit = ols_cluster(xdm[:, keep], ydm, unit, kept_names, group_codes(unit))
    estimate, se = fit.coef("treated")
    pretrend = pretrend_check(data, unit, t0, ever)
    pre = np.asarray(_time(data) < t0)
    return CausalEstimate.analytic(
        method="did",
        estimand="att",
        estimate=estimate,
        se=se,
        n_treated=int(ever.sum()),
        n_control=int((~ever).sum()),
        ci_method="analytic: two-way fixed effects, cluster-robust (CR1) by unit",
        balance=balance_table(
            np.column_stack([data.y[pre], data.x[pre]]),
            ("outcome_before", *data.names),
            ever[unit][pre].astype(float),
        )
        if bool(pre.any())
        else [],
        diagnostics={"adoption_period": t0, "units": len(ever), "rows": data.n},
        refutations=[pretrend],
    )


def _time(data: CausalInput) -> np.ndarray:
    if data.time is None:
        raise CausalInputError("missing_column", "difference-in-differences needs --time")
    return data.time


def pretrend_check(
    data: CausalInput, unit: np.ndarray, t0: float, ever: np.ndarray
) -> dict[str, object]:
    time = _time(data)
    pre = time < t0
    periods = np.unique(time[pre])
    if len(periods) < 2:
        return {
            "name": "pre_trend",
            "passed": None,
            "description": "fewer than two periods before adoption: no pre-trend to test",
        }
    u = np.unique(unit[pre], return_inverse=True)[1]
    p_codes = np.unique(time[pre], return_inverse=True)[1]
    trend = ever[unit][pre] * (time[pre] - t0)
    demeaned = two_way_demean(np.column_stack([data.y[pre], trend]), u, p_codes)
    fit = ols_cluster(demeaned[:, 1:], demeaned[:, 0], u, ("trend",), group_codes(u))
    slope, se = fit.coef("trend")
    _, _, p = normal_interval(slope, se)
    return {
        "name": "pre_trend",
        "value": slope,
        "p_value": p,
        "passed": bool(not np.isfinite(p) or p >= PRETREND_ALPHA),
        "description": "differential linear trend of the treated units before adoption "
        f"(per period); fails when p < {PRETREND_ALPHA}",
    }
