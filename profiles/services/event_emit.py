"""Emit the candidate's actions into the learning event log (validated like any client's)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from recruitly.eventlog.ingest import events_ingest


class EventRejectedError(RuntimeError):
    """The event log refused an event this app built: a bug, never the user's fault."""


def event_emit(
    *,
    user: User,
    event_type: str,
    payload: dict[str, Any],
    submitted_by: User | None = None,
    event_id: str | None = None,
) -> str:
    """Store one event for ``user``; return its id. Idempotent when ``event_id`` is given."""
    event_id = event_id or f"{event_type.lower()}-{uuid.uuid4().hex}"
    result = events_ingest(
        items=[
            {
                "event_id": event_id,
                "event_type": event_type,
                "user_id": user.get_username(),
                "timestamp": timezone.now().isoformat(),
                **payload,
            }
        ],
        submitted_by=submitted_by,
        may_post_for_others=True,
        source="web",
    )
    if result.count("rejected"):
        errors = [e for r in result.results for e in r.errors]
        raise EventRejectedError(f"{event_type} rejected: {'; '.join(errors)}")
    return event_id
