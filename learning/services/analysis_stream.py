"""The nightly analysis's streamed load: shards of users, exact per-user totals, a user sample.

Every per-application figure is per user: an application joins its own status events, the
resume events of its user, and the user's baseline score. So the window is read in shards
of consecutive user ids, each holding at most ``LEARNING_ANALYSIS_SHARD_EVENTS`` events
(one COPY per shard, the user-id range and the window in its WHERE; a single user with
more events than that is a shard of its own), and each shard's :class:`AnalysisData` is built
alone — exactly the global frame's rows of those users, in the same order. From each shard
the load keeps two mergeable states and drops the rest:

* **exact**: the per-user totals (:func:`learning.services.analysis_steps.user_totals`:
  applications, mature applications and interviews, baseline and latest resume score), one
  row per user whatever the log's size. The ``users`` step and the predictions' per-user
  look-ups (cold start's new candidates, the match list's resume score) read them;
* **a sample sketch**: every event of the users whose id hash falls under a threshold, the
  threshold chosen from the per-user application counts (one ``GROUP BY user_id`` before
  the shards) so that the sample holds at most ``LEARNING_ANALYSIS_SAMPLE_APPLICATIONS``
  applications. The steps that need rows across users (regressions with refutation draws,
  matching, AIPW, ensembles, medians, cohort and market groups) run on the frames built
  from it. Below the cap the sample is every user, so the results are the in-memory ones
  (``tests/learning/test_analysis_stream.py`` checks it with shards of a few hundred events).
  Above it they are the same estimators on a fixed random subset of candidates (the same
  candidates night after night while they stay in the window): wider intervals, smaller
  groups, no bias.

Peak memory is then one shard + the sample (at most the cap) + O(users), not the log. The
shards are independent: per-user totals of disjoint users concatenate, samples of disjoint
users concatenate and are put back into event-id order, so they can be Celery tasks on several
workers merged by the caller (:mod:`learning.services.analysis_shards`). Here every other shard
is read and reduced by a forked side process on a session of its own while this process does
the others (:mod:`learning.services.analysis_side`; PostgreSQL, outside a transaction): at 1 M
events the load took 7.1-7.3 s against 8.2-8.3 s one shard after the other. Each process holds
one shard at a time: the side process's send of a state blocks until this process takes it
(a state is larger than the pipe's buffer), and only then does it read its next shard. One
COPY for all shards, sorted by shard on the server, was slower: the parse waited for the sort
(1 M events: load 18.9-19.4 s against 17.4-18.2 s, 90 MB more at the peak).
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import numpy as np
import pandas as pd
from django.conf import settings

from learning.analytics.groups import (
    UNION_EVERY,
    MarketPartial,
    cohort_user_stats,
    market_merge,
    market_partial,
)
from learning.event_reader import SHARD_FAMILIES, user_event_counts, user_range_frames
from learning.services.analysis_side import side_process_start
from learning.services.analysis_steps import (
    AnalysisData,
    GroupStatistics,
    analysis_data_from_frames,
    postings_frame,
    user_totals,
)
from profiles.selectors import aggregate_opted_out_user_ids


@dataclass(frozen=True)
class StreamPlan:
    shards: list[tuple[int, int]]  # [user_low, user_high) per shard, in user-id order
    sampled: np.ndarray | None  # user ids of the sample; None: every user
    users: int
    applications: int
    sampled_applications: int


def user_shards(counts: pd.DataFrame, shard_events: int) -> list[tuple[int, int]]:
    """Consecutive user-id ranges of at most ``shard_events`` events (one user at least)."""
    if counts.empty:
        return []
    users = counts["user_id"].to_numpy()
    events = counts["events"].to_numpy()
    starts = [0]
    filled = 0
    for i, n in enumerate(events):
        if filled and filled + n > shard_events:
            starts.append(i)
            filled = 0
        filled += int(n)
    bounds = [int(users[s]) for s in starts] + [int(users[-1]) + 1]
    return list(itertools.pairwise(bounds))


def sample_users(counts: pd.DataFrame, cap: int) -> np.ndarray | None:
    """The users under the hash threshold that keeps at most ``cap`` applications.

    Users are taken in the order of a hash of their id (``pd.util.hash_array``, as the
    insight replay's sample) while their applications fit; None when all of them fit.
    """
    if int(counts["applications"].sum()) <= cap:
        return None
    users = counts["user_id"].to_numpy(np.int64)
    order = np.argsort(pd.util.hash_array(users), kind="stable")
    taken = np.cumsum(counts["applications"].to_numpy()[order])
    return np.sort(users[order[: int(np.searchsorted(taken, cap, side="right"))]])


def stream_plan(
    *,
    window_start: datetime,
    window_end: datetime,
    shard_events: int | None = None,
    sample_applications: int | None = None,
) -> StreamPlan:
    counts = user_event_counts(start=window_start, end=window_end)
    shard_events = shard_events or settings.LEARNING_ANALYSIS_SHARD_EVENTS
    cap = cap_used(sample_applications)
    sampled = sample_users(counts, cap)
    total = int(counts["applications"].sum())
    in_sample = (
        total
        if sampled is None
        else int(counts.loc[counts["user_id"].isin(sampled), "applications"].sum())
    )
    return StreamPlan(user_shards(counts, shard_events), sampled, len(counts), total, in_sample)


@dataclass
class ShardState:
    """What one shard leaves for the merge (every field concatenates or adds across shards).

    ``frames``: the rows of the sampled users (all of the shard's rows below the cap), each
    family with its event ``id``; ``totals``: every user's :func:`user_totals` (None below
    the cap: computed once from the merged sample); ``cohort_users`` and ``market``: the
    cohort and market steps' exact statistics of every user (:mod:`learning.analytics.groups`;
    None below the cap, where those steps read the rows of every user as before).
    """

    frames: dict[str, pd.DataFrame]
    totals: pd.DataFrame | None = None
    cohort_users: pd.DataFrame | None = None
    market: MarketPartial | None = None


def shard_state(
    frames: dict[str, pd.DataFrame],
    *,
    sampled: np.ndarray | None,
    window_start: datetime,
    window_end: datetime,
    opted_out: frozenset[int] = frozenset(),
) -> ShardState:
    """One shard's state from its frames (:func:`learning.event_reader.user_range_frames`).

    ``sampled``: the sample's user ids (None: every user, nothing but the rows is kept);
    ``opted_out``: the users left out of the market figures (cohorts filter at the merge).
    """
    if sampled is None:
        return ShardState(frames=frames)
    shard = analysis_data_from_frames(
        {family: frame.drop(columns="id") for family, frame in frames.items()},
        window_start=window_start,
        window_end=window_end,
        opted_out=opted_out,
    )
    totals = user_totals(shard.apps, shard.mature)
    cohort_users = cohort_user_stats(shard.mature)
    apps = shard.aggregate_apps
    market = market_partial(apps, postings_frame(apps["job_id"]) if len(apps) else None)
    del shard, apps
    kept = {family: frame[frame["user_id"].isin(sampled)] for family, frame in frames.items()}
    return ShardState(kept, totals, cohort_users, market)


def merge_states(
    states: Iterable[ShardState],
    *,
    window_start: datetime,
    window_end: datetime,
    load: dict[str, int],
    on_shard: Callable[[int], None] | None = None,
) -> AnalysisData:
    """The analysis data of the window from its shards' states, taken in shard order (one
    state in memory at a time besides what is kept)."""
    totals: list[pd.DataFrame] = []
    cohorts: list[pd.DataFrame] = []
    markets: list[MarketPartial] = []  # merged every UNION_EVERY shards
    kept: dict[str, list[pd.DataFrame]] = {family: [] for family in SHARD_FAMILIES}
    for index, state in enumerate(states):
        if state.totals is not None:
            totals.append(state.totals)
        if state.cohort_users is not None:
            cohorts.append(state.cohort_users)
        if state.market is not None:
            markets.append(state.market)
            if len(markets) > UNION_EVERY:
                markets = [market_merge(markets)]
        for family, frame in state.frames.items():
            if len(frame):
                kept[family].append(frame)
        del state
        release_freed_memory()
        if on_shard:
            on_shard(index + 1)
    sample = {family: _in_log_order(parts, family) for family, parts in kept.items()}
    data = analysis_data_from_frames(
        sample,
        window_start=window_start,
        window_end=window_end,
        opted_out=aggregate_opted_out_user_ids(),
    )
    groups = None
    if cohorts and markets:
        groups = GroupStatistics(cohort_users=pd.concat(cohorts), market=market_merge(markets))
    del kept, sample
    release_freed_memory()  # the shards' and the merge's transient frames
    return AnalysisData(
        data.window_start,
        data.window_end,
        data.apps,
        data.mature,
        data.resume,
        data.strategy,
        data.feedback,
        data.opted_out,
        totals=pd.concat(totals) if totals else user_totals(data.apps, data.mature),
        load=load,
        groups=groups,
    )


def plan_load(plan: StreamPlan, cap: int) -> dict[str, int]:
    """What the run records of how it read the window (``AnalysisRun.summary["load"]``)."""
    return {
        "users": plan.users,
        "applications": plan.applications,
        "sampled_applications": plan.sampled_applications,
        "sample_cap": cap,
        "shards": len(plan.shards),
    }


def analysis_data_stream(
    *,
    window_start: datetime,
    window_end: datetime,
    shard_events: int | None = None,
    sample_applications: int | None = None,
    on_shard: Callable[[int, int], None] | None = None,
) -> AnalysisData:
    """The analysis data of the window, read shard by shard (see the module's docstring).

    ``data.totals`` holds every user's totals; ``data.apps`` and the other frames are those
    of the sampled users (all of them below the cap). ``on_shard(done, total)`` is called
    after each shard (the run refreshes its heartbeat there). The shards run here one after
    the other; :mod:`learning.services.analysis_shards` runs the same shards as Celery tasks.
    """
    plan = stream_plan(
        window_start=window_start,
        window_end=window_end,
        shard_events=shard_events,
        sample_applications=sample_applications,
    )
    opted_out = aggregate_opted_out_user_ids() if plan.sampled is not None else frozenset()

    def range_state(low: int, high: int) -> ShardState:
        frames = user_range_frames(start=window_start, end=window_end, user_low=low, user_high=high)
        # the frames are dropped on return, before the next shard is read
        return shard_state(
            frames,
            sampled=plan.sampled,
            window_start=window_start,
            window_end=window_end,
            opted_out=opted_out,
        )

    # every other shard is read and reduced by the side process, on a session of its own
    side = side_process_start(
        {i: partial(range_state, *plan.shards[i]) for i in range(1, len(plan.shards), 2)},
        database=True,
    )

    def states() -> Iterator[ShardState]:
        for index, (low, high) in enumerate(plan.shards):
            state = side.take(index) if side and index in side.keys else None
            yield state or range_state(low, high)
            del state

    try:
        return merge_states(
            states(),
            window_start=window_start,
            window_end=window_end,
            load=plan_load(plan, cap_used(sample_applications)),
            on_shard=(lambda done: on_shard(done, len(plan.shards))) if on_shard else None,
        )
    finally:  # here, not in the generator: a failed merge kills the side process at once
        if side:
            side.close()


def cap_used(sample_applications: int | None) -> int:
    return sample_applications or settings.LEARNING_ANALYSIS_SAMPLE_APPLICATIONS


def release_freed_memory() -> None:
    """Hand freed pages back to the system: glibc keeps them in its heap otherwise, and the
    process's footprint would grow with the shard count. Called after each shard, after the
    merge and after each step: at 3 M events the load left 578 MB resident of which
    ``malloc_trim`` returned 186 (300 k: 425 → 350 MB), and the steps' peak sits on what is
    resident."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _in_log_order(parts: list[pd.DataFrame], family: str) -> pd.DataFrame:
    """The shards' rows of one family as the in-memory reader gives them: in event-id order."""
    from learning.analytics.frames import empty_frame

    if not parts:
        return empty_frame(family)
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    # a text column none of whose values a shard had is ``object`` there: infer it again
    # over all rows, as one read of the family does (the ORM path; COPY's dtypes are fixed)
    frame = frame.infer_objects()
    order = np.argsort(frame["id"].to_numpy(), kind="stable")
    return frame.iloc[order].drop(columns="id").reset_index(drop=True)
