# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Linear regression with cluster-robust errors and the user fixed-effects (within) estimator.

OLS: ``β̂ = (X'X)⁻¹ X'y``, residuals ``û = y − Xβ̂``. The cluster-robust (CR1) covariance over
clusters ``g = 1…G`` (one per user: a user's applications share their unobserved quality)::

    V̂ = c · (X'X)⁻¹ (Σ_g X_g'û_g û_g'X_g) (X'X)⁻¹,   c = G/(G−1) · (N−1)/(N−K)

which equals statsmodels' ``cov_type="cluster"``; CIs and p-values use the normal
distribution, as statsmodels does for that covariance.

Within transform: ``ẍ_it = x_it − x̄_i`` removes every user-constant term (latent quality,
baseline resume score, anything a user carries through their search) from the comparison, so
an effect is estimated only from differences between the same user's applications. ``K``
above counts only the regressors, not the absorbed user means (Stata ``xtreg, fe`` with
clustered errors by the same unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import norm
from scipy.stats import t as student_t

Z95 = float(norm.ppf(0.975))


@dataclass(frozen=True)
class OLSResult:
    names: tuple[str, ...]
    params: np.ndarray
    bse: np.ndarray
    n: int
    n_groups: int

    def coef(self, name: str) -> tuple[float, float]:
        i = self.names.index(name)
        return float(self.params[i]), float(self.bse[i])


@dataclass(frozen=True)
class Effect:
    """An estimated effect on a probability (absolute risk difference) with its uncertainty."""

    method: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    n_treated: int
    n_groups: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "estimate": self.estimate,
            "se": self.se,
            "confidence_interval": [self.ci_low, self.ci_high],
            "p_value": self.p_value,
            "sample_size": self.n,
            "treated": self.n_treated,
            "groups": self.n_groups,
            **self.extra,
        }


def effect_from(
    method: str,
    estimate: float,
    se: float,
    *,
    n: int,
    n_treated: int,
    n_groups: int,
    df: int | None = None,
    **extra: Any,
) -> Effect:
    """The effect with its 95 % interval and p-value: normal, or Student's t with ``df``."""
    if not np.isfinite(se) or se <= 0:
        return Effect(method, estimate, se, np.nan, np.nan, np.nan, n, n_treated, n_groups, extra)
    if df is not None and df >= 1:
        critical = float(student_t.ppf(0.975, df))
        p_value = float(2 * student_t.sf(abs(estimate / se), df))
        extra = {**extra, "t_df": df}
    else:
        critical, p_value = Z95, float(2 * norm.sf(abs(estimate / se)))
    return Effect(
        method,
        float(estimate),
        float(se),
        float(estimate - critical * se),
        float(estimate + critical * se),
        p_value,
        n,
        n_treated,
        n_groups,
        extra,
    )


def group_codes(groups: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense codes 0…G−1 of the groups, and G."""
    codes = np.unique(groups, return_inverse=True)[1]
    return codes, int(codes.max()) + 1 if len(codes) else 0


def cluster_scores(x: np.ndarray, u: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Σ over each cluster of ``x_i û_i`` — the (G, K) score matrix, via bincount per column."""
    xu = x * u[:, None]
    return np.column_stack(
        [np.bincount(codes, weights=xu[:, j], minlength=n_groups) for j in range(x.shape[1])]
    )


def sandwich(bread_inv: np.ndarray, scores: np.ndarray, n: int, k: int) -> np.ndarray:
    g = scores.shape[0]
    correction = g / max(g - 1, 1) * (n - 1) / max(n - k, 1)
    return correction * bread_inv @ (scores.T @ scores) @ bread_inv


def ols_cluster(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    names: tuple[str, ...],
    codes: tuple[np.ndarray, int] | None = None,
) -> OLSResult:
    """OLS of ``y`` on ``x`` (include a constant column yourself) with CR1 errors by group.

    ``codes`` (from :func:`group_codes`) saves recomputing the groups for repeated fits.
    """
    xtx_inv = np.linalg.pinv(x.T @ x)
    params = xtx_inv @ (x.T @ y)
    resid = y - x @ params
    group_index, n_groups = codes or group_codes(groups)
    cov = sandwich(xtx_inv, cluster_scores(x, resid, group_index, n_groups), len(y), x.shape[1])
    return OLSResult(names, params, np.sqrt(np.clip(np.diag(cov), 0, None)), len(y), n_groups)


def within_transform(
    values: np.ndarray, groups: np.ndarray, codes: tuple[np.ndarray, int] | None = None
) -> np.ndarray:
    """Subtract each group's mean from every column of ``values`` (1-D or 2-D)."""
    group_index, n_groups = codes or group_codes(groups)
    matrix = values.reshape(len(values), -1).astype(float)
    counts = np.bincount(group_index, minlength=n_groups).astype(float)
    # one contiguous copy of the columns (bincount of a strided column copies it anyway)
    means = (
        np.column_stack(
            [
                np.bincount(group_index, weights=column, minlength=n_groups)
                for column in np.ascontiguousarray(matrix.T)
            ]
        )
        / counts[:, None]
    )
    out = matrix - means[group_index]
    return out.reshape(values.shape) if values.ndim == 1 else out


@dataclass(frozen=True)
class RegressionInput:
    """Outcome, treatment(s) and covariates for a regression-adjusted effect."""

    y: np.ndarray
    treatments: np.ndarray  # (n, t) 0/1
    treatment_names: tuple[str, ...]
    covariates: np.ndarray  # (n, c), without a constant
    groups: np.ndarray
    fixed_effects: bool = True

    def __post_init__(self) -> None:
        n = len(self.y)
        if self.treatments.shape[0] != n or self.covariates.shape[0] != n or len(self.groups) != n:
            raise ValueError("y, treatments, covariates and groups must have the same length")
        if self.treatments.shape[1] != len(self.treatment_names):
            raise ValueError("one name per treatment column")


def regression_effect(data: RegressionInput) -> dict[str, Effect]:
    """Linear-probability effects of each treatment column, adjusted for the covariates.

    With ``fixed_effects`` everything is within-user demeaned (no constant needed);
    otherwise a constant is added.
    """
    x = np.column_stack([data.treatments, data.covariates]).astype(float)
    y = data.y.astype(float)
    if data.fixed_effects:
        x, y = within_transform(x, data.groups), within_transform(y, data.groups)
        keep = np.ptp(x, axis=0) > 1e-12 if len(x) else np.zeros(x.shape[1], bool)
    else:
        x = np.column_stack([x, np.ones(len(y))])
        keep = np.ones(x.shape[1], bool)
    names = (*data.treatment_names, *(f"c{i}" for i in range(data.covariates.shape[1])))
    if not data.fixed_effects:
        names = (*names, "const")
    kept_names = tuple(n for n, k in zip(names, keep, strict=True) if k)
    result = ols_cluster(x[:, keep], y, data.groups, kept_names)
    method = (
        "user fixed effects + regression adjustment"
        if data.fixed_effects
        else "regression adjustment"
    )
    effects = {}
    for j, name in enumerate(data.treatment_names):
        treated = int(data.treatments[:, j].sum())
        if name not in kept_names:
            effects[name] = effect_from(
                method, np.nan, np.nan, n=len(y), n_treated=treated, n_groups=result.n_groups
            )
            continue
        estimate, se = result.coef(name)
        effects[name] = effect_from(
            method, estimate, se, n=len(y), n_treated=treated, n_groups=result.n_groups
        )
    return effects


def naive_difference(
    y: np.ndarray,
    treated: np.ndarray,
    groups: np.ndarray,
    codes: tuple[np.ndarray, int] | None = None,
) -> Effect:
    """Unadjusted difference of means, ``ȳ(D=1) − ȳ(D=0)``, with cluster-robust error."""
    x = np.column_stack([np.ones(len(y)), treated.astype(float)])
    result = ols_cluster(x, y.astype(float), groups, ("const", "treated"), codes)
    estimate, se = result.coef("treated")
    return effect_from(
        "naive difference",
        estimate,
        se,
        n=len(y),
        n_treated=int(treated.sum()),
        n_groups=result.n_groups,
    )


@dataclass(frozen=True)
class PartialledControls:
    """Within-transformed outcome and controls with the controls partialled out once.

    By Frisch–Waugh–Lovell, the coefficient of a treatment ``d`` in the within regression of
    ``y`` on ``[d, X]`` equals ``d̃'ỹ / d̃'d̃`` where ``˜`` is the residual after regressing on
    the (within-transformed) controls ``X``; its CR1 variance is
    ``c · Σ_g (Σ_{i∈g} d̃_i û_i)² / (d̃'d̃)²`` with ``û = ỹ − β̂ d̃`` and ``K = 1 + dim X``.
    Partialling once makes each further treatment cost a few passes over the data.
    """

    codes: np.ndarray
    n_groups: int
    x: np.ndarray
    xtx_inv: np.ndarray
    y_tilde: np.ndarray

    @classmethod
    def of(cls, y: np.ndarray, controls: np.ndarray, groups: np.ndarray) -> PartialledControls:
        codes = group_codes(groups)
        x = within_transform(controls, groups, codes) if controls.size else controls
        y_w = within_transform(y.astype(float), groups, codes)
        return cls.from_within(codes, x, y_w)

    @classmethod
    def from_within(
        cls, codes: tuple[np.ndarray, int], x: np.ndarray, y_w: np.ndarray
    ) -> PartialledControls:
        """From the within-transformed controls ``x`` and outcome ``y_w`` (each column is
        transformed on its own, so a caller may transform columns once and reuse them)."""
        x = x[:, np.ptp(x, axis=0) > 1e-12] if x.size else np.empty((len(y_w), 0))
        xtx_inv = np.linalg.pinv(x.T @ x) if x.size else np.empty((0, 0))
        return cls(codes[0], codes[1], x, xtx_inv, cls._residual(x, xtx_inv, y_w))

    @staticmethod
    def _residual(x: np.ndarray, xtx_inv: np.ndarray, v: np.ndarray) -> np.ndarray:
        return v - x @ (xtx_inv @ (x.T @ v)) if x.size else v

    def effect(self, treated: np.ndarray, method: str) -> Effect:
        d_w = within_transform(treated.astype(float), self.codes, (self.codes, self.n_groups))
        d = self._residual(self.x, self.xtx_inv, d_w)
        dd = float(d @ d)
        n, k = len(d), 1 + self.x.shape[1]
        if dd <= 1e-12:
            return effect_from(
                method, np.nan, np.nan, n=n, n_treated=int(treated.sum()), n_groups=self.n_groups
            )
        beta = float(d @ self.y_tilde) / dd
        scores = np.bincount(
            self.codes, weights=d * (self.y_tilde - beta * d), minlength=self.n_groups
        )
        g = self.n_groups
        correction = g / max(g - 1, 1) * (n - 1) / max(n - k, 1)
        se = float(np.sqrt(correction * np.sum(scores**2)) / dd)
        return effect_from(method, beta, se, n=n, n_treated=int(treated.sum()), n_groups=g)
