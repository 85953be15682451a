"""The night's side process: steps computed in a forked child, taken back in order.

A simulated world's analysis data (pure generator, no event table): the side process gives
every side step's result equal to the run's own, to the bit; a step that queries, fails or
dies is handed back to the run, whose own connection is untouched; the child is killed when
the run ends and dies with its parent; and a nightly run records the side steps the child
computed (their summaries carry the child's pid here) in ``STEPS`` order.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth.models import User
from threadpoolctl import threadpool_limits

from learning.analytics.frames import frames_from_events
from learning.models import AnalysisStatus
from learning.services import analysis_run_nightly, analysis_side, analysis_steps
from learning.services.analysis_side import SIDE_STEPS, side_steps_start
from learning.services.analysis_steps import STEPS, analysis_data_from_frames
from learning.services.simulation_load import world_load
from learning.simulation.events import world_events
from learning.simulation.world import WorldConfig, generate_world
from recruitly.eventlog.schemas import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """The side process is forked only with a second core: these tests run on any machine."""
    monkeypatch.setattr(analysis_side, "_cores", lambda: 2)


@pytest.fixture(scope="module")
def data():
    """Over 1,000 mature applications: the side steps compute, not skip."""
    world = generate_world(
        WorldConfig(candidates=500, jobs=1000, months=10, seed=3, end_date=date(2026, 9, 1))
    )
    family = {name: schema.family for name, schema in SCHEMAS.items()}
    frames = frames_from_events(world_events(world), family)
    return analysis_data_from_frames(frames, window_start=world.start, window_end=world.end)


def _started(data, steps):
    side = side_steps_start(data, list(steps), steps)
    assert side is not None
    return side


@pytest.mark.django_db
def test_the_side_steps_equal_the_runs_own_to_the_bit(data):
    assert len(data.mature) > 1000
    with threadpool_limits(1):
        side = _started(data, {name: STEPS[name] for name in SIDE_STEPS})
        try:
            forked = {name: side.take(name) for name in SIDE_STEPS}
        finally:
            side.close()
        own = {name: STEPS[name](data) for name in SIDE_STEPS}
    for name in SIDE_STEPS:
        assert forked[name] is not None, name  # computed by the child: it read no table
        summary, findings = forked[name]
        assert "skipped" not in summary
        assert (summary, findings) == own[name], name


def _count_users(data):
    return {"users": User.objects.count()}, []


def _fails(data):
    raise ValueError("bad draw")


def _own_pid(data):
    return {"pid": os.getpid()}, []


@pytest.mark.django_db
def test_a_step_that_queries_or_fails_is_handed_back_and_the_session_is_untouched(data):
    User.objects.create(username="side-probe")
    steps = {"timing": _count_users, "strategy_choices": _fails}
    side = _started(data, {**steps, "other": _own_pid})
    try:
        assert side.keys == ("timing", "strategy_choices")  # only the side steps are forked
        assert side.take("timing") is None  # refused the database
        assert side.take("strategy_choices") is None  # raised
    finally:
        side.close()
    # the run's connection (inside the test's transaction) still answers, with its own rows
    assert _count_users(data) == ({"users": 1}, [])


def _dies(data):
    os.kill(os.getpid(), signal.SIGKILL)
    return {}, []


@pytest.mark.django_db
def test_a_killed_child_hands_every_remaining_step_back(data):
    side = _started(data, {"timing": _dies, "strategy_choices": _own_pid})
    try:
        assert side.take("timing") is None
        assert side.take("strategy_choices") is None
    finally:
        side.close()


def _sleeps(data):
    time.sleep(600)
    return {}, []


@pytest.mark.django_db
def test_closing_kills_a_child_still_computing(data):
    side = _started(data, {"timing": _own_pid, "strategy_choices": _sleeps})
    assert side.take("timing") == ({"pid": side.pid}, [])
    started = time.monotonic()
    side.close()
    assert time.monotonic() - started < 30
    with pytest.raises(ProcessLookupError):
        os.kill(side.pid, 0)


@pytest.mark.django_db
def test_a_run_without_the_side_process_forks_nothing(data, settings, monkeypatch):
    settings.LEARNING_ANALYSIS_SIDE_PROCESS = False
    assert side_steps_start(data, list(SIDE_STEPS), STEPS) is None
    settings.LEARNING_ANALYSIS_SIDE_PROCESS = True
    assert side_steps_start(data, ["users", "cohorts"], STEPS) is None  # none pending
    monkeypatch.setattr(analysis_side, "_cores", lambda: 1)
    assert side_steps_start(data, list(SIDE_STEPS), STEPS) is None  # one core


def test_the_child_dies_with_its_parent(tmp_path):
    """A worker SIGKILLed mid-run leaves no side process behind."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
        import django
        django.setup()
        from learning.services import analysis_side
        from learning.services.analysis_side import side_process_start

        analysis_side._cores = lambda: 2

        def sleeps():
            time.sleep(600)

        side = side_process_start({{"timing": sleeps}}, database=False)
        print(side.pid, flush=True)
        time.sleep(600)
        """
    )
    env = {**os.environ, "LEARNING_ANALYSIS_SIDE_PROCESS": "1"}
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        child = int(parent.stdout.readline())
        os.kill(child, 0)  # alive while its parent is
        parent.kill()
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(child, signal.SIGKILL)
            pytest.fail("the side process outlived its parent")
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.stdout.close()


WINDOW_END = datetime(2026, 9, 1, tzinfo=UTC)


@pytest.fixture
def stored_world(db):
    """In the event table; committed in a transactional test (the side process's own session
    sees it then)."""
    world = generate_world(
        WorldConfig(candidates=150, jobs=400, months=8, seed=11, end_date=date(2026, 9, 1))
    )
    world_load(world=world)
    return world


def test_a_nightly_run_records_what_the_side_process_computed_in_order(stored_world, monkeypatch):
    for name in SIDE_STEPS:
        monkeypatch.setitem(analysis_steps.STEPS, name, _own_pid)
    run = analysis_run_nightly(window_end=WINDOW_END)
    assert run is not None and run.status == AnalysisStatus.DONE
    assert list(run.progress) == list(STEPS)
    pids = {run.progress[name]["summary"]["pid"] for name in SIDE_STEPS}
    assert len(pids) == 1 and os.getpid() not in pids  # one child computed both


@pytest.mark.django_db
def test_a_fork_that_fails_leaves_every_step_to_the_run(data, monkeypatch):
    import billiard.context

    def refused(self):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(billiard.context.ForkProcess, "start", refused)
    assert side_steps_start(data, list(SIDE_STEPS), STEPS) is None


LOAD_WINDOW_START = datetime(2025, 9, 1, tzinfo=UTC)


def _load(**kwargs):
    from learning.services.analysis_stream import analysis_data_stream

    return analysis_data_stream(
        window_start=LOAD_WINDOW_START, window_end=WINDOW_END, shard_events=400, **kwargs
    )


def _assert_same(got, expected):
    """Equal to the bit, frames and arrays included."""
    if dataclasses.is_dataclass(expected):
        for field in dataclasses.fields(expected):
            _assert_same(getattr(got, field.name), getattr(expected, field.name))
    elif isinstance(expected, dict):
        assert got.keys() == expected.keys()
        for key, value in expected.items():
            _assert_same(got[key], value)
    elif isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
    elif isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(got, expected)
    elif isinstance(expected, pd.Index):
        pd.testing.assert_index_equal(got, expected)
    elif isinstance(expected, np.ndarray):
        np.testing.assert_array_equal(got, expected)
    else:
        assert got == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("cap", [None, 600], ids=["every-user", "above-the-cap"])
def test_the_load_shared_with_the_side_process_equals_the_runs_own(
    stored_world, settings, monkeypatch, cap
):
    from django.db import connection

    from learning.services.analysis_side import SideProcess

    if connection.vendor != "postgresql":
        pytest.skip("the side process reads on a session of its own only on PostgreSQL")
    settings.LEARNING_ANALYSIS_SIDE_PROCESS = False
    own = _load(sample_applications=cap)
    settings.LEARNING_ANALYSIS_SIDE_PROCESS = True
    taken = []
    original = SideProcess.take

    def spy(self, key):
        result = original(self, key)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(SideProcess, "take", spy)
    shared = _load(sample_applications=cap)
    assert shared.load["shards"] >= 10 and len(taken) == shared.load["shards"] // 2
    assert all(taken)  # every other shard came from the side process
    for name in ("apps", "mature", "resume", "strategy", "feedback"):
        pd.testing.assert_frame_equal(getattr(shared, name), getattr(own, name))
    pd.testing.assert_frame_equal(shared.user_totals, own.user_totals)
    if cap is not None:
        assert shared.groups is not None and own.groups is not None
        pd.testing.assert_frame_equal(shared.groups.cohort_users, own.groups.cohort_users)
        _assert_same(shared.groups.market, own.groups.market)
    else:
        assert shared.groups is None and own.groups is None


@pytest.mark.django_db
def test_inside_a_transaction_the_load_forks_nothing(settings):
    from learning.services.analysis_side import side_process_start

    settings.LEARNING_ANALYSIS_SIDE_PROCESS = True
    assert side_process_start({1: lambda: 1}, database=True) is None  # the test's transaction


def _children() -> list[int]:
    return [
        int(pid)
        for task in Path("/proc/self/task").iterdir()
        for pid in (task / "children").read_text().split()
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_load_that_fails_here_leaves_no_side_process(stored_world, settings, monkeypatch):
    from django.db import connection

    from learning.services import analysis_stream

    if connection.vendor != "postgresql":
        pytest.skip("the side process reads on a session of its own only on PostgreSQL")
    settings.LEARNING_ANALYSIS_SIDE_PROCESS = True
    run_pid, original = os.getpid(), analysis_stream.shard_state

    def fails_here(*args, **kwargs):
        if os.getpid() == run_pid:
            raise RuntimeError("shard lost")
        return original(*args, **kwargs)

    monkeypatch.setattr(analysis_stream, "shard_state", fails_here)
    before = _children()
    with pytest.raises(RuntimeError, match="shard lost"):
        _load()
    assert _children() == before  # the side process was killed and reaped, not left blocked


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_a_session_of_its_own_the_side_process_takes_resume_edits(data):
    from django.db import connection

    from learning.services.analysis_side import SIDE_STEPS_WITH_SESSION

    if connection.vendor != "postgresql":
        pytest.skip("the side process opens a session of its own only on PostgreSQL")
    with threadpool_limits(1):
        side = side_steps_start(data, list(STEPS), STEPS)
        assert side is not None and side.keys == SIDE_STEPS_WITH_SESSION
        try:
            forked = {name: side.take(name) for name in side.keys}
        finally:
            side.close()
        own = {name: STEPS[name](data) for name in SIDE_STEPS_WITH_SESSION}
    for name in SIDE_STEPS_WITH_SESSION:
        assert forked[name] is not None, name  # resume_edits read the arms on its own session
        assert "skipped" not in forked[name][0]
        assert forked[name] == own[name], name
