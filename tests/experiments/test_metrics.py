"""Metrics over the event log: per-user aggregation after exposure, sufficient statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from experiments.metrics import METRICS, arm_statistics, experiment_frames
from experiments.stats import CupedStats, RatioStats, SampleStats, compare

T0 = datetime(2026, 10, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=14)


def _assignments(rows: list[tuple[int, int, datetime]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["user_id", "variant_id", "exposed_at"])
    frame["exposed_at"] = pd.to_datetime(frame["exposed_at"], utc=True)
    frame["experiment_id"] = 1
    return frame


def _events(rows: list[tuple]) -> pd.DataFrame:
    columns = ["user_id", "event_type", "occurred_at", "status", "application_id", "days", "rating"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    frame["days"] = pd.to_numeric(frame["days"])
    return frame


A, S, R = "APPLICATION_SUBMITTED", "STATUS_CHANGED", "AI_RESPONSE_RATED"


@pytest.fixture
def world() -> tuple[pd.DataFrame, pd.DataFrame]:
    assignments = _assignments(
        [(1, 10, T0), (2, 10, T0), (3, 20, T0), (4, 20, T0 + timedelta(days=7))]
    )
    events = _events(
        [
            # user 1: before exposure (pre-period only), then two applications, one interview
            (1, S, T0 - timedelta(days=3), "interview", "old", 4, None),
            (1, A, T0 + timedelta(days=1), None, "a1", None, None),
            (1, A, T0 + timedelta(days=2), None, "a2", None, None),
            (1, S, T0 + timedelta(days=5), "interview", "a1", 4, None),
            (1, S, T0 + timedelta(days=6), "offer", "a1", 1, None),  # same application
            (1, R, T0 + timedelta(days=3), None, None, None, "up"),
            # user 2: nothing after exposure
            # user 3: one application, rejected after 10 days; one thumbs-down
            (3, A, T0 + timedelta(days=1), None, "a3", None, None),
            (3, S, T0 + timedelta(days=11), "rejected", "a3", 10, None),
            (3, R, T0 + timedelta(days=2), None, None, None, "down"),
            # user 4: applied before exposure (pre-period), and after the analysis time
            (4, A, T0 + timedelta(days=6), None, "a4", None, None),
            (4, S, NOW + timedelta(days=1), "interview", "a4", 8, None),
        ]
    )
    return assignments, events


def test_only_events_after_exposure_and_before_now_count(world) -> None:
    post, pre = experiment_frames(*world, now=NOW)
    assert post.loc[1, ["applications", "interviews", "responses", "ups"]].tolist() == [2, 1, 2, 1]
    assert post.loc[4, ["applications", "interviews"]].tolist() == [0, 0]
    assert pre.loc[1, "interviews"] == 1 and pre.loc[4, "applications"] == 1
    assert post.loc[2].applications == 0


def test_binomial_metrics_count_every_enrolled_user(world) -> None:
    post, _ = experiment_frames(*world, now=NOW)
    stats = arm_statistics(METRICS["interview_rate"], post)
    assert stats == {10: SampleStats(2, 1.0, 1.0), 20: SampleStats(2, 0.0, 0.0)}
    applied = arm_statistics(METRICS["jobs_applied_rate"], post)
    assert applied[10].sum == 1 and applied[20].sum == 1
    thumbs = arm_statistics(METRICS["thumbs_up_rate"], post)
    assert thumbs[10].sum == 1 and thumbs[20].sum == 0


def test_continuous_metrics_per_user(world) -> None:
    post, _ = experiment_frames(*world, now=NOW)
    days = arm_statistics(METRICS["days_to_response"], post)
    # user 1 waited 4 and 1 days (mean 2.5); user 3 waited 10; users without a response drop out
    assert days[10] == SampleStats(1, 2.5, 6.25)
    assert days[20] == SampleStats(1, 10.0, 100.0)
    per_week = arm_statistics(METRICS["applications_per_week"], post)
    assert per_week[10].sum == pytest.approx(2 / 2)  # two applications over two weeks
    assert per_week[20].sum == pytest.approx(1 / 2 + 0)


def test_ratio_metrics_pool_numerators_and_denominators(world) -> None:
    post, _ = experiment_frames(*world, now=NOW)
    stats = arm_statistics(METRICS["interviews_per_application"], post)
    assert stats[10] == RatioStats(2, 1.0, 1.0, 2.0, 4.0, 2.0)
    assert stats[10].mean == 0.5
    assert stats[20].mean == 0.0


def test_cuped_uses_the_same_metric_before_exposure(world) -> None:
    post, pre = experiment_frames(*world, now=NOW)
    stats = arm_statistics(METRICS["interview_rate"], post, pre)
    assert stats[10] == CupedStats(2, 1.0, 1.0, 1.0, 1.0, 1.0)
    assert isinstance(compare(stats[10], stats[20]).theta, float)


def test_an_outcome_window_analyses_matured_users_on_their_first_days(world) -> None:
    # a 9-day window at day 14: users 1-3 (exposed on day 0) count, user 4 (day 7) not yet
    post, _ = experiment_frames(*world, now=NOW, window=timedelta(days=9))
    assert sorted(post.index) == [1, 2, 3]
    # user 1's interview (day 5) is inside the window; user 3's answer (day 11) is not
    assert post.loc[1, ["applications", "interviews", "responses"]].tolist() == [2, 1, 2]
    assert post.loc[3, ["applications", "responses"]].tolist() == [1, 0]
    # the window, not the time since exposure, is the span of a per-week metric
    assert post.loc[1, "exposure_seconds"] == timedelta(days=9).total_seconds()
