# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Propensity-score matching with replacement, a caliper and Abadie–Imbens bias correction.

Units are matched on the linear propensity score ``ℓ = α + β'x̃`` (the logit; see
:mod:`learning.causal.propensity`) to their ``M`` nearest units of the other arm, with
replacement; ties in distance go to the unit earlier in the canonical row order. With a
caliper ``c`` (in SDs of ``ℓ``) neighbours farther than ``c·SD(ℓ)`` are dropped, each unit
averages the neighbours it kept (weights ``ωᵢⱼ = 1/Mᵢ``), and units with none leave the
estimand (counted in ``diagnostics.unmatched``).

Bias correction (Abadie & Imbens 2011): with ``μ̂_w`` the OLS fit of ``y`` on the
standardised covariates within arm ``w``, the imputed missing outcome of unit ``i`` is
``Ŷᵢ(1−Wᵢ) = Σⱼ ωᵢⱼ (yⱼ + μ̂_{1−Wᵢ}(xᵢ) − μ̂_{1−Wᵢ}(xⱼ))``.

Variance (Abadie & Imbens 2006, Theorem 7 estimators, with ``Kⱼ = Σᵢ ωᵢⱼ`` how often unit
``j`` is used and ``K'ⱼ = Σᵢ ωᵢⱼ²``)::

    ATT: V̂ = [Σ_T (Ŷᵢ(1) − Ŷᵢ(0) − τ̂)² + Σ_C (Kⱼ² − K'ⱼ) σ̂²ⱼ] / N₁²
    ATE: V̂ = [Σ (Ŷᵢ(1) − Ŷᵢ(0) − τ̂)² + Σ (Kᵢ² + 2Kᵢ − K'ᵢ) σ̂²ᵢ] / N²

(with ``ωᵢⱼ = 1/M`` these are AI's ``K(K−1)/M²`` and ``(K/M)² + (2M−1)/M·K/M`` terms), and
the conditional variance ``σ̂²ᵢ = J/(J+1) (yᵢ − ȳ_{J nearest of its own arm})²``, ``J = 2``.
The correction for matching on an *estimated* score (Abadie & Imbens 2016) is not applied: for
the ATE that makes the interval conservative. With clustered rows the interval is instead the
cluster bootstrap (the whole matching re-run per draw; approximate for matching, Abadie &
Imbens 2008).
"""

from __future__ import annotations

import numpy as np

from learning.causal.backdoor import _check_estimand, _trimmed
from learning.causal.balance import balance_table
from learning.causal.data import CausalInput, CausalInputError
from learning.causal.estimate import CausalEstimate, bootstrap_se, with_interval
from learning.causal.propensity import logistic_fit, overlap, standardise

DEFAULT_NEIGHBOURS = 4
VARIANCE_NEIGHBOURS = 2


def nearest(
    query: np.ndarray, pool: np.ndarray, k: int, *, self_positions: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Indices into ``pool`` of the ``k`` nearest values to each query (1-D), and distances.

    ``self_positions``: the query's own index in ``pool`` (matching within an arm), excluded.
    """
    if len(pool) < k + (self_positions is not None):
        raise CausalInputError("too_few_controls", f"an arm has fewer than {k} units to match")
    order = np.argsort(pool, kind="stable")
    sorted_pool = pool[order]
    rank = np.searchsorted(sorted_pool, query)
    offsets = np.arange(-k - 1, k + 1)
    positions = rank[:, None] + offsets[None, :]
    valid = (positions >= 0) & (positions < len(pool))
    clipped = np.clip(positions, 0, len(pool) - 1)
    candidates = order[clipped]
    distance = np.where(valid, np.abs(sorted_pool[clipped] - query[:, None]), np.inf)
    if self_positions is not None:
        distance = np.where(candidates == self_positions[:, None], np.inf, distance)
    # stable: equal distances keep the window's order, i.e. the canonical row order
    pick = np.argsort(distance, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(candidates, pick, 1), np.take_along_axis(distance, pick, 1)


def _conditional_variance(y: np.ndarray, score: np.ndarray) -> np.ndarray:
    own = np.arange(len(y))
    idx, _ = nearest(score, score, VARIANCE_NEIGHBOURS, self_positions=own)
    j = VARIANCE_NEIGHBOURS
    return j / (j + 1) * (y - y[idx].mean(axis=1)) ** 2


def _bias_model(y: np.ndarray, xs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    if xs.shape[1] == 0:
        return np.zeros(len(y))
    design = np.column_stack([np.ones(len(y)), xs])
    coef = np.linalg.lstsq(design[rows], y[rows], rcond=None)[0]
    return design @ coef


def _impute(data, score, xs, source_arm, k, caliper_width):
    """For the units of the other arm: imputed outcome, kept flag and per-pool-unit K, K'."""
    targets = np.flatnonzero(data.d != source_arm)
    pool = np.flatnonzero(data.d == source_arm)
    idx, dist = nearest(score[targets], score[pool], k)
    keep = dist <= caliper_width
    counts = keep.sum(axis=1)
    omega = np.where(keep, 1.0 / np.maximum(counts, 1)[:, None], 0.0)
    mu = _bias_model(data.y, xs, data.d == source_arm)
    neighbours = pool[idx]
    corrected = data.y[neighbours] + mu[targets][:, None] - mu[neighbours]
    imputed = np.sum(omega * corrected, axis=1)
    k_used = np.bincount(idx.ravel(), weights=omega.ravel(), minlength=len(pool))
    k_squared = np.bincount(idx.ravel(), weights=(omega**2).ravel(), minlength=len(pool))
    return targets, imputed, counts > 0, pool, k_used, k_squared


def psm_point(data: CausalInput, estimand: str, k: int, caliper: float | None) -> float:
    return _psm(data, estimand, k, caliper)[0]


def _psm(data: CausalInput, estimand: str, k: int, caliper: float | None):
    fit = logistic_fit(data.d, data.x)
    score, xs = fit.linear, standardise(data.x)
    width = np.inf if caliper is None else caliper * float(score.std())
    sigma2 = np.empty(data.n)
    for arm in (0, 1):
        rows = np.flatnonzero(data.d == arm)
        sigma2[rows] = _conditional_variance(data.y[rows], score[rows])
    y1, y0 = data.y.copy(), data.y.copy()
    kept = np.ones(data.n, bool)
    usage = np.zeros(data.n)
    usage_sq = np.zeros(data.n)
    arms = (0,) if estimand == "att" else (0, 1)
    for source in arms:
        targets, imputed, ok, pool, k_used, k_sq = _impute(data, score, xs, source, k, width)
        (y0 if source == 0 else y1)[targets] = imputed
        kept[targets] &= ok
        usage[pool] += k_used
        usage_sq[pool] += k_sq
    if estimand == "att":
        in_estimand = (data.d == 1) & kept
        effect = (y1 - y0)[in_estimand]
        extra = np.where(data.d == 0, usage**2 - usage_sq, 0.0)
        n_target = in_estimand.sum()
        weights = np.where(data.d == 1, in_estimand.astype(float), usage)
    else:
        in_estimand = kept
        effect = (y1 - y0)[in_estimand]
        extra = usage**2 + 2 * usage - usage_sq
        n_target = in_estimand.sum()
        weights = 1 + usage
    if n_target < 2:
        raise CausalInputError("no_overlap", "no unit found a match within the caliper")
    tau = float(effect.mean())
    variance = (np.sum((effect - tau) ** 2) + np.sum(extra * sigma2)) / n_target**2
    return tau, float(np.sqrt(variance)), weights, fit, int(data.n - kept.sum())


def psm(
    data: CausalInput,
    estimand: str = "att",
    *,
    k: int = DEFAULT_NEIGHBOURS,
    caliper: float | None = None,
    trim: float = 0.0,
    draws: int = 200,
    seed: int = 0,
) -> CausalEstimate:
    _check_estimand(estimand)
    if k < 1:
        raise CausalInputError("invalid_neighbours", "k must be at least 1")
    if caliper is not None and caliper <= 0:
        raise CausalInputError("invalid_caliper", "the caliper must be positive")
    full_score = logistic_fit(data.d, data.x).score
    kept = _trimmed(data, trim)
    tau, se, weights, fit, unmatched = _psm(kept, estimand, k, caliper)
    treated = kept.d == 1
    n1 = int((weights[treated] > 0).sum())
    n0 = int((weights[~treated] > 0).sum())
    result = CausalEstimate.analytic(
        method="psm",
        estimand=estimand,
        estimate=tau,
        se=se,
        n_treated=n1,
        n_control=n0,
        ci_method=f"analytic: Abadie-Imbens (2006) variance, {k} neighbours, bias-corrected",
        balance=balance_table(kept.x, kept.names, kept.d, weights),
        overlap=overlap(full_score, data.d),
        diagnostics={
            "neighbours": k,
            "caliper_sd": caliper,
            "unmatched": unmatched,
            "trimmed": data.n - kept.n,
            "propensity_iterations": fit.iterations,
        },
    )
    if kept.groups is None:
        return result
    se_boot, failed = bootstrap_se(
        lambda b: psm_point(b, estimand, k, caliper), kept, draws=draws, seed=seed
    )
    result.diagnostics["bootstrap_failed_draws"] = failed
    return with_interval(
        result,
        se_boot,
        f"cluster bootstrap: {draws} draws, propensity refitted and units "
        f"re-matched per draw, seed {seed}",
    )
