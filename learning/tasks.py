"""Thin Celery tasks of the learning app: load by id, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model

from learning.services import events_ingest


@shared_task(
    name="learning.ingest_events",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def ingest_events(items: list[Any], submitted_by_id: int | None, source: str) -> dict[str, int]:
    """Ingest a batch in the background (integrations that post large exports)."""
    submitter = (
        get_user_model().objects.filter(pk=submitted_by_id).first() if submitted_by_id else None
    )
    result = events_ingest(
        items=items,
        submitted_by=submitter,
        may_post_for_others=submitter is None or submitter.has_perm("learning.ingest_any_event"),
        source=source,
    )
    return {status: result.count(status) for status in ("stored", "duplicate", "rejected")}


@shared_task(name="recruitly.ping")
def ping() -> str:
    return "pong"


@shared_task(name="learning.weekly_insights")
def weekly_insights(week_start: str | None = None, after_user_id: int = 0) -> int | None:
    """Monday: insights and personal values of the last complete week, one batch per call.

    Re-enqueues itself with the batch's last user id until every candidate is done.
    """
    from datetime import date

    from django.utils import timezone

    from learning.services.insights import week_start_for, weekly_insights_generate

    start = date.fromisoformat(week_start) if week_start else week_start_for(timezone.localdate())
    cursor = weekly_insights_generate(week_start=start, after_user_id=after_user_id)
    if cursor is not None:
        weekly_insights.delay(start.isoformat(), cursor)
    return cursor


@shared_task(name="learning.analysis_nightly", acks_late=True)
def analysis_nightly() -> dict[str, object]:
    """Run the nightly analysis; a second concurrent delivery finds the window claimed."""
    from learning.services import analysis_run_nightly

    run = analysis_run_nightly()
    if run is None:
        return {"status": "skipped"}
    return {"status": run.status, "run": run.pk, **run.summary}
