# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Expected calibration error (ECE) and the noise floor it is judged against. No Django.

Bins are equal-mass: the edges are the quantiles of the predictions (as scikit-learn's
``calibration_curve(strategy="quantile")``), so every bin holds about ``n / bins``
applications even when most predictions sit near the base rate. With ``n_b`` predictions in
bin ``b``, mean prediction ``p̄_b`` and observed rate ``ō_b``::

    ECE = Σ_b (n_b / n) · |ō_b − p̄_b|

A perfectly calibrated predictor still shows a positive ECE on a finite sample. The *noise
floor* is the 95th percentile of the ECE when the outcomes are drawn from the predictions
themselves, ``draws`` times, the bin edges kept: an ECE at or below it is indistinguishable
from perfect calibration at this sample size; one above it is miscalibration, not noise.

Applications of one candidate are not independent (a strong candidate is invited more often
than any feature says), so a sample of a few hundred candidates is noisier than as many
independent rows. When candidate ids are given, the draws carry a candidate effect on the
log-odds, ``y* ~ Bernoulli(σ(logit p + u_i))`` with ``u_i ~ N(0, τ²)``, and ``τ²`` is the
method-of-moments estimate from the residuals ``r_i = Σ_a (y_a − p_a)`` of each candidate
(``v_i = Σ_a p_a(1 − p_a)``): ``τ̂² = max(0, Σ_i (r_i² − v_i) / Σ_i v_i²)``. Without
candidates (or with ``τ̂ = 0``) the draws are independent Bernoulli(p).

Per bin, ``ok`` says whether the bin's Wilson 95 % interval of ``ō_b`` covers ``p̄_b``; a
prediction is shown to a candidate only when the whole predictor is calibrated and its own
bin is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.analytics.rates import wilson_interval

DEFAULT_BINS = 10
NOISE_DRAWS = 500
FLOOR_QUANTILE = 0.95
MIN_BIN = 30


def quantile_edges(p: np.ndarray, bins: int = DEFAULT_BINS) -> np.ndarray:
    """``bins + 1`` edges at the quantiles of ``p`` (first 0, last 1)."""
    edges = np.percentile(p, np.linspace(0, 100, bins + 1))
    edges[0], edges[-1] = 0.0, 1.0
    return edges


