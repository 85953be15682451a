"""Matches added by exploration are labelled on the candidate's match list, the match page
and in the API, with why they are outside the candidate's usual matches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from learning.models import ExplorationMatch
from learning.services.exploration import exploration_matches_add
from profiles.models import JobScore
from recruitly.spine.models import ParameterOverride
from tests.factories import CandidateProfileFactory, JobListingFactory

NOW = datetime(2026, 11, 16, 2, 30, tzinfo=UTC)
LABEL = "Outside your usual matches \u2014 exploring"


@pytest.fixture
def explored(db):
    """A nurse's ten new matches, all nursing; exploration at one half adds about ten more."""
    profile = CandidateProfileFactory()
    ParameterOverride.objects.create(user=profile.user, component="exploration.epsilon", value=0.5)
    for i in range(10):
        job = JobListingFactory(title="Registered Nurse", posted_at=NOW - timedelta(days=2))
        JobScore.objects.create(
            candidate=profile, job=job, compatibility_score=70.0 - i,
            scored_at=NOW - timedelta(hours=3),
        )  # fmt: skip
    for title in ("Accountant", "Electrician", "Graphic Designer", "Chef") * 5:
        JobListingFactory(title=title, posted_at=NOW - timedelta(days=3))
    with time_machine.travel(NOW, tick=False):
        assert exploration_matches_add(now=NOW) > 0
    return profile


def test_exploration_matches_carry_the_label_and_why_and_the_usual_ones_none(explored) -> None:
    logged = {m.job_id for m in ExplorationMatch.objects.filter(user=explored.user)}
    scores = list(JobScore.objects.filter(candidate=explored))
    assert {s.job_id for s in scores if s.exploration} == logged
    for score in scores:
        if score.job_id in logged:
            assert score.exploration["label"] == LABEL
            why = score.exploration["why"]
            assert "not among the occupations of your matches of the last 4 weeks" in why
            assert "(Registered nurses)" in why  # the usual occupation
        else:
            assert score.exploration is None


def test_the_match_list_page_and_match_page_label_them(explored, client) -> None:
    client.force_login(explored.user)
    page = client.get(reverse("profiles:matches"), {"min_score": 0}).content.decode()
    explored_count = ExplorationMatch.objects.filter(user=explored.user).count()
    assert page.count(LABEL) == explored_count
    one = JobScore.objects.filter(candidate=explored).exclude(exploration_note="").first()
    detail = client.get(reverse("profiles:match_detail", args=[one.pk])).content.decode()
    assert LABEL in detail and one.exploration_note in detail
    usual = JobScore.objects.filter(candidate=explored, exploration_note="").first()
    assert (
        LABEL not in client.get(reverse("profiles:match_detail", args=[usual.pk])).content.decode()
    )


def test_the_match_api_field(explored, api_client) -> None:
    api_client.force_authenticate(explored.user)
    url = f"/api/v1/profiles/matches/{explored.user.username}"
    rows = api_client.get(url, {"limit": 100}).json()["results"]
    logged = {m.job_id for m in ExplorationMatch.objects.filter(user=explored.user)}
    assert len(rows) == JobScore.objects.filter(candidate=explored).count()
    for row in rows:
        if row["job"]["id"] in logged:
            assert row["exploration"]["label"] == LABEL and row["exploration"]["why"]
        else:
            assert row["exploration"] is None


def test_the_digest_mail_and_page_label_them(explored, client, settings) -> None:
    from datetime import date

    from profiles.models import DailyDigest
    from profiles.services.digests import digest_email_text, digests_generate

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # every match is new to this candidate's first digest; the usual matches are put last so
    # that the digest's top matches hold explored ones as well as usual ones
    usual = JobScore.objects.filter(candidate=explored, exploration_note="")
    usual.exclude(pk=usual.order_by("-compatibility_score")[0].pk).update(compatibility_score=1.0)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        digests_generate(day=date(2026, 11, 16), now=NOW + timedelta(hours=1))
    digest = DailyDigest.objects.get(candidate=explored)
    logged = {m.job_id for m in ExplorationMatch.objects.filter(user=explored.user)}
    shown = {item["job_id"] for item in digest.top_jobs}
    in_digest = [item for item in digest.top_jobs if item["job_id"] in logged]
    assert all(item["exploration"]["label"] == LABEL for item in in_digest)
    usual_shown = [item for item in digest.top_jobs if item["job_id"] not in logged]
    assert usual_shown and all(item["exploration"] is None for item in usual_shown)
    labelled = len(in_digest)
    assert digest.digest_html.count(LABEL) == labelled
    assert digest_email_text(digest).count(LABEL) == labelled
    client.force_login(explored.user)
    page = client.get(reverse("profiles:digest_detail", args=[digest.pk])).content.decode()
    assert page.count(LABEL) == labelled
    assert labelled > 0, (shown, logged)
