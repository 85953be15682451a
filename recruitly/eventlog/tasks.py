"""The event log's periodic task (beat: recruitly/schedule.py)."""

from __future__ import annotations

from celery import shared_task

from recruitly.eventlog.partitions import AHEAD_MONTHS, partitions_ensure
from recruitly.task_policy import RETRY, limits


@shared_task(name="eventlog.partitions_ensure", **RETRY, **limits(10 * 60))
def partitions_ensure_task(months_ahead: int = AHEAD_MONTHS) -> dict[str, object]:
    """Create the log's missing monthly partitions, this month and ``months_ahead`` after it
    (PostgreSQL; nothing elsewhere). Daily, so a failed run has weeks to be retried."""
    return {"created": partitions_ensure(months_ahead)}
