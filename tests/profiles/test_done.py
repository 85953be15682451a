"""Issue 3's "done means", end to end on the bundled feeds, on the pages and through the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token

from profiles.models import DailyDigest, JobScore
from profiles.tasks import digests_daily, feeds_refresh
from recruitly.eventlog.models import Event
from tests.profiles.documents import make_pdf

pytestmark = pytest.mark.django_db
BACKEND_RESUME = [
    "Maya Chen",
    "Austin, TX | maya.chen@example.com | (512) 555-0142",
    "SUMMARY",
    "Backend engineer with 6 years of experience in Python services.",
    "EXPERIENCE",
    "Senior Backend Engineer, Cedar Labs - Mar 2022 - Present",
    "- Built Django and FastAPI services on PostgreSQL and Redis for 3M users",
    "Backend Engineer at Harbor Software",
    "Jan 2019 - Feb 2022",
    "- Migrated 30 services to Docker and Kubernetes on AWS, cutting costs 35%",
    "EDUCATION",
    "B.S. Computer Science, University of Texas at Austin, 2018",
    "SKILLS",
    "Python, Django, FastAPI, PostgreSQL, Redis, Docker, Kubernetes, AWS, Git, Celery",
    "Soft skills: Communication, Mentoring",
]


def test_sign_up_upload_match_rate_apply_and_get_a_digest(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    feeds_refresh.delay()
    client.post(
        reverse("signup"),
        {"username": "maya", "email": "maya@example.com",
         "password1": "a-Long-passphrase-42", "password2": "a-Long-passphrase-42"},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("profiles:resume"),
            {"file": SimpleUploadedFile("cv.pdf", make_pdf(BACKEND_RESUME))},
        )
    scores = JobScore.objects.filter(candidate__user__username="maya").order_by(
        "-compatibility_score"
    )
    assert scores.count() >= 10
    best = scores.first()
    assert "Engineer" in best.job.title or "Developer" in best.job.title
    assert best.matched_skills and best.next_step and best.ai_reasoning
    page = client.get(reverse("profiles:match_detail", args=[best.pk])).content.decode()
    assert best.next_step in page and "skills section" in page
    client.post(reverse("profiles:match_rate", args=[best.pk]), {"rating": "up"})
    client.post(reverse("profiles:match_mark", args=[best.pk, "applied"]))
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after the commit
        digests_daily.delay()
    digest = DailyDigest.objects.get(candidate__user__username="maya")
    assert digest.top_jobs[0]["score_id"] == best.pk
    assert any(m.to == ["maya.chen@example.com"] for m in mail.outbox)  # the resume's address
    assert {"MODE_CHANGED", "AI_RESPONSE_RATED", "APPLICATION_SUBMITTED"} <= set(
        Event.objects.values_list("event_type", flat=True)
    )


def test_the_same_works_through_the_api(api_client):
    from tests.factories import UserFactory

    staff = UserFactory(username="ops", is_staff=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    assert api_client.post("/api/v1/jobs/refresh").status_code == 202
    pdf = SimpleUploadedFile("cv.pdf", make_pdf(BACKEND_RESUME))
    assert api_client.post("/api/v1/profiles/upload-resume/maya", {"file": pdf}).status_code == 201
    scored = api_client.post("/api/v1/profiles/score-jobs/maya?job_limit=1000").json()
    assert scored["matches_stored"] >= 10
    matches = api_client.get("/api/v1/profiles/matches/maya?limit=5&min_score=70").json()
    assert matches["results"] and matches["results"][0]["next_step"]
