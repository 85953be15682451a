"""The nightly analysis run: claim a window, run each step once, resume after a crash.

One :class:`~learning.models.AnalysisRun` row per ``(kind, window_end)`` (unique). A run

* **claims** the window by inserting that row; if it exists, it takes it over only with a
  conditional UPDATE that succeeds for exactly one worker, and only when the row FAILED or
  its heartbeat is older than ``STALE_AFTER`` (the worker died). A DONE window, or one with a
  live heartbeat, is left alone: a second concurrent or repeated run does nothing;
* runs the steps of :data:`learning.services.analysis_steps.STEPS` in order, skipping those
  recorded in ``progress``. Each step's recommendations and its progress entry are written in
  one transaction, so a crash between steps loses nothing and repeats nothing;
* computes a few heavy steps in a forked process on the second core while it runs the others
  (:mod:`learning.services.analysis_side`), recording every step in ``STEPS`` order all the
  same;
* refreshes ``heartbeat_at`` after every step, and ends DONE (with a summary) or FAILED (with
  the error) — a FAILED run is resumed by the next attempt.

The data are read shard by shard in this process (:mod:`learning.services.analysis_stream`)
or, given a ``dispatch`` (the Celery task does), by one task per shard
(:mod:`learning.services.analysis_shards`): the run is then SHARDED until the last shard's task
takes it back, merges and runs the steps; a SHARDED run whose heartbeat (refreshed by its
shards) is stale is taken over like a STARTED one.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from threadpoolctl import threadpool_limits

from learning.models import AnalysisRun, AnalysisStatus
from learning.services.analysis_shards import Dispatch, shards_delete, shards_fan_out
from learning.services.analysis_side import side_steps_start
from learning.services.analysis_steps import STEPS, AnalysisData
from learning.services.analysis_stream import analysis_data_stream, release_freed_memory
from learning.services.recommendations_generate import jsonable, recommendations_from_findings

NIGHTLY = "nightly"
# The history one nightly run reads; a year covers seasonality and most candidates' searches.
WINDOW_DAYS = 365
# A STARTED run whose heartbeat is older than this is taken to have died. The heartbeat is
# refreshed after the data load and after every step; the slowest of those (reading a million
# events, 5.7 s; the whole run 11.4 s in bench/analyze_bench.py) is far below it, so a live
# run always beats it and a killed one is resumed minutes later, not the next night.
# Default 3 minutes (settings.ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS).
STALE_AFTER = timedelta(seconds=settings.ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS)

Progress = Callable[[str, int, int], None]


def default_window_end(now: datetime | None = None) -> datetime:
    """Midnight UTC that starts today: the run analyses everything before it."""
    today = (now or timezone.now()).astimezone(UTC).date()
    return datetime.combine(today, time(), tzinfo=UTC)


def analysis_run_claim(
    *, kind: str, window_start: datetime, window_end: datetime
) -> AnalysisRun | None:
    """Insert or take over this window's run; None when it is done or owned by a live worker."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return AnalysisRun.objects.create(
                kind=kind,
                window_start=window_start,
                window_end=window_end,
                status=AnalysisStatus.STARTED,
                started_at=now,
                heartbeat_at=now,
            )
    except IntegrityError:
        pass
    stale = Q(status=AnalysisStatus.FAILED) | Q(
        status__in=[AnalysisStatus.STARTED, AnalysisStatus.SHARDED],
        heartbeat_at__lt=now - STALE_AFTER,
    )
    taken = AnalysisRun.objects.filter(stale, kind=kind, window_end=window_end).update(
        status=AnalysisStatus.STARTED, heartbeat_at=now, error="", updated_at=now
    )
    if taken != 1:
        return None
    return AnalysisRun.objects.get(kind=kind, window_end=window_end)


def _step_record(run: AnalysisRun, name: str, summary: dict[str, Any], findings: list) -> int:
    with transaction.atomic():
        stored = recommendations_from_findings(findings=findings, analysis_run=run)
        run.progress = {
            **run.progress,
            name: {"summary": jsonable(summary), "recommendations": [r.pk for r in stored]},
        }
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["progress", "heartbeat_at", "updated_at"])
    return len(stored)


def _heartbeat(run: AnalysisRun) -> None:
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["heartbeat_at", "updated_at"])


