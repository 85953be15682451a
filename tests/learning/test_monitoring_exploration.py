"""Declining diversity switches exploration on; its matches are logged; a reviewer turns it off.

Also the monitoring page: series and thresholds for reviewers only. Time is frozen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from learning.models import ExplorationMatch, MonitoringCheck
from learning.services.exploration import exploration_outcomes
from learning.services.monitoring import monitoring_run
from learning.services.monitoring_data import occupation_of
from profiles.models import JobListing, JobScore
from recruitly.roles import REVIEWERS_GROUP
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.resolver import resolve_value
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory

END = datetime(2026, 11, 16, tzinfo=UTC)  # a Monday, midnight UTC
TITLES = (
    "Registered Nurse", "Accountant", "Software Engineer", "Chef",
    "Elementary School Teacher", "Electrician", "Sales Manager", "Graphic Designer",
)  # fmt: skip
WEEKS = 8


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="reviewer", email="reviewer@example.com")
    user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return user


def _narrowing_world(candidates: int = 25) -> list:
    """8 weeks of 10 matches a week per candidate, from 6 occupations down to 1."""
    first_monday = END - timedelta(weeks=WEEKS)
    jobs = {
        (w, t): [
            JobListingFactory(title=TITLES[t], posted_at=first_monday + timedelta(weeks=w, days=1))
            for _ in range(10)
        ]
        for w in range(WEEKS)
        for t in range(len(TITLES))
    }
    profiles = [CandidateProfileFactory() for _ in range(candidates)]
    rows = []
    for c, profile in enumerate(profiles):
        for w in range(WEEKS):
            kinds = max(1, 6 - round(w * 5 / (WEEKS - 1)))
            # the last week's matches are made on its Sunday: "new" for the exploration run
            scored = first_monday + timedelta(weeks=w, days=6 if w == WEEKS - 1 else 2, minutes=c)
            for i in range(10):
                job = jobs[(w, (c + i) % kinds)][i]
                rows.append(
                    JobScore(candidate=profile, job=job, compatibility_score=70.0, scored_at=scored)
                )
    JobScore.objects.bulk_create(rows)
    return profiles


def _night(end: datetime, on_commit) -> dict[str, MonitoringCheck]:
    with (
        time_machine.travel(end + timedelta(hours=2, minutes=30), tick=False),
        on_commit(execute=True),
    ):
        return {c.name: c for c in monitoring_run(window_end=end)}


def test_declining_diversity_switches_exploration_on_and_logs_its_matches(
    db, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    profiles = _narrowing_world()
    checks = _night(END, django_capture_on_commit_callbacks)
    diversity = checks["diversity"]
    assert diversity.severity == "warning"
    trend = diversity.evidence["occupations"]
    assert trend["declining"] and trend["slope"] < -0.05 and trend["candidates"] == 25
    assert diversity.action.startswith("exploration switched on")
    assert resolve_value("exploration.epsilon") == 0.15
    version = ParameterVersion.objects.get(component="exploration.epsilon")
    assert version.created_by is None and version.evidence["automatic"] == "monitoring"
    audit = AuditEntry.objects.get(action="monitoring.exploration_on")
    assert audit.actor is None and audit.details["epsilon"] == 0.15
    assert len(mailoutbox) == 1 and "diversity" in mailoutbox[0].body

    # the same night adds exploration matches for the day's new matches, logged as such
    explored = list(ExplorationMatch.objects.all())
    assert explored and {e.user_id for e in explored} <= {p.user_id for p in profiles}
    for match in explored:
        assert match.occupation not in match.usual_occupations
        assert occupation_of(match.job.title) == match.occupation
        assert match.epsilon == 0.15 and match.shown_on == END.date()
        assert JobScore.objects.filter(candidate__user=match.user, job=match.job).exists()
    # about ε of each candidate's new matches: 10 new ones give 1 or 2 more
    per_user = {}
    for match in explored:
        per_user[match.user_id] = per_user.get(match.user_id, 0) + 1
    assert set(per_user.values()) <= {1, 2} and len(per_user) == 25

    # outcomes are measured: a candidate likes one exploration match
    first = explored[0]
    JobScore.objects.filter(candidate__user=first.user, job=first.job).update(user_interested=True)
    outcomes = exploration_outcomes(since=END.date(), until=END.date() + timedelta(days=1))
    arms = {a["name"]: a for a in outcomes["arms"]}
    assert arms["exploration"]["matches"] == len(explored)
    assert arms["exploration"]["rates"]["interested"]["k"] == 1
    # a second run the same night adds nothing and repeats no action
    again = _night(END, django_capture_on_commit_callbacks)
    assert ExplorationMatch.objects.count() == len(explored)
    assert ParameterVersion.objects.filter(component="exploration.epsilon").count() == 1
    assert again["diversity"].action == diversity.action and len(mailoutbox) == 1


def test_a_reviewer_switches_exploration_off_audited_and_the_monitor_holds_off(
    db, client, reviewer, django_capture_on_commit_callbacks
):
    _narrowing_world()
    _night(END, django_capture_on_commit_callbacks)
    client.force_login(reviewer)
    url = reverse("learning:exploration-off")
    refused = client.post(url, {"reason": "  "}, follow=True)
    assert "the reason is audited" in refused.content.decode()
    assert resolve_value("exploration.epsilon") == 0.15
    response = client.post(url, {"reason": "matches outside nursing confused candidates"})
    assert response.status_code == 302
    assert resolve_value("exploration.epsilon") == 0.0
    audit = AuditEntry.objects.get(action="monitoring.exploration_off")
    assert audit.actor == reviewer and "confused" in audit.reason
    # the trend is still declining the next night, but the reviewer's decision stands
    later = _night(END + timedelta(days=1), django_capture_on_commit_callbacks)
    assert later["diversity"].severity == "warning" and later["diversity"].action == ""
    assert resolve_value("exploration.epsilon") == 0.0


def test_the_monitoring_page_shows_series_and_thresholds_to_reviewers_only(
    db, client, reviewer, django_capture_on_commit_callbacks
):
    _narrowing_world(candidates=22)
    for days in (2, 1, 0):
        _night(END - timedelta(days=days), django_capture_on_commit_callbacks)
    candidate = CandidateProfileFactory().user
    client.force_login(candidate)
    assert client.get(reverse("learning:monitoring")).status_code == 403
    client.force_login(reviewer)
    page = client.get(reverse("learning:monitoring")).content.decode()
    assert "Night of 16 November 2026" in page
    # diversity and exploration have figures; checks without data say so instead of a chart
    assert page.count("<svg") == 2 and "No numeric value to draw" in page
    assert "occupation entropy trend" in page and "alert below" in page
    assert "Switch exploration off" in page
    assert JobListing.objects.exists()
