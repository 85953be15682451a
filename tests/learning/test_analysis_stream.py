"""The streamed nightly load (shards of users, per-user totals, a user sample) gives the
in-memory analysis's results on the simulated world.

The shards are forced small (a few hundred events: dozens of shards) so the merging is
really exercised. Below the sample cap the streamed frames are the in-memory frames row for
row (same rows, same order, same dtypes), so every step's summary and findings are equal
exactly: no tolerance is needed, and none is used. Above the cap the frames are exactly the
in-memory rows of the sampled users, while the per-user totals stay those of every user.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from learning.analytics.groups import _distinct_pairs
from learning.models import AnalysisRun, AnalysisShard, AnalysisStatus
from learning.services import analysis_shards
from learning.services.analysis import STALE_AFTER, analysis_run_claim, analysis_run_nightly
from learning.services.analysis_shards import (
    ShardOutcome,
    shard_compute,
    shards_fan_out,
    shards_merge,
    shards_plan,
)
from learning.services.analysis_steps import STEPS, AnalysisData, analysis_data_load
from learning.services.analysis_stream import (
    analysis_data_stream,
    sample_users,
    user_shards,
)
from learning.services.recommendations_generate import jsonable
from learning.services.simulation_load import world_load
from learning.simulation.world import WorldConfig, generate_world
from learning.tasks import analysis_nightly
from profiles.models import CandidateProfile
from profiles.services.scoring import job_scores_compute

END = date(2026, 10, 1)
WINDOW_END = datetime(2026, 10, 1, tzinfo=UTC)
WINDOW_START = WINDOW_END - timedelta(days=365)
FRAMES = ("apps", "mature", "resume", "strategy", "feedback")
SHARD_EVENTS = 400


@pytest.fixture
def world(db):
    world = generate_world(
        WorldConfig(candidates=400, jobs=900, months=10, seed=5, end_date=END, prefix="as")
    )
    world_load(world=world)
    # a few candidates' matches, so the likelihood step scores and writes something
    profiles = list(CandidateProfile.objects.order_by("user__username")[:3])
    job_scores_compute(candidates=profiles, now=WINDOW_END)
    return world


def _comparable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _comparable(v) for k, v in value.__dict__.items()}
    if isinstance(value, dict):
        # the predictions step's wall-clock seconds per part differ from run to run
        return {k: _comparable(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list | tuple):
        return [_comparable(v) for v in value]
    return value


def _run(step, data: AnalysisData) -> Any:
    """One step's summary and findings; what it writes (checks, likelihoods) rolled back."""
    with transaction.atomic():
        summary, findings = step(data)
        transaction.set_rollback(True)
    return _comparable(jsonable(summary)), [_comparable(f) for f in findings]


def test_the_streamed_analysis_equals_the_in_memory_one(world):
    memory = analysis_data_load(window_start=WINDOW_START, window_end=WINDOW_END)
    streamed = analysis_data_stream(
        window_start=WINDOW_START, window_end=WINDOW_END, shard_events=SHARD_EVENTS
    )
    # many shards, every user in the sample
    assert streamed.load["shards"] >= 20
    assert (
        streamed.load["sampled_applications"] == streamed.load["applications"] == len(memory.apps)
    )
    assert len(memory.mature) >= 1000  # the causal steps run, not skip
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(streamed, name), getattr(memory, name))
    pd.testing.assert_frame_equal(streamed.user_totals, memory.user_totals)
    assert streamed.opted_out == memory.opted_out
    # every step of the night, each on both loads
    compared = 0
    for name, step in STEPS.items():
        expected, got = _run(step, memory), _run(step, streamed)
        assert got == expected, name
        compared += bool(expected[1]) or bool(expected[0])
    assert compared >= len(STEPS) - 1  # (the AI prompts step has nothing on a quiet world)


def test_above_the_cap_the_steps_read_a_user_sample_and_the_totals_stay_exact(world):
    memory = analysis_data_load(window_start=WINDOW_START, window_end=WINDOW_END)
    cap = len(memory.apps) // 3
    streamed = analysis_data_stream(
        window_start=WINDOW_START,
        window_end=WINDOW_END,
        shard_events=SHARD_EVENTS,
        sample_applications=cap,
    )
    sampled = streamed.apps["user_id"].unique()
    assert 0 < len(streamed.apps) <= cap and streamed.load["sampled_applications"] == len(
        streamed.apps
    )
    # the sample is all rows of the users it holds, in the in-memory order
    for name in FRAMES:
        full = getattr(memory, name)
        expected = full[full["user_id"].isin(sampled)].reset_index(drop=True)
        got = getattr(streamed, name)
        if name == "apps":  # the baseline score is per user: the same either way
            pd.testing.assert_frame_equal(got, expected)
        assert len(got) == len(expected)
    # the per-user totals and the users step are every user's, and so are the cohort and
    # market steps (merged exact statistics): equal to the in-memory run over every user
    pd.testing.assert_frame_equal(streamed.user_totals, memory.user_totals)
    assert streamed.groups is not None and memory.groups is None
    for name in ("users", "cohorts"):
        assert _run(STEPS[name], streamed) == _run(STEPS[name], memory), name
    # the market's one mean over fractional values (days to the first response) is a sum of
    # shard sums: equal up to the summation order's rounding; every other figure exactly
    (got, _), (expected, _) = _run(STEPS["market"], streamed), _run(STEPS["market"], memory)
    days = "avg_days_to_first_response"
    assert got["market"].pop(days) == pytest.approx(expected["market"].pop(days), rel=1e-12)
    assert got == expected


