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

from dataclasses import replace

import numpy as np

from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.estimate import CausalEstimate, e_value, nearest_limit
from learning.causal.refute import data_subset, placebo_treatment, random_common_cause
from learning.causal.regression import PartialledControls

METHOD = "user fixed effects"


def within_point(data: CausalInput) -> float:
    if data.groups is None:
        raise CausalInputError("missing_column", "a within-unit estimate needs a unit column")
    return PartialledControls.of(data.y, data.x, data.groups).effect(data.d, METHOD).estimate


def within_estimate(data: CausalInput, *, seed: int = 0, refute: bool = True) -> CausalEstimate:
    """The fixed-effects estimate with its interval, balance, refutations and E-value."""
    if data.groups is None:
        raise CausalInputError("missing_column", "a within-unit estimate needs a unit column")
    effect = PartialledControls.of(data.y, data.x, data.groups).effect(data.d, METHOD)
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
        placebo_treatment(within_point, data, effect.se, seed),
        random_common_cause(within_point, data, effect.estimate, effect.se, seed),
        data_subset(within_point, data, effect.estimate, effect.se, seed),
    ]
    sensitivity = e_value(
        effect.estimate, nearest_limit(effect.ci_low, effect.ci_high), data.y, data.d
    )
    return replace(result, refutations=checks, sensitivity=sensitivity)
