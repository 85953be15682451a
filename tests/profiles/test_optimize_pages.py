"""The candidate's optimization pages: start from a match, decide with htmx, rate; escaping."""

from __future__ import annotations

import pytest
from django.utils import timezone

from profiles.models import JobScore, ResumeOptimization
from profiles.services.resumes import resume_text_parse
from recruitly.eventlog.models import Event
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.profiles.test_optimize_api import PARAGRAPHS


@pytest.fixture
def setup(db, client):
    profile = CandidateProfileFactory()
    text = "\n".join([*PARAGRAPHS, "- Responsible for writing <script>alert(1)</script> docs"])
    resume_text_parse(candidate=profile, text=text, acting_user=profile.user)
    job = JobListingFactory(required_skills=["Python", "SQL"], title="Data <b>Engineer</b>")
    JobScore.objects.create(
        candidate=profile, job=job, compatibility_score=70, scored_at=timezone.now()
    )
    client.force_login(profile.user)
    return profile, job


def test_a_candidate_optimizes_from_a_match_and_decides_with_htmx(setup, client):
    profile, job = setup
    page = client.get(f"/me/optimize/?job={job.pk}")
    assert page.status_code == 200 and "Data &lt;b&gt;Engineer&lt;/b&gt;" in page.text
    response = client.post("/me/optimize/", {"job_id": job.pk})
    optimization = ResumeOptimization.objects.get(candidate=profile)
    assert response.status_code == 302 and response.url == f"/me/optimize/{optimization.pk}/"
    detail = client.get(response.url)
    assert detail.status_code == 200
    assert "<script>alert(1)</script>" not in detail.text  # the resume's text is escaped
    suggestion = optimization.suggestions.exclude(needs_input=True).first()
    swapped = client.post(
        f"/me/optimize/{optimization.pk}/suggestions/{suggestion.pk}/",
        {"decision": "accept"},
        HTTP_HX_REQUEST="true",
    )
    assert swapped.status_code == 200 and f'id="suggestion-{suggestion.pk}"' in swapped.text
    assert "Accepted" in swapped.text and "<html" not in swapped.text
    assert Event.objects.filter(event_type="SUGGESTION_ACCEPTED").count() == 1
    rated = client.post(f"/me/optimize/{optimization.pk}/rate/", {"stars": "5", "comment": "ok"})
    assert rated.status_code == 302
    optimization.refresh_from_db()
    assert optimization.rating == 5
    thumbs = Event.objects.get(event_type="AI_RESPONSE_RATED")
    assert thumbs.payload["action_type"] == "resume_optimize" and thumbs.payload["rating"] == "up"


def test_a_job_that_is_not_a_match_is_refused(setup, client):
    response = client.post("/me/optimize/", {"job_id": JobListingFactory().pk})
    assert response.status_code == 302 and not ResumeOptimization.objects.exists()


def test_another_candidates_optimization_is_a_404(setup, client):
    _, job = setup
    client.post("/me/optimize/", {"job_id": job.pk})
    optimization = ResumeOptimization.objects.get()
    client.force_login(CandidateProfileFactory().user)
    assert client.get(f"/me/optimize/{optimization.pk}/").status_code == 404
    suggestion = optimization.suggestions.first()
    url = f"/me/optimize/{optimization.pk}/suggestions/{suggestion.pk}/"
    assert client.post(url, {"decision": "reject"}).status_code == 404
