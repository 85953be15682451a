"""The reviewers' API: list in the seed's shape, approve / A-B / reject, versions, rollback."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiments.models import Experiment
from learning.models import RecommendationStatus
from learning.services import recommendation_approve
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.resolver import resolve_value
from tests.factories import UserFactory
from tests.learning.recommendation_factories import (
    CURRENT_WEIGHTS,
    LEARNED_WEIGHTS,
    RecommendationFactory,
    ThresholdRecommendationFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/learning/recommendations"
LIST_QUERY_BUDGET = 6


def test_the_pending_list_has_the_seed_shape_plus_id_and_status(api_client, reviewer) -> None:
    pending = RecommendationFactory()
    decided = ThresholdRecommendationFactory()
    recommendation_approve(recommendation=decided, acting_user=reviewer, reason="ok")
    api_client.force_authenticate(reviewer)

    body = api_client.get(LIST, {"status": "pending"}).json()

    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == pending.pk and item["status"] == "pending"
    assert item["component"] == "job_scoring.weights"
    assert item["current_value"] == CURRENT_WEIGHTS
    assert item["recommended_value"] == LEARNED_WEIGHTS
    assert item["evidence"] == {
        "metric_improved": "auc",
        "improvement_amount": 0.06,
        "sample_size": 4200,
        "confidence_interval": [0.03, 0.09],
        "p_value": 0.001,
        "method": "logistic regression, bootstrap CI",
    }
    assert item["impact_estimate"] == {
        "users_affected": 300,
        "expected_benefit": "+6 pts AUC",
        "risk_level": "medium",
    }
    assert item["recommendation"] == "manual_review"
    everything = api_client.get(LIST).json()
    assert everything["count"] == 2
    approved = next(r for r in everything["results"] if r["status"] == "approved")
    assert approved["decided_by"] == "reviewer" and approved["resulting_version"] == 1


def test_the_list_is_paginated_with_a_fixed_number_of_queries(api_client, reviewer) -> None:
    for i in range(8):
        rec = RecommendationFactory(change_key=f"k{i}")
        if i % 2:
            recommendation_approve(
                recommendation=ThresholdRecommendationFactory(
                    change_key=f"t{i}", recommended_value=60 + i
                ),
                acting_user=reviewer,
                reason="ok",
            )
        assert rec.pk
    api_client.force_authenticate(reviewer)
    with CaptureQueriesContext(connection) as ctx:
        body = api_client.get(LIST, {"limit": 5}).json()
    assert body["count"] == 12 and len(body["results"]) == 5 and body["next"]
    assert len(ctx.captured_queries) <= LIST_QUERY_BUDGET


def test_candidates_and_anonymous_are_refused(api_client) -> None:
    rec = RecommendationFactory()
    approve = f"{LIST}/{rec.pk}/approve"
    assert api_client.get(LIST).status_code in (401, 403)
    assert api_client.post(approve, {"reason": "x"}, format="json").status_code in (401, 403)
    api_client.force_authenticate(UserFactory())
    assert api_client.get(LIST).status_code == 403
    assert api_client.post(approve, {"reason": "x"}, format="json").status_code == 403
    assert (
        api_client.post(f"{LIST}/{rec.pk}/reject", {"reason": "x"}, format="json").status_code
        == 403
    )
    rollback = "/api/v1/learning/parameters/job_scoring.weights/rollback"
    assert api_client.post(rollback, {}, format="json").status_code == 403
    assert api_client.get("/api/v1/learning/dashboard").status_code == 403
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING


def test_approve_applies_and_repeating_it_changes_nothing(api_client, reviewer) -> None:
    rec = RecommendationFactory()
    api_client.force_authenticate(reviewer)
    url = f"{LIST}/{rec.pk}/approve"

    first = api_client.post(url, {"route": "apply", "reason": "AUC up"}, format="json")
    again = api_client.post(url, {"route": "apply", "reason": "AUC up"}, format="json")

    assert first.status_code == 200 and first.json()["status"] == "approved"
    assert again.status_code == 200 and again.json()["resulting_version"] == 1
    assert ParameterVersion.objects.count() == 1
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS
    assert AuditEntry.objects.filter(action="recommendation.approved").count() == 1


def test_approve_as_ab_test_starts_an_experiment(api_client, reviewer) -> None:
    rec = RecommendationFactory()
    api_client.force_authenticate(reviewer)
    response = api_client.post(
        f"{LIST}/{rec.pk}/approve", {"route": "ab_test", "reason": "test first"}, format="json"
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "testing"
    assert Experiment.objects.get(key=body["experiment_key"]).status == "running"


def test_reject_needs_a_reason_and_a_decided_one_conflicts(api_client, reviewer) -> None:
    rec = RecommendationFactory()
    api_client.force_authenticate(reviewer)
    assert api_client.post(f"{LIST}/{rec.pk}/reject", {}, format="json").status_code == 400
    ok = api_client.post(f"{LIST}/{rec.pk}/reject", {"reason": "stale data"}, format="json")
    assert ok.status_code == 200 and ok.json()["decision_reason"] == "stale data"
    conflict = api_client.post(f"{LIST}/{rec.pk}/approve", {"reason": "now yes"}, format="json")
    assert conflict.status_code == 409
    assert (
        api_client.post(f"{LIST}/999999/reject", {"reason": "x"}, format="json").status_code == 404
    )


def test_parameter_versions_mark_the_active_one_and_rollback_appends(api_client, reviewer):
    recommendation_approve(
        recommendation=RecommendationFactory(), acting_user=reviewer, reason="learned"
    )
    api_client.force_authenticate(reviewer)
    url = "/api/v1/learning/parameters/job_scoring.weights"

    listed = api_client.get(url).json()
    assert listed["active_version"] == 1 and listed["active_value"] == LEARNED_WEIGHTS
    assert [v["active"] for v in listed["results"]] == [True]

    rolled = api_client.post(f"{url}/rollback", {}, format="json")
    assert rolled.status_code == 201
    assert rolled.json()["version"] == 2 and rolled.json()["source"] == "rollback"
    assert resolve_value("job_scoring.weights") == CURRENT_WEIGHTS

    restored = api_client.post(f"{url}/rollback", {"version": 1, "reason": "v1"}, format="json")
    assert restored.json()["restored_from"] == 1
    listed = api_client.get(url).json()
    assert [(v["version"], v["active"]) for v in listed["results"]] == [
        (3, True),
        (2, False),
        (1, False),
    ]
    assert api_client.get("/api/v1/learning/parameters/nope").status_code == 404
    nothing = api_client.post("/api/v1/learning/parameters/ai.model/rollback", {}, format="json")
    assert nothing.status_code == 400
    unknown = api_client.post(f"{url}/rollback", {"version": 99, "reason": "x"}, format="json")
    assert unknown.status_code == 404


def test_the_openapi_schema_documents_the_workflow(client) -> None:
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/learning/recommendations",
        "/api/v1/learning/recommendations/{id}/approve",
        "/api/v1/learning/recommendations/{id}/reject",
        "/api/v1/learning/parameters/{component}",
        "/api/v1/learning/parameters/{component}/rollback",
        "/api/v1/learning/dashboard",
        "/api/v1/insights/{user_id}",
    ):
        assert path in schema, path
