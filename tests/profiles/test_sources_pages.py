"""The reviewer's job-source pages and the admin: add a source, preview it, see its health."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from profiles.models import FeedSource, JobListing, QuarantinedPosting
from profiles.services import feeds_sources
from profiles.services.feeds_sources import source_add
from tests.factories import ReviewerFactory, UserFactory
from tests.profiles.source_server import board_server, fixture, ok

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setattr(
        feeds_sources, "CLIENT_OPTIONS", {"sleep": lambda s: None, "min_interval": 0}
    )
    with board_server() as running:
        page = ok(fixture("schema_jsonld_page2.html"), "text/html; charset=utf-8")
        running.routes["/careers"] = [page]
        yield running


@pytest.fixture
def reviewer_client(db) -> Client:
    client = Client()
    client.force_login(ReviewerFactory(username="rex"))
    return client


def form(**values: str) -> dict[str, str]:
    return {"kind": "schema_org", "target": "", "name": "", "company": "", "every": "60", **values}


@pytest.mark.django_db
def test_only_reviewers_see_the_sources_pages():
    anonymous, candidate = Client(), Client()
    candidate.force_login(UserFactory())
    url = reverse("sources:list")
    assert anonymous.get(url).status_code == 302
    assert candidate.get(url).status_code == 403
    assert (
        candidate.post(reverse("sources:add"), form(target="https://a.example.com")).status_code
        == 403
    )
    assert not FeedSource.objects.exists()


def test_a_preview_shows_what_the_page_returns_and_stores_nothing(reviewer_client, server):
    response = reviewer_client.post(
        reverse("sources:preview"), form(target=server.base + "/careers")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mechanical Engineer" in page and "SolidWorks" in page
    assert "JSON-LD block 2 is not valid JSON" in page  # the broken block, quarantined
    assert not FeedSource.objects.exists() and not JobListing.objects.exists()


@pytest.mark.parametrize(
    ("values", "status", "message"),
    [
        ({"kind": "lever", "target": "https://example.com/jobs"}, 400, "not a Lever careers URL"),
        ({"kind": "workday", "target": "acme"}, 400, "Select a valid choice"),
        ({"target": "http://127.0.0.1:9/careers"}, 502, "could not be read"),
        ({"kind": "csv", "target": "file:///etc/passwd"}, 400, "needs an http/https URL"),
        ({"target": "https://a.example.com", "every": "0"}, 400, "greater than or equal to 1"),
    ],
)
def test_bad_source_input_answers_a_4xx_with_the_reason(reviewer_client, values, status, message):
    response = reviewer_client.post(reverse("sources:preview"), form(**values))
    assert response.status_code == status
    assert message in response.content.decode()


def test_adding_a_source_then_fetching_it_shows_its_health(
    reviewer_client, server, django_capture_on_commit_callbacks
):
    # given
    response = reviewer_client.post(
        reverse("sources:add"), form(target=server.base + "/careers", name="acme-careers")
    )
    feed = FeedSource.objects.get(name="acme-careers")
    assert response.status_code == 302 and response["Location"] == reverse(
        "sources:detail", args=[feed.pk]
    )
    # when
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        fetched = reviewer_client.post(reverse("sources:fetch", args=[feed.pk]))
    # then (tasks run eagerly in tests)
    assert fetched.status_code == 302
    page = reviewer_client.get(reverse("sources:detail", args=[feed.pk])).content.decode()
    assert "Mechanical Engineer" in page and "badge good" in page
    assert QuarantinedPosting.objects.filter(feed=feed).count() == 1
    assert "JSON-LD block 2 is not valid JSON" in page


@pytest.mark.django_db
def test_third_party_text_on_the_pages_is_escaped(reviewer_client):
    feed = source_add(kind="schema_org", target="https://a.example.com/jobs", name="hostile")
    QuarantinedPosting.objects.create(
        feed=feed, item_key="<img src=x onerror=alert(1)>", reason="no title",
        raw='{"title": "<script>alert(1)</script>"}', last_seen_at=NOW,
    )  # fmt: skip
    page = reviewer_client.get(reverse("sources:detail", args=[feed.pk])).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)" in page


@pytest.mark.django_db
def test_the_sources_list_costs_the_same_queries_for_many_sources(
    reviewer_client, django_assert_max_num_queries
):
    for index in range(12):
        source_add(kind="lever", target=f"company{index}")
    with django_assert_max_num_queries(10):
        response = reviewer_client.get(reverse("sources:list"))
    assert response.content.decode().count("Lever job board") >= 12


@pytest.mark.django_db
def test_the_admin_adds_a_board_from_its_careers_url():
    admin = User.objects.create_superuser("root", "root@example.com", "a-Long-passphrase-42")
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:profiles_feedsource_add"),
        {"name": "", "kind": "lever", "target": "https://jobs.lever.co/northwind",
         "company": "Northwind", "fetch_every_minutes": "120",
         "filters": '{"include": ["engineer"]}', "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    feed = FeedSource.objects.get()
    assert (feed.name, feed.board, feed.url) == (
        "lever-northwind", "northwind", "https://api.lever.co/v0/postings/northwind?mode=json",
    )  # fmt: skip
    assert feed.filters == {"include": ["engineer"]}
    bad = client.post(
        reverse("admin:profiles_feedsource_add"),
        {"name": "x", "kind": "lever", "target": "https://example.com/", "filters": "{}",
         "fetch_every_minutes": "60"},
    )  # fmt: skip
    assert bad.status_code == 200 and "not a Lever careers URL" in bad.content.decode()
