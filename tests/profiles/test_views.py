"""Candidate pages end to end: sign up, upload, matches, htmx actions, outcome, digests."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Application, CandidateProfile, JobScore
from profiles.services.scoring import job_scores_compute
from recruitly.eventlog.models import Event
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.profiles.documents import RESUME_LINES, make_docx, make_encrypted_pdf

pytestmark = pytest.mark.django_db
MATCH_LIST_QUERY_BUDGET = 12


def test_a_new_user_signs_up_uploads_a_resume_and_sees_ranked_matches(
    client, jobs, django_capture_on_commit_callbacks
):
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "email": "newbie@example.com",
         "password1": "a-Long-passphrase-42", "password2": "a-Long-passphrase-42"},
    )  # fmt: skip
    assert response.status_code == 302
    docx = SimpleUploadedFile("cv.docx", make_docx(RESUME_LINES))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:resume"), {"file": docx})
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user__username="newbie")
    assert profile.full_name == "Jane Doe"
    assert profile.strategy_mode == "APPLY_MODE"
    page = client.get(reverse("profiles:matches")).content.decode()
    assert "Backend Engineer" in page and "Add AWS to your resume" in page
    dashboard = client.get(reverse("profiles:dashboard")).content.decode()
    assert "Next step" in dashboard and "Resume score" in dashboard


def test_an_encrypted_upload_is_a_400_with_the_reason(client, backend_candidate):
    client.force_login(backend_candidate.user)
    pdf = SimpleUploadedFile("cv.pdf", make_encrypted_pdf(RESUME_LINES))
    response = client.post(reverse("profiles:resume"), {"file": pdf})
    assert response.status_code == 400
    assert "password-protected" in response.content.decode()


def test_htmx_buttons_mark_rate_and_apply(client, backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    client.force_login(backend_candidate.user)
    htmx = {"HTTP_HX_REQUEST": "true"}
    marked = client.post(reverse("profiles:match_mark", args=[score.pk, "interested"]), **htmx)
    assert marked.status_code == 200 and "interested" in marked.content.decode()
    assert "<html" not in marked.content.decode()  # a partial, not the page
    rated = client.post(reverse("profiles:match_rate", args=[score.pk]), {"rating": "down"}, **htmx)
    assert "not helpful" in rated.content.decode()
    client.post(reverse("profiles:match_mark", args=[score.pk, "applied"]), **htmx)
    application = Application.objects.get()
    outcome = client.post(
        reverse("profiles:application_outcome", args=[application.pk]), {"status": "offer"}, **htmx
    )
    assert "Offer" in outcome.content.decode()
    assert list(Event.objects.order_by("id").values_list("event_type", flat=True)) == [
        "SUGGESTION_ACCEPTED",
        "AI_RESPONSE_RATED",
        "APPLICATION_SUBMITTED",
        "STATUS_CHANGED",
    ]


def test_mutations_are_post_only(client, backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    client.force_login(backend_candidate.user)
    assert client.get(reverse("profiles:match_mark", args=[score.pk, "applied"])).status_code == 405


def test_a_candidate_never_sees_another_candidates_match(client, backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    client.force_login(CandidateProfileFactory().user)
    assert client.get(reverse("profiles:match_detail", args=[score.pk])).status_code == 404
    response = client.post(reverse("profiles:match_mark", args=[score.pk, "applied"]))
    assert response.status_code == 404


def test_the_min_score_filter_and_the_query_budget(client, backend_candidate):
    for i in range(30):
        JobListingFactory(
            title=f"Backend {i}", required_skills=["Python", "Django"], location="Denver, CO"
        )
    job_scores_compute(candidates=[backend_candidate])
    client.force_login(backend_candidate.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("profiles:matches") + "?min_score=50")
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= MATCH_LIST_QUERY_BUDGET
    high = client.get(reverse("profiles:matches") + "?min_score=90").content.decode()
    assert "No matches at or above 90" in high


def test_the_profile_page_edits_preferences(client, backend_candidate):
    client.force_login(backend_candidate.user)
    response = client.post(
        reverse("profiles:profile_edit"),
        {"full_name": "Jo", "email": "jo@example.com", "location": "Austin, TX",
         "years_of_experience": "5", "career_level": "senior", "skills": "python, postgres",
         "desired_roles": "Backend Engineer", "preferred_locations": "Austin, TX",
         "open_to_remote": "on", "salary_range_min": "100000", "salary_range_max": "140000",
         "company_size_preference": ["growth"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content
    backend_candidate.refresh_from_db()
    assert backend_candidate.programming_languages == ["Python"]
    assert backend_candidate.company_size_preference == ["growth"]
