"""The experiments API: reviewers change experiments, users ask for their own assignment."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from experiments.models import ExperimentStatus
from experiments.selectors import experiment_audit_list
from experiments.services import experiment_stage_advance, experiment_start
from recruitly.spine.resolver import resolve
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.factories import CandidateProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE = {
    "key": "api-threshold",
    "name": "Threshold 70",
    "hypothesis": "A lower threshold gets candidates applying sooner and interviewing more",
    "component": THRESHOLD,
    "variants": [
        {"key": "control", "value": 75, "is_control": True},
        {"key": "treatment", "value": 70},
    ],
    "primary_metric": "interview_rate",
    "guardrail_metrics": ["days_to_response"],
    "baseline": 0.1,
    "mde_relative": 0.2,
    "expected_daily_users": 1000,
    "rollback_plan": "Back to 75 for everyone.",
}


def test_a_reviewer_creates_starts_ships_and_rolls_back(api_client, reviewer) -> None:
    api_client.force_authenticate(reviewer)

    created = api_client.post("/api/v1/experiments/", CREATE, format="json")
    assert created.status_code == 201, created.data
    assert created.data["planned_sample_size"] > 0
    assert created.data["power_analysis"]["n_per_arm_fixed"] == 3839

    started = api_client.post("/api/v1/experiments/api-threshold/start", {}, format="json")
    assert started.status_code == 200 and started.data["rollout_stage"] == 10

    shipped = api_client.post(
        "/api/v1/experiments/api-threshold/ship",
        {"variant": "treatment", "reason": "reviewed"},
        format="json",
    )
    assert shipped.data["status"] == "completed" and shipped.data["winner"] == "treatment"
    assert resolve(THRESHOLD).value == 70

    rolled = api_client.post(
        "/api/v1/experiments/api-threshold/rollback", {"reason": "regret"}, format="json"
    )
    assert rolled.data["status"] == ExperimentStatus.ROLLED_BACK
    assert resolve(THRESHOLD).value == 75


def test_create_reports_every_invalid_field(api_client, reviewer) -> None:
    api_client.force_authenticate(reviewer)
    body = {**CREATE, "primary_metric": "revenue", "component": "ai.model"}
    response = api_client.post("/api/v1/experiments/", body, format="json")
    assert response.status_code == 400
    assert any("unknown metric" in r for r in response.data["detail"])
    assert any("variant control" in r for r in response.data["detail"])


def test_ethics_refusal_answers_400_with_reasons(api_client, reviewer) -> None:
    api_client.force_authenticate(reviewer)
    experiment_build(key="no-plan", rollback_plan="")
    response = api_client.post("/api/v1/experiments/no-plan/start", {}, format="json")
    assert response.status_code == 400
    assert any("rollback_plan" in r for r in response.data["detail"])


def test_an_invalid_transition_answers_409(api_client, reviewer) -> None:
    api_client.force_authenticate(reviewer)
    experiment_build(key="draft")
    response = api_client.post("/api/v1/experiments/draft/resume", {}, format="json")
    assert response.status_code == 409


@pytest.mark.parametrize("action", ["start", "pause", "resume", "stop", "rollback", "ship"])
def test_only_reviewers_may_change_experiments(api_client, action: str) -> None:
    experiment_build(key="guarded")
    api_client.force_authenticate(UserFactory())
    response = api_client.post(f"/api/v1/experiments/guarded/{action}", {}, format="json")
    assert response.status_code == 403
    assert api_client.post("/api/v1/experiments/", CREATE, format="json").status_code == 403


def test_a_candidate_gets_their_own_assignment_only(api_client) -> None:
    experiment = experiment_build(key="assign-me", coverage=1.0)
    experiment_start(experiment=experiment, acting_user=None)
    for _ in range(2):
        experiment_stage_advance(experiment=experiment, acting_user=None, reason="test")
    me, other = CandidateProfileFactory().user, UserFactory()
    api_client.force_authenticate(me)

    mine = api_client.post(
        "/api/v1/experiments/assign-me/assignment", {"user_id": me.username}, format="json"
    )
    theirs = api_client.post(
        "/api/v1/experiments/assign-me/assignment", {"user_id": other.username}, format="json"
    )

    assert mine.status_code == 200 and mine.data["enrolled"] is True
    assert mine.data["value"] in (70, 75)
    again = api_client.post(
        "/api/v1/experiments/assign-me/assignment", {"user_id": str(me.pk)}, format="json"
    )
    assert again.data["variant"] == mine.data["variant"]
    assert theirs.status_code == 403


def test_an_integration_with_the_permission_may_ask_for_anyone(api_client) -> None:
    experiment = experiment_build(key="integration")
    experiment_start(experiment=experiment, acting_user=None)
    integration = UserFactory()
    integration.user_permissions.add(Permission.objects.get(codename="assign_any_user"))
    api_client.force_authenticate(integration)
    response = api_client.post(
        "/api/v1/experiments/integration/assignment",
        {"user_id": UserFactory().username},
        format="json",
    )
    assert response.status_code == 200


def test_results_before_the_first_analysis_are_a_live_evaluation(api_client, reviewer) -> None:
    experiment = experiment_build(key="results")
    experiment_start(experiment=experiment, acting_user=reviewer)
    api_client.force_authenticate(reviewer)

    response = api_client.get("/api/v1/experiments/results/results")

    assert response.status_code == 200
    assert response.data["stored"] is False
    assert response.data["stage"] == 10
    assert response.data["decision"]["action"] == "continue"
    primary = response.data["metrics"][0]
    assert primary["metric"] == "interview_rate" and primary["role"] == "primary"
    assert [v["variant"] for v in primary["variants"]] == ["control", "treatment"]
    assert experiment_audit_list(experiment=experiment).count() == 2


def test_the_openapi_schema_documents_every_endpoint(api_client, reviewer) -> None:
    api_client.force_authenticate(reviewer)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = set(schema["paths"])
    assert "/api/v1/experiments/" in paths
    for action in ("start", "pause", "resume", "stop", "rollback", "ship", "assignment", "results"):
        assert f"/api/v1/experiments/{{key}}/{action}" in paths
