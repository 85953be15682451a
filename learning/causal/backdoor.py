# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Estimators that adjust for observed confounders X: regression, weighting, doubly robust.

Regression adjustment (imputation by a fully interacted linear model, Imbens & Wooldridge
2009 §5.3): OLS of ``y`` on ``[1, D, X̃, D·X̃]`` with ``X̃ = X − x̄_target``; the coefficient of
``D`` is the ATT when ``x̄_target`` is the treated mean, the ATE when it is the overall mean.
Its SE is HC1 (cluster-robust CR1 with clusters), as statsmodels' OLS reports it.

Stabilised inverse-propensity weighting (Hájek): ``μ̂₁ = Σ Dᵢyᵢwᵢ / Σ Dᵢwᵢ`` and
``μ̂₀ = Σ (1−Dᵢ)yᵢwᵢ / Σ (1−Dᵢ)wᵢ`` with ``w = 1/e`` (treated) and ``1/(1 − e)`` (controls)
for the ATE, ``w = 1`` and ``e/(1 − e)`` for the ATT — normalising each arm is what the
stabilised weights ``P(D)/e`` do. Its CI is the bootstrap with the propensity refitted.

AIPW (doubly robust: consistent if either the propensity or the outcome model is right).
ATE: ``ψᵢ = μ̂₁(xᵢ) − μ̂₀(xᵢ) + Dᵢ(yᵢ − μ̂₁(xᵢ))/eᵢ − (1−Dᵢ)(yᵢ − μ̂₀(xᵢ))/(1 − eᵢ)``,
``τ̂ = ψ̄``. ATT with ``rᵢ = yᵢ − μ̂₀(xᵢ)`` and ``ωᵢ = eᵢ/(1 − eᵢ)``:
``τ̂ = Σ_T r / N₁ − Σ_C ω r / Σ_C ω``. Outcome models are OLS per arm. The SE is that of the
influence function (summed within clusters), ``√(Σ_g ψ_g²)/N``, valid because the score is
orthogonal to both nuisance models.
"""

from __future__ import annotations

import numpy as np
import statsmodels.api as sm

from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.estimate import CausalEstimate, bootstrap_se, with_interval
from learning.causal.propensity import (
    Propensity,
    logistic_fit,
    overlap,
    standardise,
    trim_mask,
)

ESTIMANDS = ("att", "ate")


def _check_estimand(estimand: str) -> None:
    if estimand not in ESTIMANDS:
        raise CausalInputError("invalid_estimand", f"estimand must be one of {ESTIMANDS}")


def _arms(data: CausalInput) -> tuple[int, int]:
    treated = int(data.d.sum())
    return treated, data.n - treated


def ols_fit(y: np.ndarray, design: np.ndarray, groups: np.ndarray | None):
    model = sm.OLS(y, design)
    if groups is None:
        return model.fit(cov_type="HC1")
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups})


def _regression_design(data: CausalInput, estimand: str) -> np.ndarray:
    target = data.x[data.d == 1] if estimand == "att" else data.x
    centred = data.x - target.mean(axis=0) if data.x.size else data.x
    return np.column_stack([np.ones(data.n), data.d, centred, data.d[:, None] * centred])


def regression_point(data: CausalInput, estimand: str) -> float:
    design = _regression_design(data, estimand)
    return float(np.linalg.lstsq(design, data.y, rcond=None)[0][1])


def regression_adjustment(data: CausalInput, estimand: str = "ate") -> CausalEstimate:
    _check_estimand(estimand)
    fit = ols_fit(data.y, _regression_design(data, estimand), data.groups)
    estimate, se = float(fit.params[1]), float(fit.bse[1])
    n1, n0 = _arms(data)
    return CausalEstimate.analytic(
        method="regression",
        estimand=estimand,
        estimate=estimate,
        se=se,
        n_treated=n1,
        n_control=n0,
        ci_method="analytic: OLS, "
        + ("cluster-robust (CR1)" if data.groups is not None else "HC1"),
        balance=balance_table(data.x, data.names, data.d),
    )


def ipw_weights(d: np.ndarray, e: np.ndarray, estimand: str) -> np.ndarray:
    if estimand == "att":
        return np.where(d == 1, 1.0, e / (1 - e))
    return np.where(d == 1, 1 / e, 1 / (1 - e))


def _trimmed(data: CausalInput, trim: float) -> CausalInput:
    return _trimmed_fit(data, trim)[0]


def _trimmed_fit(
    data: CausalInput, trim: float, full: Propensity | None = None
) -> tuple[CausalInput, Propensity | None]:
    """The rows inside the trimming band, and their propensity fit when it is already known.

    When the band keeps every row the kept table is the table itself, so the fit that chose
    the rows is the fit on them (the same numbers; refitting it cost half of every trimmed
    AIPW and IPW draw). ``full``: the fit on all of ``data`` when the caller has it.
    """
    if trim <= 0:
        return data, full
    fit = full or logistic_fit(data.d, data.x)
    keep = trim_mask(fit.score, trim)
    if keep.all():
        kept, known = data, fit
    else:
        kept, known = data.take(np.flatnonzero(keep)), None
    if min(kept.d.sum(), (1 - kept.d).sum()) < 2:
        raise CausalInputError("no_overlap", "trimming left an arm (almost) empty")
    return kept, known


def ipw_point(data: CausalInput, estimand: str, trim: float = 0.0) -> float:
    data, known = _trimmed_fit(data, trim)
    e = (known or logistic_fit(data.d, data.x)).score
    w = ipw_weights(data.d, e, estimand)
    t = data.d == 1
    return float(np.sum(w[t] * data.y[t]) / w[t].sum() - np.sum(w[~t] * data.y[~t]) / w[~t].sum())


def ipw(
    data: CausalInput,
    estimand: str = "ate",
    *,
    trim: float = 0.0,
    draws: int = 200,
    seed: int = 0,
) -> CausalEstimate:
    _check_estimand(estimand)
    full_score = logistic_fit(data.d, data.x).score
    kept = _trimmed(data, trim)
    fit = logistic_fit(kept.d, kept.x)
    w = ipw_weights(kept.d, fit.score, estimand)
    estimate = ipw_point(kept, estimand)
    se, failed = bootstrap_se(lambda b: ipw_point(b, estimand, trim), data, draws=draws, seed=seed)
    n1, n0 = _arms(kept)
    result = CausalEstimate(
        method="ipw",
        estimand=estimand,
        estimate=estimate,
        se=np.nan,
        ci_low=np.nan,
        ci_high=np.nan,
        p_value=np.nan,
        n_treated=n1,
        n_control=n0,
        ci_method="",
        balance=balance_table(kept.x, kept.names, kept.d, w),
        overlap=overlap(full_score, data.d),
        diagnostics={
            "trimmed": data.n - kept.n,
            "effective_sample_size_control": _ess(w[kept.d == 0]),
            "effective_sample_size_treated": _ess(w[kept.d == 1]),
            "propensity_iterations": fit.iterations,
            "bootstrap_failed_draws": failed,
        },
    )
    return with_interval(
        result, se, f"bootstrap: {draws} draws, propensity refitted per draw, seed {seed}"
    )


def _ess(w: np.ndarray) -> float:
    return float(w.sum() ** 2 / np.sum(w**2)) if w.size else 0.0


def _outcome_model(data: CausalInput, arm: int, xs: np.ndarray) -> np.ndarray:
    """OLS of y on [1, standardised X] within one arm, predicted for every row."""
    design = np.column_stack([np.ones(data.n), xs])
    rows = data.d == arm
    coef = np.linalg.lstsq(design[rows], data.y[rows], rcond=None)[0]
    return design @ coef


def aipw_scores(
    data: CausalInput, estimand: str, fit: Propensity | None = None
) -> tuple[float, np.ndarray, np.ndarray]:
    """Point estimate, per-row influence values and the propensity scores (``fit``: the
    propensity model of ``data`` when the caller has it)."""
    xs = standardise(data.x)
    e = (fit or logistic_fit(data.d, data.x, standardised=xs)).score
    mu0 = _outcome_model(data, 0, xs)
    d, y, n = data.d, data.y, data.n
    if estimand == "ate":
        mu1 = _outcome_model(data, 1, xs)
        psi = mu1 - mu0 + d * (y - mu1) / e - (1 - d) * (y - mu0) / (1 - e)
        tau = float(psi.mean())
        return tau, psi - tau, e
    r, omega = y - mu0, e / (1 - e)
    n1 = d.sum()
    a = float(np.sum(d * r) / n1)
    control_weight = float(np.sum((1 - d) * omega))
    b = float(np.sum((1 - d) * omega * r) / control_weight)
    influence = d * (r - a) / (n1 / n) - (1 - d) * omega * (r - b) / (control_weight / n)
    return a - b, influence, e


def _check_within_outcome_range(tau: float, y: np.ndarray, method: str) -> None:
    """No effect on an outcome can exceed the outcome's own range (on an interview rate, 100
    points): an estimate beyond it comes from an outcome model extrapolating into rows unlike
    the ones it was fitted on (a covariate nearly constant in one arm), not from the data, so
    it is refused with the reason instead of being reported."""
    span = float(np.ptp(y)) if y.size else 0.0
    if not np.isfinite(tau) or abs(tau) > span:
        raise CausalInputError(
            "unstable",
            f"the {method} estimate ({tau:.3g}) lies outside what the outcome allows (its "
            f"range is {span:.3g}): the outcome model extrapolates between arms that differ "
            "too much in some covariate; remove or coarsen that covariate, or trim harder",
        )


def aipw_point(data: CausalInput, estimand: str, trim: float = 0.0) -> float:
    """The AIPW estimate after the same trimming as :func:`aipw` (for the refutations)."""
    kept, fit = _trimmed_fit(data, trim)
    return aipw_scores(kept, estimand, fit)[0]


def aipw(data: CausalInput, estimand: str = "ate", *, trim: float = 0.0) -> CausalEstimate:
    _check_estimand(estimand)
    full = logistic_fit(data.d, data.x)
    full_score = full.score
    kept, known = _trimmed_fit(data, trim, full)
    tau, influence, e = aipw_scores(kept, estimand, known)
    _check_within_outcome_range(tau, kept.y, "AIPW")
    if kept.groups is not None:
        influence = np.bincount(kept.groups, weights=influence)
    se = float(np.sqrt(np.sum(influence**2)) / kept.n)
    n1, n0 = _arms(kept)
    return CausalEstimate.analytic(
        method="dr",
        estimand=estimand,
        estimate=tau,
        se=se,
        n_treated=n1,
        n_control=n0,
        ci_method="analytic: influence function of the AIPW score"
        + (", summed within clusters" if kept.groups is not None else ""),
        balance=balance_table(kept.x, kept.names, kept.d, ipw_weights(kept.d, e, estimand)),
        overlap=overlap(full_score, data.d),
        diagnostics={"trimmed": data.n - kept.n},
    )
