"""Pure analytics over columnar batches of the event log (no Django imports).

Inputs are DataFrames in the shape of :mod:`learning.analytics.frames`; outputs are frozen
result dataclasses. See each module's docstring for its formulas.
"""

from learning.analytics.cohorts import SegmentResult, SegmentSpec, cohorts_analyze
from learning.analytics.frames import (
    add_edit_exposure,
    applications_from_events,
    baseline_resume_scores,
)
from learning.analytics.market import MarketInsights, market_analyze
from learning.analytics.rates import MIN_SAMPLE, Rate, rate, wilson_interval
from learning.analytics.users import (
    UserPatterns,
    UserPerformance,
    user_patterns,
    user_performance,
    user_performance_for,
    user_performance_table,
)

__all__ = [
    "MIN_SAMPLE",
    "MarketInsights",
    "Rate",
    "SegmentResult",
    "SegmentSpec",
    "UserPatterns",
    "UserPerformance",
    "add_edit_exposure",
    "applications_from_events",
    "baseline_resume_scores",
    "cohorts_analyze",
    "market_analyze",
    "rate",
    "user_patterns",
    "user_performance",
    "user_performance_for",
    "user_performance_table",
    "wilson_interval",
]
