"""Generate the weekly insights of every active candidate, in bounded batches.

One ``AnalysisRun`` (kind ``weekly_insights``) per week holds the segment benchmarks,
computed once, and the last user done, so a crashed run resumes; one ``WeeklyInsight`` row per
(user, week) makes each candidate's insights idempotent even when two runs overlap.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from learning.aggregates import aggregate_rows
from learning.insights.build import (
    LOOKBACK_WEEKS,
    InsightInputs,
    SegmentBenchmark,
    build_weekly_insights,
    segment_benchmarks,
    segment_of,
    week_bounds,
)
from learning.insights.reader import application_frame
from learning.models import AnalysisRun, AnalysisStatus, WeeklyInsight
from learning.personalization import APPS_PER_WEEK, FOLLOW_UP
from learning.services.personal_config import personalized_config_learn
from learning.services.predict_nightly import retired_insight_kinds
from profiles.privacy import erased
from recruitly.eventlog.models import Event, EventFamily
from recruitly.spine.resolver import resolve_value

RUN_KIND = "weekly_insights"
# Candidates per batch: one events query for all of them, then ~10 queries each (personal
# values and their resolution). Measured ~35 ms a candidate on SQLite, so a batch of 200
# takes about 7 s: short enough for a worker, long enough to amortise the events query.
BATCH_USERS = 200


def week_start_for(day: date) -> date:
    """The Monday of the last complete week before ``day``."""
    return day - timedelta(days=day.weekday() + 7)


def _window(week_start: date) -> tuple[Any, Any, Any]:
    start, end = week_bounds(week_start)
    return start, end, end - timedelta(weeks=LOOKBACK_WEEKS)


def _benchmarks_payload(benchmarks: dict[str, SegmentBenchmark]) -> dict[str, Any]:
    return {
        name: {"user_count": b.user_count, "mean_rate": b.mean_rate, "quantiles": list(b.quantiles)}
        for name, b in benchmarks.items()
    }


def _benchmarks_from(payload: dict[str, Any]) -> dict[str, SegmentBenchmark]:
    return {
        name: SegmentBenchmark(name, b["user_count"], b["mean_rate"], tuple(b["quantiles"]))
        for name, b in payload.items()
    }


def _claim_run(week_start: date) -> AnalysisRun:
    start, end, since = _window(week_start)
    run, _ = AnalysisRun.objects.get_or_create(
        kind=RUN_KIND,
        window_end=end,
        defaults={"window_start": start, "started_at": timezone.now()},
    )
    if "benchmarks" not in run.summary:
        # the "similar candidates" are others: the opted-out are left out of them
        everyone = aggregate_rows(application_frame(since=since, until=end))
        benchmarks = segment_benchmarks(
            everyone, as_of=pd.Timestamp(end), k=settings.LEARNING_MIN_GROUP_SIZE
        )
        run.summary = {**run.summary, "benchmarks": _benchmarks_payload(benchmarks)}
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["summary", "heartbeat_at", "updated_at"])
    return run


def _insight_row(
    user: User,
    apps: pd.DataFrame,
    week_start: date,
    benchmarks: dict[str, SegmentBenchmark],
    retired: frozenset[str] = frozenset(),
) -> WeeklyInsight:
    _, end = week_bounds(week_start)
    personalized_config_learn(user=user, apps=apps, as_of=pd.Timestamp(end))
    insight = build_weekly_insights(
        InsightInputs(
            user_id=user.pk,
            week_start=week_start,
            apps=apps,
            target_per_week=int(resolve_value(APPS_PER_WEEK, user)),
            follow_up_days=int(resolve_value(FOLLOW_UP, user)),
            benchmark=benchmarks.get(segment_of(apps)),
            retired=retired,
        )
    )
    return WeeklyInsight(
        user=user, week_start=week_start, content=insight.as_dict(), sample_size=insight.sample_size
    )


def _next_users(since: Any, end: Any, after_user_id: int, batch_size: int | None) -> list[int]:
    ids = (
        Event.objects.filter(
            family=EventFamily.APPLICATION,
            occurred_at__gte=since,
            occurred_at__lt=end,
            user_id__gt=after_user_id,
        )
        .exclude(erased())  # a deleted account's pseudonymous events feed aggregates only
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(ids[:batch_size] if batch_size else ids)


@transaction.atomic
def weekly_insights_generate(
    *, week_start: date, after_user_id: int = 0, batch_size: int | None = None
) -> int | None:
    """Write the insights of the next batch of candidates with applications in the lookback.

    Returns the last user id of the batch (pass it back as ``after_user_id``), or None when
    the week is done. Candidates who already have the week's row are skipped.
    """
    run = _claim_run(week_start)
    if run.status == AnalysisStatus.DONE:
        return None
    _, end, since = _window(week_start)
    after = max(after_user_id, int(run.progress.get("last_user_id", 0)))
    user_ids = _next_users(since, end, after, batch_size or BATCH_USERS)
    if not user_ids:
        run.status, run.finished_at = AnalysisStatus.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at", "updated_at"])
        return None
    _write_insights(run, week_start, user_ids)
    run.progress = {**run.progress, "last_user_id": user_ids[-1]}
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["progress", "heartbeat_at", "updated_at"])
    return user_ids[-1]


def weekly_insight_chunks(*, week_start: date, size: int) -> list[tuple[int, int]]:
    """The week's candidates as ``(after_user_id, last_user_id)`` chunks of ``size``, for
    workers to share; the week's run (and its segment benchmarks) is created first, once."""
    run = _claim_run(week_start)
    if run.status == AnalysisStatus.DONE:
        return []
    _, end, since = _window(week_start)
    ids = _next_users(since, end, 0, None)
    return [
        (ids[i - 1] if i else 0, ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)
    ]


