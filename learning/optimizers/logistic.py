# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Unpenalised logistic regression by Newton–Raphson, and a weighted ROC AUC.

Logistic model ``P(y=1|x) = σ(x'β)``; each Newton step solves
``(X'WX) δ = X'(y − p)`` with ``W = diag(p(1−p))`` until ``max|δ| < tol``. Unpenalised and
run to convergence on its own scale, unlike scikit-learn's default (L2, C=1, lbfgs at
tol=1e-4), whose shrinkage would distort learned weights (see the causal research note).

Weighted AUC (ties count one half): with sample weights ``w`` (e.g. a bootstrap draw)::

    AUC = Σ_{i: y=1} w_i (W⁻(s < s_i) + ½ W⁻(s = s_i)) / (W⁺ · W⁻)

where ``W⁻(·)`` sums the weights of negatives. Scores are ranked once; each weighting is
then two bincounts and a cumulative sum, O(n), which makes a cluster bootstrap of a
held-out AUC difference cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_ITER = 50
TOL = 1e-8


@dataclass(frozen=True)
class LogitResult:
    params: np.ndarray
    cov: np.ndarray
    converged: bool
    iterations: int
    log_likelihood: float


def logit_fit(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None = None,
    start: np.ndarray | None = None,
) -> LogitResult:
    """Maximum-likelihood logistic regression (add the constant column yourself).

    ``start`` warm-starts Newton's method (e.g. from a neighbouring model of a profile).
    """
    w = np.ones(len(y)) if weights is None else weights
    beta = np.zeros(x.shape[1]) if start is None else np.array(start, dtype=float)
    converged, iteration = False, 0
    for iteration in range(1, MAX_ITER + 1):  # noqa: B007 -- the count is reported
        eta = np.clip(x @ beta, -30, 30)
        p = 1.0 / (1.0 + np.exp(-eta))
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x
        # least squares rather than solve: a column that never varies (an edit no one made)
        # leaves the Hessian singular, and its coefficient simply stays at zero
        step = np.linalg.lstsq(hessian, x.T @ (w * (y - p)), rcond=None)[0]
        beta = beta + step
        if np.max(np.abs(step)) < TOL:
            converged = True
            break
    eta = np.clip(x @ beta, -30, 30)
    p = 1.0 / (1.0 + np.exp(-eta))
    hessian = (x * (w * p * (1 - p))[:, None]).T @ x
    loglik = float(np.sum(w * (y * np.log(p + 1e-300) + (1 - y) * np.log(1 - p + 1e-300))))
    return LogitResult(beta, np.linalg.pinv(hessian), converged, iteration, loglik)


@dataclass(frozen=True)
class RankedScores:
    """Scores reduced to dense ranks once, for repeated weighted AUCs."""

    codes: np.ndarray
    n_levels: int
    y: np.ndarray

    @classmethod
    def of(cls, scores: np.ndarray, y: np.ndarray) -> RankedScores:
        uniques, codes = np.unique(scores, return_inverse=True)
        return cls(codes, len(uniques), y.astype(float))

    def auc(self, weights: np.ndarray | None = None) -> float:
        w = np.ones(len(self.y)) if weights is None else weights
        pos = np.bincount(self.codes, weights=w * self.y, minlength=self.n_levels)
        neg = np.bincount(self.codes, weights=w * (1 - self.y), minlength=self.n_levels)
        below = np.cumsum(neg) - neg
        total = pos.sum() * neg.sum()
        return float(np.sum(pos * (below + 0.5 * neg)) / total) if total > 0 else float("nan")


def auc(scores: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> float:
    return RankedScores.of(scores, y).auc(weights)


def logit_cluster_cov(
    x: np.ndarray, y: np.ndarray, params: np.ndarray, users: np.ndarray
) -> np.ndarray:
    """Cluster-robust logit covariance ``H⁻¹ (Σ_g s_g s_g') H⁻¹``, ``s_g = Σ_i x_i(y_i − p_i)``."""
    p = 1.0 / (1.0 + np.exp(-np.clip(x @ params, -30, 30)))
    hessian_inv = np.linalg.pinv((x * (p * (1 - p))[:, None]).T @ x)
    codes = np.unique(users, return_inverse=True)[1]
    groups = int(codes.max()) + 1
    resid = y - p
    scores = np.column_stack(
        [np.bincount(codes, weights=x[:, j] * resid, minlength=groups) for j in range(x.shape[1])]
    )
    correction = groups / max(groups - 1, 1)
    return correction * hessian_inv @ (scores.T @ scores) @ hessian_inv
