"""The seed-003 API at its paths, as the seed's curl examples call it (plus a token)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from profiles.matching.components import COMPONENTS
from profiles.models import CandidateProfile, JobScore
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, UserFactory
from tests.profiles.documents import RESUME_LINES, make_blank_pdf, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="ops", is_staff=True)


def _auth(client, user):
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_parse_text_creates_the_candidate_as_the_seeds_curl_does(api_client, staff):
    # curl -X POST .../parse-text/test_user -d "resume_text=John Smith\nSoftware Engineer\n..."
    response = _auth(api_client, staff).post(
        "/api/v1/profiles/parse-text/test_user",
        "resume_text=John Smith\\nSoftware Engineer\\nPython, JavaScript",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["profile"]["personal_info"]["full_name"] == "John Smith"
    assert body["profile"]["skills"]["programming_languages"] == ["Python", "JavaScript"]
    assert body["ai_provider"] == "local"
    assert CandidateProfile.objects.filter(user__username="test_user").exists()


def test_upload_resume_takes_a_multipart_file(api_client, backend_candidate):
    pdf = SimpleUploadedFile("resume.txt", make_pdf(RESUME_LINES))  # the name lies; bytes rule
    response = _auth(api_client, backend_candidate.user).post(
        f"/api/v1/profiles/upload-resume/{backend_candidate.user.username}", {"file": pdf}
    )
    assert response.status_code == 201, response.content
    assert response.json()["resume_version"]["source_type"] == "pdf"


def test_an_unreadable_upload_is_a_400_with_the_reason(api_client, backend_candidate):
    scan = SimpleUploadedFile("scan.pdf", make_blank_pdf())
    response = _auth(api_client, backend_candidate.user).post(
        f"/api/v1/profiles/upload-resume/{backend_candidate.user.username}", {"file": scan}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "scanned"
    assert "text layer" in response.json()["detail"]


def test_profile_get_and_nested_put(api_client, backend_candidate):
    client = _auth(api_client, backend_candidate.user)
    url = f"/api/v1/profiles/profile/{backend_candidate.user.username}"
    response = client.put(
        url,
        {
            "personal_info": {"full_name": "John Smith", "location": "San Francisco, CA"},
            "preferences": {
                "desired_roles": ["Senior Software Engineer"],
                "salary_range": {"min": 120000, "max": 160000},
            },
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = client.get(url).json()
    assert body["personal_info"]["location"] == "San Francisco, CA"
    assert body["preferences"]["salary_range"] == {"min": 120000, "max": 160000}
    assert body["preferences"]["desired_roles"] == ["Senior Software Engineer"]
    bad = client.put(url, {"preferences": {"salary_range": {"min": 9, "max": 1}}}, format="json")
    assert bad.status_code == 400


def test_matches_honour_limit_and_min_score(api_client, backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    client = _auth(api_client, backend_candidate.user)
    name = backend_candidate.user.username
    body = client.get(f"/api/v1/profiles/matches/{name}?limit=1&min_score=40.0").json()
    assert body["count"] == JobScore.objects.filter(compatibility_score__gte=40).count() >= 1
    assert len(body["results"]) == 1
    match = body["results"][0]
    assert set(match["breakdown"]) == set(COMPONENTS)
    assert match["next_step"] and match["matched_skills"]


def test_score_jobs_scores_now(api_client, backend_candidate, jobs):
    name = backend_candidate.user.username
    response = _auth(api_client, backend_candidate.user).post(
        f"/api/v1/profiles/score-jobs/{name}?job_limit=10&days_back=1"
    )
    assert response.status_code == 200, response.content
    assert response.json()["jobs_scored"] == 4
    assert response.json()["matches_stored"] >= 1


def test_candidates_only_reach_their_own_data(api_client, backend_candidate):
    other = CandidateProfileFactory()
    client = _auth(api_client, other.user)
    name = backend_candidate.user.username
    assert client.get(f"/api/v1/profiles/profile/{name}").status_code == 403
    assert client.get(f"/api/v1/profiles/matches/{name}").status_code == 403
    assert client.get("/api/v1/profiles/users?skip=0&limit=100").status_code == 403
    assert client.post("/api/v1/jobs/refresh").status_code == 403


def test_staff_list_users_with_skip_and_limit(api_client, staff):
    CandidateProfileFactory.create_batch(3)
    body = _auth(api_client, staff).get("/api/v1/profiles/users?skip=1&limit=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2


def test_jobs_refresh_fetches_the_bundled_feeds_and_jobs_lists_them(api_client, staff):
    client = _auth(api_client, staff)
    refreshed = client.post("/api/v1/jobs/refresh")
    assert refreshed.status_code == 202  # queued; tests run the task eagerly
    assert {row["status"] for row in refreshed.json()["feeds"]} == {"ok"}
    listed = client.get("/api/v1/jobs/?limit=5").json()
    assert listed["count"] >= 450 and len(listed["results"]) == 5


def test_the_api_needs_a_token(api_client):
    assert api_client.get("/api/v1/jobs/").status_code == 401


def test_every_seed_path_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/profiles/upload-resume/", "/api/v1/profiles/parse-text/",
                 "/api/v1/profiles/profile/", "/api/v1/profiles/matches/",
                 "/api/v1/profiles/score-jobs/", "/api/v1/profiles/users",
                 "/api/v1/jobs/", "/api/v1/jobs/refresh"):  # fmt: skip
        assert path in schema, path
