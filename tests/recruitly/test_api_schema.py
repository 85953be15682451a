"""What the OpenAPI schema says about lists and errors, and that the answers match it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from rest_framework.authtoken.models import Token

from profiles.api.views import RESUME_ERROR_CODES
from profiles.models import BatchClaim
from tests.factories import CandidateProfileFactory, UserFactory

PAGINATED = [
    ("/api/v1/jobs/", "get"),
    ("/api/v1/profiles/matches/{user_id}/", "get"),
    ("/api/v1/profiles/users/", "get"),
    ("/api/v1/learning/recommendations", "get"),
    ("/api/v1/learning/parameters/{component}", "get"),
    ("/api/v1/insights/{user_id}", "get"),
]


@pytest.fixture
def openapi(client) -> dict:
    return client.get("/api/schema/?format=json").json()


def _schema(openapi: dict, path: str, method: str, code: str) -> dict:
    content = openapi["paths"][path][method]["responses"][code]["content"]
    return content["application/json"]["schema"]


def _component(openapi: dict, ref: str) -> dict:
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_the_schema_is_valid_openapi_and_builds_without_warnings(tmp_path) -> None:
    from django.core.management import call_command

    # --fail-on-warn: a view drf-spectacular cannot read, or two components sharing a name
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s"))
    assert (tmp_path / "s").stat().st_size > 0


@pytest.mark.parametrize(("path", "method"), PAGINATED)
def test_every_list_is_documented_as_a_page(openapi, path, method) -> None:
    page = _component(openapi, _schema(openapi, path, method, "200")["$ref"])
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    assert page["properties"]["results"]["type"] == "array"


def test_every_operation_documents_its_errors_with_a_code(openapi) -> None:
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put") and "requestBody" in operation:
                assert {"413", "415"} <= set(responses), (method, path)
    error = openapi["components"]["schemas"]["ApiError"]
    assert set(error["required"]) == {"detail", "code"}


def test_throttled_operations_document_429(openapi) -> None:
    for path in ("/api/v1/profiles/upload-resume/{user_id}/", "/api/v1/events/"):
        assert "429" in openapi["paths"][path]["post"]["responses"]
    assert "429" not in openapi["paths"]["/api/v1/jobs/"]["get"]["responses"]


def test_the_upload_400_names_every_resume_code(openapi) -> None:
    response = openapi["paths"]["/api/v1/profiles/upload-resume/{user_id}/"]["post"]
    description = response["responses"]["400"]["description"]
    assert all(code in description for code in RESUME_ERROR_CODES)


def _client(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def test_invalid_fields_answer_detail_code_and_the_field_errors(api_client, candidate) -> None:
    client = _client(api_client, candidate.user)
    response = client.post(f"/api/v1/profiles/parse-text/{candidate.user.username}", {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"]
    assert body["errors"]["resume_text"]


def test_an_unparseable_resume_answers_its_code(api_client, candidate) -> None:
    client = _client(api_client, candidate.user)
    name = candidate.user.username
    response = client.post(f"/api/v1/profiles/parse-text/{name}", {"resume_text": "hi"})
    assert response.status_code == 400
    assert response.json()["code"] in RESUME_ERROR_CODES


def test_not_found_and_forbidden_carry_their_codes(api_client, candidate) -> None:
    client = _client(api_client, candidate.user)
    other = CandidateProfileFactory()
    denied = client.get(f"/api/v1/profiles/profile/{other.user.username}")
    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    missing = client.get("/api/v1/insights/nobody")  # Django's Http404 inside the view
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_api_url_answers_a_json_404(api_client, candidate, method) -> None:
    client = _client(api_client, candidate.user)
    response = getattr(client, method)("/api/v1/learning/recommendations/-3/approve")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such API endpoint.", "code": "not_found"}


@time_machine.travel(datetime(2026, 11, 22, 9, 31, tzinfo=UTC), tick=False)
def test_refreshes_in_one_window_queue_the_feeds_once(api_client, monkeypatch, db) -> None:
    from profiles import tasks

    queued: list[dict] = []
    monkeypatch.setattr(tasks.feeds_refresh, "delay", lambda **kwargs: queued.append(kwargs))
    client = _client(api_client, UserFactory(username="ops", is_staff=True))
    # when two refreshes are asked for in the same five minutes
    first = client.post("/api/v1/jobs/refresh")
    second = client.post("/api/v1/jobs/refresh")
    # then both answer at once with the same claim, and the feeds are queued once
    assert first.status_code == second.status_code == 202
    assert first.json()["queued"] and not second.json()["queued"]
    assert first.json()["claim_id"] == second.json()["claim_id"]
    assert queued == [{"force": True, "window": "2026-11-22T09:30"}]
    assert first.json()["feeds"] and BatchClaim.objects.count() == 1


@pytest.mark.django_db
def test_a_form_with_too_many_fields_gets_a_json_400_not_an_html_page(client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    fields = {f"field{i}": "x" for i in range(1200)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.post("/api/v1/learning/causal-effect", fields)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "bad_request"
