"""Daily digests: one per candidate per day, new matches only, mail, open and click tracking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from profiles.models import AIInteraction, DailyDigest, JobScore
from profiles.services.digests import digests_generate
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)
PER_DIGEST_QUERY_BUDGET = 14


@pytest.fixture
def scored(backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    return backend_candidate


def test_running_twice_makes_one_digest_and_sends_one_mail(
    scored, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The mail is queued in the outbox and sent after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        digests_generate(day=DAY, send=True)
    with django_capture_on_commit_callbacks(execute=True):
        digests_generate(day=DAY, send=True)
    digest = DailyDigest.objects.get()
    assert digest.total_new_jobs == digest.total_matches >= 1
    assert digest.top_jobs[0]["title"] == "Backend Engineer"
    assert digest.digest_summary.startswith("Hi ")
    assert digest.market_trends["top_skills"]
    assert digest.generation_time_seconds is not None
    assert len(mail.outbox) == 1 and digest.email_sent
    html = mail.outbox[0].alternatives[0][0]
    assert digest.tracking_token in html and "open.gif" in html


def test_the_next_digest_only_counts_matches_new_since_the_last(scored):
    JobScore.objects.update(created_at=timezone.now() - timedelta(hours=2))
    digests_generate(day=DAY)
    JobListingFactory(title="Django Developer", required_skills=["Python", "Django"])
    job_scores_compute(candidates=[scored])
    digests_generate(day=DAY + timedelta(days=1))
    latest = DailyDigest.objects.get(digest_date=DAY + timedelta(days=1))
    assert [j["title"] for j in latest.top_jobs] == ["Django Developer"]
    assert latest.total_new_jobs == 1


def test_opens_and_clicks_are_tracked_and_the_click_lands_on_the_match(client, scored):
    digests_generate(day=DAY)
    digest = DailyDigest.objects.get()
    pixel = client.get(reverse("profiles:digest_open", args=[digest.tracking_token]))
    assert pixel.status_code == 200 and pixel["Content-Type"] == "image/gif"
    job_id = digest.top_jobs[0]["job_id"]
    click = client.get(reverse("profiles:digest_click", args=[digest.tracking_token, job_id]))
    assert click.status_code == 302
    assert click["Location"] == reverse(
        "profiles:match_detail", args=[digest.top_jobs[0]["score_id"]]
    )
    digest.refresh_from_db()
    assert (digest.email_opened, digest.email_clicked, digest.jobs_clicked) == (
        True,
        True,
        [job_id],
    )
    assert client.get(reverse("profiles:digest_open", args=["nope"])).status_code == 200


def test_the_digest_history_page_marks_a_digest_viewed(client, scored):
    digests_generate(day=DAY)
    digest = DailyDigest.objects.get()
    client.force_login(scored.user)
    assert digest.digest_title in client.get(reverse("profiles:digests")).content.decode()
    page = client.get(reverse("profiles:digest_detail", args=[digest.pk]))
    assert page.status_code == 200
    digest.refresh_from_db()
    assert digest.user_viewed
    client.force_login(CandidateProfileFactory().user)
    assert client.get(reverse("profiles:digest_detail", args=[digest.pk])).status_code == 404


def test_each_digest_costs_a_bounded_number_of_queries(jobs):
    candidates = CandidateProfileFactory.create_batch(5)
    job_scores_compute(candidates=candidates, jobs=jobs)
    with CaptureQueriesContext(connection) as ctx:
        digests_generate(day=DAY)
    assert DailyDigest.objects.count() == 5
    assert AIInteraction.objects.filter(task="digest_summary").count() == 5
    assert len(ctx.captured_queries) <= 5 * PER_DIGEST_QUERY_BUDGET + 10


def test_thumbs_on_a_digest_summary_become_a_feedback_event(client, scored):
    from recruitly.eventlog.models import Event

    digests_generate(day=DAY)
    interaction = DailyDigest.objects.get().summary_interaction
    client.force_login(scored.user)
    url = reverse("profiles:ai_rate", args=[interaction.pk])
    response = client.post(url, {"rating": "up", "comment": "useful"}, HTTP_HX_REQUEST="true")
    assert "helpful" in response.content.decode()
    event = Event.objects.get(event_type="AI_RESPONSE_RATED")
    assert (event.payload["action_type"], event.payload["comment"]) == ("digest_summary", "useful")
    client.force_login(CandidateProfileFactory().user)
    assert client.post(url, {"rating": "down"}).status_code == 404


def test_a_digest_places_its_candidate_by_the_newest_resume_without_reading_resume_text() -> None:
    from profiles.models import ResumeVersion
    from profiles.services.scoring import resume_occupations

    placed, old, none = CandidateProfileFactory.create_batch(3)
    for version, occupations in ((1, {"11-2021": 1.0}), (2, {"15-1252": 0.8, "15-1253": 0.2})):
        ResumeVersion.objects.create(
            candidate=placed, version=version, text="x" * 100, source_hash=f"p{version}",
            parsed_data={"occupations": occupations},
        )  # fmt: skip
    ResumeVersion.objects.create(candidate=old, version=1, text="old", source_hash="o1")
    with CaptureQueriesContext(connection) as ctx:
        found = resume_occupations([placed.pk, old.pk, none.pk])
    assert found == {placed.pk: {"15-1252": 0.8, "15-1253": 0.2}, old.pk: None}
    assert len(ctx.captured_queries) == 1
    assert '"text"' not in ctx.captured_queries[0]["sql"]
