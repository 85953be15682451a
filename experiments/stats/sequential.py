# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Always-valid inference: the asymptotic confidence sequence of Waudby-Smith et al. (2023).

A confidence sequence (CS) covers the true effect at *every* sample size simultaneously with
probability ≥ 1 − α, so it may be looked at after each batch of data (every 30 minutes) and
acted on at any time without inflating the error rate. This is the boundary GrowthBook's
sequential engine and PostHog use (arXiv 2103.06476, eq. 9, 155 and 161):

    ρ          = √((−2 ln α + ln(−2 ln α + 1)) / N*)              N* = tuning, "sequential_tuning"
    half-width = σ̂·√N · √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / α) )
    e-value    = exp(ρ² z² N / (2(Nρ² + 1))) / √(Nρ² + 1),   p = min(1, 1/e)

with N = n_C + n_T, σ̂² the estimated variance of the effect and z = Δ̂/σ̂. The boundary is
tightest when N = N* (a multiplier of about 3.04 instead of 1.96 at α = 0.05). All functions
accept numpy arrays, so simulations can evaluate thousands of looks at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DEFAULT_TUNING = 5000  # N*: GrowthBook's default; tightest CS at 5,000 users in total


def rho(alpha: float, tuning: float) -> float:
    return float(np.sqrt((-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / tuning))


def cs_multiplier(total_n: Any, *, alpha: float, tuning: float = DEFAULT_TUNING) -> Any:
    """The z-like multiplier of σ̂ that gives the CS half-width at total sample ``total_n``."""
    r2 = rho(alpha, tuning) ** 2
    n = np.asarray(total_n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.sqrt(n * 2 * (n * r2 + 1) / (n**2 * r2) * np.log(np.sqrt(n * r2 + 1) / alpha))
    return value


def cs_half_width(se: Any, total_n: Any, *, alpha: float, tuning: float = DEFAULT_TUNING) -> Any:
    """Half-width of the (1 − α) confidence sequence around an estimate with standard error se."""
    return np.asarray(se, dtype=float) * cs_multiplier(total_n, alpha=alpha, tuning=tuning)


def sequential_p_value(
    z: Any, total_n: Any, *, alpha: float = 0.05, tuning: float = DEFAULT_TUNING
) -> Any:
    """Always-valid p-value min(1, 1/e) from the mixture e-value (eq. 155).

    ρ is the one chosen for ``alpha``; the p-value agrees with the CS exactly at that α.
    """
    r2 = rho(alpha, tuning) ** 2
    n = np.asarray(total_n, dtype=float)
    tr2p1 = n * r2 + 1
    log_e = r2 * np.asarray(z, dtype=float) ** 2 * n / (2 * tr2p1) - 0.5 * np.log(tr2p1)
    return np.minimum(1.0, np.exp(-log_e))
