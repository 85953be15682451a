# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Health of the AI answers from their thumbs (seed 004), decided on intervals. Pure Python.

Per group (action type, or action type × prompt version × model): ``n`` ratings, ``up`` of
them positive, the approval rate and its 95 % Wilson interval, both in percent. The seed's
bands (excellent ≥ 85 %, good 75-85 %, needs improvement < 75 %) are applied to the
interval, not to the raw rate, so a band is claimed only when the data establish it:

* ``insufficient_data``: fewer than ``MIN_RATINGS`` ratings;
* ``excellent``: the interval's low end is at or above 85;
* ``needs_improvement``: the interval's high end is below 75 (below threshold *with
  confidence*: this is what raises an issue);
* ``good``: everything else (neither excellent nor shortfall established).

Rollback test (:func:`regression_test`): the live version's approval ``p₁`` against its own
baseline ``p₀`` (the version before it), one-sided. ``z = (p̂₀ − p̂₁) / se`` with the unpooled
standard error; the always-valid mixture p-value of :mod:`experiments.stats.sequential` at
N = n₀ + n₁ (valid at every 30-minute look). The mixture is two-sided, so using it only when
``z > 0`` is conservative for the one-sided question.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from experiments.stats.sequential import sequential_p_value
from learning.analytics.rates import wilson_interval

MIN_RATINGS = 30  # under this a 95 % Wilson interval is wider than ±15 points: no band
EXCELLENT, GOOD = 85.0, 75.0
ALPHA = 0.05
MIN_ROLLBACK_SAMPLE = 100  # ratings per version before a rollback may be decided


@dataclass(frozen=True)
class Health:
    n: int
    up: int
    approval_rate: float
    ci_low: float
    ci_high: float
    health: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def health_of(up: int, n: int) -> Health:
    if n <= 0:
        return Health(0, 0, 0.0, 0.0, 100.0, "insufficient_data")
    low, high = (round(float(b) * 100, 1) for b in wilson_interval(up, n))
    if n < MIN_RATINGS:
        band = "insufficient_data"
    elif low >= EXCELLENT:
        band = "excellent"
    elif high < GOOD:
        band = "needs_improvement"
    else:
        band = "good"
    return Health(n, up, round(100.0 * up / n, 1), low, high, band)


@dataclass(frozen=True)
class RegressionTest:
    baseline_n: int
    baseline_rate: float
    live_n: int
    live_rate: float
    z: float
    p_value: float
    decided: bool  # enough data and significantly worse
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def regression_test(base_up: int, base_n: int, live_up: int, live_n: int) -> RegressionTest:
    """Is the live version's approval below its baseline's? (always-valid, one-sided)"""
    if min(base_n, live_n) < MIN_ROLLBACK_SAMPLE:
        reason = f"fewer than {MIN_ROLLBACK_SAMPLE} ratings per version"
        p0 = base_up / base_n if base_n else 0.0
        p1 = live_up / live_n if live_n else 0.0
        return RegressionTest(base_n, p0, live_n, p1, 0.0, 1.0, False, reason)
    p0, p1 = base_up / base_n, live_up / live_n
    se = math.sqrt(p0 * (1 - p0) / base_n + p1 * (1 - p1) / live_n)
    z = (p0 - p1) / se if se > 0 else 0.0
    p = float(sequential_p_value(z, base_n + live_n, alpha=ALPHA)) if z > 0 else 1.0
    decided = p < ALPHA
    reason = "live approval below its baseline" if decided else "no established drop"
    return RegressionTest(base_n, p0, live_n, p1, round(z, 3), p, decided, reason)
