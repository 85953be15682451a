"""Navigation by role, styled error pages, favicon and wording (issue 14, points 6, 9, 10, 11)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from learning.insights.build import InsightInputs, _advice
from learning.models import WeeklyInsight
from profiles.parsing.resume import parse_resume
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.learning.recommendation_factories import RecommendationFactory

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def test_a_candidate_sees_no_reviewer_links_and_a_styled_403(client) -> None:
    RecommendationFactory()  # one pending recommendation
    client.force_login(CandidateProfileFactory().user)
    home = client.get("/").content.decode()
    assert "pending)" not in home and 'href="/review/"' not in home
    assert 'href="/me/"' in home
    refused = client.get(reverse("learning:review"))
    body = refused.content.decode()
    assert refused.status_code == 403
    assert "This page is not open to your account" in body and "Reviewers group" in body
    assert 'class="brand"' in body and "app.css" in body  # the site's own page, not Django's


def test_a_reviewer_sees_the_pending_count_and_no_candidate_pages(client, reviewer) -> None:
    RecommendationFactory()
    client.force_login(reviewer)
    home = client.get("/").content.decode()
    assert "Review (1 pending)" in home and "My matches" not in home


def test_404_is_styled_and_500_renders_without_a_request(client) -> None:
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404
    assert "There is nothing at this address" in missing.content.decode()
    assert 'class="brand"' in missing.content.decode()
    page = render_to_string("500.html")  # Django renders it with an empty context
    assert "Something went wrong on our side" in page and "app.css" in page


def test_every_page_links_a_favicon_that_exists(client) -> None:
    body = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in body
    assert finders.find("favicon.svg") is not None


def test_the_percentile_reads_as_an_ordinal_and_windows_are_stated(client) -> None:
    profile = CandidateProfileFactory()
    WeeklyInsight.objects.create(
        user=profile.user,
        week_start=date(2026, 3, 2),
        sample_size=40,
        content={
            "sample_size": 40,
            "vs_similar_users": {
                "your_interview_rate": 0.3, "segment_avg": 0.2, "percentile": 92,
                "segment": "mid", "segment_users": 1, "sample_size": 1,
                "confidence_interval": [0.1, 0.5],
            },
        },
    )  # fmt: skip
    client.force_login(profile.user)
    body = client.get(reverse("learning:insights")).content.decode()
    assert "92nd" in body and "92th" not in body and "<small>th</small>" not in body
    assert "1 application ·" in body or "1 application<" in body or "1 application " in body
    assert "1 candidate<" in body
    assert "40 resolved applications in the 26 weeks before" in body
    dashboard = client.get(reverse("profiles:dashboard")).content.decode()
    assert "since you joined" in dashboard and "last 26 weeks" in dashboard


def test_one_of_anything_is_singular() -> None:
    inputs = InsightInputs.__new__(InsightInputs)
    object.__setattr__(inputs, "target_per_week", 1)
    object.__setattr__(inputs, "follow_up_days", 1)
    try_this, _ = _advice(inputs, [], [])
    assert "Aim for 1 application this week" in try_this
    assert any("1 day after" in t for t in try_this)
    text = "\n".join(["Jo Doe", "EXPERIENCE", "Engineer, Acme - Jan 2020 - Present",
                      "- Cut costs by 20%", "SKILLS", "Python"])  # fmt: skip
    reasons = " ".join(str(r["reason"]) for r in parse_resume(text).score_reasons)
    assert "1 bullet with numbers" in reasons and "1 bullets" not in reasons
    assert "1 recognised skill;" in reasons and "1 dated position," in reasons


def test_the_landing_page_explains_open_and_closed_listings(client) -> None:
    JobListingFactory(is_active=True)
    JobListingFactory(is_active=False)
    body = client.get("/").content.decode()
    assert "open job listings" in body and "2 ever posted" in body
    assert "/api/v1/jobs/" in body


def test_tests_write_var_files_to_a_temporary_folder() -> None:
    # the autouse fixture in tests/conftest.py: the demo's var/ is never a test's
    assert Path(django_settings.VAR_DIR).resolve() != (REPO / "var").resolve()
    assert not str(Path(django_settings.VAR_DIR).resolve()).startswith(str(REPO))
