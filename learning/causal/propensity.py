# ruff: noqa: RUF002, RUF003 -- formulas are written in mathematical notation
"""Propensity scores: an unpenalised logistic model fitted to convergence, and overlap.

``e(x) = P(D = 1 | X = x) = σ(α + β'x̃)`` on **standardised** covariates ``x̃ = (x − x̄)/s``
(the fit, not the model, changes with scale: a penalised or early-stopped solver on raw
dollar columns gives answers that move with the solver's tolerance). Newton–Raphson on the
log-likelihood, ``θ ← θ + (X'WX)⁻¹ X'(d − p)``, ``W = diag(p(1 − p))``, until the largest
score component is below ``GRADIENT_TOL``; otherwise :class:`PropensityError` — an estimate
never rests on a model that did not converge or on perfectly separated arms.

Overlap: the scores of each arm, the share of treated units whose score lies above every
control's (no comparable control), and the shares outside ``[OVERLAP_LOW, 1 − OVERLAP_LOW]``.
Trimming (Crump et al. 2009's rule of thumb ``[0.1, 0.9]``) drops units outside a band and
changes the estimand to the trimmed population; the result says how many were dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.causal.data import CausalInputError

GRADIENT_TOL = 1e-9
MAX_ITERATIONS = 100
MAX_HALVINGS = 40
SEPARATION_EPS = 1e-6  # every unit's arm predicted this closely: the arms are separated
# A log-odds change per SD beyond this only arises when a covariate (nearly) separates the
# arms and the estimate runs off to infinity (measured: at most 10 on Lalonde's CPS sample).
MAX_STANDARDISED_COEF = 30.0
OVERLAP_LOW = 0.05


class PropensityError(CausalInputError):
    """The propensity model cannot be trusted (no convergence, separation)."""


@dataclass(frozen=True)
class Propensity:
    score: np.ndarray  # e(x) per row
    linear: np.ndarray  # α + β'x̃ (the logit), what matching compares
    params: np.ndarray  # [α, β] on standardised covariates
    iterations: int


def standardise(x: np.ndarray) -> np.ndarray:
    """Centre and scale each column (population SD); constant columns become zeros."""
    if x.shape[1] == 0:
        return x.astype(float)
    sd = x.std(axis=0)
    return np.where(sd > 0, (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0), 0.0)


def logistic_fit(
    d: np.ndarray, x: np.ndarray, *, standardised: np.ndarray | None = None
) -> Propensity:
    """Unpenalised logit of ``d`` on ``[1, standardise(x)]`` by Newton–Raphson.

    ``standardised`` is ``standardise(x)`` when the caller already has it. Raises
    :class:`PropensityError` when it does not converge or the arms are separated.
    """
    xs = standardise(x) if standardised is None else standardised
    design = np.column_stack([np.ones(len(d)), xs])
    design = design[:, np.r_[True, np.ptp(design[:, 1:], axis=0) > 0]]
    theta = np.zeros(design.shape[1])
    theta[0] = np.log(d.mean() / (1 - d.mean()))
    eta = design @ theta  # kept in step with theta: the line search returns it
    loglik = _loglik(d, eta)
    for iteration in range(1, MAX_ITERATIONS + 1):  # noqa: B007 -- reported after the loop
        p = _sigmoid(eta)
        gradient = design.T @ (d - p)
        if np.max(np.abs(gradient)) < GRADIENT_TOL * len(d):
            break
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError as exc:
            raise PropensityError(
                "propensity_singular",
                "the covariates are collinear: the propensity model is not identified",
            ) from exc
        theta, loglik, eta = _line_search(d, design, theta, step, loglik, eta)
    else:
        raise PropensityError(
            "propensity_not_converged",
            f"the propensity model did not converge in {MAX_ITERATIONS} Newton steps",
        )
    p = _sigmoid(eta)
    separated = np.max(np.abs(d - p)) < SEPARATION_EPS
    if separated or np.max(np.abs(theta[1:]), initial=0.0) > MAX_STANDARDISED_COEF:
        raise PropensityError(
            "no_overlap",
            "the covariates separate treated from control units: some have no comparable "
            "unit in the other arm",
        )
    return Propensity(_sigmoid(eta), eta, theta, iteration)


def _sigmoid(eta: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -eta))


def _loglik(d: np.ndarray, eta: np.ndarray) -> float:
    return float(np.sum(d * eta - np.logaddexp(0.0, eta)))


def _line_search(
    d: np.ndarray,
    design: np.ndarray,
    theta: np.ndarray,
    step: np.ndarray,
    loglik: float,
    eta: np.ndarray,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Newton step, halved until the log-likelihood does not fall (damped Newton).

    Returns the new ``theta``, its log-likelihood and ``design @ theta`` (``eta`` is that of
    the current ``theta``, returned when no step is taken).
    """
    for _ in range(MAX_HALVINGS):
        candidate = theta + step
        candidate_eta = design @ candidate
        value = _loglik(d, candidate_eta)
        if value >= loglik - 1e-12 * abs(loglik):
            return candidate, value, candidate_eta
        step = step / 2
    return theta, loglik, eta


def overlap(score: np.ndarray, d: np.ndarray) -> dict[str, float]:
    """Where the arms' scores lie and how many units have no comparable unit."""
    treated, control = score[d == 1], score[d == 0]
    return {
        "treated_min": float(treated.min()),
        "treated_max": float(treated.max()),
        "control_min": float(control.min()),
        "control_max": float(control.max()),
        "treated_above_control_max": float(np.mean(treated > control.max())),
        "control_below_treated_min": float(np.mean(control < treated.min())),
        "share_outside_band": float(np.mean((score < OVERLAP_LOW) | (score > 1 - OVERLAP_LOW))),
        "band": OVERLAP_LOW,
    }


def trim_mask(score: np.ndarray, trim: float) -> np.ndarray:
    """Rows whose score lies in ``[trim, 1 − trim]``."""
    if not 0 <= trim < 0.5:
        raise CausalInputError("invalid_trim", "trim must be in [0, 0.5)")
    return (score >= trim) & (score <= 1 - trim)
