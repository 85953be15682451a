"""Market intelligence (seed 002 §4.5.3): velocity, its prediction, k-anonymous response rates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from learning.advanced.market import (
    BASELINE_WEEKS,
    LABELS,
    PREDICTION_LEVEL,
    RECENT_WEEKS,
    FrameSource,
    market_report,
    ratio_interval,
    response_table,
    role_of,
    velocity_backtest,
    velocity_table,
)
from learning.simulation.world import WorldConfig, generate_world

END = date(2026, 10, 1)


@pytest.fixture(scope="module")
def world_postings():
    world = generate_world(WorldConfig(candidates=5, jobs=5000, months=12, seed=7, end_date=END))
    frame = pd.DataFrame(
        {
            "posted_at": [j.posted_at for j in world.jobs],
            "company": [j.company for j in world.jobs],
            "role": [role_of(j.title) for j in world.jobs],
            "industry": [j.industry for j in world.jobs],
            "skills": [list(j.required_skills) for j in world.jobs],
        }
    )
    return world, frame


def test_roles_drop_level_words():
    assert role_of("Senior Data Analyst II") == "data analyst"
    assert role_of("Sr. Backend Engineer") == "backend engineer"
    assert role_of("Lead Registered Nurse") == "registered nurse"
    assert role_of("") == "unknown"


def test_the_rate_ratio_interval_agrees_with_statsmodels():
    ratio, low, high = ratio_interval(60, 120)
    assert ratio == pytest.approx((60 / RECENT_WEEKS) / (120 / BASELINE_WEEKS))
    ref_low, ref_high = confint_poisson_2indep(60, RECENT_WEEKS, 120, BASELINE_WEEKS)
    assert low == pytest.approx(ref_low, rel=0.05)
    assert high == pytest.approx(ref_high, rel=0.05)


def test_the_prediction_interval_covers_held_out_weeks_at_its_level(world_postings):
    """Predict each role's next 4 weeks from the 16 before, at 6 cut-offs; count the hits."""
    world, frame = world_postings
    cutoffs = [world.end - timedelta(weeks=4 * i) for i in range(2, 8)]
    covered, total = velocity_backtest(frame, "role", cutoffs)
    assert total >= 60
    assert PREDICTION_LEVEL - 0.08 <= covered / total <= min(1.0, PREDICTION_LEVEL + 0.07)


def test_labels_and_confidences_are_consistent(world_postings):
    world, frame = world_postings
    rows, thresholds = velocity_table(frame, "role", world.end)
    assert thresholds is not None and thresholds[0] <= thresholds[1]
    assert rows
    for row in rows:
        p = row.prediction
        assert p is not None and p.label in LABELS
        assert 1 / len(LABELS) - 0.2 <= p.confidence <= 1.0
        assert p.low <= p.expected <= p.high
        if row.ratio is not None:
            assert row.ratio_low <= row.ratio <= row.ratio_high


def test_the_shift_shows_as_slower_velocity_across_it(world_postings):
    """16 weeks straddling the planted drop: the recent 4 weeks post less than the 12 before."""
    world, frame = world_postings
    after = datetime.combine(world.shift_date, datetime.min.time(), tzinfo=UTC)
    end = after + timedelta(weeks=RECENT_WEEKS)
    rows, _ = velocity_table(frame.assign(all="platform"), "all", end)
    assert len(rows) == 1
    assert rows[0].ratio_high < 1.0


def _apps(groups: dict[str, int], per_user: int = 3) -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(0)
    user = 0
    for company, users in groups.items():
        for _ in range(users):
            user += 1
            for a in range(per_user):
                responded = bool(rng.random() < 0.4)
                rows.append(
                    {
                        "user_id": user,
                        "job_id": f"{company}-{a}",
                        "company": company,
                        "role": "analyst",
                        "industry": "finance",
                        "submitted_at": pd.Timestamp("2026-06-01", tz="UTC"),
                        "responded": responded,
                        "interviewed": responded and bool(rng.random() < 0.5),
                        "first_response_days": 5.0 if responded else None,
                    }
                )
    return pd.DataFrame(rows)


def test_response_rates_are_k_anonymous_and_carry_their_interval():
    apps = _apps({"Big Co": 12, "Small Co": 4})
    rows, suppressed = response_table(apps, "company", k=10)
    assert [r.key for r in rows] == ["Big Co"] and suppressed == 1
    big = apps[apps["company"] == "Big Co"]
    assert rows[0].rate == pytest.approx(big["responded"].mean())
    assert rows[0].users == 12 and rows[0].applications == len(big)
    assert rows[0].low < rows[0].rate < rows[0].high


def test_a_report_from_pluggable_sources(world_postings):
    world, frame = world_postings
    extra = FrameSource("partner export", frame.iloc[:200], _apps({"Big Co": 12}))
    report = market_report(
        [FrameSource("simulated", frame), extra], end=world.end, k=10, apps_days=10_000
    )
    assert report.sources == ["simulated", "partner export"]
    assert report.velocity["role"] and report.velocity["skill"]
    assert [r.key for r in report.response["company"]] == ["Big Co"]
    lonely = market_report([FrameSource("simulated", frame)], end=world.end, k=10)
    assert lonely.response == {} and lonely.notes
    assert lonely.as_dict()["end"] == world.end.isoformat()