def test_shards_hold_at_most_the_bound_and_the_sample_is_a_hash_prefix():
    counts = pd.DataFrame(
        {
            "user_id": np.arange(1, 101),
            "events": np.r_[np.full(99, 30), 500],
            "applications": np.full(100, 10),
        }
    )
    shards = user_shards(counts, 100)
    assert shards[0][0] == 1 and shards[-1][1] == 101
    assert all(a < b for a, b in shards) and all(
        s[1] == t[0] for s, t in itertools.pairwise(shards)
    )
    for low, high in shards:
        events = counts.loc[counts["user_id"].between(low, high - 1), "events"]
        assert events.sum() <= 100 or len(events) == 1  # one heavy user: a shard of its own
    assert sample_users(counts, 1000) is None
    chosen = sample_users(counts, 255)
    assert chosen is not None and len(chosen) == 25
    # the same users whatever the cap: a larger cap adds users, never swaps them
    larger = sample_users(counts, 505)
    assert larger is not None and set(chosen) < set(larger)


# --- The shards as Celery tasks (learning.services.analysis_shards) ---------------------------


def _claimed_run() -> AnalysisRun:
    run = analysis_run_claim(kind="nightly", window_start=WINDOW_START, window_end=WINDOW_END)
    assert run is not None
    return run


def _counting_shard_states(monkeypatch) -> list[int]:
    """Every shard state computed, by the first user of its range."""
    computed: list[int] = []
    original = analysis_shards.shard_state

    def counted(frames, **kwargs):
        computed.append(int(frames["application"]["user_id"].min()))
        return original(frames, **kwargs)

    monkeypatch.setattr(analysis_shards, "shard_state", counted)
    return computed


@pytest.mark.parametrize("capped", [False, True], ids=["every-user", "above-the-cap"])
def test_the_shards_stored_by_tasks_merge_into_the_sequential_load(world, capped):
    memory = analysis_data_load(window_start=WINDOW_START, window_end=WINDOW_END)
    cap = len(memory.apps) // 3 if capped else None
    sequential = analysis_data_stream(
        window_start=WINDOW_START,
        window_end=WINDOW_END,
        shard_events=SHARD_EVENTS,
        sample_applications=cap,
    )
    run = _claimed_run()
    todo = shards_plan(run, shard_events=SHARD_EVENTS, sample_applications=cap)
    assert len(todo) == sequential.load["shards"] >= 20
    AnalysisRun.objects.update(status=AnalysisStatus.SHARDED)  # as dispatched by the task
    outcomes = [shard_compute(run_id=run.pk, index=i, worker="w") for i in reversed(todo)]
    assert outcomes[-1] == ShardOutcome.MERGE  # the last to finish, whatever its index
    assert set(outcomes[:-1]) == {ShardOutcome.COMPUTED}
    run.refresh_from_db()
    assert run.status == AnalysisStatus.STARTED  # taken back by the last shard, to merge
    merged = shards_merge(run)
    assert merged.load == sequential.load
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(merged, name), getattr(sequential, name))
    pd.testing.assert_frame_equal(merged.user_totals, sequential.user_totals)
    assert merged.opted_out == sequential.opted_out
    assert (merged.groups is None) == (sequential.groups is None) == (not capped)
    if merged.groups is not None and sequential.groups is not None:
        pd.testing.assert_frame_equal(merged.groups.cohort_users, sequential.groups.cohort_users)
    for name, step in STEPS.items():
        assert _run(step, merged) == _run(step, sequential), name


def test_the_nightly_task_fans_out_merges_and_deletes_the_shards(world, settings, monkeypatch):
    settings.LEARNING_ANALYSIS_SHARD_EVENTS = SHARD_EVENTS
    computed = _counting_shard_states(monkeypatch)
    result = analysis_nightly.delay(WINDOW_END.isoformat()).get()
    run = AnalysisRun.objects.get(kind="nightly")
    assert result["status"] == AnalysisStatus.DONE == run.status
    assert set(run.progress) == set(STEPS)
    shards = run.summary["load"]["shards"]
    assert shards >= 20 and len(computed) == len(set(computed)) == shards  # each once
    assert not AnalysisShard.objects.exists()  # the states are gone with the run DONE
    # the same summaries as the night run in one process
    sequential = analysis_run_nightly(window_end=WINDOW_END, kind="manual")
    assert sequential is not None and sequential.summary["load"] == run.summary["load"]
    for name in STEPS:
        fanned, alone = (_comparable(r.progress[name]["summary"]) for r in (run, sequential))
        if name != "monitoring":  # its checks of the day are stored by the first run
            assert fanned == alone, name


