# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""One entry point: an estimate by the chosen method, with its refutations and sensitivity.

``estimate_effect(data, method=..., estimand=..., seed=...)`` runs the estimator, then the
refutations of :mod:`learning.causal.refute` (placebo, random common cause, data subset) with
the same point estimator, plus each design's own checks (weak instrument for IV, pre-trend for
DiD, placebo cut-offs for RD), and the E-value. Same input and seed, same output.

A backdoor estimate (psm, ipw, dr, regression) of a table that also carries a randomised
instrument gets one more check, ``randomised_arm``: it must agree with the 2SLS estimate of
the same table, ``|θ̂ − θ̂_IV| ≤ 1.96 √(SE² + SE_IV²)``. Placebo, random common cause and
data subset test an estimator's stability and cannot see selection on a trait nobody
recorded; the randomised arm can. The two target different units (treated or everyone vs
the compliers), so a failure says "unobserved confounding or an effect that differs between
them" — either way not the figure to act on. With a weak instrument (F < 10) the check is
not run (``passed`` None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from learning.causal.backdoor import (
    aipw,
    aipw_point,
    ipw,
    ipw_point,
    ols_fit,
    regression_adjustment,
    regression_point,
)
from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.discontinuity import rd
from learning.causal.estimate import CausalEstimate, e_value, nearest_limit, normal_interval
from learning.causal.iv import (
    WEAK_INSTRUMENT_F,
    iv_point,
    least_squares,
    two_stage_least_squares,
)
from learning.causal.matching import DEFAULT_NEIGHBOURS, psm, psm_point
from learning.causal.panel import did
from learning.causal.refute import (
    data_subset,
    permute_instrument,
    permute_treated_units,
    placebo_treatment,
    random_common_cause,
)

METHODS = ("psm", "ipw", "dr", "regression", "iv", "did", "rd")
BACKDOOR = ("psm", "ipw", "dr", "regression")
AGREEMENT_Z = 1.96


def _clusters(data: CausalInput) -> np.ndarray:
    return data.groups if data.groups is not None else np.arange(data.n)


def iv_estimate(data: CausalInput) -> CausalEstimate:
    if data.z is None:
        raise CausalInputError("missing_column", "instrumental variables need --instrument")
    exog = np.column_stack([np.ones(data.n), data.x])
    clustered = data.groups is not None
    result = two_stage_least_squares(
        data.y, data.d, exog, data.z, _clusters(data), cov="auto" if clustered else "cluster"
    )
    effect = result.effect
    weak = result.first_stage_f < WEAK_INSTRUMENT_F
    n1 = int(data.d.sum())
    ci = (
        "analytic: 2SLS, cluster jackknife (CV3) by cluster, t with G-1 degrees of freedom"
        if result.cov == "jackknife"
        else "analytic: 2SLS, cluster-robust (CR1)"
        + (" by cluster" if clustered else ", one cluster per row")
    )
    return CausalEstimate.from_effect(
        effect,
        method="iv",
        estimand="late",
        n_treated=n1,
        n_control=data.n - n1,
        ci_method=ci,
        balance=_instrument_balance(data),
        diagnostics={"first_stage_f": result.first_stage_f},
        refutations=[
            {
                "name": "weak_instrument",
                "value": result.first_stage_f,
                "bound": WEAK_INSTRUMENT_F,
                "passed": not weak,
                "description": f"first-stage F of the instrument must reach {WEAK_INSTRUMENT_F}",
            }
        ],
    )


def randomised_arm_check(data: CausalInput, result: CausalEstimate) -> dict[str, Any]:
    """The backdoor estimate against the randomised instrument's 2SLS estimate (see above)."""
    iv = iv_estimate(data)
    f = iv.diagnostics["first_stage_f"]
    shift = result.estimate - iv.estimate
    bound = AGREEMENT_Z * float(np.hypot(result.se, iv.se))
    usable = f >= WEAK_INSTRUMENT_F and np.isfinite(shift) and np.isfinite(bound)
    return {
        "name": "randomised_arm",
        "value": iv.estimate,
        "shift": shift,
        "bound": bound,
        "first_stage_f": f,
        "passed": bool(abs(shift) <= bound) if usable else None,
        "description": "the estimate must agree with the randomised instrument's 2SLS estimate "
        f"within {AGREEMENT_Z} SE of their difference (a failure: unobserved confounding, or "
        "an effect that differs between the treated and the compliers)",
    }


def _instrument_balance(data: CausalInput) -> list[dict[str, Any]]:
    """Covariates by instrument arm (0/1 instrument; otherwise above vs below its median)."""
    assert data.z is not None
    binary = np.isin(data.z, (0.0, 1.0)).all()
    arm = data.z if binary else (data.z > np.median(data.z)).astype(float)
    if not data.x.size or arm.min() == arm.max():
        return []
    return balance_table(data.x, data.names, arm)


def _z(data: CausalInput) -> np.ndarray:
    if data.z is None:
        raise CausalInputError("missing_column", "instrumental variables need --instrument")
    return data.z


def reduced_form(data: CausalInput) -> float:
    """Coefficient of the instrument in OLS of y on [1, Z, X] (its placebo must be zero)."""
    design = np.column_stack([np.ones(data.n), _z(data), data.x])
    return float(least_squares(design, data.y)[1])


def _reduced_form_se(data: CausalInput) -> float:

    design = np.column_stack([np.ones(data.n), _z(data), data.x])
    return float(ols_fit(data.y, design, data.groups).bse[1])


def _point(method: str, estimand: str, options: dict[str, Any]) -> Callable[[CausalInput], float]:
    trim = options.get("trim", 0.0)
    if method == "psm":
        return lambda d: psm_point(
            d, estimand, options.get("k", DEFAULT_NEIGHBOURS), options.get("caliper")
        )
    if method == "ipw":
        return lambda d: ipw_point(d, estimand, trim)
    if method == "dr":
        return lambda d: aipw_point(d, estimand, trim)
    if method == "regression":
        return lambda d: regression_point(d, estimand)
    if method == "iv":
        return lambda d: iv_point(d.y, d.d, np.column_stack([np.ones(d.n), d.x]), _z(d))
    return lambda d: did(d).estimate


def _estimate(
    data: CausalInput, method: str, estimand: str, seed: int, options: dict[str, Any]
) -> CausalEstimate:
    draws = options.get("draws", 200)
    trim = options.get("trim", 0.0)
    if method == "psm":
        return psm(
            data, estimand, k=options.get("k", DEFAULT_NEIGHBOURS), caliper=options.get("caliper"),
            trim=trim, draws=draws, seed=seed,
        )  # fmt: skip
    if method == "ipw":
        return ipw(data, estimand, trim=trim, draws=draws, seed=seed)
    if method == "dr":
        return aipw(data, estimand, trim=trim)
    if method == "regression":
        return regression_adjustment(data, estimand)
    if method == "iv":
        return iv_estimate(data)
    if method == "did":
        return did(data)
    return rd(data, options.get("bandwidth"))


def estimate_effect(
    data: CausalInput,
    *,
    method: str = "dr",
    estimand: str = "att",
    seed: int = 0,
    refute: bool = True,
    **options: Any,
) -> CausalEstimate:
    """The estimate with refutations. Raises CausalInputError on input it cannot use."""
    if method not in METHODS:
        raise CausalInputError("invalid_method", f"method must be one of {', '.join(METHODS)}")
    if method in ("psm", "ipw", "dr") and data.x.shape[1] == 0:
        raise CausalInputError("missing_covariates", f"{method} needs at least one covariate")
    result = _estimate(data, method, estimand, seed, options)
    if not refute:
        return result
    checks = list(result.refutations)
    if method != "rd":
        checks += _generic_refutations(data, method, estimand, seed, options, result)
    if method in BACKDOOR and data.z is not None:
        checks.append(randomised_arm_check(data, result))
    sensitivity = e_value(
        result.estimate, nearest_limit(result.ci_low, result.ci_high), data.y, data.d
    )
    return replace(result, refutations=checks, sensitivity=sensitivity)


def _generic_refutations(data, method, estimand, seed, options, result):
    point = _point(method, estimand, options)
    out = []
    if method == "iv":
        se = _reduced_form_se(data)
        out.append(
            placebo_treatment(reduced_form, data, se, seed, permute=permute_instrument, column="z")
        )
    elif method == "did":
        out.append(placebo_treatment(point, data, result.se, seed, permute=permute_treated_units))
    else:
        out.append(placebo_treatment(point, data, result.se, seed))
    if method != "did":
        out.append(random_common_cause(point, data, result.estimate, result.se, seed))
    out.append(data_subset(point, data, result.estimate, result.se, seed))
    return out


__all__ = ["METHODS", "estimate_effect", "normal_interval"]
