"""Temporal engine (seed 002 §5.7) against the simulator's planted seasonality and shift."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import ruptures as rpt

from learning.advanced.temporal import (
    HORIZON,
    ChangePoint,
    CumulativeL2,
    forecast_fit,
    seasonality_fit,
    volume_analyze,
)
from learning.simulation import jobs
from learning.simulation.truth import truth_document
from learning.simulation.world import WorldConfig, generate_world

END = date(2026, 10, 1)
FLAT = jobs.PostingMarket(seasonal=False, shift_factor=1.0)
SEASON_ONLY = jobs.PostingMarket(shift_factor=1.0)
SHIFT_TOLERANCE_DAYS = 7


def _world(months: int, postings: int, market: jobs.PostingMarket = jobs.DEFAULT_MARKET):
    config = WorldConfig(
        candidates=5, jobs=postings, months=months, seed=7, end_date=END, market=market
    )
    return generate_world(config)


def _posted(world) -> pd.Series:
    return pd.Series([j.posted_at for j in world.jobs])


@pytest.fixture(scope="module")
def planted():
    world = _world(36, 6000)
    return world, volume_analyze(_posted(world), start=world.start, end=world.end)


def test_the_planted_market_shift_is_found_at_its_date(planted):
    world, result = planted
    assert len(result.change_points) == 1
    shift = result.change_points[0]
    assert abs((shift.at - world.shift_date).days) <= SHIFT_TOLERANCE_DAYS
    assert shift.direction == "down"
    # season-adjusted rate ratio: its interval holds the planted factor
    assert shift.ratio_low <= jobs.MARKET_SHIFT_FACTOR <= shift.ratio_high
    assert result.season_adjusted


def test_the_planted_seasonality_is_recovered(planted):
    _, result = planted
    season = result.seasonality
    assert season is not None and season.significant and season.p_value < 1e-3
    assert season.strength > 0.7
    truth = np.log([jobs.SEASONALITY[m] for m in range(1, 13)])
    found = np.log([season.factors[m] for m in range(1, 13)])
    assert np.corrcoef(truth, found)[0, 1] > 0.9
    assert "January" in season.peak_months and "December" in season.trough_months


def test_a_flat_series_reports_nothing():
    world = _world(36, 6000, FLAT)
    result = volume_analyze(_posted(world), start=world.start, end=world.end)
    assert result.change_points == []
    assert result.seasonality is not None and not result.seasonality.significant
    assert result.seasonality.peak_months == []
    assert truth_document(world)["market_shift"]["date"] is None


def test_seasonality_alone_is_not_mistaken_for_a_shift():
    world = _world(36, 6000, SEASON_ONLY)
    result = volume_analyze(_posted(world), start=world.start, end=world.end)
    assert result.change_points == []
    assert result.seasonality is not None and result.seasonality.significant


def test_a_one_year_world_still_finds_the_shift_on_raw_counts():
    world = _world(12, 1500)
    result = volume_analyze(_posted(world), start=world.start, end=world.end)
    assert result.seasonality is None  # 12 months cannot separate a season
    closest = min(result.change_points, key=lambda c: abs((c.at - world.shift_date).days))
    assert abs((closest.at - world.shift_date).days) <= SHIFT_TOLERANCE_DAYS
    assert closest.direction == "down"
    assert any("seasonal" in n for n in result.notes)


def test_the_forecast_interval_holds_the_true_expected_volume():
    """Fit on 36 months of a 39-month world; the next 3 months' true expectation lies inside."""
    world = _world(39, 6500)
    cutoff = datetime(2026, 7, 1, tzinfo=UTC)
    posted = _posted(world)
    start = world.start
    result = volume_analyze(posted[posted < cutoff], start=start, end=cutoff)
    days, weights = jobs.daily_intensity(world.start, world.end)
    expected = pd.Series(weights / weights.sum() * len(world.jobs), index=pd.to_datetime(days))
    by_month = expected.groupby(expected.index.to_period("M")).sum()
    forecast = result.forecast
    assert forecast is not None and forecast.seasonal
    assert forecast.months == ["2026-07", "2026-08", "2026-09"]
    for i, month in enumerate(forecast.months[:HORIZON]):
        truth = by_month[pd.Period(month)]
        assert forecast.low[i] <= truth <= forecast.high[i], (month, truth, forecast)