@transaction.atomic
def weekly_insights_generate_chunk(
    *, week_start: date, after_user_id: int, last_user_id: int
) -> int:
    """Write the insights of the candidates in ``(after_user_id, last_user_id]``; returns how
    many were new. Idempotent: a candidate with the week's row is skipped."""
    run = _claim_run(week_start)
    _, end, since = _window(week_start)
    user_ids = [u for u in _next_users(since, end, after_user_id, None) if u <= last_user_id]
    written = _write_insights(run, week_start, user_ids)
    AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    return written


def weekly_insights_finish(*, week_start: date) -> None:
    """Mark the week's run done (after its last chunk)."""
    run = _claim_run(week_start)
    _, end, since = _window(week_start)
    last = _next_users(since, end, 0, None)[-1:]
    run.status, run.finished_at = AnalysisStatus.DONE, timezone.now()
    run.progress = {**run.progress, "last_user_id": last[0] if last else 0}
    run.save(update_fields=["status", "finished_at", "progress", "updated_at"])


def _write_insights(run: AnalysisRun, week_start: date, user_ids: list[int]) -> int:
    _, end, since = _window(week_start)
    done = set(
        WeeklyInsight.objects.filter(week_start=week_start, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    todo = [u for u in user_ids if u not in done]
    if not todo:
        return 0
    users = get_user_model().objects.in_bulk(todo)
    frame = application_frame(since=since, until=end, user_ids=todo)
    by_user = dict(tuple(frame.groupby("user_id"))) if len(frame) else {}
    benchmarks = _benchmarks_from(run.summary.get("benchmarks", {}))
    retired = retired_insight_kinds()
    rows = [
        _insight_row(users[uid], by_user.get(uid, frame.iloc[0:0]), week_start, benchmarks, retired)
        for uid in todo
    ]
    WeeklyInsight.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def weekly_insight_generate(*, user: User, week_start: date) -> WeeklyInsight:
    """One candidate's insights for one week, outside the batch (get or create)."""
    existing = WeeklyInsight.objects.filter(user=user, week_start=week_start).first()
    if existing is not None:
        return existing
    run = _claim_run(week_start)
    _, end, since = _window(week_start)
    apps = application_frame(since=since, until=end, user_ids=[user.pk])
    benchmarks = _benchmarks_from(run.summary["benchmarks"])
    row = _insight_row(user, apps, week_start, benchmarks, retired_insight_kinds())
    WeeklyInsight.objects.bulk_create([row], ignore_conflicts=True)
    return WeeklyInsight.objects.get(user=user, week_start=week_start)