def analysis_run_in_progress(*, kind: str, window_end: datetime) -> bool:
    """True while this window's run is STARTED or SHARDED (live, or dead and not yet stale)."""
    return AnalysisRun.objects.filter(
        kind=kind,
        window_end=window_end,
        status__in=[AnalysisStatus.STARTED, AnalysisStatus.SHARDED],
    ).exists()


def analysis_run_execute(
    run: AnalysisRun,
    *,
    progress: Progress | None = None,
    data: AnalysisData | None = None,
    dispatch: Dispatch | None = None,
) -> AnalysisRun:
    """Run the steps not yet in ``run.progress``; marks the run DONE or FAILED.

    With ``dispatch`` the shards are Celery tasks: when some are still to compute they are
    dispatched and the run is returned SHARDED (or already DONE: eager tasks merge inline).
    """
    try:
        pending = [name for name in STEPS if name not in run.progress]
        total = len(STEPS)
        if pending and data is None and dispatch is not None:
            data = shards_fan_out(run, dispatch)
            if data is None:
                run.refresh_from_db()
                return run
            _heartbeat(run)
            if progress:
                progress("load", len(run.progress), total)
        if pending and data is None:
            # shard by shard (the heartbeat after each): peak memory does not grow with the log
            data = analysis_data_stream(
                window_start=run.window_start,
                window_end=run.window_end,
                on_shard=lambda done, shards: _heartbeat(run),
            )
            _heartbeat(run)
            if progress:
                progress("load", len(run.progress), total)
        if pending:  # loaded above whenever a step is pending
            _steps_run(run, pending, cast(AnalysisData, data), progress)
    except Exception:
        run.status = AnalysisStatus.FAILED
        run.error = traceback.format_exc()[-4000:]
        run.save(update_fields=["status", "error", "updated_at"])
        raise
    run.status = AnalysisStatus.DONE
    run.finished_at = timezone.now()
    run.summary = {
        "steps": list(run.progress),
        "recommendations": sum(len(v.get("recommendations", [])) for v in run.progress.values()),
        "auto_apply_enabled": settings.LEARNING_AUTO_APPLY_ENABLED,
        # what the steps read: every user's totals, the rows of a user sample (all below the cap)
        **({"load": data.load} if data is not None and data.load else {}),
    }
    run.save(update_fields=["status", "finished_at", "summary", "updated_at"])
    shards_delete(run)
    return run


def _steps_run(
    run: AnalysisRun, pending: list[str], data: AnalysisData, progress: Progress | None
) -> None:
    """Run and record ``pending`` in order; the side steps come from the forked process."""
    # every step on one BLAS thread, as the causal steps always were (one_blas_thread): at 1 M
    # events OpenBLAS's pool took fit_weights and strategy_thresholds from 0.65 to 1.2 s of CPU
    # for the same wall time, and twice that while the side process ran. Set before the fork,
    # so the side process has one thread too.
    with threadpool_limits(1):
        side = side_steps_start(data, pending, STEPS)
        try:
            for name in pending:
                result = side.take(name) if side and name in side.keys else None
                summary, findings = result or STEPS[name](data)
                release_freed_memory()  # the step's working memory: the next starts from the data
                _step_record(run, name, summary, findings)
                if progress:
                    progress(name, len(run.progress), len(STEPS))
        finally:
            if side:
                side.close()


def analysis_run_nightly(
    *,
    window_end: datetime | None = None,
    window_days: int = WINDOW_DAYS,
    kind: str = NIGHTLY,
    progress: Progress | None = None,
    dispatch: Dispatch | None = None,
) -> AnalysisRun | None:
    """Run or resume the analysis of the window ending at ``window_end`` (default: 00:00 UTC today).

    Returns the finished run, or None when the window is done or being run elsewhere.
    Raises whatever a step raises, after recording the run as FAILED. With ``dispatch`` the
    shards are handed to it (one Celery task each) and the run may come back SHARDED.
    """
    end = window_end or default_window_end()
    run = analysis_run_claim(
        kind=kind, window_start=end - timedelta(days=window_days), window_end=end
    )
    if run is None:
        return None
    return analysis_run_execute(run, progress=progress, dispatch=dispatch)
