"""Edit counterfactuals on the insights page: only where the causal evidence holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from learning.insights.counterfactual import edit_counterfactuals, evidence_holds
from learning.models import Recommendation, RecommendationRoute, RecommendationStatus
from learning.services.insights import weekly_insight_generate
from recruitly.eventlog.models import Event, EventFamily
from tests.factories import UserFactory
from tests.learning.application_events import application, store

PASSED = [
    {"name": "placebo_treatment", "passed": True},
    {"name": "random_common_cause", "passed": True},
    {"name": "data_subset", "passed": True},
    {"name": "weak_instrument", "passed": True},
]


def _causal(estimate=0.08, low=0.03, high=0.13, refuted=False, checks=PASSED):
    return {
        "method": "iv",
        "estimate": estimate,
        "ci_low": low,
        "ci_high": high,
        "refuted": refuted,
        "refutations": checks,
    }


def test_the_counterfactual_subtracts_the_effect_and_its_interval():
    (c,) = edit_counterfactuals({"added_metrics": _causal()}, {"added_metrics": (20, 6)})
    assert c.observed_rate == pytest.approx(0.30)
    assert c.counterfactual_rate == pytest.approx(0.22)
    assert c.interval == pytest.approx((0.17, 0.27))
    assert c.effect_interval == (0.03, 0.13)
    assert c.sentence == (
        "Without the added metrics edit your interview rate would likely have been 22% "
        "instead of 30% (95 % interval 17% to 27%; 6 interviews from 20 applications sent "
        "with it)."
    )


def test_the_interval_is_clipped_to_a_rate():
    (c,) = edit_counterfactuals(
        {"added_metrics": _causal(0.2, 0.1, 0.3)}, {"added_metrics": (10, 1)}
    )
    assert c.counterfactual_rate == 0.0 and c.interval == (0.0, 0.0)


@pytest.mark.parametrize(
    "causal",
    [
        None,
        _causal(refuted=True),
        _causal(refuted=None),
        _causal(low=-0.01),  # interval covers 0
        _causal(checks=[]),  # never checked
        _causal(checks=[*PASSED[:3], {"name": "weak_instrument", "passed": None}]),
        _causal(estimate=float("nan")),
    ],
)
def test_nothing_is_said_where_the_evidence_does_not_hold(causal):
    assert not evidence_holds(causal)
    assert edit_counterfactuals({"added_metrics": causal}, {"added_metrics": (30, 9)}) == []


def test_nothing_is_said_for_an_edit_not_made_or_on_few_applications():
    effects = {"added_metrics": _causal(), "action_verbs": _causal()}
    assert edit_counterfactuals(effects, {"added_metrics": (0, 0)}) == []
    assert edit_counterfactuals(effects, {"added_metrics": (9, 3)}) == []
    assert [c.edit for c in edit_counterfactuals(effects, {"action_verbs": (10, 3)})] == [
        "action_verbs"
    ]


WEEK = date(2026, 11, 9)
WEEK_START = datetime(2026, 11, 9, tzinfo=UTC)


def _edit_event(user, at):
    return Event(
        event_id=f"edit-{user.pk}",
        event_type="RESUME_REWRITTEN",
        family=EventFamily.RESUME,
        user=user,
        occurred_at=at,
        payload={
            "resume_version_id": "r2",
            "edit_type": "added_metrics",
            "before_score": 70,
            "after_score": 75,
            "score_delta": 5,
            "user_accepted": True,
        },
    )


def _recommendation(causal):
    return Recommendation.objects.create(
        kind="resume_edit",
        component="resume_edits",
        parameter="added_metrics",
        reasoning="…",
        evidence={"causal": causal},
        impact={},
        risk_level="low",
        route=RecommendationRoute.MANUAL_REVIEW,
        status=RecommendationStatus.INFORMATIONAL,
        change_key="k-added-metrics",
    )


def _candidate_history(user):
    edited_at = WEEK_START - timedelta(weeks=12)
    Event.objects.bulk_create([_edit_event(user, edited_at)])
    batches = []
    for i in range(20):  # before the edit: 2/20; with it: 6/20
        before = edited_at - timedelta(days=20 - i)
        after = edited_at + timedelta(days=1 + i)
        batches.append(application(user, before, outcome="interview" if i < 2 else "rejected"))
        batches.append(application(user, after, outcome="interview" if i < 6 else "rejected"))
    store(*batches)
    weekly_insight_generate(user=user, week_start=WEEK)


@pytest.mark.django_db
def test_the_insights_page_shows_the_counterfactual_only_to_its_candidate(client, candidate):
    _candidate_history(candidate.user)
    _recommendation(_causal())
    client.force_login(candidate.user)
    body = client.get(reverse("learning:insights")).content.decode()
    assert "What your resume edits changed" in body
    assert "would likely have been 22% instead of 30%" in body
    assert "95 % interval 17% to 27%" in body

    other = UserFactory()
    client.force_login(other)
    assert (
        "What your resume edits changed"
        not in client.get(reverse("learning:insights")).content.decode()
    )


@pytest.mark.django_db
def test_a_refuted_estimate_shows_no_counterfactual(client, candidate):
    _candidate_history(candidate.user)
    _recommendation(_causal(refuted=True))
    client.force_login(candidate.user)
    body = client.get(reverse("learning:insights")).content.decode()
    assert "Your weekly insights" in body and "What your resume edits changed" not in body
