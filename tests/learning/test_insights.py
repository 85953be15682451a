"""Weekly insights: evidence thresholds, benchmarks, the Monday job, the page and the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.insights.build import SegmentBenchmark, holm_reject
from learning.models import AnalysisRun, WeeklyInsight
from learning.services import insights as insight_services
from learning.services.insights import week_start_for, weekly_insight_generate
from learning.tasks import weekly_insights
from recruitly.schedule import SCHEDULE
from recruitly.spine.resolver import resolve, resolve_value
from tests.factories import UserFactory
from tests.learning.application_events import application, store

WEEK = date(2026, 11, 9)  # a Monday
WEEK_START = datetime(2026, 11, 9, tzinfo=UTC)


def _history(user, *, weeks: int = 10, week_apps: int = 12) -> None:
    """Series A works for this candidate (12/30 interviews), enterprise does not (1/30)."""
    batches = []
    for i in range(30):
        when = WEEK_START - timedelta(weeks=weeks, days=-(i % 40))
        outcome = "interview" if i % 5 < 2 else "rejected"
        batches.append(application(user, when, outcome=outcome, stage="series_a"))
        batches.append(
            application(
                user, when, outcome="interview" if i == 0 else "ghosted", stage="enterprise"
            )
        )
    for i in range(week_apps):
        batches.append(application(user, WEEK_START + timedelta(days=i % 5, hours=9)))
    # an interview request that arrived this week
    batches.append(application(user, WEEK_START - timedelta(days=3), outcome="interview", days=5.0))
    store(*batches)


def test_holm_rejects_only_what_survives_the_correction() -> None:
    from statsmodels.stats.multitest import multipletests

    for p_values in ([0.001, 0.02, 0.04], [0.001, 0.03, 0.04], [0.04, 0.01, 0.011], [0.2]):
        expected = multipletests(p_values, alpha=0.05, method="holm")[0].tolist()
        assert holm_reject(p_values) == expected


def test_a_benchmark_places_a_rate_in_its_segment() -> None:
    bench = SegmentBenchmark("mid", 10, 0.1, tuple(i / 100 for i in range(101)))
    assert bench.percentile(0.5) == 50
    assert bench.percentile(0.0) == 0
    assert bench.percentile(1.5) == 100


def test_monday_runs_the_last_complete_week() -> None:
    assert week_start_for(date(2026, 11, 16)) == WEEK
    assert week_start_for(date(2026, 11, 22)) == WEEK
    job = next(j for j in SCHEDULE if j.task == "learning.weekly_insights")
    assert job.crontab is not None and job.crontab[2] == "1"


@pytest.mark.django_db
def test_insights_state_facts_and_significant_patterns_only(candidate) -> None:
    user = candidate.user
    _history(user)

    insight = weekly_insight_generate(user=user, week_start=WEEK)

    content = insight.content
    assert content["week_start"] == "2026-11-09"
    # the target is the candidate's own, learned from their weekly application counts
    target = resolve_value("personalization.applications_per_week", user)
    assert resolve("personalization.applications_per_week", user).source == "override"
    assert content["highlights"][0] == f"Applied to 12 jobs this week (target was {target}) ✅"
    assert any("interview request" in h for h in content["highlights"])
    worked = {p["pattern"]: p for p in content["what_worked"]}
    didnt = {p["pattern"]: p for p in content["what_didnt_work"]}
    assert set(worked) == {"Series A companies"}
    assert set(didnt) == {"enterprise companies"}
    assert worked["Series A companies"]["sample_size"] == 31
    assert worked["Series A companies"]["improvement"] > 0
    assert didnt["enterprise companies"]["decline"] < 0
    assert any("Series A" in t for t in content["try_this_week"])
    assert any("enterprise" in s for s in content["stop_doing"])
    # one candidate only: no segment reaches k users, so no comparison is claimed
    assert content["vs_similar_users"] is None


@pytest.mark.django_db
def test_little_evidence_gives_no_rates_or_patterns(candidate) -> None:
    user = candidate.user
    store(
        *[
            application(user, WEEK_START - timedelta(days=40 + i), outcome="interview")
            for i in range(5)
        ]
    )

    content = weekly_insight_generate(user=user, week_start=WEEK).content

    assert content["what_worked"] == [] and content["what_didnt_work"] == []
    assert content["vs_similar_users"] is None and content["stop_doing"] == []
    assert not any("%" in h for h in content["highlights"] + content["concerns"])
    assert content["notes"] and "5 resolved applications" in content["notes"][0]


@pytest.mark.django_db
def test_similar_users_give_a_percentile_once_the_segment_is_big_enough(settings) -> None:
    settings.LEARNING_MIN_GROUP_SIZE = 3
    users = [UserFactory() for _ in range(4)]
    for rank, user in enumerate(users):
        store(
            *[
                application(
                    user,
                    WEEK_START - timedelta(days=35 + i),
                    outcome="interview" if i < 2 + 3 * rank else "rejected",
                )
                for i in range(20)
            ]
        )

    best = weekly_insight_generate(user=users[-1], week_start=WEEK).content["vs_similar_users"]

    assert best["segment"] == "mid" and best["segment_users"] == 4
    assert best["your_interview_rate"] == pytest.approx(11 / 20)
    assert best["segment_avg"] == pytest.approx((2 + 5 + 8 + 11) / 80)
    assert best["percentile"] >= 75


@pytest.mark.django_db
def test_the_monday_task_covers_everyone_in_batches_and_is_idempotent(monkeypatch) -> None:
    users = [UserFactory() for _ in range(5)]
    for user in users:
        store(application(user, WEEK_START + timedelta(days=1)))
    monkeypatch.setattr(insight_services, "BATCH_USERS", 2)

    weekly_insights.delay(WEEK.isoformat())
    weekly_insights.delay(WEEK.isoformat())

    assert WeeklyInsight.objects.filter(week_start=WEEK).count() == 5
    run = AnalysisRun.objects.get(kind="weekly_insights")
    assert run.status == "done" and run.progress["last_user_id"] == users[-1].pk
    # a run started over from scratch writes nothing new
    assert insight_services.weekly_insights_generate(week_start=WEEK) is None
    assert WeeklyInsight.objects.count() == 5


@pytest.mark.django_db
def test_a_candidate_sees_only_their_own_insights_page(client, candidate) -> None:
    _history(candidate.user)
    weekly_insight_generate(user=candidate.user, week_start=WEEK)
    assert client.get(reverse("learning:insights")).status_code == 302

    client.force_login(candidate.user)
    body = client.get(reverse("learning:insights")).content.decode()
    assert "Series A companies" in body and "Applied to 12 jobs" in body

    client.force_login(UserFactory())
    other = client.get(reverse("learning:insights")).content.decode()
    assert "Series A companies" not in other and "No insights yet" in other


@pytest.mark.django_db
def test_the_insights_api_serves_the_candidate_and_staff_only(api_client, candidate, superuser):
    _history(candidate.user)
    weekly_insight_generate(user=candidate.user, week_start=WEEK)
    url = f"/api/v1/insights/{candidate.user.username}"

    assert api_client.get(url).status_code in (401, 403)
    api_client.force_authenticate(UserFactory())
    assert api_client.get(url).status_code == 404

    api_client.force_authenticate(candidate.user)
    body = api_client.get(url).json()
    assert body["count"] == 1
    week = body["results"][0]
    assert week["user_id"] == candidate.user.username and week["week_start"] == "2026-11-09"
    assert {"highlights", "concerns", "what_worked", "what_didnt_work", "try_this_week"} <= set(
        week
    )
    assert week["what_worked"][0]["pattern"] == "Series A companies"

    api_client.force_authenticate(superuser)
    assert api_client.get(f"/api/v1/insights/{candidate.user.pk}").json()["count"] == 1


@pytest.mark.django_db
def test_the_insights_page_reads_with_a_fixed_number_of_queries(client, candidate) -> None:
    _history(candidate.user)
    for weeks_back in range(4):
        weekly_insight_generate(user=candidate.user, week_start=WEEK - timedelta(weeks=weeks_back))
    client.force_login(candidate.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("learning:insights"), {"week": "2026-11-02"})
    assert response.status_code == 200 and "2 November 2026" in response.content.decode()
    assert len(ctx.captured_queries) <= 14
