"""Callbacks after a resume optimization: reported on the page and through the API (each report
an audit row), compared with applications without an optimization — Wilson intervals and
Newcombe's interval of the difference as statsmodels computes them, "not established" when
the samples are small — in the weekly AI report and on the AI loop page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from learning.ai.callbacks import MIN_N, callback_comparison, newcombe
from learning.ai.weekly import ai_weekly_report, report_text
from profiles.models import Application, ResumeVersion
from profiles.models_optimize import ResumeOptimization
from profiles.services.optimize import CALLBACK_ACTION
from recruitly.spine.models import AuditEntry
from tests.factories import CandidateProfileFactory, JobListingFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(20, 40, 20, 100), (3, 10, 7, 9), (0, 30, 5, 50)]
)
def test_newcombe_matches_statsmodels(k1, n1, k2, n2):
    expected = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    assert newcombe(k1, n1, k2, n2) == pytest.approx(expected, abs=1e-9)


def _optimization(profile, job, *, kept: bool, callback: bool | None) -> ResumeOptimization:
    version = ResumeVersion.objects.create(
        candidate=profile, version=ResumeVersion.objects.filter(candidate=profile).count() + 1,
        text="Built APIs", source_hash=f"{profile.pk}-{job.pk}",
    )  # fmt: skip
    return ResumeOptimization.objects.create(
        candidate=profile, job=job, source_version=version, provider="local", model="m",
        prompt_version="default", result_version=version if kept else None,
        callback_reported=callback,
    )  # fmt: skip


def _application(profile, job, outcome: str) -> Application:
    return Application.objects.create(
        candidate=profile, job=job, fit_score=60, category="match", strategy_mode="balanced",
        submitted_at=NOW - timedelta(days=5), outcome_status=outcome,
    )  # fmt: skip


def _world(optimized: int, optimized_callbacks: int, without: int, without_callbacks: int):
    profile = CandidateProfileFactory()
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        for i in range(optimized):
            _optimization(profile, JobListingFactory(), kept=True, callback=i < optimized_callbacks)
        for i in range(without):
            outcome = "interview" if i < without_callbacks else ("rejected", "ghosted")[i % 2]
            _application(profile, JobListingFactory(), outcome)
    return profile


@pytest.mark.django_db
def test_a_planted_callback_lift_is_established_with_statsmodels_intervals():
    profile = _world(40, 20, 100, 20)
    # An optimized posting without a report counts by its application's outcome; an
    # optimization whose suggestions were all rejected counts as without; nothing else counts.
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        job = JobListingFactory()
        _optimization(profile, job, kept=True, callback=None)
        _application(profile, job, "offer")
        _optimization(profile, JobListingFactory(), kept=False, callback=False)
        _optimization(profile, JobListingFactory(), kept=True, callback=None)  # unknown
        _application(profile, JobListingFactory(), "")  # no outcome yet
    found = callback_comparison(end=NOW)
    assert (found["optimized"]["n"], found["optimized"]["callbacks"]) == (41, 21)
    assert (found["without"]["n"], found["without"]["callbacks"]) == (101, 20)
    low, high = proportion_confint(21, 41, method="wilson")
    assert (found["optimized"]["ci_low"], found["optimized"]["ci_high"]) == (
        round(100 * low, 1),
        round(100 * high, 1),
    )
    d_low, d_high = confint_proportions_2indep(21, 41, 20, 101, method="newcomb", compare="diff")
    assert found["difference"]["ci_low"] == round(100 * d_low, 1) and d_low > 0
    assert found["difference"]["ci_high"] == round(100 * d_high, 1)
    assert found["established"] and found["verdict"] == "higher after optimization"


@pytest.mark.django_db
def test_small_or_overlapping_samples_are_not_established():
    _world(10, 8, 100, 20)  # 80 % of 10: the interval excludes zero but n < MIN_N
    small = callback_comparison(end=NOW)
    assert small["optimized"]["n"] < MIN_N and small["difference"]["ci_low"] > 0
    assert not small["established"] and small["verdict"] == "not established"
    assert callback_comparison(end=NOW - timedelta(days=200))["optimized"]["n"] == 0


@pytest.mark.django_db
def test_no_difference_is_not_established():
    _world(60, 15, 100, 25)
    same = callback_comparison(end=NOW)
    assert same["difference"]["ci_low"] < 0 < same["difference"]["ci_high"]
    assert same["verdict"] == "not established"


@pytest.mark.django_db
def test_the_candidate_reports_a_callback_on_the_page(client):
    profile = CandidateProfileFactory()
    optimization = _optimization(profile, JobListingFactory(), kept=True, callback=None)
    client.force_login(profile.user)
    url = f"/me/optimize/{optimization.pk}/callback/"
    page = client.get(f"/me/optimize/{optimization.pk}/").content.decode()
    assert "Did you get a callback?" in page and url in page
    assert client.post(url, {"callback": "yes"}).status_code == 302
    assert client.post(url, {"callback": "maybe"}).status_code == 302  # refused, unchanged
    optimization.refresh_from_db()
    assert optimization.callback_reported is True
    rows = AuditEntry.objects.filter(action=CALLBACK_ACTION, target_id=str(optimization.pk))
    assert [r.details["callback"] for r in rows] == [True] and rows[0].actor == profile.user
    stranger = CandidateProfileFactory()
    client.force_login(stranger.user)
    assert client.post(url, {"callback": "no"}).status_code == 404


@pytest.mark.django_db
def test_the_api_records_a_callback_and_refuses_bad_input(api_client):
    profile = CandidateProfileFactory()
    optimization = _optimization(profile, JobListingFactory(), kept=True, callback=None)
    api_client.force_authenticate(profile.user)
    url = f"/api/v1/profiles/optimize/{profile.user.username}/{optimization.pk}/callback"
    first = api_client.post(url, {"callback": False}, format="json")
    assert first.status_code == 200 and first.json()["callback_reported"] is False
    second = api_client.post(url, {"callback": True}, format="json")
    assert second.json() == {"optimization_id": optimization.pk, "job_id": optimization.job_id,
                             "callback_reported": True}  # fmt: skip
    rows = AuditEntry.objects.filter(action=CALLBACK_ACTION).order_by("pk")
    assert [(r.details["previous"], r.details["callback"]) for r in rows] == [
        (None, False),
        (False, True),
    ]
    assert api_client.post(url, {"callback": "often"}, format="json").status_code == 400
    assert api_client.post(url, {}, format="json").status_code == 400
    other = f"/api/v1/profiles/optimize/{profile.user.username}/99999999999999999/callback"
    assert api_client.post(other, {"callback": True}, format="json").status_code == 404


@pytest.mark.django_db
def test_the_weekly_report_and_the_page_show_the_comparison(client, reviewer):
    _world(40, 20, 100, 20)
    report = ai_weekly_report(end=NOW)
    assert report["callbacks"]["established"]
    text = report_text(report)
    assert "Callbacks (90 days): after optimization 50.0 % [" in text
    assert "of 40, without 20.0 % [" in text and "higher after optimization" in text
    client.force_login(reviewer)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/learning/ai/").content.decode()
    assert "Callbacks after optimization" in page and "higher after optimization" in page
