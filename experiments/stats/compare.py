# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""``compare``: one treatment arm against control for a binomial, mean, ratio or CUPED metric."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from scipy import special
from scipy import stats as sps

from experiments.stats.effects import (
    UNDEFINED,
    Effect,
    absolute_moments,
    effect_from,
    inference,
    relative_moments,
    welch_dof,
)
from experiments.stats.inputs import CupedStats, RatioStats, SampleStats, StatsInputError
from experiments.stats.sequential import DEFAULT_TUNING, cs_half_width

MetricKind = Literal["binomial", "mean", "ratio"]
METRIC_KINDS = ("binomial", "mean", "ratio")


@dataclass(frozen=True)
class ArmSummary:
    """What inference needs from one arm: size, mean, per-user variance."""

    n: int
    mean: float
    variance: float


@dataclass(frozen=True)
class Comparison:
    """Treatment against control on one metric.

    ``absolute`` and ``relative`` each carry the estimate, fixed-horizon CI and p-value and the
    always-valid (sequential) CI and p-value. ``cohen`` is Cohen's h (binomial) or d (mean),
    reported as a description of the standardised difference only: decisions never use it.
    ``theta`` and ``variance_reduction`` are set for CUPED comparisons.
    """

    metric: str
    alpha: float
    sequential_tuning: float
    control: ArmSummary
    treatment: ArmSummary
    absolute: Effect
    relative: Effect
    dof: float
    cohen: float
    cohen_kind: str
    theta: float | None = None
    variance_reduction: float | None = None

    def as_dict(self) -> dict[str, Any]:
        def clean(value: float | None) -> float | None:
            return value if value is not None and math.isfinite(value) else None

        return {
            "metric": self.metric,
            "alpha": self.alpha,
            "sequential_tuning": self.sequential_tuning,
            "control": {"n": self.control.n, "mean": clean(self.control.mean)},
            "treatment": {"n": self.treatment.n, "mean": clean(self.treatment.mean)},
            "absolute": self.absolute.as_dict(),
            "relative": self.relative.as_dict(),
            "dof": clean(self.dof),
            f"cohen_{self.cohen_kind}": clean(self.cohen),
            "theta": clean(self.theta),
            "variance_reduction": clean(self.variance_reduction),
        }


def _summaries(control: Any, treatment: Any, metric: str) -> tuple[ArmSummary, ArmSummary]:
    if metric == "ratio":
        if not (isinstance(control, RatioStats) and isinstance(treatment, RatioStats)):
            raise StatsInputError("a ratio metric takes RatioStats for both arms")
        pair = tuple(ArmSummary(a.n, a.mean, a.variance()) for a in (control, treatment))
        return cast("tuple[ArmSummary, ArmSummary]", pair)
    binomial = metric == "binomial"
    arms = []
    for arm in (control, treatment):
        stats = SampleStats.from_mapping(arm) if isinstance(arm, Mapping | SampleStats) else arm
        if not isinstance(stats, SampleStats):
            raise StatsInputError(f"expected sufficient statistics, got {arm!r}")
        if binomial and not 0 <= stats.sum <= stats.n:
            raise StatsInputError("a binomial arm needs 0 ≤ sum ≤ n")
        arms.append(ArmSummary(stats.n, stats.mean, stats.variance(binomial=binomial)))
    return arms[0], arms[1]


def _cohen(c: ArmSummary, t: ArmSummary, metric: str) -> tuple[float, str]:
    if metric == "binomial":
        h = 2 * math.asin(math.sqrt(t.mean)) - 2 * math.asin(math.sqrt(c.mean))
        return h, "h"
    pooled_df = c.n + t.n - 2
    if pooled_df <= 0:
        return math.nan, "d"
    pooled = ((c.n - 1) * c.variance + (t.n - 1) * t.variance) / pooled_df
    return ((t.mean - c.mean) / math.sqrt(pooled) if pooled > 0 else math.nan), "d"


def _degenerate(c: ArmSummary, t: ArmSummary) -> bool:
    """An arm without variation (a rate of 0 or 1, a constant mean) makes the normal
    approximation over-confident: its standard error is zero whatever its size."""
    return c.variance <= 0 or t.variance <= 0


