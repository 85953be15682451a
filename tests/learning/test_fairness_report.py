"""The fairness report and page: segments from profiles and resumes, never scoring inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

import profiles.matching.engine as engine
import profiles.services.scoring as scoring
from learning.services.fairness import career_gap_of, fairness_report, region_of
from profiles.models import JobScore
from profiles.services.scoring import candidate_features
from recruitly.roles import REVIEWERS_GROUP
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory
from tests.learning.application_events import application, store

END = datetime(2026, 11, 16, tzinfo=UTC)


def test_region_and_career_gap_are_read_or_left_unknown():
    assert region_of("Austin, TX") == "South" and region_of("Boston, MA") == "Northeast"
    assert region_of("Remote") is None and region_of("") is None
    two = {"jobs": [{"start": "2015-01", "end": "2018-06"}, {"start": "2019-09", "end": "2024-01"}]}
    assert career_gap_of(two) is True  # 15 months between them
    close = {
        "jobs": [{"start": "2015-01", "end": "2018-06"}, {"start": "2018-09", "ongoing": True}]
    }
    assert career_gap_of(close) is False
    assert career_gap_of({"jobs": [{"start": "2015-01", "end": "2018-06"}]}) is None
    assert career_gap_of(None) is None


def test_protected_attributes_and_segments_are_not_scoring_inputs(db):
    profile = CandidateProfileFactory(work_authorization="citizen", location="Austin, TX")
    before = candidate_features(profile, "")
    profile.work_authorization = "visa required"
    assert candidate_features(profile, "") == before
    # the scorer's modules never read the fairness code nor the protected attribute
    for module in (engine, scoring):
        source = Path(str(module.__file__)).read_text()
        assert "fairness" not in source and "work_authorization" not in source


@override_settings(FAIRNESS_PROTECTED_ATTRIBUTES=["work_authorization"])
def test_a_disadvantaged_region_is_flagged_and_the_page_shows_n_and_intervals(db, client):
    start = END - timedelta(days=120)
    items = []
    job = JobListingFactory()
    for c in range(60):
        south = c % 2 == 0
        profile = CandidateProfileFactory(
            location="Austin, TX" if south else "Boston, MA",
            work_authorization="citizen" if c % 3 else "",
        )
        interviews = 1 if south else 8
        for i in range(20):
            outcome = "interview" if i < interviews else "rejected"
            items.append(application(profile.user, start + timedelta(hours=i), outcome=outcome))
        JobScore.objects.create(
            candidate=profile, job=job, compatibility_score=55.0 + c % 7, scored_at=start
        )
    store(*items)
    report = fairness_report(window_end=END)
    by_key = {(d["attribute"], d["level"], d["metric"]): d for d in report["disparities"]}
    region = by_key[("region", "South", "interviewed")]
    assert region["difference"] == pytest.approx(0.05 - 0.40)
    assert region["flagged"] and region["ci_high"] < 0 and region["candidates"] == 30
    assert region["p_adjusted"] >= region["p_value"]
    assert ("work_authorization", "citizen", "interviewed") not in by_key  # one known level
    assert report["known"]["work_authorization"] == 40
    assert not by_key[("region", "South", "match_score")]["flagged"]

    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    client.force_login(reviewer)
    # the page reports the window ending now: pin now to the data's end
    with time_machine.travel(END, tick=False):
        page = client.get(reverse("learning:fairness")).content.decode()
    assert "region: South" in page and "significant" in page and "<svg" in page
