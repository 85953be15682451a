# ruff: noqa: RUF002, RUF003 -- formulas are written in mathematical notation
"""Power, minimum detectable effect, sample size and duration, for planning an experiment.

Two-sided power of a normal test of an effect Δ with standard error σ_Δ:

    π = 1 − Φ(z_{1−α/2} − Δ/σ_Δ) + Φ(z_{α/2} − Δ/σ_Δ)

Per-arm sample size for equal arms: n = (z_{1−α/2} + z_π)² (s_C² + s_T²)/Δ², with s² = p(1 − p)
for a proportion (treatment variance at the lifted rate) and the same s² for a mean.

Sequential designs pay for always-valid inference with sample: a confidence sequence tuned
to the planned total N* has half-width m_α·σ_Δ at N = N*, m_α ≈ 3.04 at α = 0.05 instead of
1.96, so the sequential plan is n_fixed·((m_α + z_π)/(z_{1−α/2} + z_π))², about 1.9× as many
users for the same power at the planned end (and usually an earlier stop for larger effects).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sps

from experiments.stats.inputs import StatsInputError
from experiments.stats.sequential import cs_multiplier


def power(delta: float, se: float, *, alpha: float = 0.05) -> float:
    """Two-sided power to detect ``delta`` when the estimate has standard error ``se``."""
    z = sps.norm.ppf(1 - alpha / 2)
    ratio = delta / se
    return float(sps.norm.sf(z - ratio) + sps.norm.cdf(-z - ratio))


def _arm_variances(metric: str, baseline: float, lifted: float, variance: float | None):
    if metric == "binomial":
        if not (0 < baseline < 1 and 0 < lifted < 1):
            raise StatsInputError("binomial rates must lie strictly between 0 and 1")
        return baseline * (1 - baseline), lifted * (1 - lifted)
    if variance is None or variance <= 0:
        raise StatsInputError("a mean metric needs a positive per-user variance")
    return variance, variance


def sample_size_per_arm(
    *,
    baseline: float,
    mde_relative: float,
    metric: str = "binomial",
    variance: float | None = None,
    alpha: float = 0.05,
    target_power: float = 0.8,
) -> int:
    """Users per arm for a fixed-horizon two-sided test to detect a relative lift."""
    if mde_relative == 0 or baseline == 0:
        raise StatsInputError("the minimum detectable effect and the baseline must be non-zero")
    lifted = baseline * (1 + mde_relative)
    var_c, var_t = _arm_variances(metric, baseline, lifted, variance)
    z = sps.norm.ppf(1 - alpha / 2) + sps.norm.ppf(target_power)
    return math.ceil(z**2 * (var_c + var_t) / (lifted - baseline) ** 2)


def sequential_inflation(*, alpha: float = 0.05, target_power: float = 0.8) -> float:
    """Sample multiplier of a CS tuned to the planned total over a fixed-horizon test."""
    z_power = sps.norm.ppf(target_power)
    # At N = N* the multiplier no longer depends on N*, only on α.
    m_alpha = float(cs_multiplier(1.0, alpha=alpha, tuning=1.0))
    return ((m_alpha + z_power) / (sps.norm.ppf(1 - alpha / 2) + z_power)) ** 2


def mde_relative(
    *,
    n_per_arm: int,
    baseline: float,
    metric: str = "binomial",
    variance: float | None = None,
    alpha: float = 0.05,
    target_power: float = 0.8,
) -> float:
    """Smallest relative lift detected with ``target_power`` at ``n_per_arm`` users per arm.

    Solves Δ = (z_{1−α/2} + z_π)·σ_Δ(Δ) by fixed-point iteration (σ_Δ depends on Δ for rates).
    """
    if n_per_arm < 2:
        raise StatsInputError("need at least two users per arm")
    z = sps.norm.ppf(1 - alpha / 2) + sps.norm.ppf(target_power)
    delta = 0.0
    for _ in range(100):
        lifted = min(baseline + delta, 1 - 1e-12) if metric == "binomial" else baseline + delta
        var_c, var_t = _arm_variances(metric, baseline, lifted, variance)
        new = float(z * math.sqrt((var_c + var_t) / n_per_arm))
        if abs(new - delta) < 1e-12:
            break
        delta = new
    return float(delta / baseline)


@dataclass(frozen=True)
class Design:
    """A power calculation for an experiment with ``arms`` arms of equal weight."""

    n_per_arm_fixed: int
    n_per_arm_sequential: int
    total_sequential: int
    days: float | None
    alpha_per_comparison: float

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "n_per_arm_fixed": self.n_per_arm_fixed,
            "n_per_arm_sequential": self.n_per_arm_sequential,
            "planned_sample_size": self.total_sequential,
            "days": self.days,
            "alpha_per_comparison": self.alpha_per_comparison,
        }


def design(
    *,
    baseline: float,
    mde_relative: float,
    arms: int = 2,
    metric: str = "binomial",
    variance: float | None = None,
    alpha: float = 0.05,
    target_power: float = 0.8,
    daily_users: float | None = None,
) -> Design:
    """Sample size and duration of a sequentially analysed experiment.

    Several treatments are compared with control at α/(arms − 1) (Bonferroni), the level the
    decision rule uses. ``daily_users`` is the expected number of newly enrolled users per day.
    """
    if arms < 2:
        raise StatsInputError("an experiment needs a control and at least one treatment")
    alpha_each = alpha / (arms - 1)
    fixed = sample_size_per_arm(
        baseline=baseline,
        mde_relative=mde_relative,
        metric=metric,
        variance=variance,
        alpha=alpha_each,
        target_power=target_power,
    )
    seq = math.ceil(fixed * sequential_inflation(alpha=alpha_each, target_power=target_power))
    total = seq * arms
    days = total / daily_users if daily_users else None
    return Design(fixed, seq, total, days, alpha_each)


def mde_relative_groups(
    *,
    baseline: float,
    variance: float,
    n_a: int,
    n_b: int,
    alpha: float = 0.05,
    target_power: float = 0.8,
    multiplier: float | None = None,
) -> float:
    """Smallest relative difference two groups of unequal size detect with ``target_power``.

    Δ = (c + z_π)·s·√(1/n_a + 1/n_b) / baseline, with c = z_{1−α/2} (fixed horizon) or the
    confidence sequence's ``multiplier`` (always-valid), s² the per-user variance of both
    groups (the null's). NaN when a group is empty or the baseline is zero.
    """
    if n_a < 1 or n_b < 1 or baseline == 0 or variance <= 0:
        return math.nan
    critical = multiplier if multiplier is not None else float(sps.norm.ppf(1 - alpha / 2))
    z = critical + float(sps.norm.ppf(target_power))
    return float(z * math.sqrt(variance * (1 / n_a + 1 / n_b)) / abs(baseline))