def _exact(c: ArmSummary, t: ArmSummary, metric: str) -> tuple[Effect, Effect]:
    """Degenerate arms: the estimates, no interval, and for a binomial metric the p-value of
    Fisher's exact test (two-sided); every always-valid quantity is undefined (p = 1)."""
    p_value = 1.0
    if metric == "binomial":
        table = [
            [round(t.mean * t.n), t.n - round(t.mean * t.n)],
            [round(c.mean * c.n), c.n - round(c.mean * c.n)],
        ]
        p_value = float(sps.fisher_exact(table).pvalue)
    nan = math.nan
    relative = (t.mean - c.mean) / c.mean if c.mean else nan
    return (
        Effect(t.mean - c.mean, nan, nan, nan, p_value, nan, nan, 1.0),
        Effect(relative, nan, nan, nan, p_value if c.mean else 1.0, nan, nan, 1.0),
    )


def _effects(
    c: ArmSummary,
    t: ArmSummary,
    *,
    alpha: float,
    tuning: float,
    adjusted: tuple[float, float] | None = None,
    metric: str | None = None,
) -> tuple[Effect, Effect, float]:
    if c.n < 2 or t.n < 2:
        return UNDEFINED, UNDEFINED, math.nan
    if metric is not None and _degenerate(c, t):
        absolute, relative = _exact(c, t, metric)
        return absolute, relative, math.nan
    mean_c, mean_t = adjusted if adjusted is not None else (c.mean, t.mean)
    dof = float(welch_dof(c.variance, c.n, t.variance, t.n))
    total = c.n + t.n
    abs_est, abs_var = absolute_moments(mean_c, c.variance, c.n, mean_t, t.variance, t.n)
    absolute = effect_from(inference(abs_est, abs_var, dof, total, alpha=alpha, tuning=tuning))
    if c.mean == 0:
        return absolute, UNDEFINED, dof
    rel_est, rel_var = relative_moments(
        mean_c,
        c.variance,
        c.n,
        mean_t,
        t.variance,
        t.n,
        unadjusted_mean_c=c.mean,
        unadjusted_mean_t=t.mean,
    )
    relative = effect_from(inference(rel_est, rel_var, dof, total, alpha=alpha, tuning=tuning))
    if adjusted is None and relative.defined and c.mean > 0 and t.mean > 0:
        relative = _log_ratio_intervals(relative, c, t, dof=dof, alpha=alpha, tuning=tuning)
    return absolute, relative, dof


def _log_ratio_intervals(
    relative: Effect, c: ArmSummary, t: ArmSummary, *, dof: float, alpha: float, tuning: float
) -> Effect:
    """Relative intervals built on log(m_T/m_C), so they never reach below −100 %.

    Var log(m_T/m_C) ≈ s_T²/(n_T m_T²) + s_C²/(n_C m_C²) (delta method on the log scale; for
    proportions, Katz's log interval). The estimate and p-values stay those of the relative
    difference (as gbstats); only the fixed and always-valid bounds move to the log scale.
    """
    log_ratio = math.log(t.mean / c.mean)
    se = math.sqrt(t.variance / (t.n * t.mean**2) + c.variance / (c.n * c.mean**2))
    fixed = float(special.stdtrit(dof, 1 - alpha / 2)) * se
    sequential = float(cs_half_width(se, c.n + t.n, alpha=alpha, tuning=tuning))
    return replace(
        relative,
        ci_low=math.expm1(log_ratio - fixed),
        ci_high=math.expm1(log_ratio + fixed),
        sequential_ci_low=math.expm1(log_ratio - sequential),
        sequential_ci_high=math.expm1(log_ratio + sequential),
    )


def _check_alpha(alpha: float, tuning: float) -> None:
    if not 0 < alpha < 1:
        raise StatsInputError(f"alpha must be in (0, 1), got {alpha}")
    if not tuning > 0:
        raise StatsInputError(f"sequential_tuning must be positive, got {tuning}")


