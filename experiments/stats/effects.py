# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Absolute and relative effects with fixed-horizon and always-valid inference.

Given per-arm means m, per-user variances s² and sizes n (control C, treatment T):

    absolute  Δ  = m_T − m_C,              Var = s_T²/n_T + s_C²/n_C
    relative  Δr = (m_T − m_C)/m_C,  Var = s_T²/(m_C² n_T) + s_C² m_T²/(m_C⁴ n_C)  (delta method)
    Welch–Satterthwaite ν = (s_T²/n_T + s_C²/n_C)² / (s_T⁴/(n_T²(n_T−1)) + s_C⁴/(n_C²(n_C−1)))
    fixed CI  = Δ ± t_{1−α/2,ν}·σ,         p = 2·(1 − F_t(|Δ/σ|, ν))

so the t distribution is used throughout and becomes the normal one for large ν. The
sequential CI and p-value are the confidence sequence of :mod:`experiments.stats.sequential`.
Formulas and conventions follow gbstats (GrowthBook) so results can be checked against it.
The functions here take numpy arrays as well as floats.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import special

from experiments.stats.sequential import DEFAULT_TUNING, cs_half_width, sequential_p_value


@dataclass(frozen=True)
class Effect:
    """One effect (absolute or relative) with its fixed-horizon and always-valid inference.

    Undefined effects (a zero control mean for a relative lift, no variance, too few users)
    carry NaN estimates and p-values of 1, and ``defined`` is False.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    sequential_ci_low: float
    sequential_ci_high: float
    sequential_p_value: float

    @property
    def defined(self) -> bool:
        return math.isfinite(self.estimate) and math.isfinite(self.se) and self.se > 0

    @property
    def ci(self) -> tuple[float, float]:
        return (self.ci_low, self.ci_high)

    @property
    def sequential_ci(self) -> tuple[float, float]:
        return (self.sequential_ci_low, self.sequential_ci_high)

    def as_dict(self) -> dict[str, float | None]:
        return {k: (v if math.isfinite(v) else None) for k, v in asdict(self).items()}


UNDEFINED = Effect(*(math.nan,) * 4, 1.0, math.nan, math.nan, 1.0)


def welch_dof(var_c: Any, n_c: Any, var_t: Any, n_t: Any) -> Any:
    var_c, var_t = np.asarray(var_c, float), np.asarray(var_t, float)
    n_c, n_t = np.asarray(n_c, float), np.asarray(n_t, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (var_t / n_t + var_c / n_c) ** 2 / (
            var_t**2 / (n_t**2 * (n_t - 1)) + var_c**2 / (n_c**2 * (n_c - 1))
        )


def absolute_moments(mean_c: Any, var_c: Any, n_c: Any, mean_t: Any, var_t: Any, n_t: Any):
    """(Δ, Var Δ) of the difference of means."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.subtract(mean_t, mean_c), np.divide(var_t, n_t) + np.divide(var_c, n_c)


def relative_moments(
    mean_c: Any,
    var_c: Any,
    n_c: Any,
    mean_t: Any,
    var_t: Any,
    n_t: Any,
    *,
    unadjusted_mean_c: Any = None,
    unadjusted_mean_t: Any = None,
):
    """(Δr, Var Δr) of the relative lift by the delta method.

    CUPED passes adjusted means for the difference and unadjusted ones for the scale, as
    gbstats does.
    """
    base_c = mean_c if unadjusted_mean_c is None else unadjusted_mean_c
    base_t = mean_t if unadjusted_mean_t is None else unadjusted_mean_t
    base_c = np.asarray(base_c, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (np.subtract(mean_t, mean_c)) / base_c
        variance = np.divide(var_t, base_c**2 * np.asarray(n_t, float)) + np.divide(
            np.multiply(var_c, np.square(base_t)), base_c**4 * np.asarray(n_c, float)
        )
    return estimate, variance


def inference(
    estimate: Any,
    variance: Any,
    dof: Any,
    total_n: Any,
    *,
    alpha: float,
    tuning: float = DEFAULT_TUNING,
) -> dict[str, Any]:
    """Fixed-horizon (Welch t) and always-valid inference for estimates with a variance."""
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(np.asarray(variance, float))
        z = np.asarray(estimate, float) / se
        # scipy.special's t functions: the same values as scipy.stats.t, without its
        # per-call argument handling (the analysis calls this thousands of times a run).
        width = special.stdtrit(dof, 1 - alpha / 2) * se
        seq_width = cs_half_width(se, total_n, alpha=alpha, tuning=tuning)
        p_value = 2 * special.stdtr(dof, -np.abs(z))
        seq_p = sequential_p_value(z, total_n, alpha=alpha, tuning=tuning)
    return {
        "estimate": estimate,
        "se": se,
        "ci_low": estimate - width,
        "ci_high": estimate + width,
        "p_value": p_value,
        "sequential_ci_low": estimate - seq_width,
        "sequential_ci_high": estimate + seq_width,
        "sequential_p_value": seq_p,
    }


def effect_from(values: dict[str, Any]) -> Effect:
    scalars = {k: float(v) for k, v in values.items()}
    effect = Effect(**scalars)
    if not effect.defined:
        return UNDEFINED
    return effect
