"""Deciding recommendations: approve, A/B test, reject, auto-apply; audit and idempotency."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from experiments.models import Experiment, ExperimentStatus
from learning.models import RecommendationStatus
from learning.services import (
    RecommendationAlreadyDecidedError,
    RecommendationDecisionError,
    recommendation_approve,
    recommendation_approve_as_test,
    recommendation_auto_apply,
    recommendation_reject,
    recommendations_auto_apply_pending,
)
from recruitly.spine.models import AuditEntry, ParameterVersion, VersionSource
from recruitly.spine.resolver import resolve, resolve_value
from recruitly.spine.services import parameter_version_rollback
from tests.factories import UserFactory
from tests.learning.recommendation_factories import (
    CURRENT_WEIGHTS,
    LEARNED_WEIGHTS,
    RecommendationFactory,
    ThresholdRecommendationFactory,
)

pytestmark = pytest.mark.django_db


def test_approving_creates_an_active_version_with_the_evidence(reviewer) -> None:
    rec = RecommendationFactory()

    decided = recommendation_approve(recommendation=rec, acting_user=reviewer, reason="AUC up")

    assert decided.status == RecommendationStatus.APPROVED
    assert decided.decided_by == reviewer and decided.decided_at is not None
    version = decided.resulting_version
    assert version.source == VersionSource.RECOMMENDATION
    assert version.evidence["recommendation_id"] == rec.pk
    assert version.evidence["evidence"]["p_value"] == 0.001
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS
    entry = AuditEntry.objects.get(action="recommendation.approved")
    assert entry.actor == reviewer and entry.reason == "AUC up"
    assert entry.target_id == str(rec.pk)
    assert entry.details["evidence"]["sample_size"] == 4200
    assert entry.details["resulting_version"] == version.pk


def test_approving_twice_is_a_no_op(reviewer) -> None:
    rec = RecommendationFactory()
    recommendation_approve(recommendation=rec, acting_user=reviewer, reason="ok")
    again = recommendation_approve(recommendation=rec, acting_user=reviewer, reason="ok")
    assert again.status == RecommendationStatus.APPROVED
    assert ParameterVersion.objects.count() == 1
    assert AuditEntry.objects.filter(action="recommendation.approved").count() == 1


def test_a_rejected_recommendation_cannot_be_approved(reviewer) -> None:
    rec = RecommendationFactory()
    recommendation_reject(recommendation=rec, acting_user=reviewer, reason="too risky")
    with pytest.raises(RecommendationAlreadyDecidedError):
        recommendation_approve(recommendation=rec, acting_user=reviewer, reason="changed my mind")
    assert not ParameterVersion.objects.exists()


def test_rejecting_needs_a_reason_and_records_it(reviewer) -> None:
    rec = RecommendationFactory()
    with pytest.raises(RecommendationDecisionError):
        recommendation_reject(recommendation=rec, acting_user=reviewer, reason="  ")
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING

    recommendation_reject(recommendation=rec, acting_user=reviewer, reason="sample too old")
    rec.refresh_from_db()
    assert (rec.status, rec.decision_reason) == (RecommendationStatus.REJECTED, "sample too old")
    assert resolve("job_scoring.weights").source == "default"
    assert AuditEntry.objects.get(action="recommendation.rejected").actor == reviewer


def test_only_reviewers_may_decide() -> None:
    rec = RecommendationFactory()
    candidate = UserFactory()
    for decide in (recommendation_approve, recommendation_approve_as_test, recommendation_reject):
        with pytest.raises(PermissionDenied):
            decide(recommendation=rec, acting_user=candidate, reason="why not")
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_a_single_field_value_is_merged_into_the_component(reviewer) -> None:
    rec = RecommendationFactory(parameter="culture", recommended_value=0.0, current_value=0.0)
    rec.recommended_value = 0.1
    rec.save()
    with pytest.raises(RecommendationDecisionError, match="sum to 1"):
        recommendation_approve(recommendation=rec, acting_user=reviewer, reason="ok")

    scalar = ThresholdRecommendationFactory()
    recommendation_approve(recommendation=scalar, acting_user=reviewer, reason="ok")
    assert resolve_value("strategy.improve_resume_threshold") == 70


def test_approving_as_a_test_starts_an_experiment_with_control_and_treatment(reviewer) -> None:
    rec = RecommendationFactory()

    decided = recommendation_approve_as_test(
        recommendation=rec, acting_user=reviewer, reason="check it on 50 %"
    )

    assert decided.status == RecommendationStatus.TESTING
    experiment = Experiment.objects.prefetch_related("variants").get(key=decided.experiment_key)
    assert experiment.status == ExperimentStatus.RUNNING
    assert experiment.component == "job_scoring.weights"
    assert experiment.key.startswith(f"rec-{rec.pk}-")
    assert experiment.guardrail_metrics and experiment.rollback_plan
    variants = {v.key: v for v in experiment.variants.all()}
    assert variants["control"].value == CURRENT_WEIGHTS and variants["control"].is_control
    assert variants["treatment"].value == LEARNED_WEIGHTS
    assert not ParameterVersion.objects.exists()
    assert AuditEntry.objects.get(action="recommendation.testing").details["experiment_key"]
    # twice: no second experiment
    recommendation_approve_as_test(recommendation=rec, acting_user=reviewer, reason="again")
    assert Experiment.objects.count() == 1


def test_a_test_the_experiments_app_refuses_leaves_the_recommendation_pending(reviewer) -> None:
    first = RecommendationFactory()
    recommendation_approve_as_test(recommendation=first, acting_user=reviewer, reason="test it")
    # a second live test of the same component and namespace slice is refused by the
    # experiments app's conflict check
    second = ThresholdRecommendationFactory(
        component="job_scoring.weights",
        parameter="weights",
        current_value=CURRENT_WEIGHTS,
        recommended_value={**LEARNED_WEIGHTS, "culture": 0.3, "skills": 0.35},
        change_key="other",
    )
    with pytest.raises(RecommendationDecisionError, match="refused"):
        recommendation_approve_as_test(recommendation=second, acting_user=reviewer, reason="too")
    second.refresh_from_db()
    assert second.status == RecommendationStatus.PENDING and not second.experiment_key
    assert Experiment.objects.count() == 1


def test_rollback_after_approval_is_a_new_version_restoring_the_old_value(reviewer) -> None:
    rec = RecommendationFactory()
    recommendation_approve(recommendation=rec, acting_user=reviewer, reason="ok")

    rolled = parameter_version_rollback(
        component="job_scoring.weights", acting_user=reviewer, reason="interviews dropped"
    )

    assert rolled.version == 2 and rolled.source == VersionSource.ROLLBACK
    assert resolve_value("job_scoring.weights") == CURRENT_WEIGHTS
    assert ParameterVersion.objects.count() == 2


def test_auto_apply_only_when_enabled_and_routed(settings) -> None:
    rec = RecommendationFactory(route="auto_apply")
    settings.LEARNING_AUTO_APPLY_ENABLED = False
    assert recommendation_auto_apply(recommendation=rec) is None
    assert recommendations_auto_apply_pending() == 0

    settings.LEARNING_AUTO_APPLY_ENABLED = True
    manual = ThresholdRecommendationFactory(route="manual_review")
    assert recommendation_auto_apply(recommendation=manual) is None
    assert recommendations_auto_apply_pending() == 1

    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.AUTO_APPLIED and rec.decided_by is None
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS
    entry = AuditEntry.objects.get(action="recommendation.auto_applied")
    assert entry.actor is None
