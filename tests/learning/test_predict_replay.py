"""The nightly's numpy replay of the weekly insights gives what the weekly builder's own rules
(``pattern_effects``, ``learn_applications_per_week``) give per candidate and date."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from learning.insights.build import exact_test, pattern_effects
from learning.personalization import learn_applications_per_week
from learning.services.predict_inputs import (
    REPLAY_AFTER_WEEKS,
    REPLAY_EVERY_WEEKS,
    fisher_test,
    replayed_insights,
    resolved_flags,
)
from learning.services.predict_nightly import replay_sample

END = datetime(2026, 10, 1, tzinfo=UTC)


def _apps(seed: int = 3, users: int = 16) -> pd.DataFrame:
    """Candidates at 1-6 applications a week; series A and reach groups planted strong enough
    that patterns are claimed; some titles missing, some outcomes pending."""
    rng = np.random.default_rng(seed)
    rows = []
    for user in range(users):
        pace = rng.uniform(1, 6)
        start = pd.Timestamp(END) - pd.Timedelta(days=int(rng.integers(120, 330)))
        days = np.sort(rng.uniform(0, (pd.Timestamp(END) - start).days, int(pace * 40)))
        for d in days:
            stage = rng.choice(["series_a", "public", "seed"])
            category = rng.choice(["reach", "target", "safety"])
            p = 0.1 + 0.35 * (stage == "series_a") - 0.08 * (category == "reach")
            at = start + pd.Timedelta(days=float(d))
            rows.append(
                {
                    "user_id": 100 + user,
                    "submitted_at": at,
                    "interviewed": bool(rng.random() < p),
                    "final_status": "pending" if rng.random() < 0.2 else "done",
                    "company_stage": stage,
                    "category": category,
                    "title": None if rng.random() < 0.3 else rng.choice(["Analyst", "Engineer"]),
                    "industry": "software",
                    "job_location": rng.choice(["Austin, TX", "Remote"]),
                    "seniority": "mid",
                }
            )
    return pd.DataFrame(rows)


def _reference(apps: pd.DataFrame, target: float) -> pd.DataFrame:
    rows = []
    for user_id, mine in apps.groupby("user_id"):
        at = mine["submitted_at"].min() + pd.Timedelta(weeks=REPLAY_AFTER_WEEKS)
        while at < pd.Timestamp(END):
            before = mine[mine["submitted_at"] < at]
            history = before[resolved_flags(before, at)]
            worked, didnt = pattern_effects(history) if len(history) >= 20 else ([], [])
            for kind, effects in (("focus", worked), ("stop", didnt)):
                rows += [
                    (user_id, at, f"{kind}:{e.dimension}", e.dimension, e.value, None)
                    for e in effects
                ]
            learned = learn_applications_per_week(before, as_of=at)
            rows.append(
                (user_id, at, "pace", None, None, float(learned.value) if learned else target)
            )
            at += pd.Timedelta(weeks=REPLAY_EVERY_WEEKS)
    return pd.DataFrame(
        rows, columns=["user_id", "issued_at", "kind", "dimension", "value", "target"]
    )


def test_the_fast_replay_equals_the_weekly_builders_rules():
    apps = _apps()
    fast = replayed_insights(SimpleNamespace(apps=apps, window_end=END), 5.0)
    slow = _reference(apps, 5.0)
    assert len(fast) == len(slow) > 50
    kinds = set(fast["kind"])
    assert "focus:company_stage" in kinds and any(k.startswith("stop:") for k in kinds)
    assert {5.0} < set(fast["target"].dropna())  # learned paces and the platform's fallback
    pd.testing.assert_frame_equal(
        fast.reset_index(drop=True), slow.reset_index(drop=True), check_dtype=False
    )


def test_an_empty_log_replays_nothing():
    empty = _apps().iloc[0:0]
    assert replayed_insights(SimpleNamespace(apps=empty, window_end=END), 5.0).empty


def test_the_fisher_p_value_is_scipys():
    rng = np.random.default_rng(5)
    for _ in range(300):
        n1, n2 = (int(v) for v in rng.integers(1, 60, 2))
        k1, k2 = int(rng.integers(0, n1 + 1)), int(rng.integers(0, n2 + 1))
        diff, p = fisher_test(k1, n1, k2, n2)
        assert (diff, p) == pytest.approx(exact_test(k1, n1, k2, n2), rel=1e-9, abs=1e-12)
    assert fisher_test(5, 10, 5, 10)[1] == pytest.approx(1.0)


def test_the_replay_sample_keeps_whole_candidates_up_to_the_cap():
    apps = _apps(users=12)
    assert replay_sample(apps, cap=20) is apps
    sample = replay_sample(apps, cap=5)
    assert sample["user_id"].nunique() == 5
    for user_id, rows in sample.groupby("user_id"):
        assert len(rows) == (apps["user_id"] == user_id).sum()
    assert set(replay_sample(apps, cap=5)["user_id"]) == set(sample["user_id"])  # a fixed draw
