"""Reading the event log and the quarantine (pages and the API; analyses read frames)."""

from __future__ import annotations

from django.db.models import QuerySet

from recruitly.eventlog.models import Event, QuarantinedEvent


def event_list(*, family: str | None = None) -> QuerySet[Event]:
    qs = Event.objects.select_related("user")
    return qs.filter(family=family) if family else qs


def quarantined_event_list() -> QuerySet[QuarantinedEvent]:
    return QuarantinedEvent.objects.select_related("submitted_by")
