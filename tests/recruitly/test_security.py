"""What a hostile candidate, feed or client tries: scripts, bad ids, NULs, floods, big bodies."""

from __future__ import annotations

import io
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from profiles.models import JobListing
from profiles.services.feeds import jobs_upsert
from recruitly.ids import parse_id
from recruitly.links import web_url
from recruitly.middleware import RequestGuardMiddleware
from tests.factories import JobListingFactory, UserFactory

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://jobs.example.org/1", "https://jobs.example.org/1"),
        ("http://jobs.example.org/1", "http://jobs.example.org/1"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        ("//evil.example.org/x", ""),
        ("https:///no-host", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_only_absolute_http_links_survive(url: str, expected: str) -> None:
    assert web_url(url) == expected


@pytest.mark.parametrize("value", ["²", "١٢", "12a", "-1", "9" * 19, "", None])
def test_ids_are_ascii_digits_that_fit_a_bigint(value) -> None:
    assert parse_id(value) is None


def test_a_plain_id_parses() -> None:
    assert parse_id("42") == 42


@pytest.mark.django_db
def test_a_javascript_link_from_a_feed_is_not_stored() -> None:
    entry = {
        "id": "x-1",
        "title": "Backend Engineer",
        "company": "Acme",
        "link": "javascript:alert(document.cookie)",
        "description": "Python and Django",
    }
    jobs_upsert(entries=[entry], source="hostile", feed=None)
    assert JobListing.objects.filter(source="hostile").values_list("url", flat=True).get() == ""


@pytest.mark.django_db
def test_the_match_page_escapes_text_and_drops_script_links(client, candidate) -> None:
    from profiles.models import JobScore

    job = JobListingFactory(
        title=f"Engineer {SCRIPT}", company=SCRIPT, description=SCRIPT, url="javascript:alert(1)"
    )
    score = JobScore.objects.create(
        candidate=candidate, job=job, compatibility_score=80, next_step=SCRIPT,
        scored_at=timezone.now(),
        match_factors=[SCRIPT], mismatch_factors=[SCRIPT],
    )  # fmt: skip
    client.force_login(candidate.user)
    response = client.get(reverse("profiles:match_detail", args=[score.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert "javascript:" not in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/"])
def test_pages_carry_a_policy_without_inline_script(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()  # every script has a src


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/insights/%C2%B2",
        "/api/v1/insights/" + "9" * 40,
        "/api/v1/jobs/?q=a%00b",
        "/api/v1/jobs/?q=%ED%A0%80",
    ],
)
def test_odd_ids_and_query_strings_are_never_a_500(api_client, url) -> None:
    api_client.force_authenticate(UserFactory(is_staff=True))
    response = api_client.get(url)
    assert response.status_code in (200, 400, 404), response.content[:200]


def test_a_huge_body_is_refused_from_its_length_without_being_read() -> None:
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = RequestFactory().post("/api/v1/events/", data=b"", content_type="application/json")
    request.META["CONTENT_LENGTH"] = str(100 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    response = RequestGuardMiddleware(lambda r: r.body)(request)
    assert response.status_code == 413
    assert json.loads(response.content)["code"] == "too_large"


@pytest.mark.django_db
def test_logins_lock_after_five_failures_even_with_the_right_password(client, settings) -> None:
    UserFactory(username="maya", password="right-password-42")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        wrong = client.post(reverse("login"), {"username": "maya", "password": "wrong"})
        assert wrong.status_code == 200
    locked = client.post(reverse("login"), {"username": "maya", "password": "right-password-42"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_before_the_limit_signs_in(client) -> None:
    UserFactory(username="maya", password="right-password-42")
    client.post(reverse("login"), {"username": "maya", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "maya", "password": "right-password-42"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_event_ingestion_is_throttled_per_token(api_client, monkeypatch) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "events": "3/minute"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    api_client.force_authenticate(UserFactory())
    codes = [api_client.post("/api/v1/events/", [{}], format="json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
