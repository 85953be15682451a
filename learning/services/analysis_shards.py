"""The nightly analysis's shards as Celery tasks on any number of workers, merged at the end.

The streamed load (:mod:`learning.services.analysis_stream`) splits the window into shards of
consecutive user ids; each shard's state (the sampled users' rows, every user's totals, the
cohort and market statistics) depends on its own users only. Here the shards are rows of
:class:`~learning.models.AnalysisShard` and each is computed by one task:

* **plan** (:func:`shards_plan`, by the worker that holds the run's claim): the shard ranges
  and the sample's user ids of each range are written once per run (``(run, index)`` is
  unique; a run taken over after a crash reuses them, so every shard reads the same users
  whatever was ingested since), the run becomes SHARDED and one task per unfinished shard is
  queued;
* **shard** (:func:`shard_compute`): claimed with a conditional UPDATE (PENDING, or STARTED
  with a heartbeat older than the run's timeout: the worker died), read with one COPY of its
  user range, reduced to its state, stored compressed with a conditional UPDATE to DONE. DONE
  is final: a redelivered, re-dispatched or overtaken task finds it and writes nothing, so no
  shard is ever counted twice;
* **merge**: the task whose shard was the last to finish takes the run back with a
  conditional UPDATE (SHARDED → STARTED: exactly one task wins, however many finish at once),
  reads the states in shard order one at a time, merges them
  (:func:`~learning.services.analysis_stream.merge_states`, the very code of the sequential
  load: the same frames, the same summaries) and runs the steps in its own process. The shard
  rows are deleted when the run is DONE.

Why "the last one merges" rather than a chord: it needs no result backend (none is configured
by default), it survives a task that is run twice (a chord's counter would count a redelivered
shard twice and merge early), and it is the pattern of the weekly insights' chunks. A lost
message is covered by the run's heartbeat: while shards progress they refresh it; when it is
stale the nightly task's retry takes the run over (:func:`learning.services.analysis.
analysis_run_claim`) and re-dispatches the unfinished shards, or merges if none is left.
With ``CELERY_TASK_ALWAYS_EAGER`` (the embedded default) every task runs inline: the shards
one after the other, then the merge, within the nightly task.
"""

from __future__ import annotations

import pickle
import traceback
import zlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from enum import Enum

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from learning.event_reader import user_range_frames
from learning.models import AnalysisRun, AnalysisShard, AnalysisStatus, ShardStatus
from learning.services.analysis_steps import AnalysisData
from learning.services.analysis_stream import (
    ShardState,
    cap_used,
    merge_states,
    plan_load,
    shard_state,
    stream_plan,
)
from profiles.selectors import aggregate_opted_out_user_ids

# A shard STARTED whose heartbeat is older than this is taken to have died (as a run).
SHARD_STALE_AFTER = timedelta(seconds=settings.ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS)
# zlib's fastest level: the states are frames of repeated labels, a few times smaller already
COMPRESSION = 1

Dispatch = Callable[[int, int], object]  # (run id, shard index): queue that shard's task


class ShardOutcome(Enum):
    COMPUTED = "computed"  # stored by this task; other shards are still running
    MERGE = "merge"  # stored by this task, the last one: the run is now this task's to merge
    DONE = "done"  # already stored (a redelivery or a re-dispatch): nothing written
    HELD = "held"  # another live worker holds it: try again after the timeout
    GONE = "gone"  # no such shard (the run finished and its shards were deleted)


def shards_plan(
    run: AnalysisRun, *, shard_events: int | None = None, sample_applications: int | None = None
) -> list[int]:
    """Write the run's shards once; the indexes of those not DONE, in order."""
    if not AnalysisShard.objects.filter(run=run).exists():
        plan = stream_plan(
            window_start=run.window_start,
            window_end=run.window_end,
            shard_events=shard_events,
            sample_applications=sample_applications,
        )
        sampled = None if plan.sampled is None else np.asarray(plan.sampled, dtype=np.int64)
        rows = [
            AnalysisShard(
                run=run,
                index=index,
                user_low=low,
                user_high=high,
                sampled=None
                if sampled is None
                else sampled[(sampled >= low) & (sampled < high)].tobytes(),
            )
            for index, (low, high) in enumerate(plan.shards)
        ]
        with transaction.atomic():
            AnalysisShard.objects.bulk_create(rows, ignore_conflicts=True)
            run.summary = {**run.summary, "load": plan_load(plan, cap_used(sample_applications))}
            run.save(update_fields=["summary", "updated_at"])
    return list(
        AnalysisShard.objects.filter(run=run)
        .exclude(status=ShardStatus.DONE)
        .order_by("index")
        .values_list("index", flat=True)
    )


def shards_fan_out(run: AnalysisRun, dispatch: Dispatch) -> AnalysisData | None:
    """Hand the run's unfinished shards to ``dispatch``; the merged data when none is left.

    Called by the holder of the run's claim. With shards to compute the run becomes SHARDED
    and None is returned: the last shard's task merges (inline, before this returns, when
    tasks are eager).
    """
    todo = shards_plan(run)
    if not todo:
        return shards_merge(run)
    now = timezone.now()
    AnalysisRun.objects.filter(pk=run.pk, status=AnalysisStatus.STARTED).update(
        status=AnalysisStatus.SHARDED, heartbeat_at=now, updated_at=now
    )
    for index in todo:
        dispatch(run.pk, index)
    return None


