"""The review page: who may see and act, htmx partials, rollback after confirmation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import RecommendationStatus
from learning.services import recommendation_approve
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.resolver import resolve_value
from recruitly.spine.services import parameter_version_create
from tests.factories import UserFactory
from tests.learning.recommendation_factories import (
    CURRENT_WEIGHTS,
    LEARNED_WEIGHTS,
    RecommendationFactory,
    ThresholdRecommendationFactory,
)

pytestmark = pytest.mark.django_db
REVIEW_QUERY_BUDGET = 12


def _decide_url(rec, decision: str) -> str:
    return reverse("learning:recommendation-decide", args=[rec.pk, decision])


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    rec = RecommendationFactory()
    assert client.get(reverse("learning:review")).status_code == 302
    response = client.post(_decide_url(rec, "approve"), {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING


def test_candidates_are_refused(client) -> None:
    rec = RecommendationFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("learning:review")).status_code == 403
    assert client.post(_decide_url(rec, "approve"), {"reason": "x"}).status_code == 403
    assert client.get(reverse("learning:dashboard")).status_code == 403
    rollback = reverse("learning:parameter-rollback", args=["job_scoring.weights"])
    assert client.post(rollback, {"reason": "x"}).status_code == 403
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING


def test_decisions_are_post_only(client, reviewer) -> None:
    rec = RecommendationFactory()
    client.force_login(reviewer)
    assert client.get(_decide_url(rec, "approve")).status_code == 405


def test_the_review_page_shows_evidence_and_charts_with_bounded_queries(client, reviewer) -> None:
    # given: pending recommendations of several kinds and some decided ones
    RecommendationFactory()
    ThresholdRecommendationFactory(
        chart={
            "type": "effect",
            "labels": ["lift"],
            "estimates": [0.02],
            "lows": [0.01],
            "highs": [0.03],
        }
    )
    RecommendationFactory(
        kind="calibration",
        component="strategy.rethink_interview_rate",
        current_value=0.02,
        recommended_value=0.03,
        change_key="cal",
        chart={
            "type": "calibration",
            "labels": ["0-50", "50-75", "75-100"],
            "expected": [0.05, 0.1, 0.2],
            "observed": [0.04, 0.12, 0.3],
        },
    )
    # the chart shapes the optimizers write
    charts = [
        {
            "type": "effects",
            "labels": ["Monday", "Tuesday"],
            "naive": [0.05, 0.01],
            "estimate": [0.0, 0.01],
            "ci_low": [-0.02, -0.01],
            "ci_high": [0.02, 0.03],
        },
        {
            "type": "bars",
            "labels": ["10-20", "20-30", "30-40"],
            "values": [0.1, 0.2, 0.15],
            "ci_low": [0.05, 0.15, 0.1],
            "ci_high": [0.15, 0.25, 0.2],
            "marker": "30-40",
        },
        {"type": "profile", "x": [60, 70, 80], "y": [-3.0, 0.0, -1.0], "marker": 70, "current": 75},
    ]
    for i, chart in enumerate(charts):
        ThresholdRecommendationFactory(recommended_value=60 + i, change_key=f"c{i}", chart=chart)
    for i in range(3):
        decided = RecommendationFactory(change_key=f"old-{i}")
        recommendation_approve(recommendation=decided, acting_user=reviewer, reason=f"r{i}")
    client.force_login(reviewer)

    # when
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("learning:review"))

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") >= 6 and "calibration" in body
    assert "unadjusted" in body and "setting</text>" in body and "proposed 70" in body
    assert "p-value" in body and "4200" in body and "logistic regression" in body
    assert "Approve as A/B test" in body and "Reject" in body
    assert len(ctx.captured_queries) <= REVIEW_QUERY_BUDGET, [
        q["sql"] for q in ctx.captured_queries
    ]


def test_approving_from_the_page_redirects_with_a_message(client, reviewer) -> None:
    rec = RecommendationFactory()
    client.force_login(reviewer)
    response = client.post(_decide_url(rec, "approve"), {"reason": "learned weights win"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.APPROVED and rec.decided_by == reviewer
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS


def test_htmx_decisions_return_the_card_partial(client, reviewer) -> None:
    rec = RecommendationFactory()
    client.force_login(reviewer)

    missing = client.post(
        _decide_url(rec, "reject"), {"reason": ""}, headers={"HX-Request": "true"}
    )
    assert missing.status_code == 200 and "a reason is required" in missing.content.decode()

    response = client.post(
        _decide_url(rec, "reject"), {"reason": "old data"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="recommendation-{rec.pk}"' in body and "Rejected" in body
    assert AuditEntry.objects.filter(action="recommendation.rejected").count() == 1


def test_a_second_decision_on_a_decided_recommendation_is_refused(client, reviewer) -> None:
    rec = RecommendationFactory()
    client.force_login(reviewer)
    client.post(_decide_url(rec, "reject"), {"reason": "no"})
    response = client.post(_decide_url(rec, "approve"), {"reason": "yes"}, follow=True)
    assert "already rejected" in response.content.decode()
    assert not ParameterVersion.objects.exists()


def test_rollback_needs_confirmation_and_appends_a_version(client, reviewer) -> None:
    # given: weights approved once
    parameter_version_create(
        component="job_scoring.weights", value=LEARNED_WEIGHTS, acting_user=reviewer, reason="x"
    )
    client.force_login(reviewer)
    history = reverse("learning:parameter-history", args=["job_scoring.weights"])
    confirm = reverse("learning:parameter-rollback-confirm", args=["job_scoring.weights"])

    # when: the reviewer opens history, then the confirmation page
    assert "Roll back to the previous value" in client.get(history).content.decode()
    page = client.get(confirm).content.decode()
    assert "Confirm rollback" in page and "the code default" in page
    assert ParameterVersion.objects.count() == 1  # looking changes nothing

    # and confirms
    rollback = reverse("learning:parameter-rollback", args=["job_scoring.weights"])
    client.post(rollback, {"reason": "interview rate fell"})

    # then
    assert ParameterVersion.objects.count() == 2
    assert resolve_value("job_scoring.weights") == CURRENT_WEIGHTS
    entry = AuditEntry.objects.filter(action="parameter.rollback").get()
    assert entry.actor == reviewer and entry.reason == "interview rate fell"


def test_restoring_a_chosen_version(client, reviewer) -> None:
    for value in (LEARNED_WEIGHTS, CURRENT_WEIGHTS):
        parameter_version_create(
            component="job_scoring.weights", value=value, acting_user=reviewer, reason="x"
        )
    client.force_login(reviewer)
    rollback = reverse("learning:parameter-rollback", args=["job_scoring.weights"])
    client.post(rollback, {"reason": "v1 was better", "version": "1"})
    active = ParameterVersion.objects.order_by("-version").first()
    assert active.version == 3 and active.restored_from.version == 1
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS
    for bad in ("7", "one"):
        response = client.post(rollback, {"reason": "x", "version": bad})
        assert response.status_code == 404
    assert ParameterVersion.objects.count() == 3


def test_unknown_components_are_not_found(client, reviewer) -> None:
    client.force_login(reviewer)
    assert client.get(reverse("learning:parameter-history", args=["nope"])).status_code == 404


def test_findings_without_a_change_are_shown_without_buttons(client, reviewer) -> None:
    RecommendationFactory(
        kind="timing",
        component="timing",
        parameter="best_day_of_week",
        current_value=None,
        recommended_value=None,
        status="informational",
        reasoning="No weekday helps once candidates are compared with themselves.",
    )
    client.force_login(reviewer)
    body = client.get(reverse("learning:review")).content.decode()
    assert "No weekday helps" in body and "kept for the record" in body
    assert "Approve as A/B test" not in body
