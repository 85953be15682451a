"""Thin Celery tasks of the learning app: load by id, call one service."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.contrib.auth import get_user_model

from learning.services import events_ingest
from recruitly.task_policy import RETRY, limits

# Retry a held window this share of the heartbeat timeout after it (30 s of the default
# 3 minutes), so the holder is surely stale.
HEARTBEAT_MARGIN_SHARE = 1 / 6
RETRY_NO_MAX = {k: v for k, v in RETRY.items() if k != "max_retries"}


@shared_task(name="learning.ingest_events", **RETRY, **limits(2 * 60))
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


@shared_task(name="recruitly.ping", **limits(10))
def ping() -> str:
    return "pong"


@shared_task(name="learning.weekly_insights", **RETRY, **limits(10 * 60))
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


@shared_task(
    name="learning.analysis_nightly",
    bind=True,
    max_retries=20,
    **RETRY_NO_MAX,
    **limits(25 * 60, 30 * 60),
)
def analysis_nightly(self: Task, window_end: str | None = None) -> dict[str, object]:
    """Run or resume the nightly analysis of one window.

    When another run holds the window (a live worker, or one killed less than ``STALE_AFTER``
    ago whose task was redelivered), retry after the heartbeat timeout instead of giving up:
    the dead run is then taken over and resumed from its last finished step.
    """
    from datetime import datetime

    from learning.services import analysis_run_nightly
    from learning.services.analysis import (
        NIGHTLY,
        STALE_AFTER,
        analysis_run_in_progress,
        default_window_end,
    )

    end = datetime.fromisoformat(window_end) if window_end else default_window_end()
    run = analysis_run_nightly(window_end=end)
    if run is not None:
        return {"status": run.status, "run": run.pk, **run.summary}
    if analysis_run_in_progress(kind=NIGHTLY, window_end=end) and not self.request.is_eager:
        countdown = STALE_AFTER.total_seconds() * (1 + HEARTBEAT_MARGIN_SHARE)
        raise self.retry(args=(end.isoformat(),), countdown=countdown)
    return {"status": "skipped"}
