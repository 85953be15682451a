# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""The within-candidate (user fixed-effects) estimate in the engine's evidence shape.

``θ̂`` is the coefficient of the 0/1 treatment in the linear probability model
``y_it = α_i + θ d_it + x_it'β + ε_it`` (each unit's mean removed; Frisch–Waugh, see
:class:`learning.causal.regression.PartialledControls`), with CR1 errors by unit. The unit
effects absorb everything a unit carries across its rows, recorded or not, so the estimate
compares each candidate only with themselves. It returns a
:class:`~learning.causal.estimate.CausalEstimate` with the balance table of the covariates
between treated and untreated rows (raw: a fixed-effects estimate has no weights to show
"after"), the generic refutations of :mod:`learning.causal.refute` (placebo treatment, random
common cause, data subset; 10 seeded draws each) and the E-value. Used by the nightly's
timing step and as the corroborating design for strategy modes and tailoring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.estimate import CausalEstimate, e_value, nearest_limit
from learning.causal.refute import data_subset, placebo_treatment, random_common_cause
from learning.causal.regression import PartialledControls, group_codes, within_transform

METHOD = "user fixed effects"


def within_point(data: CausalInput) -> float:
    if data.groups is None:
        raise CausalInputError("missing_column", "a within-unit estimate needs a unit column")
    return PartialledControls.of(data.y, data.x, data.groups).effect(data.d, METHOD).estimate


def reusing_point(data: CausalInput) -> tuple[PartialledControls, Callable[[CausalInput], float]]:
    """The partialled controls of ``data`` and a :func:`within_point` for its refutations that
    reuses them.

    A placebo draw changes only the treatment (same outcome, covariates and units): its
    controls are partialled already. A random-common-cause draw appends one covariate column:
    the within transform works column by column, so only the new column is transformed. Every
    other table goes through :func:`within_point`. The same arithmetic on the same numbers,
    so the same estimates to the bit (pinned in ``tests/learning/test_causal_fastpaths.py``).
    """
    if data.groups is None:
        raise CausalInputError("missing_column", "a within-unit estimate needs a unit column")
    groups = data.groups  # a draw that reaches the reuse below has these very groups
    codes = group_codes(groups)
    x_w = within_transform(data.x, groups, codes) if data.x.size else data.x
    y_w = within_transform(data.y.astype(float), data.groups, codes)
    partialled = PartialledControls.from_within(codes, x_w, y_w)
    k = data.x.shape[1]

    def point(draw: CausalInput) -> float:
        if draw.y is not data.y or draw.groups is not data.groups:
            return within_point(draw)
        if draw.x is data.x:
            return partialled.effect(draw.d, METHOD).estimate
        if draw.x.shape[1] == k + 1 and np.array_equal(draw.x[:, :k], data.x) and x_w.size:
            extra = within_transform(draw.x[:, k:], groups, codes)
            controls = PartialledControls.from_within(codes, np.column_stack([x_w, extra]), y_w)
            return controls.effect(draw.d, METHOD).estimate
        return within_point(draw)

    return partialled, point


def within_estimate(data: CausalInput, *, seed: int = 0, refute: bool = True) -> CausalEstimate:
    """The fixed-effects estimate with its interval, balance, refutations and E-value."""
    partialled, point = reusing_point(data)
    effect = partialled.effect(data.d, METHOD)
    n1 = int(data.d.sum())
    result = CausalEstimate.from_effect(
        effect,
        method="fixed_effects",
        estimand="ate",
        n_treated=n1,
        n_control=data.n - n1,
        ci_method="analytic: within transform, cluster-robust (CR1) by unit",
        balance=balance_table(data.x, data.names, data.d) if data.x.size else [],
        diagnostics={"units": effect.n_groups},
    )
    if not refute or not np.isfinite(effect.se):
        return result
    checks = [
        placebo_treatment(point, data, effect.se, seed),
        random_common_cause(point, data, effect.estimate, effect.se, seed),
        data_subset(point, data, effect.estimate, effect.se, seed),
    ]
    sensitivity = e_value(
        effect.estimate, nearest_limit(effect.ci_low, effect.ci_high), data.y, data.d
    )
    return replace(result, refutations=checks, sensitivity=sensitivity)