def _claim(run_id: int, index: int, worker: str) -> AnalysisShard | None:
    now = timezone.now()
    free = Q(status=ShardStatus.PENDING) | Q(
        status=ShardStatus.STARTED, heartbeat_at__lt=now - SHARD_STALE_AFTER
    )
    taken = AnalysisShard.objects.filter(free, run_id=run_id, index=index).update(
        status=ShardStatus.STARTED,
        claimed_by=worker[:200],
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if taken != 1:
        return None
    return (
        AnalysisShard.objects.select_related("run").defer("state").get(run_id=run_id, index=index)
    )


def _shard_payload(shard: AnalysisShard) -> bytes:
    """The shard's state, read and reduced from its user range, pickled and compressed."""
    run = shard.run
    sampled = None if shard.sampled is None else np.frombuffer(bytes(shard.sampled), dtype=np.int64)
    frames = user_range_frames(
        start=run.window_start,
        end=run.window_end,
        user_low=shard.user_low,
        user_high=shard.user_high,
    )
    state = shard_state(
        frames,
        sampled=sampled,
        window_start=run.window_start,
        window_end=run.window_end,
        opted_out=aggregate_opted_out_user_ids() if sampled is not None else frozenset(),
    )
    del frames
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)


def shard_compute(*, run_id: int, index: int, worker: str = "inline") -> ShardOutcome:
    """Claim, compute and store one shard (see the module's docstring)."""
    shard = _claim(run_id, index, worker)
    if shard is None:
        status = (
            AnalysisShard.objects.filter(run_id=run_id, index=index)
            .values_list("status", flat=True)
            .first()
        )
        if status is None:
            return ShardOutcome.GONE
        return ShardOutcome.DONE if status == ShardStatus.DONE else ShardOutcome.HELD
    try:
        payload = _shard_payload(shard)
    except Exception:
        # released at once, and the run marked FAILED with the error: the nightly task's next
        # attempt takes it over and dispatches this shard again
        now = timezone.now()
        AnalysisShard.objects.filter(pk=shard.pk, status=ShardStatus.STARTED).update(
            status=ShardStatus.PENDING, heartbeat_at=None, updated_at=now
        )
        AnalysisRun.objects.filter(pk=run_id, status=AnalysisStatus.SHARDED).update(
            status=AnalysisStatus.FAILED,
            error=f"shard {index}:\n{traceback.format_exc()[-4000:]}",
            updated_at=now,
        )
        raise
    now = timezone.now()
    stored = AnalysisShard.objects.filter(pk=shard.pk, status=ShardStatus.STARTED).update(
        status=ShardStatus.DONE,
        state=payload,
        state_bytes=len(payload),
        finished_at=now,
        heartbeat_at=now,
        updated_at=now,
    )
    del payload
    # the run is alive while its shards progress
    AnalysisRun.objects.filter(pk=run_id, status=AnalysisStatus.SHARDED).update(
        heartbeat_at=now, updated_at=now
    )
    if stored != 1:  # another worker took it over and stored it first
        return ShardOutcome.DONE
    if AnalysisShard.objects.filter(run_id=run_id).exclude(status=ShardStatus.DONE).exists():
        return ShardOutcome.COMPUTED
    taken = AnalysisRun.objects.filter(pk=run_id, status=AnalysisStatus.SHARDED).update(
        status=AnalysisStatus.STARTED, heartbeat_at=now, updated_at=now
    )
    return ShardOutcome.MERGE if taken == 1 else ShardOutcome.COMPUTED


def _states(run: AnalysisRun) -> Iterator[ShardState]:
    """The stored states in shard order, one in memory at a time."""
    ids = list(
        AnalysisShard.objects.filter(run=run, status=ShardStatus.DONE)
        .order_by("index")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        payload = AnalysisShard.objects.filter(pk=pk).values_list("state", flat=True).get()
        if payload is None:
            raise RuntimeError(f"shard {pk} is DONE without its state")
        state: ShardState = pickle.loads(zlib.decompress(bytes(payload)))
        del payload
        yield state
        del state


def shards_merge(run: AnalysisRun) -> AnalysisData:
    """The analysis data of a run whose shards are all DONE (by the holder of its claim)."""
    expected = AnalysisShard.objects.filter(run=run).count()
    done = AnalysisShard.objects.filter(run=run, status=ShardStatus.DONE).count()
    if done != expected:
        raise RuntimeError(f"run {run.pk}: {done} of {expected} shards stored, cannot merge")

    def heartbeat(_done: int) -> None:
        now = timezone.now()
        AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=now, updated_at=now)

    return merge_states(
        _states(run),
        window_start=run.window_start,
        window_end=run.window_end,
        load=dict(run.summary.get("load") or {}),
        on_shard=heartbeat,
    )


def shards_delete(run: AnalysisRun) -> int:
    """Drop a finished run's shard states (they are only the merge's input)."""
    return AnalysisShard.objects.filter(run=run).delete()[0]
