"""Job sources against recorded boards on a local server: each connector, paging, 304s, 429s,
quarantine, closing, de-duplication and the add_source / fetch_feeds commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.models import FeedSource, JobListing, QuarantinedPosting
from profiles.services import feeds_sources
from profiles.services.feeds import feed_fetch, feeds_due
from profiles.services.feeds_sources import (
    SourceConfigError,
    source_add,
    source_preview,
    source_resolve,
)
from profiles.sources import HttpClient, SourceError, lever, smartrecruiters
from profiles.sources.http import HostPacer, retry_after_seconds
from tests.profiles.source_server import (
    BoardServer,
    board_server,
    etag_route,
    fixture,
    fixture_json,
    ok,
    sliced_route,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
BOARDS = {  # kind -> board slug served by ``serve``
    "greenhouse": "acmerobotics",
    "lever": "northwind",
    "ashby": "lumen",
    "smartrecruiters": "ContosoEnergy",
    "recruitee": "fabrikam",
    "personio": "tailspin",
}


def serve(server: BoardServer, kind: str) -> None:
    """Register the recorded board of ``kind`` on the server."""
    routes = server.routes
    if kind == "greenhouse":
        routes["/v1/boards/acmerobotics/jobs"] = etag_route(
            fixture("greenhouse_jobs.json"), '"gh-v1"'
        )
        routes["/v1/boards/acmerobotics"] = [ok(fixture("greenhouse_board.json"))]
    elif kind == "lever":
        postings = fixture_json("lever_postings.json")
        routes["/v0/postings/northwind"] = sliced_route(postings, "skip", "limit", lambda p, n: p)
    elif kind == "ashby":
        routes["/posting-api/job-board/lumen"] = [ok(fixture("ashby_board.json"))]
    elif kind == "smartrecruiters":
        recorded = fixture_json("smartrecruiters.json")
        root = "/v1/companies/ContosoEnergy/postings"
        routes[root] = sliced_route(
            recorded["postings"], "offset", "limit",
            lambda page, total: {"offset": 0, "limit": 2, "totalFound": total, "content": page},
        )  # fmt: skip
        for posting_id, detail in recorded["details"].items():
            routes[f"{root}/{posting_id}"] = [ok(detail)]
    elif kind == "recruitee":
        routes["/api/offers/"] = [ok(fixture("recruitee_offers.json"))]
    elif kind == "personio":
        routes["/xml"] = [ok(fixture("personio.xml"), "application/xml; charset=utf-8")]


def serve_pages(server: BoardServer) -> None:
    page1, page2 = fixture("schema_jsonld_page1.html"), fixture("schema_jsonld_page2.html")

    def careers(query: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, bytes]:
        return ok(page2 if query.get("page") == "2" else page1, "text/html; charset=utf-8")

    server.routes["/careers"] = careers
    server.routes["/jobs/qa-engineer"] = [
        ok(fixture("schema_microdata.html"), "text/html; charset=utf-8")
    ]


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Sleeps are recorded, not slept; paging is two a page so the fixtures span pages."""
    waited: list[float] = []
    options = {"sleep": waited.append, "min_interval": 0.0}
    monkeypatch.setattr(feeds_sources, "CLIENT_OPTIONS", options)
    monkeypatch.setattr(lever, "PAGE_SIZE", 2)
    monkeypatch.setattr(smartrecruiters, "PAGE_SIZE", 2)
    return waited


@pytest.fixture
def server():
    with board_server() as running:
        yield running


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add_and_fetch(server: BoardServer, kind: str, **extra: str) -> tuple[FeedSource, str]:
    args = ["--kind", kind, "--base-url", server.base, "--name", kind]
    if kind in BOARDS:
        args += ["--board", BOARDS[kind]]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", value]
    call_command("add_source", *args, stdout=StringIO())
    out = StringIO()
    call_command("fetch_feeds", "--source", kind, stdout=out)
    return FeedSource.objects.get(name=kind), out.getvalue()


def jobs(feed: FeedSource) -> dict[str, JobListing]:
    return {j.title: j for j in JobListing.objects.filter(feed=feed)}