def test_the_strength_does_not_depend_on_units(planted):
    world, result = planted
    tripled = pd.concat([_posted(world)] * 3, ignore_index=True)
    again = volume_analyze(tripled, start=world.start, end=world.end)
    assert again.seasonality is not None and result.seasonality is not None
    assert again.seasonality.strength == pytest.approx(result.seasonality.strength, abs=1e-9)


def test_strength_is_hyndmans_measure_on_a_known_series():
    """F_S = 1 - Var(R)/Var(S + R): a pure sine has strength 1; noise is not called seasonal."""
    months = pd.period_range("2020-01", periods=48, freq="M")
    sine = pd.Series(0.3 * np.sin(2 * np.pi * np.arange(48) / 12), index=months)
    assert seasonality_fit(sine).strength > 0.99
    noise = pd.Series(np.random.default_rng(3).normal(0, 0.1, 48), index=months)
    fit = seasonality_fit(noise)
    assert fit.strength < 0.9 and not fit.significant  # F_S alone flatters noise


def test_too_little_history_gives_no_seasonality_or_forecast():
    start = datetime(2026, 8, 1, tzinfo=UTC)
    posted = pd.Series([start + timedelta(hours=7 * i) for i in range(200)])
    result = volume_analyze(posted, start=start, end=start + timedelta(days=60))
    assert result.seasonality is None and result.forecast is None
    assert result.change_points == []
    assert result.as_dict()["postings"] == 200


def _change(at: date) -> ChangePoint:
    return ChangePoint(at, 10.0, 20.0, 2.0, 1.5, 2.5, weeks_before=40, weeks_after=8)


@pytest.mark.parametrize("early", [date(2025, 11, 1), date(2025, 10, 20)])
def test_a_change_before_the_first_month_is_absorbed_by_the_forecasts_constant(early):
    """A step that is 1 over every fitted month is the constant again (SARIMAX refused the
    model: the demo's night failed on the day its world put a change there)."""
    months = pd.period_range("2025-11", periods=13, freq="M")
    log_rate = pd.Series(np.log(5 + np.random.default_rng(1).random(13)), index=months)
    recent = _change(date(2026, 9, 1))  # four months before the end: too short a regime alone
    both = forecast_fit(log_rate, None, [_change(early), recent])
    assert both == forecast_fit(log_rate, None, [recent])
    assert both.fitted_months == 13 and all(
        lo < m < hi for lo, m, hi in zip(both.low, both.mean, both.high, strict=True)
    )


def test_the_engines_import_no_django_and_no_other_app():
    """learning.advanced is pure: third-party statistics, and learning's pure analytics only."""
    root = Path(__file__).resolve().parents[2] / "learning" / "advanced"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in {"django", "profiles", "experiments", "recruitly", "web"}, name
                if top == "learning":
                    assert name.startswith(("learning.advanced", "learning.analytics")), name


def test_the_running_sum_cost_segments_exactly_like_ruptures_l2():
    rng = np.random.default_rng(5)
    signal = np.concatenate([rng.normal(0, 1, 60), rng.normal(2.5, 1, 40), rng.normal(1, 1, 50)])
    ours = rpt.Pelt(custom_cost=CumulativeL2(), min_size=4, jump=1).fit(signal[:, None])
    theirs = rpt.Pelt(model="l2", min_size=4, jump=1).fit(signal[:, None])
    assert ours.predict(pen=15) == theirs.predict(pen=15)
    cost = CumulativeL2().fit(signal)
    assert cost.error(10, 70) == pytest.approx(60 * np.var(signal[10:70]))