def compare(
    control: Any,
    treatment: Any,
    *,
    metric: MetricKind = "binomial",
    alpha: float = 0.05,
    sequential_tuning: float = DEFAULT_TUNING,
) -> Comparison:
    """Compare treatment with control from per-arm sufficient statistics.

    ``control``/``treatment`` are :class:`SampleStats` (or mappings with ``n``, ``sum``,
    ``sum_squares``) for "binomial" and "mean", :class:`RatioStats` for "ratio", or
    :class:`CupedStats` for a CUPED-adjusted binomial/mean metric. Binomial variance is
    p(1 − p); mean variance is the n − 1 sample variance. An arm with zero variance (a rate
    of 0 or 1, a constant) gets no interval and no always-valid p-value (p = 1, so it never
    decides); a binomial one gets Fisher's exact p-value as its fixed-horizon p.
    """
    _check_alpha(alpha, sequential_tuning)
    if metric not in METRIC_KINDS:
        raise StatsInputError(f"metric must be one of {', '.join(METRIC_KINDS)}, got {metric!r}")
    if isinstance(control, CupedStats) or isinstance(treatment, CupedStats):
        return compare_cuped(
            control, treatment, metric=metric, alpha=alpha, sequential_tuning=sequential_tuning
        )
    c, t = _summaries(control, treatment, metric)
    absolute, relative, dof = _effects(c, t, alpha=alpha, tuning=sequential_tuning, metric=metric)
    # A ratio metric has no per-user standard deviation to standardise by.
    cohen, kind = (math.nan, "d") if metric == "ratio" else _cohen(c, t, metric)
    return Comparison(metric, alpha, sequential_tuning, c, t, absolute, relative, dof, cohen, kind)


def cuped_theta(control: CupedStats, treatment: CupedStats) -> float:
    """θ = Cov(y, x)/Var(x) over both arms pooled (Deng et al. 2013; as gbstats)."""
    n = control.n + treatment.n
    if n <= 1:
        return 0.0
    x_sum = control.x_sum + treatment.x_sum
    y_sum = control.y_sum + treatment.y_sum
    var_x = (control.x_sum_squares + treatment.x_sum_squares - x_sum**2 / n) / (n - 1)
    var_y = (control.y_sum_squares + treatment.y_sum_squares - y_sum**2 / n) / (n - 1)
    if var_x <= 0 or var_y <= 0:
        return 0.0
    cov = (control.xy_sum + treatment.xy_sum - x_sum * y_sum / n) / (n - 1)
    return cov / var_x


def compare_cuped(
    control: CupedStats,
    treatment: CupedStats,
    *,
    metric: MetricKind = "mean",
    alpha: float = 0.05,
    sequential_tuning: float = DEFAULT_TUNING,
) -> Comparison:
    """CUPED: compare y − θ·x, θ pooled over both arms, x measured before exposure.

    Adjusted mean m − θ·x̄ and per-user variance s_y² + θ²s_x² − 2θ·s_xy per arm; the
    relative lift divides by the unadjusted control mean. ``variance_reduction`` is
    1 − Var(Δ_adjusted)/Var(Δ_unadjusted) for the absolute effect.
    """
    _check_alpha(alpha, sequential_tuning)
    if not (isinstance(control, CupedStats) and isinstance(treatment, CupedStats)):
        raise StatsInputError("CUPED takes CupedStats for both arms")
    binomial = metric == "binomial"
    theta = cuped_theta(control, treatment)
    arms, adjusted, plain = [], [], []
    for arm in (control, treatment):
        y, x = arm.y, arm.x
        var_y = y.variance(binomial=binomial)
        var_adj = var_y + theta**2 * x.variance(binomial=False) - 2 * theta * arm.covariance()
        arms.append(ArmSummary(arm.n, y.mean, max(var_adj, 0.0)))
        adjusted.append(y.mean - theta * x.mean)
        plain.append(ArmSummary(arm.n, y.mean, var_y))
    c, t = arms
    absolute, relative, dof = _effects(
        c, t, alpha=alpha, tuning=sequential_tuning, adjusted=(adjusted[0], adjusted[1])
    )
    plain_var = plain[0].variance / c.n + plain[1].variance / t.n if c.n and t.n else 0.0
    reduction = 1 - absolute.se**2 / plain_var if plain_var > 0 and absolute.defined else math.nan
    cohen, kind = _cohen(plain[0], plain[1], metric)
    return Comparison(
        metric, alpha, sequential_tuning, c, t, absolute, relative, dof, cohen, kind,
        theta=theta, variance_reduction=reduction,
    )  # fmt: skip
