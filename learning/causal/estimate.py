# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""The result every estimator returns, normal-theory intervals, the bootstrap and the E-value.

Intervals are ``θ̂ ± z₀.₉₇₅ · SE`` with the two-sided p-value ``2Φ(−|θ̂/SE|)`` where the SE
is analytic; otherwise the bootstrap re-runs the **whole** estimator — propensity model
refitted, units re-matched — on ``B`` resamples (of clusters when the rows are clustered)
drawn from a seeded generator, the SE is the SD of the draws and the interval the normal one
around the point estimate (the percentile interval of matching estimators over-covers;
Abadie & Imbens 2008).

E-value (VanderWeele & Ding 2017): the minimum strength of association, as a risk ratio,
that an unmeasured confounder would need with both treatment and outcome to explain the
estimate away: ``E = RR + √(RR (RR − 1))`` for ``RR ≥ 1`` (else use ``1/RR``). For a 0/1
outcome ``RR = (p₀ + θ̂)/p₀`` with ``p₀`` the control-arm mean; for a continuous outcome the
standardised difference ``δ = θ̂ / SD(y)`` converts by ``RR ≈ exp(0.91 δ)``. The E-value of
the interval uses its limit nearest the null (1 when the interval covers 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.stats import norm

from learning.causal.data import CausalInput, CausalInputError

Z95 = float(norm.ppf(0.975))
DEFAULT_BOOTSTRAP = 200
CONTINUOUS_RR_FACTOR = 0.91


@dataclass(frozen=True)
class CausalEstimate:
    method: str
    estimand: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_treated: int
    n_control: int
    ci_method: str
    balance: list[dict[str, Any]] = field(default_factory=list)
    overlap: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    refutations: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def analytic(cls, *, estimate: float, se: float, **fields: Any) -> CausalEstimate:
        """An estimate with its normal (Wald) interval and p-value from ``se``."""
        low, high, p = normal_interval(estimate, se)
        return cls(
            estimate=float(estimate), se=float(se), ci_low=low, ci_high=high, p_value=p, **fields
        )

    @classmethod
    def from_effect(cls, effect: Any, **fields: Any) -> CausalEstimate:
        """An estimate from a fitted effect that carries its own interval and p-value."""
        return cls(
            estimate=effect.estimate,
            se=effect.se,
            ci_low=effect.ci_low,
            ci_high=effect.ci_high,
            p_value=effect.p_value,
            **fields,
        )

    @property
    def refuted(self) -> bool:
        """A refutation or a design check (weak instrument, pre-trend) failed."""
        return any(r.get("passed") is False for r in self.refutations)

    @property
    def excludes_zero(self) -> bool:
        return bool(self.ci_low > 0 or self.ci_high < 0)

    @property
    def evidence_holds(self) -> bool:
        """The interval excludes zero and every check ran and passed (None is not a pass)."""
        return (
            self.excludes_zero
            and bool(self.refutations)
            and all(r.get("passed") is True for r in self.refutations)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "estimand": self.estimand,
            "estimate": _clean(self.estimate),
            "se": _clean(self.se),
            "ci_low": _clean(self.ci_low),
            "ci_high": _clean(self.ci_high),
            "p_value": _clean(self.p_value),
            "n_treated": self.n_treated,
            "n_control": self.n_control,
            "ci_method": self.ci_method,
            "balance": self.balance,
            "overlap": _clean_tree(self.overlap),
            "diagnostics": _clean_tree(self.diagnostics),
            "refutations": _clean_tree(self.refutations),
            "sensitivity": _clean_tree(self.sensitivity),
            "refuted": self.refuted,
            "evidence_holds": self.evidence_holds,
        }


def _clean(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    number = float(value)
    return round(number, 10) if np.isfinite(number) else None


def _clean_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_tree(v) for v in value]
    if isinstance(value, int | float | np.floating | np.integer) and not isinstance(value, bool):
        return _clean(value)
    return value


def normal_interval(estimate: float, se: float) -> tuple[float, float, float]:
    """``(ci_low, ci_high, p_value)``; NaN when the SE is not a positive number."""
    if not np.isfinite(se) or se <= 0 or not np.isfinite(estimate):
        return np.nan, np.nan, np.nan
    return (
        float(estimate - Z95 * se),
        float(estimate + Z95 * se),
        float(2 * norm.sf(abs(estimate / se))),
    )


def resample_rows(data: CausalInput, rng: np.random.Generator) -> np.ndarray:
    """Row indices of one bootstrap resample: whole clusters when there are clusters."""
    if data.groups is None:
        return rng.integers(0, data.n, data.n)
    n_groups = int(data.groups.max()) + 1
    order = np.argsort(data.groups, kind="stable")
    starts = np.searchsorted(data.groups[order], np.arange(n_groups + 1))
    chosen = rng.integers(0, n_groups, n_groups)
    return np.concatenate([order[starts[g] : starts[g + 1]] for g in chosen])


def bootstrap_se(
    point: Callable[[CausalInput], float],
    data: CausalInput,
    *,
    draws: int,
    seed: int,
) -> tuple[float, int]:
    """SD of ``point`` over ``draws`` seeded resamples, and how many draws failed.

    A draw fails when its resample leaves the estimator nothing to work with (an empty arm,
    a separated propensity model); more than a tenth failing raises CausalInputError.
    """
    rng = np.random.default_rng(seed)
    values, failed = [], 0
    for _ in range(draws):
        rows = resample_rows(data, rng)
        try:
            values.append(point(data.take(rows)))
        except (CausalInputError, np.linalg.LinAlgError, ValueError):
            failed += 1
    if failed > draws / 10 or len(values) < 2:
        raise CausalInputError(
            "bootstrap_failed", f"{failed} of {draws} bootstrap draws could not be estimated"
        )
    return float(np.std(values, ddof=1)), failed


def e_value(estimate: float, limit: float, y: np.ndarray, d: np.ndarray) -> dict[str, Any]:
    """E-values of the estimate and of the interval limit nearest zero."""
    binary = bool(np.isin(y, (0.0, 1.0)).all())
    base = float(y[d == 0].mean())
    sd = float(y.std(ddof=1))

    def risk_ratio(effect: float) -> float:
        if binary:
            if base <= 0 or base + effect <= 0:
                return np.inf
            return (base + effect) / base
        return float(np.exp(CONTINUOUS_RR_FACTOR * effect / sd)) if sd > 0 else np.inf

    def evalue(effect: float) -> float:
        if not np.isfinite(effect):
            return np.nan
        rr = risk_ratio(effect)
        rr = 1 / rr if rr < 1 else rr
        return float(rr + np.sqrt(rr * (rr - 1))) if np.isfinite(rr) else np.inf

    return {
        "name": "e_value",
        "scale": "risk ratio" if binary else "approximate risk ratio from SD units",
        "estimate": evalue(estimate),
        "ci_limit": evalue(limit),
        "description": "how strongly (risk ratio with both treatment and outcome) an "
        "unmeasured confounder would have to be associated to explain the estimate (and its "
        "interval limit nearest zero) away",
    }


def nearest_limit(ci_low: float, ci_high: float) -> float:
    if not (np.isfinite(ci_low) and np.isfinite(ci_high)) or ci_low <= 0 <= ci_high:
        return 0.0
    return ci_low if ci_low > 0 else ci_high


def with_interval(estimate: CausalEstimate, se: float, ci_method: str) -> CausalEstimate:
    low, high, p = normal_interval(estimate.estimate, se)
    return replace(estimate, se=se, ci_low=low, ci_high=high, p_value=p, ci_method=ci_method)