def bin_of(p: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin index of each prediction (scikit-learn's rule: ``searchsorted`` on inner edges)."""
    return np.searchsorted(edges[1:-1], p)


def _ece(p: np.ndarray, y: np.ndarray, index: np.ndarray, bins: int) -> float:
    n = np.bincount(index, minlength=bins).astype(float)
    sum_p = np.bincount(index, weights=p, minlength=bins)
    sum_y = np.bincount(index, weights=y, minlength=bins)
    seen = n > 0
    return float(np.sum(np.abs(sum_y[seen] - sum_p[seen])) / max(len(p), 1))


def expected_calibration_error(
    p: np.ndarray, y: np.ndarray, edges: np.ndarray | None = None, bins: int = DEFAULT_BINS
) -> float:
    p, y = np.asarray(p, float), np.asarray(y, float)
    edges = quantile_edges(p, bins) if edges is None else edges
    return _ece(p, y, bin_of(p, edges), len(edges) - 1)


@dataclass(frozen=True)
class CalibrationReport:
    ece: float
    noise_floor: float  # 95th percentile of the ECE under perfect calibration
    candidate_sd: float  # τ̂, the candidate effect of the null draws (0: independent rows)
    noise_median: float
    calibrated: bool  # ece <= noise_floor
    sample_size: int
    edges: tuple[float, ...]
    counts: tuple[int, ...]
    mean_predicted: tuple[float, ...]
    observed: tuple[float, ...]
    observed_ci: tuple[tuple[float, float], ...]
    bin_ok: tuple[bool, ...]  # enough rows and the Wilson interval covers the mean prediction

    def shows(self, p: float) -> bool:
        """May this prediction be shown (the predictor and its bin calibrated)?"""
        if not self.calibrated:
            return False
        index = int(bin_of(np.array([p]), np.array(self.edges))[0])
        return self.bin_ok[index]

    def as_dict(self) -> dict:
        return {
            "ece": self.ece,
            "noise_floor": self.noise_floor,
            "candidate_sd": self.candidate_sd,
            "noise_median": self.noise_median,
            "calibrated": self.calibrated,
            "sample_size": self.sample_size,
            "edges": list(self.edges),
            "counts": list(self.counts),
            "mean_predicted": list(self.mean_predicted),
            "observed": list(self.observed),
            "observed_ci": [list(c) for c in self.observed_ci],
            "bin_ok": list(self.bin_ok),
        }

    @classmethod
    def from_dict(cls, data: dict) -> CalibrationReport:
        return cls(
            ece=float(data["ece"]),
            noise_floor=float(data["noise_floor"]),
            candidate_sd=float(data["candidate_sd"]),
            noise_median=float(data["noise_median"]),
            calibrated=bool(data["calibrated"]),
            sample_size=int(data["sample_size"]),
            edges=tuple(float(e) for e in data["edges"]),
            counts=tuple(int(c) for c in data["counts"]),
            mean_predicted=tuple(float(v) for v in data["mean_predicted"]),
            observed=tuple(float(v) for v in data["observed"]),
            observed_ci=tuple((float(a), float(b)) for a, b in data["observed_ci"]),
            bin_ok=tuple(bool(b) for b in data["bin_ok"]),
        )


def candidate_variance(p: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """τ̂²: the between-candidate variance of the log-odds left after ``p`` (moments)."""
    codes = np.unique(groups, return_inverse=True)[1]
    r = np.bincount(codes, weights=y - p)
    v = np.bincount(codes, weights=p * (1 - p))
    denominator = float(np.sum(v**2))
    return max(0.0, float(np.sum(r**2 - v)) / denominator) if denominator > 0 else 0.0


def _null_draw(
    rng: np.random.Generator, p: np.ndarray, codes: np.ndarray | None, tau: float
) -> np.ndarray:
    if codes is None or tau == 0.0:
        return (rng.random(len(p)) < p).astype(float)
    u = rng.normal(0.0, tau, int(codes.max()) + 1)[codes]
    logit = np.log(np.clip(p, 1e-9, 1 - 1e-9) / np.clip(1 - p, 1e-9, 1))
    return (rng.random(len(p)) < 1.0 / (1.0 + np.exp(-(logit + u)))).astype(float)


def calibration_report(
    p: np.ndarray,
    y: np.ndarray,
    *,
    groups: np.ndarray | None = None,
    bins: int = DEFAULT_BINS,
    draws: int = NOISE_DRAWS,
    seed: int = 0,
    min_bin: int = MIN_BIN,
) -> CalibrationReport:
    """ECE of predictions ``p`` against 0/1 outcomes ``y`` with its noise floor."""
    p, y = np.clip(np.asarray(p, float), 0.0, 1.0), np.asarray(y, float)
    if len(p) == 0:
        raise ValueError("no predictions to judge")
    edges = quantile_edges(p, bins)
    index = bin_of(p, edges)
    ece = _ece(p, y, index, bins)
    rng = np.random.default_rng(seed)
    codes = None if groups is None else np.unique(groups, return_inverse=True)[1]
    tau = 0.0 if groups is None else float(np.sqrt(candidate_variance(p, y, groups)))
    noise = np.array([_ece(p, _null_draw(rng, p, codes, tau), index, bins) for _ in range(draws)])
    floor = float(np.quantile(noise, FLOOR_QUANTILE))
    n = np.bincount(index, minlength=bins)
    k = np.bincount(index, weights=y, minlength=bins)
    mean_p = np.bincount(index, weights=p, minlength=bins) / np.maximum(n, 1)
    low, high = wilson_interval(k, n)
    low, high = (
        np.nan_to_num(np.asarray(low, float)),
        np.nan_to_num(np.asarray(high, float), nan=1.0),
    )
    ok = (n >= min_bin) & (low <= mean_p) & (mean_p <= high)
    return CalibrationReport(
        ece=ece,
        noise_floor=floor,
        candidate_sd=tau,
        noise_median=float(np.median(noise)),
        calibrated=bool(ece <= floor),
        sample_size=len(p),
        edges=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in n),
        mean_predicted=tuple(float(v) for v in mean_p),
        observed=tuple(float(v) for v in k / np.maximum(n, 1)),
        observed_ci=tuple((float(a), float(b)) for a, b in zip(low, high, strict=True)),
        bin_ok=tuple(bool(b) for b in ok),
    )