EXPECTED = {  # kind -> (open titles, quarantined count)
    "greenhouse": ({"Senior Data Engineer", "Backend Engineer, Platform", "Product Designer"}, 1),
    "lever": (
        {
            "Senior Backend Engineer",
            "Data Analyst",
            "Site Reliability Engineer",
            "Frontend Engineer",
        },
        1,
    ),
    "ashby": ({"Machine Learning Engineer", "Customer Success Manager"}, 1),
    "smartrecruiters": (
        {"Field Service Technician", "Senior Software Engineer (Python)", "Energy Analyst"},
        2,
    ),
    "recruitee": ({"Marketing Manager"}, 0),
    "personio": ({"Embedded Software Engineer (m/f/d)", "Accountant (m/w/d)"}, 1),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_connector_imports_its_recorded_board_through_the_commands(
    kind, server, sleeps, frozen
):
    # given
    serve(server, kind)
    titles, quarantined = EXPECTED[kind]
    # when
    feed, out = add_and_fetch(server, kind)
    # then
    found = jobs(feed)
    assert {t for t, j in found.items() if j.is_active} == titles
    assert feed.status == "ok" and feed.items_quarantined == quarantined
    assert QuarantinedPosting.objects.filter(feed=feed).count() == quarantined
    assert all(q.reason for q in QuarantinedPosting.objects.filter(feed=feed))
    assert all(j.required_skills for j in found.values())  # the posting parser read each one
    assert f"{feed.name}: ok" in out
    assert all(
        r.headers["user-agent"].startswith("recruitly-job-sources/") for r in server.requests
    )


@pytest.mark.django_db
def test_greenhouse_fields_are_read_as_documented(server, sleeps, frozen):
    serve(server, "greenhouse")
    found = jobs(add_and_fetch(server, "greenhouse")[0])
    senior = found["Senior Data Engineer"]
    assert (senior.company, senior.location, senior.employment_type) == (
        "Acme Robotics", "Berlin, Germany", "Full-time",
    )  # fmt: skip
    assert (senior.salary_min, senior.salary_max, senior.salary_currency) == (70_000, 90_000, "EUR")
    assert (senior.min_years, senior.education_requirement) == (5.0, "bachelor")
    assert {"Python", "SQL", "Snowflake"} <= set(senior.required_skills)
    assert senior.posted_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert "<" not in senior.description and "&lt;" not in senior.description
    designer = found["Product Designer"]
    assert designer.url == ""  # a javascript: link is never stored
    assert "alert" not in designer.description  # the script went with its tags


@pytest.mark.django_db
def test_lever_and_smartrecruiters_read_every_page(server, sleeps, frozen):
    serve(server, "lever")
    serve(server, "smartrecruiters")
    add_and_fetch(server, "lever")
    add_and_fetch(server, "smartrecruiters")
    lever_pages = [
        r.query.get("skip") for r in server.requests if r.path == "/v0/postings/northwind"
    ]
    sr_pages = [
        r.query.get("offset")
        for r in server.requests
        if r.path == "/v1/companies/ContosoEnergy/postings"
    ]
    assert lever_pages == ["0", "2", "4"]  # the third page is short: the last
    assert sr_pages == ["0", "2", "4"]  # totalFound 5
    job = JobListing.objects.get(title="Site Reliability Engineer")
    assert (job.remote, job.salary_min, job.salary_max) == (True, 80 * 2080, 95 * 2080)
    python = JobListing.objects.get(title="Senior Software Engineer (Python)")
    assert python.remote and python.company == "Contoso Energy" and python.min_years == 5.0
    assert "400 wind farms" not in python.description  # the company blurb is left out
    reasons = set(QuarantinedPosting.objects.values_list("reason", flat=True))
    assert "no usable id" in reasons
    assert any(r.startswith("its detail could not be read: HTTP 404") for r in reasons)


@pytest.mark.django_db
def test_a_304_reads_nothing_again_and_closes_nothing(server, sleeps, frozen):
    serve(server, "greenhouse")
    feed, _ = add_and_fetch(server, "greenhouse")
    assert feed.http_validators[feed.url] == {"etag": '"gh-v1"'}
    result = feed_fetch(feed=feed, force=True)
    feed.refresh_from_db()
    assert server.requests[-1].headers["if-none-match"] == '"gh-v1"'
    assert (feed.last_http_status, feed.status, feed.items_seen) == (304, "ok", 4)
    assert (result.seen, result.new) == (0, 0)
    assert JobListing.objects.filter(feed=feed, is_active=True).count() == 3


@pytest.mark.django_db
def test_a_429_with_retry_after_is_waited_out_then_read(server, sleeps, frozen):
    serve(server, "ashby")
    board = server.routes["/posting-api/job-board/lumen"]
    server.routes["/posting-api/job-board/lumen"] = [
        (429, {"Retry-After": "7"}, b'{"error": "slow down"}'),
        *board,
    ]
    feed, _ = add_and_fetch(server, "ashby")
    assert sleeps == [7.0]
    assert feed.status == "ok" and JobListing.objects.filter(feed=feed).count() == 2


@pytest.mark.django_db
def test_a_429_asking_longer_than_we_wait_fails_and_the_feed_waits_that_long(
    server, sleeps, frozen
):
    server.routes["/posting-api/job-board/lumen"] = [(429, {"Retry-After": "3600"}, b"")]
    feed = source_add(kind="ashby", target="lumen", base_url=server.base)
    with pytest.raises(SourceError) as raised:
        feed_fetch(feed=feed)
    feed.refresh_from_db()
    assert raised.value.transient and sleeps == []
    assert (feed.status, feed.last_http_status) == ("failing", 429)
    assert feed.next_attempt_at == NOW + timedelta(hours=1)  # not the 5-minute backoff


@pytest.mark.django_db
def test_server_errors_are_retried_with_backoff(server, frozen, monkeypatch):
    waited: list[float] = []
    monkeypatch.setattr(
        feeds_sources, "CLIENT_OPTIONS", {"sleep": waited.append, "min_interval": 0}
    )
    serve(server, "recruitee")
    offers = server.routes["/api/offers/"]
    server.routes["/api/offers/"] = [(503, {}, b""), (502, {}, b""), *offers]
    feed = source_add(kind="recruitee", target="fabrikam", base_url=server.base)
    feed_fetch(feed=feed)
    assert waited == [2.0, 4.0]  # backoff_base * 2**attempt
    assert JobListing.objects.filter(feed=feed).count() == 2


@pytest.mark.django_db
def test_a_posting_removed_from_its_board_is_closed_at_the_next_fetch_and_reopened(
    server, sleeps, frozen
):
    board = fixture_json("ashby_board.json")
    server.routes["/posting-api/job-board/lumen"] = [ok(board)]
    feed = source_add(kind="ashby", target="lumen", base_url=server.base)
    feed_fetch(feed=feed)
    # when the Customer Success job leaves the board
    shorter = {**board, "jobs": [board["jobs"][0]]}
    server.routes["/posting-api/job-board/lumen"] = [ok(shorter)]
    feed_fetch(feed=feed, now=NOW + timedelta(hours=1), force=True)
    # then it is closed, not deleted
    gone = JobListing.objects.get(title="Customer Success Manager")
    assert (gone.is_active, gone.closed_reason, gone.closed_at) == (
        False, "removed", NOW + timedelta(hours=1),
    )  # fmt: skip
    feed.refresh_from_db()
    assert feed.items_closed == 1
    # and it comes back when the board lists it again
    server.routes["/posting-api/job-board/lumen"] = [ok(board)]
    feed_fetch(feed=feed, now=NOW + timedelta(hours=2), force=True)
    gone.refresh_from_db()
    assert (gone.is_active, gone.closed_reason, gone.closed_at) == (True, "", None)


@pytest.mark.django_db
def test_a_board_that_disappears_is_marked_gone_and_its_postings_closed(server, sleeps, frozen):
    serve(server, "recruitee")
    feed = source_add(kind="recruitee", target="fabrikam", base_url=server.base)
    feed_fetch(feed=feed)
    server.routes["/api/offers/"] = [(404, {}, b"Not Found")]
    with pytest.raises(SourceError):
        feed_fetch(feed=feed, now=NOW + timedelta(hours=1), force=True)
    feed.refresh_from_db()
    assert (feed.status, feed.last_http_status, feed.consecutive_failures) == ("gone", 404, 1)
    assert not JobListing.objects.filter(feed=feed, is_active=True).exists()
    assert set(JobListing.objects.filter(feed=feed).values_list("closed_reason", flat=True)) == {
        "board_gone", "expired",
    }  # fmt: skip


@pytest.mark.django_db
def test_postings_past_valid_through_are_stored_closed(server, sleeps, frozen):
    serve(server, "recruitee")
    add_and_fetch(server, "recruitee")
    expired = JobListing.objects.get(title="Warehouse Team Lead")
    assert (expired.is_active, expired.closed_reason) == (False, "expired")
    assert expired.valid_through == datetime(2026, 11, 1, tzinfo=UTC)
    marketing = JobListing.objects.get(title="Marketing Manager")
    assert (marketing.salary_min, marketing.salary_max) == (54_000, 66_000)  # a month's pay x 12


@pytest.mark.django_db
def test_schema_org_pages_with_json_ld_and_microdata_both_import(server, sleeps, frozen):
    serve_pages(server)
    for name, path in (("jsonld", "/careers"), ("microdata", "/jobs/qa-engineer")):
        call_command(
            "add_source", "--kind", "schema_org", "--url", server.base + path, "--name", name,
            stdout=StringIO(),
        )  # fmt: skip
    call_command("fetch_feeds", stdout=StringIO())
    found = {j.title: j for j in JobListing.objects.all()}
    assert set(found) == {
        "Senior Data Engineer", "Robotics Support Specialist", "Holiday Season Picker",
        "Mechanical Engineer", "Quality Assurance Engineer",
    }  # fmt: skip
    assert [r.query for r in server.requests if r.path == "/careers"] == [{}, {"page": "2"}]
    support = found["Robotics Support Specialist"]
    assert (support.remote, support.location) == (True, "Remote (USA, Canada)")
    assert (support.salary_min, support.salary_max, support.salary_currency) == (
        62_400, 79_040, "USD",
    )  # fmt: skip
    assert (support.min_years, support.education_requirement) == (2.0, "associate")
    assert support.employment_type == "FULL_TIME, CONTRACTOR"
    assert support.valid_through == datetime(2027, 2, 28, 23, 59, 59, 999999, tzinfo=UTC)
    qa = found["Quality Assurance Engineer"]
    assert (qa.company, qa.location, qa.salary_currency) == (
        "Woodgrove Bank", "Toronto, ON, Canada", "CAD",
    )  # fmt: skip
    assert (qa.min_years, qa.education_requirement) == (3.0, "bachelor")
    assert qa.url == server.base + "/careers/qa-engineer"
    assert {"Selenium", "Java"} <= set(qa.required_skills)
    assert found["Holiday Season Picker"].closed_reason == "expired"
    reasons = QuarantinedPosting.objects.values_list("reason", flat=True)
    assert "JobPosting has no title" in reasons
    assert any(r.startswith("JSON-LD block 2 is not valid JSON") for r in reasons)


@pytest.mark.django_db
def test_the_same_job_on_a_board_and_a_careers_page_is_stored_once(server, sleeps, frozen):
    serve(server, "greenhouse")
    serve_pages(server)
    add_and_fetch(server, "greenhouse")
    source_add(kind="schema_org", target=server.base + "/careers", name="careers")
    result = feed_fetch(feed=FeedSource.objects.get(name="careers"))
    # The careers page words the advert a little differently and says "Berlin, DE".
    assert JobListing.objects.filter(title="Senior Data Engineer").count() == 1
    assert result.skipped == 1


def test_different_openings_with_one_title_stay_two_jobs():
    from profiles.feeds.dedupe import SAME_JOB_SIMILARITY, dedupe_key, similarity

    assert dedupe_key("Acme GmbH", "Data Engineer (m/w/d)", "Berlin, Germany") == dedupe_key(
        "ACME", "Data Engineer", "Berlin"
    )
    first = "Build the ingestion pipelines of our robot fleet in Python and Airflow."
    second = "Own the finance data warehouse and its dbt models for the controlling team."
    assert similarity(first, second) < SAME_JOB_SIMILARITY <= similarity(first, first + " Apply!")


@pytest.mark.django_db
def test_filters_keep_only_the_titles_and_places_asked_for(server, sleeps, frozen):
    serve(server, "lever")
    feed, _ = add_and_fetch(server, "lever", include="engineer", exclude="frontend")
    assert set(jobs(feed)) == {"Senior Backend Engineer", "Site Reliability Engineer"}
    preview = source_preview(
        kind="lever", target="northwind", base_url=server.base, filters={"remote_only": True}
    )
    assert (preview.total, preview.kept) == (4, 1)
    assert [p.title for p in preview.postings] == ["Site Reliability Engineer"]
    assert not JobListing.objects.filter(title="Data Analyst").exists()  # preview stores nothing


@pytest.mark.django_db
def test_the_schedule_and_backoff_decide_which_sources_are_due(frozen):
    hourly = FeedSource.objects.create(name="h", url="https://a.example.com/x", last_fetched_at=NOW)
    daily = FeedSource.objects.create(
        name="d", url="https://b.example.com/x", last_fetched_at=NOW, fetch_every_minutes=1440
    )
    assert feeds_due(now=NOW + timedelta(minutes=30)) == []
    assert feeds_due(now=NOW + timedelta(minutes=58)) == [hourly]  # the hourly run's slack
    assert feeds_due(now=NOW + timedelta(days=1)) == [daily, hourly]


@pytest.mark.parametrize(
    ("kind", "target", "board"),
    [
        ("greenhouse", "https://boards.greenhouse.io/acmerobotics", "acmerobotics"),
        (
            "greenhouse",
            "https://job-boards.greenhouse.io/acmerobotics/jobs/4012345",
            "acmerobotics",
        ),
        ("lever", "https://jobs.lever.co/northwind/5f1c2a7e", "northwind"),
        ("ashby", "https://jobs.ashbyhq.com/lumen", "lumen"),
        ("recruitee", "https://fabrikam.recruitee.com/o/marketing-manager", "fabrikam"),
        ("personio", "https://tailspin.jobs.personio.de/", "tailspin"),
        ("smartrecruiters", "https://jobs.smartrecruiters.com/ContosoEnergy/744", "ContosoEnergy"),
        ("lever", "northwind", "northwind"),
    ],
)
def test_a_careers_url_or_a_slug_names_the_board(kind, target, board):
    resolved = source_resolve(kind=kind, target=target)
    assert resolved.board == board
    assert resolved.url.startswith("https://") and board in resolved.url


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("lever", "https://example.com/jobs", "not a Lever careers URL"),
        ("greenhouse", "acme robotics", "letters, digits"),
        ("schema_org", "javascript:alert(1)", "needs an http/https URL"),
        ("schema_org", "file:///etc/passwd", "needs an http/https URL"),
        ("workday", "acme", "unknown source kind"),
    ],
)
def test_unusable_source_input_is_refused_with_a_reason(kind, target, message):
    with pytest.raises(SourceConfigError, match=message):
        source_resolve(kind=kind, target=target)


