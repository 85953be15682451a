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

from learning.services.analysis_steps import STEPS, AnalysisData, analysis_data_load
from learning.services.analysis_stream import (
    analysis_data_stream,
    sample_users,
    user_shards,
)
from learning.services.recommendations_generate import jsonable
from learning.services.simulation_load import world_load
from learning.simulation.world import WorldConfig, generate_world
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
