"""Thin Celery tasks of the learning app: load by id, call one service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from celery import Task, shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from learning.models import AnalysisRun, AnalysisStatus
from learning.services import analysis_run_nightly, insights
from learning.services.analysis import (
    NIGHTLY,
    analysis_run_execute,
    analysis_run_in_progress,
    default_window_end,
)
from learning.services.analysis import (
    STALE_AFTER as ANALYSIS_STALE_AFTER,
)
from learning.services.analysis_shards import ShardOutcome, shard_compute
from profiles.models import BatchClaim
from profiles.services.batch_claims import (
    STALE_AFTER as CLAIM_STALE_AFTER,
)
from profiles.services.batch_claims import (
    batch_chunks_open,
    batch_claim,
    batch_pending,
    batch_release,
    batch_window_open,
)
from recruitly.eventlog.ingest import events_ingest
from recruitly.task_policy import RETRY, limits, worker_name

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
        may_post_for_others=submitter is None or submitter.has_perm("eventlog.ingest_any_event"),
        source=source,
    )
    return {status: result.count(status) for status in ("stored", "duplicate", "rejected")}


@shared_task(name="recruitly.ping", **limits(10))
def ping() -> str:
    return "pong"


@shared_task(name="learning.weekly_insights", **RETRY, **limits(60))
def weekly_insights(week_start: str | None = None, batch: int | None = None) -> int | None:
    """Monday: fan the week's candidates out in chunks to ``weekly_insights_batch``.

    The week's first call opens its window (a second beat or a redelivery stops there),
    computes the segment benchmarks once and creates one claim per chunk; any number of
    workers then take the chunks. Returns the chunks queued.
    """

    start = (
        date.fromisoformat(week_start)
        if week_start
        else insights.week_start_for(timezone.localdate())
    )
    if not batch_window_open(job="weekly_insights", window=start.isoformat()):
        return None
    chunks = insights.weekly_insight_chunks(week_start=start, size=batch or insights.BATCH_USERS)
    windows = [_insight_chunk(start.isoformat(), after) for after, _ in chunks]
    batch_chunks_open(job=INSIGHT_CHUNK_JOB, windows=windows)
    for after, last in chunks:
        weekly_insights_batch.delay(start.isoformat(), after, last)
    if not chunks:
        insights.weekly_insights_finish(week_start=start)
    return len(chunks)


INSIGHT_CHUNK_JOB = "weekly_insights_batch"


def _insight_chunk(week_start: str, after_user_id: int) -> str:
    return f"{week_start}#{after_user_id}"


@shared_task(name="learning.weekly_insights_batch", bind=True, **RETRY, **limits(10 * 60))
def weekly_insights_batch(
    self: Task, week_start: str, after_user_id: int, last_user_id: int
) -> int | None:
    """One chunk of the week's insights, claimed once (a redelivery writes nothing twice, a
    dead worker's chunk is taken over once its claim is stale); the last chunk to finish
    closes the week's run."""

    chunk = _insight_chunk(week_start, after_user_id)
    worker = worker_name(self)
    if not batch_claim(job=INSIGHT_CHUNK_JOB, window=chunk, after_id=0, claimed_by=worker):
        if batch_pending(job=INSIGHT_CHUNK_JOB, window=chunk, after_id=0) and not (
            self.request.is_eager
        ):
            raise self.retry(countdown=CLAIM_STALE_AFTER.total_seconds())
        return None
    start = date.fromisoformat(week_start)
    written = insights.weekly_insights_generate_chunk(
        week_start=start, after_user_id=after_user_id, last_user_id=last_user_id
    )
    batch_release(job=INSIGHT_CHUNK_JOB, window=chunk, after_id=0, cursor=None)
    open_chunks = BatchClaim.objects.filter(
        job=INSIGHT_CHUNK_JOB, window__startswith=f"{week_start}#", finished_at__isnull=True
    )
    if not open_chunks.exists():
        insights.weekly_insights_finish(week_start=start)
    return written


@shared_task(
    name="learning.analysis_nightly",
    bind=True,
    max_retries=20,
    **RETRY_NO_MAX,
    **limits(25 * 60, 30 * 60),
)
def analysis_nightly(self: Task, window_end: str | None = None) -> dict[str, object]:
    """Run or resume the nightly analysis of one window.

    When another run holds the window (a live worker, or one killed less than
    ``ANALYSIS_STALE_AFTER`` ago whose task was redelivered), retry after the heartbeat timeout
    instead of giving up: the dead run is then taken over and resumed from its last finished
    step.
    """

    end = datetime.fromisoformat(window_end) if window_end else default_window_end()
    run = analysis_run_nightly(window_end=end, dispatch=_dispatch_shard)
    if run is not None and run.status != AnalysisStatus.SHARDED:
        return {"status": run.status, "run": run.pk, **run.summary}
    # the shards are out (the last to finish merges), or another worker holds the window:
    # come back after the heartbeat timeout, to take the run over if its worker died
    in_progress = run is not None or analysis_run_in_progress(kind=NIGHTLY, window_end=end)
    if in_progress and not self.request.is_eager:
        countdown = ANALYSIS_STALE_AFTER.total_seconds() * (1 + HEARTBEAT_MARGIN_SHARE)
        raise self.retry(args=(end.isoformat(),), countdown=countdown)
    return {"status": "skipped"}


def _dispatch_shard(run_id: int, index: int) -> None:
    analysis_shard.delay(run_id, index)


@shared_task(name="learning.analysis_shard", bind=True, **RETRY, **limits(25 * 60, 30 * 60))
def analysis_shard(self: Task, run_id: int, index: int) -> dict[str, object]:
    """One shard of a fanned-out nightly run; the last shard to finish merges and runs the
    steps (learning.services.analysis_shards). A shard another live worker holds is tried
    again after the heartbeat timeout (taken over if that worker died); a stored one is never
    computed again."""

    outcome = shard_compute(run_id=run_id, index=index, worker=worker_name(self))
    if outcome == ShardOutcome.HELD and not self.request.is_eager:
        countdown = ANALYSIS_STALE_AFTER.total_seconds() * (1 + HEARTBEAT_MARGIN_SHARE)
        raise self.retry(countdown=countdown)
    if outcome != ShardOutcome.MERGE:
        return {"shard": index, "outcome": outcome.value}
    run = AnalysisRun.objects.get(pk=run_id)
    run = analysis_run_execute(run, dispatch=_dispatch_shard)
    return {"shard": index, "outcome": outcome.value, "status": run.status, "run": run.pk}
