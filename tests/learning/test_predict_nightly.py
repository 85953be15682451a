"""The nightly ``predictions`` step on a simulated world loaded in the database, and its pages."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import AnalysisRun, AnalysisStatus
from learning.services.analysis_steps import STEPS, analysis_data_load
from learning.services.predict_nightly import (
    STEP,
    latest_predictions,
    retired_insight_kinds,
    step_predictions,
)
from learning.services.recommendations_generate import jsonable
from learning.services.simulation_load import world_load
from learning.simulation.world import WorldConfig, generate_world
from profiles.models import CandidateProfile, InterviewLikelihood, JobScore
from profiles.services.scoring import job_scores_compute

END = date(2026, 10, 1)
WINDOW_END = datetime(2026, 10, 1, tzinfo=UTC)
SCORED = 4


def _nightly():
    """One world, loaded and analysed once for every check below (the expensive part)."""
    clock = time.perf_counter()
    world = generate_world(
        WorldConfig(candidates=400, jobs=900, months=10, seed=5, end_date=END, prefix="pn")
    )
    world_load(world=world)
    profiles = list(CandidateProfile.objects.order_by("user__username")[:SCORED])
    job_scores_compute(candidates=profiles, now=WINDOW_END)
    loaded = time.perf_counter()
    data = analysis_data_load(window_start=WINDOW_END - timedelta(days=365), window_end=WINDOW_END)
    summary, findings = step_predictions(data)
    print(f"load {loaded - clock:.1f} s, step {time.perf_counter() - loaded:.1f} s")
    print(summary["seconds"])
    run = AnalysisRun.objects.create(
        kind="nightly",
        window_start=data.window_start,
        window_end=WINDOW_END,
        status=AnalysisStatus.DONE,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        progress={STEP: {"summary": jsonable(summary), "recommendations": []}},
    )
    return summary, findings, profiles, run


def test_the_step_is_registered_in_the_nightly():
    assert STEPS[STEP] is step_predictions


@pytest.mark.django_db
def test_the_nightly_step_and_its_pages(client, reviewer):
    nightly = _nightly()
    _step_writes_likelihoods_only_where_calibrated(nightly)
    _latest_predictions_and_retired_kinds_read_the_newest_run(nightly)
    _the_match_list_shows_the_likelihood_with_its_interval(nightly, client)
    _reviewers_see_the_predictions_page_and_candidates_do_not(nightly, client, reviewer)
    _a_candidate_sees_their_trade_offs_for_their_priorities(nightly, client)
    _a_night_that_is_not_calibrated_leaves_no_figure(nightly, client)


def _step_writes_likelihoods_only_where_calibrated(nightly):
    summary, findings, _profiles, _ = nightly
    assert findings == []
    likelihood = summary["interview_likelihood"]
    after = likelihood["after"]
    assert after["calibrated"] and after["ece"] <= after["noise_floor"]
    assert likelihood["matches_scored"] == JobScore.objects.filter(job__is_active=True).count() > 0
    rows = InterviewLikelihood.objects.all()
    assert rows.count() == likelihood["matches_shown"] > 0
    for row in rows:
        assert 0 <= row.low <= row.probability <= row.high <= 1
        assert row.calibration_error == after["ece"] and row.sample_size == after["sample_size"]
    parts = {"interview_likelihood", "cold_start", "strategies", "insight_quality"}
    assert set(summary) == {*parts, "seconds"} and set(summary["seconds"]) == parts
    assert summary["strategies"]["cells"]["all"]
    assert summary["insight_quality"]["records"] > 0


def _the_match_list_shows_the_likelihood_with_its_interval(nightly, client):
    _, _, _profiles, _ = nightly
    row = InterviewLikelihood.objects.select_related("job_score__candidate__user").first()
    owner = row.job_score.candidate
    client.force_login(owner.user)
    page = client.get(reverse("profiles:matches"), {"min_score": 0, "order": "score", "page": 1})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your chance of an interview here:" in text
    assert f"{round(row.probability * 100)} %" in text


def _a_night_that_is_not_calibrated_leaves_no_figure(nightly, client):
    InterviewLikelihood.objects.all().delete()
    _, _, profiles, _ = nightly
    client.force_login(profiles[0].user)
    page = client.get(reverse("profiles:matches"), {"min_score": 0})
    assert page.status_code == 200 and "Your chance of an interview" not in page.content.decode()


def _reviewers_see_the_predictions_page_and_candidates_do_not(nightly, client, reviewer):
    _, _, profiles, _ = nightly
    client.force_login(profiles[0].user)
    assert client.get(reverse("learning:predictions")).status_code == 403
    client.force_login(reviewer)
    page = client.get(reverse("learning:predictions"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "noise floor" in text and "<svg" in text and "Insight quality" in text
    dashboard = client.get(reverse("learning:dashboard")).content.decode()
    assert 'id="insight-quality"' in dashboard


def _a_candidate_sees_their_trade_offs_for_their_priorities(nightly, client):
    _, _, profiles, _ = nightly
    client.force_login(profiles[0].user)
    page = client.get(reverse("learning:strategy"), {"interview_rate": "3", "effort": "0"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Recommended for your priorities" in text and "<svg" in text
    odd = client.get(reverse("learning:strategy"), {"risk": "<script>", "effort": "99"})
    assert odd.status_code == 200 and "<script>" not in odd.content.decode()


def _latest_predictions_and_retired_kinds_read_the_newest_run(nightly):
    summary, _, _, run = nightly
    latest = latest_predictions()
    assert latest is not None and latest["window_end"] == run.window_end
    assert retired_insight_kinds() == frozenset(summary["insight_quality"]["retired"])
