"""The columnar analytics: events → applications, per-user performance, cohorts, market."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from learning.analytics import (
    SegmentSpec,
    applications_from_events,
    cohorts_analyze,
    market_analyze,
    user_patterns,
    user_performance_for,
)
from learning.analytics.frames import add_edit_exposure, frames_from_events
from recruitly.eventlog.schemas import SCHEMAS

FAMILY = {name: schema.family for name, schema in SCHEMAS.items()}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def _application(user: str, n: int, at: datetime, **context) -> dict:
    return {
        "event_id": f"{user}-sub-{n}",
        "event_type": "APPLICATION_SUBMITTED",
        "user_id": user,
        "timestamp": at.isoformat(),
        "application_id": f"{user}-app-{n}",
        "job_id": f"job-{n % 7}",
        "resume_version_id": "v1",
        "context": {
            "strategy_mode": context.get("mode", "APPLY_MODE"),
            "fit_score": context.get("fit", 70.0),
            "category": context.get("category", "target"),
            "resume_score": context.get("resume", 72.0),
            "tailoring_applied": True,
            "fit_components": dict.fromkeys(
                ("skills", "experience", "location", "salary", "culture"), 70.0
            ),
            "job_characteristics": {
                "title": context.get("title", "Backend Engineer"),
                "company": "Acme",
                "seniority": context.get("seniority", "mid"),
                "location": context.get("location", "Austin, TX"),
                "industry": context.get("industry", "software"),
                "company_stage": "growth",
            },
        },
    }


def _status(app: dict, status: str, days: float) -> dict:
    at = datetime.fromisoformat(app["timestamp"]) + timedelta(days=days)
    return {
        **app,
        "event_id": f"{app['event_id']}-{status}",
        "event_type": "STATUS_CHANGED",
        "timestamp": at.isoformat(),
        "outcome": {"status": status, "days_to_response": days},
    }


def _world(users: int, per_user: int, seed: int = 0, **context) -> list[dict]:
    rng = np.random.default_rng(seed)
    events = []
    for u in range(users):
        for n in range(per_user):
            app = _application(f"u{u}", n, T0 + timedelta(days=n, hours=u % 5), **context)
            events.append(app)
            draw = rng.random()
            if draw < 0.2:
                events.append(_status(app, "interview", 3))
                if draw < 0.05:
                    events.append(_status(app, "offer", 10))
            elif draw < 0.6:
                events.append(_status(app, "rejected", 5))
            else:
                events.append(_status(app, "ghosted", 30))
    return events


def _apps(events: list[dict]) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    frames = frames_from_events(events, FAMILY)
    return applications_from_events(frames["application"]), frames


def test_application_outcomes_are_collapsed_from_status_changes():
    # given one interviewed-then-offered, one rejected and one unanswered application
    a1, a2, a3 = (_application("ann", n, T0 + timedelta(days=n)) for n in range(3))
    events = [a1, a2, a3, _status(a1, "interview", 4), _status(a1, "offer", 12)]
    events.append(_status(a2, "rejected", 6))
    # when
    apps, _ = _apps(events)
    # then
    by_id = apps.set_index("application_id")
    assert len(apps) == 3
    assert by_id.loc["ann-app-0", ["interviewed", "offered", "responded"]].tolist() == [
        True,
        True,
        True,
    ]
    assert by_id.loc["ann-app-0", "first_response_days"] == 4
    assert by_id.loc["ann-app-1", "rejected"] and not by_id.loc["ann-app-1", "interviewed"]
    assert by_id.loc["ann-app-2", "final_status"] == "pending"
    assert by_id.loc["ann-app-0", "weekday"] == 0 and by_id.loc["ann-app-1", "weekday"] == 1


def test_user_performance_states_rates_with_sample_size_and_interval():
    apps, frames = _apps(_world(users=1, per_user=40))
    performance = user_performance_for(1, apps, frames["resume"], min_sample=20)
    assert performance.total_applications == 40
    assert performance.interview_rate.n == 40
    assert performance.interview_rate.value == pytest.approx(performance.interview_requests / 40)
    low, high = performance.interview_rate.ci_low, performance.interview_rate.ci_high
    assert low < performance.interview_rate.value < high
    assert performance.applications_by_category["target"] == 40


def test_user_performance_claims_no_rate_below_the_minimum_sample():
    apps, frames = _apps(_world(users=1, per_user=8))
    performance = user_performance_for(1, apps, frames["resume"], min_sample=20)
    assert performance.interview_rate.value is None
    assert performance.interview_rate.n == 8


def test_user_patterns_only_name_groups_with_enough_applications():
    apps, frames = _apps(_world(users=1, per_user=30))
    patterns = user_patterns(1, apps, frames["resume"], frames["feedback"], min_sample=20)
    assert [g.label for g in patterns.best_performing_roles] == ["Backend Engineer"]
    few = user_patterns(1, apps.head(10), frames["resume"], frames["feedback"], min_sample=20)
    assert few.best_performing_roles == [] and few.notes


def test_edit_exposure_marks_applications_sent_after_the_accepted_edit():
    apps, _ = _apps([_application("bo", n, T0 + timedelta(days=n)) for n in range(4)])
    resume = pd.DataFrame(
        {
            "user_id": [1, 1],
            "occurred_at": [T0 + timedelta(days=1, hours=12), T0 + timedelta(hours=1)],
            "edit_type": ["added_metrics", "shortened"],
            "user_accepted": [True, False],
        }
    )
    exposed = add_edit_exposure(apps, resume, ("added_metrics", "shortened"))
    assert exposed["edit_added_metrics"].tolist() == [False, False, True, True]
    assert not exposed["edit_shortened"].any()  # rejected rewrites change nothing


def test_cohort_segments_with_fewer_than_k_users_are_suppressed():
    events = _world(users=12, per_user=25) + _world(users=3, per_user=25, seed=1, seniority="lead")
    # names of the second group clash with the first: rename them
    for e in events[-(3 * 25 * 2) :]:
        e["user_id"] = "lead-" + e["user_id"]
    apps, _ = _apps(events)
    results = {
        r.segment_id: r
        for r in cohorts_analyze(
            apps,
            segments=[
                SegmentSpec("mid", seniority=("mid",)),
                SegmentSpec("lead", seniority=("lead",)),
            ],
            k=10,
        )
    }
    assert not results["mid"].suppressed and results["mid"].user_count == 12
    assert results["mid"].interview_rate["sample_size"] == 12 * 25
    assert results["lead"].suppressed and results["lead"].avg_interview_rate is None


def test_market_suppresses_groups_under_k_users_and_everything_under_k_overall():
    # given 15 users in software, 4 of them also in a rare industry
    events = _world(users=15, per_user=20)
    for e in events:
        if e["user_id"] in ("u0", "u1", "u2", "u3") and e["event_id"].endswith(
            ("-sub-0", "-sub-1")
        ):
            e["context"]["job_characteristics"]["industry"] = "mining"
    apps, _ = _apps(events)
    # when
    market = market_analyze(apps, k=10)
    # then
    industries = [row["industry"] for row in market.most_active_industries]
    assert "software" in industries and "mining" not in industries
    assert market.suppressed_groups >= 1
    assert market_analyze(apps[apps["user_id"] <= 5], k=10).suppressed


def test_market_names_a_best_month_only_when_it_credibly_beats_the_rest():
    apps, _ = _apps(_world(users=30, per_user=60))
    apps["month"] = np.where(np.arange(len(apps)) % 2 == 0, 3, 4).astype("int8")
    apps["interviewed"] = False
    assert market_analyze(apps, k=10).best_months_to_apply == []
    march = apps["month"] == 3
    apps.loc[march, "interviewed"] = np.arange(march.sum()) % 2 == 0
    market = market_analyze(apps, k=10)
    assert market.best_months_to_apply == ["March"]
    assert market.worst_months_to_apply == ["April"]


def _instrument_frames(suggestion_after_edit: bool):
    from learning.analytics.frames import instrument_ineligible_users

    day = timedelta(days=1)
    apps = pd.DataFrame({"user_id": [1, 2, 3], "submitted_at": [T0, T0, T0]})
    # user 1 edits on day 2 on their own, within the usual suggestion delay (5-6 days);
    # user 2 edits minutes after a suggestion; user 3 is suggested and never edits
    resume = pd.DataFrame(
        {
            "user_id": [1, 2],
            "occurred_at": [T0 + 2 * day, T0 + 5 * day],
            "edit_type": ["added_metrics", "added_metrics"],
            "user_accepted": [True, True],
        }
    )
    suggested = [(2, T0 + 5 * day - timedelta(minutes=5)), (3, T0 + 6 * day)]
    if suggestion_after_edit:
        suggested.append((1, T0 + 4 * day))
    feedback = pd.DataFrame(
        {
            "user_id": [u for u, _ in suggested],
            "occurred_at": [t for _, t in suggested],
            "suggested_edit_type": "added_metrics",
        }
    )
    return instrument_ineligible_users(apps, resume, feedback, "added_metrics")


def test_early_own_edits_leave_the_iv_sample_only_when_the_log_hides_their_suggestion():
    assert list(_instrument_frames(suggestion_after_edit=False)) == [1]
    assert list(_instrument_frames(suggestion_after_edit=True)) == []