@pytest.mark.django_db
def test_add_source_reports_bad_input_as_a_command_error():
    with pytest.raises(CommandError, match="give --board or --url"):
        call_command("add_source", "--kind", "lever", stdout=StringIO())
    with pytest.raises(SourceConfigError, match="unknown filter"):
        source_add(kind="lever", target="x", filters={"salary": 1})  # type: ignore[arg-type]


def test_oversized_answers_are_refused(server):
    server.routes["/big"] = [ok(b"x" * 2_000)]
    client = HttpClient(max_bytes=1_000, min_interval=0)
    with pytest.raises(SourceError, match="over the limit"):
        client.get(server.base + "/big")


def test_requests_to_one_host_are_spaced_out():
    clock = iter([0.0, 0.2, 5.0]).__next__
    waited: list[float] = []
    pacer = HostPacer()
    for _ in range(3):
        pacer.wait("boards.example.com", 1.0, clock, waited.append)
    assert waited == [pytest.approx(0.8)]  # the second waited; the third came late enough


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sun, 22 Nov 2026 12:01:00 GMT", now=NOW) == 60.0
    assert retry_after_seconds("soon") is None


@pytest.mark.django_db
def test_a_fixture_board_normalises_into_the_matcher_shape(server, sleeps, frozen):
    """Every stored posting, whatever its source, has the fields the matcher reads."""
    for kind in EXPECTED:
        serve(server, kind)
        add_and_fetch(server, kind)
    open_jobs = JobListing.objects.filter(is_active=True)
    assert open_jobs.count() == sum(len(t) for t, _ in EXPECTED.values())
    for job in open_jobs:
        assert job.title and job.company and job.description and job.dedupe_key
        assert json.loads(json.dumps(job.required_skills)) == job.required_skills


@pytest.mark.django_db
def test_the_fetch_task_leaves_a_source_that_asked_to_wait_until_its_next_attempt(
    server, sleeps, frozen
):
    from profiles.tasks import feed_fetch as feed_fetch_task

    server.routes["/api/offers/"] = [(429, {"Retry-After": "900"}, b"")]
    feed = source_add(kind="recruitee", target="fabrikam", base_url=server.base)
    assert feed_fetch_task.apply(args=[feed.pk]).get() is None  # no retry storm
    feed.refresh_from_db()
    assert feed.next_attempt_at == NOW + timedelta(minutes=15)
    assert len(server.requests) == 1
