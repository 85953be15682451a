"""Write application events straight into the log for the insights and personalisation tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from recruitly.eventlog.models import Event, EventFamily

_ids = itertools.count(1)


def application(
    user: Any,
    submitted_at: datetime,
    *,
    outcome: str | None = None,
    days: float = 5.0,
    fit: float = 70.0,
    title: str = "Backend Engineer",
    stage: str = "series_a",
    seniority: str = "mid",
    location: str = "Austin, TX",
    industry: str = "software",
) -> list[Event]:
    """The submission (and, with ``outcome``, the status change ``days`` later) of one job."""
    n = next(_ids)
    base: dict[str, Any] = {
        "application_id": f"app-{n}",
        "job_id": f"job-{n}",
        "resume_version_id": "r1",
        "context": {
            "strategy_mode": "APPLY_MODE",
            "fit_score": fit,
            "category": "target",
            "job_characteristics": {
                "title": title,
                "company": f"Company {n}",
                "seniority": seniority,
                "location": location,
                "industry": industry,
                "company_stage": stage,
            },
            "resume_score": 80,
            "tailoring_applied": False,
        },
    }
    events = [
        Event(
            event_id=f"sub-{n}",
            event_type="APPLICATION_SUBMITTED",
            family=EventFamily.APPLICATION,
            user=user,
            occurred_at=submitted_at,
            payload=base,
        )
    ]
    if outcome:
        events.append(
            Event(
                event_id=f"out-{n}",
                event_type="STATUS_CHANGED",
                family=EventFamily.APPLICATION,
                user=user,
                occurred_at=submitted_at + timedelta(days=days),
                payload={**base, "outcome": {"status": outcome, "days_to_response": days}},
            )
        )
    return events


def store(*batches: list[Event]) -> None:
    Event.objects.bulk_create([e for batch in batches for e in batch])
