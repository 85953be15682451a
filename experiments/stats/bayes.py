# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Bayesian chance to beat control, an additional view beside the frequentist results.

Normal approximation of the effect with a normal prior (the form all four vendors use):

    μ_post = (μ₀/σ₀² + Δ̂/σ̂²) / (1/σ₀² + 1/σ̂²),   σ²_post = 1 / (1/σ₀² + 1/σ̂²)
    chance to beat control = 1 − Φ(0; μ_post, σ_post)

With no prior (improper, the default) the posterior is N(Δ̂, σ̂²). A proper prior is given
on the relative lift, N(0, prior_sd²); for the absolute effect it is scaled by |m_C| as
gbstats does. The interval uses normal quantiles. Continuous monitoring does not make the
chance to win a safe stopping rule, so decisions never use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sps

from experiments.stats.compare import Comparison


@dataclass(frozen=True)
class BayesView:
    chance_to_beat: float
    mean: float
    sd: float
    ci_low: float
    ci_high: float


def posterior(
    estimate: float, se: float, *, prior_mean: float = 0.0, prior_sd: float | None = None
) -> tuple[float, float]:
    if prior_sd is None:
        return estimate, se
    precision = 1 / prior_sd**2 + 1 / se**2
    mean = (prior_mean / prior_sd**2 + estimate / se**2) / precision
    return mean, math.sqrt(1 / precision)


def chance_to_beat(
    comparison: Comparison,
    *,
    relative: bool = True,
    prior_sd: float | None = None,
    alpha: float = 0.05,
) -> BayesView | None:
    """Posterior of the (relative or absolute) effect; None when the effect is undefined."""
    effect = comparison.relative if relative else comparison.absolute
    if not effect.defined:
        return None
    scale = 1.0 if relative else abs(comparison.control.mean)
    sd = prior_sd * scale if prior_sd is not None and scale > 0 else None
    mean, post_sd = posterior(effect.estimate, effect.se, prior_sd=sd)
    z = float(sps.norm.ppf(1 - alpha / 2))
    return BayesView(
        chance_to_beat=float(sps.norm.sf(0, loc=mean, scale=post_sd)),
        mean=mean,
        sd=post_sd,
        ci_low=mean - z * post_sd,
        ci_high=mean + z * post_sd,
    )
