"""The per-type event schemas, checked without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from recruitly.eventlog.schemas import SCHEMAS, Invalid, ValidEvent, validate_event

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def application_event(**overrides: object) -> dict:
    event = {
        "event_id": "evt-1",
        "event_type": "APPLICATION_SUBMITTED",
        "user_id": "alice",
        "timestamp": "2026-05-30T09:15:00Z",
        "application_id": "app-1",
        "job_id": "job-1",
        "resume_version_id": "rv-1",
        "context": {
            "strategy_mode": "APPLY_MODE",
            "fit_score": 82.5,
            "category": "target",
            "job_characteristics": {
                "title": "Backend Engineer",
                "company": "Acme",
                "seniority": "mid",
                "location": "Austin, TX",
                "industry": "software",
            },
            "resume_score": 78,
            "tailoring_applied": True,
        },
    }
    event.update(overrides)
    return event


def test_a_well_formed_application_event_is_valid() -> None:
    result = validate_event(application_event(), now=NOW)
    assert isinstance(result, ValidEvent)
    assert result.family == "application"
    assert result.occurred_at == datetime(2026, 5, 30, 9, 15, tzinfo=UTC)
    assert "event_id" not in result.payload and "context" in result.payload


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"context": {**application_event()["context"], "fit_score": 140}},
            "context.fit_score: must be between 0 and 100 (got 140)",
        ),
        (
            {"event_type": "APPLICATION_TELEPORTED"},
            "event_type: unknown type 'APPLICATION_TELEPORTED'",
        ),
        (
            {"timestamp": "2026-05-30T09:15:00"},
            "timestamp: must be an ISO 8601 date-time with a timezone",
        ),
        ({"timestamp": "2026-06-02T12:00:00Z"}, "timestamp: is in the future"),
        ({"job_id": None}, "job_id: is required"),
        ({"surprise": 1}, "unknown fields for APPLICATION_SUBMITTED: surprise"),
        ({"event_id": ""}, "event_id: must be a non-empty string"),
    ],
)
def test_it_names_the_offending_field(change: dict, expected: str) -> None:
    result = validate_event(application_event(**change), now=NOW)
    assert isinstance(result, Invalid)
    assert any(error.startswith(expected) for error in result.errors), result.errors


def test_status_changed_needs_an_outcome() -> None:
    result = validate_event(application_event(event_type="STATUS_CHANGED"), now=NOW)
    assert isinstance(result, Invalid)
    assert "outcome: is required for STATUS_CHANGED" in result.errors


def test_rates_must_lie_between_zero_and_one() -> None:
    event = {
        "event_id": "s-1",
        "event_type": "MODE_CHANGED",
        "user_id": "alice",
        "timestamp": "2026-05-30T09:15:00+02:00",
        "from_mode": "IMPROVE_RESUME_FIRST",
        "to_mode": "APPLY_MODE",
        "reason": "resume score reached 80",
        "metrics": {
            "resume_score": 80,
            "total_applications": 3,
            "interview_rate": 1.5,
            "applications_last_7_days": 3,
        },
    }
    result = validate_event(event, now=NOW)
    assert isinstance(result, Invalid)
    assert result.errors == ["metrics.interview_rate: must be between 0 and 1 (got 1.5)"]


def test_resume_score_delta_must_match_the_scores() -> None:
    event = {
        "event_id": "r-1",
        "event_type": "RESUME_REWRITTEN",
        "user_id": "alice",
        "timestamp": "2026-05-30T09:15:00Z",
        "resume_version_id": "rv-2",
        "edit_type": "added_metrics",
        "before_score": 70,
        "after_score": 78,
        "score_delta": 5,
        "user_accepted": True,
    }
    result = validate_event(event, now=NOW)
    assert isinstance(result, Invalid)
    assert result.errors == ["score_delta: must equal after_score - before_score (8), got 5"]


def test_a_timestamp_within_the_clock_skew_tolerance_is_accepted() -> None:
    soon = (NOW + timedelta(minutes=2)).isoformat()
    assert isinstance(validate_event(application_event(timestamp=soon), now=NOW), ValidEvent)


def test_every_family_of_seed_001_and_ai_feedback_has_schemas() -> None:
    families = {schema.family for schema in SCHEMAS.values()}
    assert families == {"application", "strategy", "resume", "feedback", "ai_feedback"}
    assert {
        "APPLICATION_CREATED",
        "APPLICATION_SUBMITTED",
        "STATUS_CHANGED",
        "MODE_CHANGED",
        "TARGET_ADJUSTED",
        "PLAN_GENERATED",
        "RESUME_REWRITTEN",
        "SCORE_CHANGED",
        "SUGGESTION_ACCEPTED",
        "SUGGESTION_EDITED",
        "SUGGESTION_REJECTED",
        "AI_RESPONSE_RATED",
    } <= set(SCHEMAS)


def test_a_non_object_item_is_rejected_with_a_reason() -> None:
    result = validate_event(["not", "an", "event"], now=NOW)
    assert isinstance(result, Invalid)
    assert result.errors == ["event: must be a JSON object, got list"]
