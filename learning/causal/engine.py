# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""One entry point: an estimate by the chosen method, with its refutations and sensitivity.

``estimate_effect(data, method=..., estimand=..., seed=...)`` runs the estimator, then the
refutations of :mod:`learning.causal.refute` (placebo, random common cause, data subset) with
the same point estimator, plus each design's own checks (weak instrument for IV, pre-trend for
DiD, placebo cut-offs for RD), and the E-value. Same input and seed, same output.

A backdoor estimate (psm, ipw, dr, regression) of a table that also carries a randomised
instrument gets one more check, ``randomised_arm``, against the 2SLS estimate of the same
table. Placebo, random common cause and data subset test an estimator's stability and cannot
see selection on a trait nobody recorded; the randomised arm can, as far as the instrument is
strong enough. The difference ``δ̂ = θ̂ − θ̂_IV`` gets its own standard error ``SE_δ`` from a
seeded bootstrap that resamples whole clusters and refits both estimators per draw (the two
are computed on the same rows and are positively correlated, so ``√(SE² + SE_IV²)`` would
overstate it). Three outcomes:

* ``passed`` False (refuted): ``|δ̂| > 1.96 SE_δ`` — the randomised arm contradicts it;
* ``passed`` True (corroborated): an equivalence test, ``|δ̂| + 1.645 SE_δ ≤ ¼ |θ̂|`` — the
  randomised arm rules out (at 5 %) that a quarter of the estimate or more is bias (on the
  simulator, recorded covariates leave a bias of about a quarter of the estimate: with a
  margin of half, a lucky IV draw corroborated it in 2 of 22 worlds);
* ``passed`` None (not corroborated): neither. ``SE_δ`` grows as the instrument weakens
  (it is mostly ``SE_IV``), so a weak arm leaves every estimate here; the check reports the
  smallest bias it would detect with 80 % power, ``2.8 SE_δ``. With F < 10 the check is not
  run and also reads None.

The two estimators target different units (treated or everyone vs the compliers), so a
failure says "unobserved confounding or an effect that differs between them" — either way
not the figure to act on. ``evidence_holds`` needs every check to have passed, so a backdoor
estimate the randomised arm cannot corroborate is never taken as established.
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
from learning.causal.estimate import (
    CausalEstimate,
    bootstrap_se,
    e_value,
    nearest_limit,
    normal_interval,
)
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
EQUIVALENCE_Z = 1.645  # one-sided 5 % for each bound of the equivalence test
EQUIVALENCE_SHARE = 0.25  # the bias the randomised arm must rule out, as a share of |estimate|
DETECTABLE_Z = 1.96 + 0.84  # two-sided 5 % test with 80 % power
AGREEMENT_DRAWS = 100


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


def randomised_arm_check(
    data: CausalInput,
    result: CausalEstimate,
    *,
    seed: int = 0,
    draws: int = AGREEMENT_DRAWS,
    **options: Any,
) -> dict[str, Any]:
    """The backdoor estimate against the randomised instrument's 2SLS estimate (see above)."""
    iv = iv_estimate(data)
    f = iv.diagnostics["first_stage_f"]
    shift = result.estimate - iv.estimate
    out: dict[str, Any] = {
        "name": "randomised_arm",
        "value": iv.estimate,
        "shift": shift,
        "first_stage_f": f,
        "passed": None,
    }
    if f < WEAK_INSTRUMENT_F or not np.isfinite(shift):
        out.update(se=np.nan, bound=np.nan, detectable_bias=np.nan, verdict="weak_instrument")
        out["description"] = (
            f"not run: the instrument's first-stage F is below {WEAK_INSTRUMENT_F}, so it "
            "can neither contradict nor corroborate the estimate"
        )
        return out
    point = _point(result.method, result.estimand, options)
    iv_of = _point("iv", result.estimand, options)
    try:
        se, _ = bootstrap_se(lambda b: point(b) - iv_of(b), data, draws=draws, seed=seed)
    except CausalInputError:
        se = float(np.hypot(result.se, iv.se))  # conservative: ignores their correlation
    bound = AGREEMENT_Z * se
    margin = EQUIVALENCE_SHARE * abs(result.estimate)
    if abs(shift) > bound:
        passed, verdict = False, "contradicted"
    elif abs(shift) + EQUIVALENCE_Z * se <= margin:
        passed, verdict = True, "corroborated"
    else:
        passed, verdict = None, "not_corroborated"
    out.update(
        se=se,
        bound=bound,
        equivalence_margin=margin,
        detectable_bias=DETECTABLE_Z * se,
        passed=passed,
        verdict=verdict,
        description=(
            "the randomised instrument's 2SLS estimate against this one: refuted when they "
            f"differ by more than {AGREEMENT_Z} SE of their difference (bootstrap over "
            f"clusters, {draws} draws, both refitted), corroborated when it rules out a bias "
            f"of {EQUIVALENCE_SHARE:.0%} of the estimate, otherwise not corroborated (a bias "
            f"under {DETECTABLE_Z:.1f} SE of the difference would go unseen)"
        ),
    )
    return out


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
        arm_options = {k: v for k, v in options.items() if k in ("k", "caliper", "trim")}
        checks.append(randomised_arm_check(data, result, seed=seed, **arm_options))
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
