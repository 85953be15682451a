"""Events for the data-quality tests: an application, its outcome, a resume score change."""

from __future__ import annotations

from typing import Any

CONTEXT = {
    "strategy_mode": "APPLY_MODE",
    "fit_score": 71.0,
    "category": "target",
    "resume_score": 64.0,
    "tailoring_applied": False,
    "job_characteristics": {
        "title": "Data Engineer",
        "company": "Acme",
        "seniority": "mid",
        "location": "Austin, TX",
    },
}


def application(
    event_id: str, user: str, at: str, *, event_type: str = "APPLICATION_SUBMITTED", **extra: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": event_type,
        "user_id": user,
        "timestamp": at,
        "application_id": "app-1",
        "job_id": "job-1",
        "resume_version_id": "rv-1",
        "context": dict(CONTEXT),
        **extra,
    }


def outcome(event_id: str, user: str, at: str, **extra: Any) -> dict[str, Any]:
    return application(
        event_id,
        user,
        at,
        event_type="STATUS_CHANGED",
        outcome={"status": "interview", "days_to_response": 3},
        **extra,
    )


def score_change(event_id: str, user: str, at: str, version: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "SCORE_CHANGED",
        "user_id": user,
        "timestamp": at,
        "resume_version_id": version,
        "before_score": 60.0,
        "after_score": 70.0,
        "score_delta": 10.0,
        "user_accepted": True,
    }
