"""A candidate who opted out of market analytics is left out of every figure about others
(market, cohorts, market intelligence, Resume DNA, strategy cells, cold-start peers, the
weekly insights' similar candidates) and still gets their own figures."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from learning.models import AnalysisRun, WeeklyInsight
from learning.services.advanced_steps import step_market_intelligence, step_resume_dna
from learning.services.analysis_steps import (
    analysis_data_load,
    step_cohorts,
    step_market,
    step_users,
)
from learning.services.insights import weekly_insight_generate
from learning.services.predict_inputs import profiles_frame
from learning.services.predict_nightly import _cold_start, _strategies
from learning.services.recommendations_generate import jsonable
from profiles.models import CandidateProfile
from profiles.selectors import aggregate_opted_out_user_ids
from recruitly.eventlog.models import Event
from tests.factories import CandidateProfileFactory
from tests.learning.application_events import application, store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK = date(2026, 2, 23)
OTHERS = 12  # above the default k of 10 users per group
APPS = 10  # per candidate: the weekly benchmarks' minimum sample
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@pytest.fixture
def world(db) -> CandidateProfile:
    others = [CandidateProfileFactory() for _ in range(OTHERS)]
    target = CandidateProfileFactory(market_insights_opt_out=True, years_of_experience=4.0)
    batches = []
    for i, person in enumerate(others):
        for j in range(APPS):
            outcome = ("interview", "rejected", "ghosted")[(i + j) % 3]
            submitted = NOW - timedelta(days=40 + 5 * j + i % 4)
            batches.append(application(person.user, submitted, outcome=outcome))
    for j in range(APPS):  # the target is interviewed everywhere: they move every rate
        submitted = NOW - timedelta(days=41 + 5 * j)
        batches.append(application(target.user, submitted, outcome="interview"))
    store(*batches)
    return target


def _figures() -> dict[str, Any]:
    """Every aggregate about others, as the nightly and the weekly insights compute them."""
    AnalysisRun.objects.all().delete()
    WeeklyInsight.objects.all().delete()
    data = analysis_data_load(window_start=NOW - timedelta(days=365), window_end=NOW)
    profiles = profiles_frame()
    cold = _cold_start(data, profiles)
    cold.pop("day_one", None)  # each new candidate's own prediction, not a peer figure
    with time_machine.travel(NOW, tick=False):
        weekly_insight_generate(user=CandidateProfile.objects.first().user, week_start=WEEK)
    run = AnalysisRun.objects.get(kind="weekly_insights")
    return jsonable(
        {
            "market": step_market(data)[0],
            "cohorts": step_cohorts(data)[0],
            "market_intelligence": step_market_intelligence(data)[0],
            "resume_dna": step_resume_dna(data)[0],
            "strategies": _strategies(data, profiles),
            "cold_start": cold,
            "similar_candidates": run.summary["benchmarks"],
        }
    )


def test_the_selector_names_the_opted_out(world) -> None:
    assert aggregate_opted_out_user_ids() == frozenset({world.user_id})


def test_an_opted_out_candidates_applications_do_not_change_the_aggregates(world) -> None:
    opted_out = _figures()
    assert opted_out["market"]["market"]["suppressed"] is False  # real figures to compare
    assert opted_out["similar_candidates"]
    CandidateProfile.objects.filter(pk=world.pk).update(market_insights_opt_out=False)
    opted_in = _figures()
    # counted, the target moves the figures (so the comparison below can fail)
    for name in ("market", "cohorts", "resume_dna", "similar_candidates"):
        assert opted_in[name] != opted_out[name], name
    CandidateProfile.objects.filter(pk=world.pk).update(market_insights_opt_out=True)
    Event.objects.filter(user=world.user).delete()
    assert _figures() == opted_out  # as if their applications did not exist


def _times(value: Any) -> list[datetime]:
    """Every ISO date-time string in a JSON value."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _times(v)]
    if isinstance(value, list):
        return [t for v in value for t in _times(v)]
    if isinstance(value, str) and ISO_TIME.match(value):
        return [datetime.fromisoformat(value)]
    return []


def test_market_and_cohort_figures_carry_week_level_time_only(world) -> None:
    data = analysis_data_load(window_start=NOW - timedelta(days=365), window_end=NOW)
    market, cohorts = jsonable(step_market(data)[0]), jsonable(step_cohorts(data)[0])
    times = _times(market) + _times(cohorts)
    assert times  # the market's period
    for at in times:
        assert (at.weekday(), at.hour, at.minute, at.second, at.microsecond) == (0, 0, 0, 0, 0)
    assert market["market"]["period_end"] == "2026-01-19T00:00:00+00:00"  # last: Jan 21


def test_an_opted_out_candidate_still_gets_their_own_figures(world) -> None:
    data = analysis_data_load(window_start=NOW - timedelta(days=365), window_end=NOW)
    assert step_users(data)[0]["users"] == OTHERS + 1  # per-user figures count everyone
    with time_machine.travel(NOW, tick=False):
        insight = weekly_insight_generate(user=world.user, week_start=WEEK)
    assert insight.sample_size == APPS
    benchmark = insight.content["vs_similar_users"]
    assert benchmark is not None and benchmark["your_interview_rate"] == pytest.approx(1.0)
    assert benchmark["segment_users"] == OTHERS  # compared with the others, not with itself
    assert benchmark["percentile"] == 100
