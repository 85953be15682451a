"""Feeds: bundled samples, RSS/Atom/JSON/CSV, normalisation, de-dup, status and backoff."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from profiles.feeds.fetch import FeedError
from profiles.feeds.normalize import normalize, parse_salary, seniority_of, skills_of
from profiles.models import FeedSource, JobListing
from profiles.services.feeds import (
    feed_fetch,
    feeds_due,
    feeds_setup_bundled,
    jobs_import,
    jobs_reparse,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Senior Python Engineer (Remote)</title><link>https://x.example.com/1</link>
<guid>job-1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
<description>&lt;p&gt;Requirements:&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;Python and Postgres&lt;/li&gt;&lt;/ul&gt;
&lt;p&gt;Pay: $120k-$160k&lt;/p&gt;</description></item></channel></rss>"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k-$160k", (120_000, 160_000, "USD")),
        ("€50,000 per year", (50_000, 50_000, "EUR")),
        ("£40,000 - £55,000", (40_000, 55_000, "GBP")),
        ("$45/hour", (93_600, 93_600, "USD")),
        ("120-160k", (120_000, 160_000, "USD")),
        ("EUR 60.000 - 70.000 a year", (60_000, 70_000, "EUR")),
        ("5+ years of experience", (None, None, "")),
    ],
)
def test_salaries_are_parsed_to_a_yearly_range(text, expected):
    assert parse_salary(text) == expected


def test_title_words_give_the_seniority_and_a_plain_title_gives_none():
    # A title without a level word says nothing about the level: "" (unknown), not a guessed
    # "mid" that would give the experience score a band the posting never asked for.
    assert [seniority_of(t) for t in ("Sr. Data Engineer", "Junior Analyst", "Head of Data",
                                      "Software Engineering Intern", "Data Engineer")] == [
        "senior", "entry", "executive", "intern", "",
    ]  # fmt: skip


def test_requirements_not_duties_make_the_required_skills():
    description = (
        "Our logistics team drives pricing.\nWhat you bring:\n- Python\n- SQL\n"
        "Nice to have:\n- Airflow\nCompensation: $100k"
    )
    assert skills_of("Data Engineer", description) == (["Python", "SQL"], ["Apache Airflow"])


def test_an_entry_without_title_or_id_is_invalid():
    assert normalize({"title": "", "id": "1"}) is None
    assert normalize({"title": "X"}) is None


@pytest.mark.django_db
def test_the_bundled_feeds_load_several_hundred_postings_and_refetching_adds_nothing():
    feeds = feeds_setup_bundled()
    assert len(feeds) == 6
    for feed in feeds:
        feed_fetch(feed=feed)
    total = JobListing.objects.count()
    assert total >= 450
    assert {f.status for f in FeedSource.objects.all()} == {"ok"}
    assert JobListing.objects.filter(salary_min__isnull=False).count() > total * 0.6
    assert JobListing.objects.filter(remote=True).exists()
    assert JobListing.objects.exclude(required_skills=[]).count() == total
    for feed in FeedSource.objects.all():
        result = feed_fetch(feed=feed, force=True)
        assert (result.new, result.updated) == (0, 0)
    assert JobListing.objects.count() == total


@pytest.mark.django_db
def test_rss_entries_are_normalised():
    feed = FeedSource.objects.create(name="t", url="https://x.example.com/rss")
    feed_fetch(feed=feed, reader=lambda url: RSS)
    job = JobListing.objects.get()
    assert (job.title, job.remote, job.seniority) == (
        "Senior Python Engineer (Remote)",
        True,
        "senior",
    )
    assert (job.salary_min, job.salary_max, job.salary_currency) == (120_000, 160_000, "USD")
    assert job.required_skills == ["Python", "PostgreSQL"]
    assert job.posted_at.day == 2 and job.feed == feed


@pytest.mark.django_db
def test_duplicates_are_found_by_id_url_and_content():
    item = {"id": "a", "title": "Data Analyst", "company": "Acme", "url": "https://x.example.com/a",
            "description": "SQL"}  # fmt: skip
    first = jobs_import(data=json.dumps([item]).encode(), kind="json", source="one")
    same_url = jobs_import(
        data=json.dumps([{**item, "id": "b"}]).encode(), kind="json", source="two"
    )
    changed = jobs_import(
        data=json.dumps({"jobs": [{**item, "description": "SQL and Python"}]}).encode(),
        kind="json", source="one",
    )  # fmt: skip
    csv_data = b"id,title,company,description,skills\nc,Data Analyst,Acme,SQL,Tableau;Excel\n"
    csv_copy = jobs_import(data=csv_data, kind="csv", source="three")
    assert (first.new, same_url.skipped, changed.updated, csv_copy.new) == (1, 1, 1, 1)
    assert JobListing.objects.count() == 2
    assert JobListing.objects.get(source="three").required_skills == ["SQL", "Tableau", "Excel"]


@pytest.mark.django_db
def test_a_failing_feed_shows_its_error_and_backs_off():
    feed = FeedSource.objects.create(name="broken", url="https://x.example.com/rss")

    def down(url: str) -> bytes:
        raise FeedError("HTTP 503 from x.example.com", transient=True)

    now = timezone.now()
    with pytest.raises(FeedError):
        feed_fetch(feed=feed, reader=down, now=now)
    feed.refresh_from_db()
    assert (feed.status, feed.consecutive_failures) == ("failing", 1)
    assert "503" in feed.last_error
    assert feed.next_attempt_at == now + timedelta(minutes=5)
    assert feed_fetch(feed=feed, reader=down, now=now + timedelta(minutes=1)) is None
    assert feed not in feeds_due(now=now + timedelta(minutes=1))
    with pytest.raises(FeedError):
        feed_fetch(feed=feed, reader=down, now=now + timedelta(minutes=6))
    feed.refresh_from_db()
    assert feed.next_attempt_at == now + timedelta(minutes=16)  # 6 + 10: the delay doubled


@pytest.mark.django_db
def test_an_empty_feed_is_visible_as_empty():
    feed = FeedSource.objects.create(name="quiet", url="https://x.example.com/rss")
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    feed_fetch(feed=feed, reader=lambda url: empty)
    feed.refresh_from_db()
    assert (feed.status, feed.items_seen) == ("empty", 0)


@pytest.mark.django_db
def test_a_page_that_is_not_a_feed_is_an_error():
    feed = FeedSource.objects.create(name="html", url="https://x.example.com/")
    with pytest.raises(FeedError):
        feed_fetch(feed=feed, reader=lambda url: b"<html><body>nope")
    feed.refresh_from_db()
    assert feed.status == "failing"


@pytest.mark.django_db
def test_the_commands_fetch_the_samples_and_import_an_export(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("fetch_feeds", stdout=out)
    assert "sample-tech-jobs: ok" in out.getvalue()
    export = tmp_path / "jobs.csv"
    export.write_text("id,title,company,skills\nz1,Data Engineer,Initech,Python;dbt\n")
    call_command("import_jobs", str(export), source="export", stdout=out)
    assert JobListing.objects.get(source="export").required_skills == ["Python", "dbt"]


POSTING = {
    "id": "p1",
    "title": "Junior Java Developer (1-4 years experience)",
    "company": "Northwind Capital",
    "location": "New York, NY",
    "description": (
        "Northwind Capital is a trading firm built on the Bloomberg Terminal. "
        "Minimum Required Skills: Java, SQL. Education: Bachelor's degree in Computer Science. "
        "Nice to have: Kafka. Benefits: 401k, dental, vision."
    ),
}


@pytest.mark.django_db
def test_an_import_persists_what_the_posting_parser_read():
    jobs_import(data=json.dumps([POSTING]).encode(), kind="json", source="export")
    job = JobListing.objects.get()
    assert job.required_skills == ["Java", "SQL", "Computer Science"]
    assert job.nice_to_have_skills == ["Kafka"]
    assert job.skill_sources == {"Java": "Title", "SQL": "Minimum Required Skills",
                                 "Computer Science": "Minimum Required Skills",
                                 "Kafka": "Nice to have"}  # fmt: skip
    assert (job.min_years, job.max_years, job.seniority) == (1.0, 4.0, "entry")
    assert job.education_requirement == "bachelor"
    assert (job.salary_min, job.salary_max) == (None, None)  # "401k" is a pension plan
    assert "Bloomberg" not in job.requirements_text and "Java, SQL" in job.requirements_text


@pytest.mark.django_db
def test_reparse_fills_rows_stored_before_the_parser_and_keeps_feed_listed_skills():
    # given a row stored by the old importer: blurb skill required, feed-listed "Excel" kept
    jobs_import(data=json.dumps([POSTING]).encode(), kind="json", source="export")
    JobListing.objects.update(
        required_skills=["Java", "SQL", "Bloomberg Terminal", "Excel"], skill_sources={},
        min_years=None, education_requirement="", requirements_text="",
    )  # fmt: skip
    # when
    changed = jobs_reparse(source="export")
    # then
    job = JobListing.objects.get()
    assert changed == 1 and job.min_years == 1.0 and job.education_requirement == "bachelor"
    assert job.required_skills == ["Java", "SQL", "Computer Science", "Excel"]
    assert job.skill_sources["Excel"] == "Feed skills"
    assert jobs_reparse(source="export") == 0


@pytest.mark.django_db
def test_the_import_command_can_reparse_stored_postings():
    from io import StringIO

    from django.core.management import call_command

    jobs_import(data=json.dumps([POSTING]).encode(), kind="json", source="export")
    JobListing.objects.update(min_years=None)
    out = StringIO()
    call_command("import_jobs", reparse=True, stdout=out)
    assert "1 postings re-read" in out.getvalue()
    assert JobListing.objects.get().min_years == 1.0
