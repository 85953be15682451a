"""Personal thresholds learned from a candidate's history, applied through the resolver, and
their match list re-ranked by what worked for them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pandas as pd
import pytest

from learning.insights.reader import application_frame
from learning.personalization import (
    learn_applications_per_week,
    learn_follow_up_days,
    learn_min_fit_score,
    personalize_ranking,
    personalized_order,
)
from learning.services.personal_config import personalized_config_learn
from recruitly.spine.models import AuditEntry, ParameterOverride
from recruitly.spine.resolver import resolve
from tests.factories import JobListingFactory
from tests.learning.application_events import application, store

NOW = datetime(2026, 11, 16, tzinfo=UTC)


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame


def test_the_fit_threshold_is_where_interviews_start() -> None:
    # interviews at half the applications from fit 75 on, at a tenth below it
    rows = [
        {
            "fit_score": 50 + (i % 46),
            "interviewed": (i % 2 == 0) if 50 + (i % 46) >= 75 else i % 10 == 0,
        }
        for i in range(200)
    ]
    learned = learn_min_fit_score(pd.DataFrame(rows))
    assert learned is not None and learned.value == 75.0
    assert learned.evidence["rate_at_or_above"] > learned.evidence["rate_below"]
    assert learned.evidence["p_value"] < 0.05


def test_no_threshold_without_evidence() -> None:
    flat = pd.DataFrame(
        {
            "fit_score": [50 + i % 40 for i in range(100)],
            "interviewed": [i % 5 == 0 for i in range(100)],
        }
    )
    assert learn_min_fit_score(flat) is None
    few = pd.DataFrame({"fit_score": [90, 50], "interviewed": [True, False]})
    assert learn_min_fit_score(few) is None


def test_weekly_target_and_follow_up_come_from_the_candidates_own_pace() -> None:
    weeks = [
        NOW - timedelta(weeks=8) + timedelta(weeks=w, days=d) for w in range(8) for d in range(3)
    ]
    apps = _frame(
        [
            {
                "submitted_at": at,
                "responded": i < 12,
                "first_response_days": float(i + 1) if i < 12 else None,
            }
            for i, at in enumerate(weeks)
        ]
    )
    per_week = learn_applications_per_week(apps, as_of=pd.Timestamp(NOW))
    assert per_week is not None and per_week.value == 3 and per_week.evidence["weeks"] == 8
    follow_up = learn_follow_up_days(apps)
    # 75th percentile of 1..12 days is 9.25: follow up after 10
    assert follow_up is not None and follow_up.value == 10
    assert learn_applications_per_week(apps.head(3), as_of=apps["submitted_at"].iloc[2]) is None
    assert learn_follow_up_days(apps.head(5)) is None


def _history(user) -> None:
    batches = []
    for i in range(30):
        when = NOW - timedelta(days=120 - i)
        batches.append(
            application(
                user,
                when,
                outcome="interview" if i % 5 < 2 else "rejected",
                days=3 + i % 10,
                stage="series_a",
                fit=80,
            )
        )
        batches.append(
            application(
                user, when, outcome="interview" if i == 0 else "ghosted", stage="enterprise", fit=60
            )
        )
    store(*batches)


@pytest.mark.django_db
def test_learned_values_reach_the_resolver_once_and_are_audited(candidate) -> None:
    user = candidate.user
    _history(user)
    apps = application_frame(since=NOW - timedelta(days=365), until=NOW, user_ids=[user.pk])

    written = personalized_config_learn(user=user, apps=apps, as_of=pd.Timestamp(NOW))

    components = {o.component for o in written}
    assert "personalization.follow_up_days" in components
    assert "personalization.min_fit_score_to_apply" in components
    resolved = resolve("personalization.min_fit_score_to_apply", user)
    assert resolved.source == "override" and resolved.value > 60
    assert AuditEntry.objects.filter(action="parameter.override").count() == len(written)
    # learning again from the same history writes nothing new
    assert personalized_config_learn(user=user, apps=apps, as_of=pd.Timestamp(NOW)) == []
    assert ParameterOverride.objects.count() == len(written)


@pytest.mark.django_db
def test_the_match_list_is_reranked_by_what_worked(candidate, monkeypatch) -> None:
    user = candidate.user
    _history(user)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    startup = JobListingFactory(company_stage="series_a", title="Platform Engineer")
    bank = JobListingFactory(company_stage="enterprise", title="Platform Engineer")
    other = JobListingFactory(company_stage="growth", title="Platform Engineer")
    scored = [
        SimpleNamespace(job=bank, compatibility_score=82.0),
        SimpleNamespace(job=other, compatibility_score=78.0),
        SimpleNamespace(job=startup, compatibility_score=74.0),
    ]

    ranked = personalize_ranking(user, scored)

    assert [r.item.job for r in ranked] == [startup, other, bank]
    assert ranked[0].priority_score == 84.0 and "Series A companies" in ranked[0].adjustments[0]
    assert ranked[-1].priority_score == 82.0 - 15.0
    assert all(r.should_apply for r in ranked)  # the platform's 60 applies: no override yet


@pytest.mark.django_db
def test_without_history_the_order_and_platform_threshold_stand(candidate) -> None:
    jobs = [JobListingFactory() for _ in range(3)]
    scored = [
        SimpleNamespace(job=j, compatibility_score=s)
        for j, s in zip(jobs, (90.0, 70.0, 55.0), strict=True)
    ]
    ranked = personalize_ranking(candidate.user, scored)
    assert [r.item.job for r in ranked] == jobs
    assert [r.should_apply for r in ranked] == [True, True, False]


@pytest.mark.django_db
def test_the_drop_in_order_returns_the_same_objects_annotated(candidate, monkeypatch) -> None:
    _history(candidate.user)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    bank = SimpleNamespace(
        job=JobListingFactory(company_stage="enterprise"), compatibility_score=80.0
    )
    startup = SimpleNamespace(
        job=JobListingFactory(company_stage="series_a"), compatibility_score=75.0
    )

    ordered = personalized_order(candidate.user, [bank, startup])

    assert ordered == [startup, bank]
    assert startup.personal_priority == 85.0 and startup.should_apply
    assert bank.personal_adjustments and "enterprise" in bank.personal_adjustments[0]


@pytest.mark.django_db
def test_the_matches_page_uses_the_personal_order_unless_asked_for_score(
    client, candidate, monkeypatch
) -> None:
    from django.utils import timezone

    from profiles.models import JobScore

    # given a history where Series A worked and enterprise did not, and two stored matches
    _history(candidate.user)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    for stage, title, score in (
        ("enterprise", "Bank Engineer", 82.0),
        ("series_a", "Startup Engineer", 74.0),
    ):
        JobScore.objects.create(
            candidate=candidate,
            job=JobListingFactory(company_stage=stage, title=title),
            compatibility_score=score,
            scored_at=timezone.now(),
        )
    client.force_login(candidate.user)
    # when / then
    personal = client.get("/me/matches/").content.decode()
    assert personal.index("Startup Engineer") < personal.index("Bank Engineer")
    assert "Series A companies" in personal
    by_score = client.get("/me/matches/?order=score").content.decode()
    assert by_score.index("Bank Engineer") < by_score.index("Startup Engineer")