def test_a_stored_shard_is_never_computed_again_and_a_dead_workers_shard_is_redone(
    world, settings, monkeypatch
):
    settings.LEARNING_ANALYSIS_SHARD_EVENTS = SHARD_EVENTS
    computed = _counting_shard_states(monkeypatch)
    run = _claimed_run()
    lost: list[int] = []
    # the nightly task fans out, and every message is lost
    assert shards_fan_out(run, lambda run_id, index: lost.append(index)) is None
    run.refresh_from_db()
    assert run.status == AnalysisStatus.SHARDED and lost == list(range(len(lost)))
    # shard 0 computed; a redelivery or a re-dispatch of it finds it stored
    assert shard_compute(run_id=run.pk, index=0, worker="a") == ShardOutcome.COMPUTED
    assert shard_compute(run_id=run.pk, index=0, worker="b") == ShardOutcome.DONE
    assert len(computed) == 1
    # shard 1 claimed by a worker that dies: held while its heartbeat is live, then redone
    assert analysis_shards._claim(run.pk, 1, "dies") is not None
    assert shard_compute(run_id=run.pk, index=1, worker="c") == ShardOutcome.HELD
    AnalysisShard.objects.filter(index=1).update(
        heartbeat_at=timezone.now() - analysis_shards.SHARD_STALE_AFTER - timedelta(seconds=1)
    )
    assert shard_compute(run_id=run.pk, index=1, worker="c") == ShardOutcome.COMPUTED
    assert AnalysisShard.objects.get(index=1).attempts == 2 and len(computed) == 2
    # a second run of the window does nothing while the shards keep the run's heartbeat live
    assert analysis_run_nightly(window_end=WINDOW_END) is None
    # once it is stale, the nightly task's retry takes the run over and dispatches only the
    # shards not stored; the last one merges
    AnalysisRun.objects.update(heartbeat_at=timezone.now() - STALE_AFTER - timedelta(seconds=1))
    result = analysis_nightly.delay(WINDOW_END.isoformat()).get()
    assert result["status"] == AnalysisStatus.DONE
    assert len(computed) == len(set(computed)) == len(lost)  # every shard exactly once
    run.refresh_from_db()
    memory = analysis_data_load(window_start=WINDOW_START, window_end=WINDOW_END)
    users = run.progress["users"]["summary"]
    assert users["applications"] == len(memory.apps)  # nothing counted twice
    assert users["mature_applications"] == len(memory.mature)
    assert not AnalysisShard.objects.exists()
    # a task redelivered after the run finished finds nothing to do
    assert shard_compute(run_id=run.pk, index=0, worker="late") == ShardOutcome.GONE


def test_a_failing_shard_fails_the_run_and_the_next_attempt_finishes_it(
    world, settings, monkeypatch
):
    settings.LEARNING_ANALYSIS_SHARD_EVENTS = SHARD_EVENTS
    computed = _counting_shard_states(monkeypatch)
    counted = analysis_shards.shard_state
    calls = {"n": 0}

    def fails_once(frames, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("shard lost its database")
        return counted(frames, **kwargs)

    monkeypatch.setattr(analysis_shards, "shard_state", fails_once)
    with pytest.raises(RuntimeError):
        analysis_nightly.delay(WINDOW_END.isoformat()).get()
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisStatus.FAILED and "shard lost its database" in run.error
    assert AnalysisShard.objects.get(index=2).status == "pending"  # released, not held
    stored = AnalysisShard.objects.filter(status="done").count()
    assert stored == 2
    result = analysis_nightly.delay(WINDOW_END.isoformat()).get()
    assert result["status"] == AnalysisStatus.DONE
    assert len(computed) == len(set(computed)) == run.summary["load"]["shards"]


_maybe = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))


@given(st.lists(st.tuples(_maybe, st.one_of(st.none(), st.sampled_from(["j1", "j2", "j3"])))))
def test_a_shards_distinct_group_job_pairs_are_those_of_drop_duplicates(rows):
    frame = pd.DataFrame(rows, columns=["industry", "job_id"], dtype="string")
    job_codes, job_ids = pd.factorize(frame["job_id"])
    expected = frame[["industry", "job_id"]].dropna().drop_duplicates().reset_index(drop=True)
    got = _distinct_pairs(frame["industry"], job_codes, job_ids)
    pd.testing.assert_frame_equal(got, expected)
