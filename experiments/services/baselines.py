"""Observed baselines: what a metric looks like on the platform's own recent data.

The ethics checks plan on these instead of the experimenter's guess: over the
:data:`BASELINE_DAYS` before a start, every candidate active then (at least one metric event)
counts, each from the window's start, through the same metric code as the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from experiments.metrics import MetricDefinition, arm_statistics, experiment_frames
from experiments.selectors import candidate_population, metric_event_frame
from experiments.stats import RatioStats, SampleStats

BASELINE_DAYS = 28
# Fewer active candidates than this and the observed rate is itself too noisy to plan on.
MIN_BASELINE_USERS = 200


@dataclass(frozen=True)
class Baseline:
    metric: str
    n: int  # active candidates with a value
    mean: float
    variance: float  # per user (binomial p(1 - p); ratio: n·Var by the delta method)
    active: int  # active candidates in the window


class BaselineReader:
    """Reads the window's events once and answers for any metric."""

    def __init__(self, *, until: datetime, days: int = BASELINE_DAYS) -> None:
        since = until - timedelta(days=days)
        events = metric_event_frame(since=since, until=until)
        events = events[events["occurred_at"] >= pd.Timestamp(since)]
        population = {pk for pk, _ in candidate_population()}
        active = sorted(set(events["user_id"].unique()) & population)
        self.active = len(active)
        frame = pd.DataFrame(
            {
                "user_id": pd.Series(active, dtype="int64"),
                "variant_id": pd.Series([0] * len(active), dtype="int64"),
                "exposed_at": pd.Series(
                    [pd.Timestamp(since)] * len(active), dtype="datetime64[ns, UTC]"
                ),
            }
        )
        self._post, _ = experiment_frames(frame, events, now=until)

    def get(self, metric: MetricDefinition) -> Baseline | None:
        """The metric's observed baseline, or None below :data:`MIN_BASELINE_USERS`."""
        if self.active < MIN_BASELINE_USERS or not len(self._post):
            return None
        stats = arm_statistics(metric, self._post).get(0)
        if stats is None or stats.n < MIN_BASELINE_USERS:
            return None
        if isinstance(stats, RatioStats):
            variance = stats.variance()
        elif isinstance(stats, SampleStats):
            variance = stats.variance(binomial=metric.kind == "binomial")
        else:  # CUPED statistics only come with a pre-period frame, never passed here
            return None
        return Baseline(metric.key, stats.n, stats.mean, variance, self.active)
