"""The nightly engine's AI step proposes prompt and model changes as A/B-test recommendations
from the health figures; a reviewer's approval starts the experiment (nothing goes live)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from experiments.models import Experiment, ExperimentStatus
from learning.models import Recommendation
from learning.services.analysis_steps import STEPS
from learning.services.recommendations import recommendation_approve_as_test
from learning.services.recommendations_generate import recommendations_from_findings
from recruitly.eventlog.models import Event
from recruitly.spine.resolver import resolve
from tests.factories import UserFactory
from tests.recruitly.test_ai_finetune import _approved

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _ratings(action: str, ups: int, n: int, *, model: str = "gpt-4o-mini", tag: str = "") -> None:
    user = UserFactory()
    Event.objects.bulk_create(
        Event(
            event_id=f"r-{action}-{model}-{tag}-{i}", event_type="AI_RESPONSE_RATED",
            family="ai_feedback", user=user, occurred_at=NOW - timedelta(hours=1),
            payload={"interaction_id": str(i), "action_type": action, "model": model,
                     "rating": "up" if i < ups else "down", "prompt_version": "default"},
        )
        for i in range(n)
    )  # fmt: skip


def test_a_weak_action_gets_a_few_shot_prompt_recommendation_routed_to_an_ab_test(reviewer):
    _ratings("job_reasoning", 60, 100)  # 60 %: established below 75 %
    _ratings("job_score", 90, 100)  # 90 %: fine, nothing proposed
    _approved(30)
    summary, findings = STEPS["ai_prompts"](None)  # type: ignore[arg-type]
    assert summary["needs_improvement"] == ["job_reasoning"]
    assert [f.component for f in findings] == ["prompts.job_reasoning"]
    [rec] = recommendations_from_findings(findings=findings)
    assert (rec.kind, rec.route, rec.status) == ("prompt", "a_b_test", "pending")
    before = resolve("prompts.job_reasoning").value
    assert rec.recommended_value.startswith(before) and "Example 1" in rec.recommended_value
    # a reviewer's approval starts an experiment on the thumbs-up share; nothing is live yet
    recommendation_approve_as_test(recommendation=rec, acting_user=reviewer, reason="try it")
    experiment = Experiment.objects.get(key=Recommendation.objects.get().experiment_key)
    assert experiment.status == ExperimentStatus.RUNNING
    assert experiment.primary_metric == "thumbs_up_share"
    assert resolve("prompts.job_reasoning").value == before


def test_a_model_established_better_than_the_current_one_is_proposed():
    _ratings("job_score", 140, 200, model="gpt-4o-mini")  # 70 %
    _ratings("job_score", 180, 200, model="ft:gpt-4o-mini:recruitly::x1")  # 90 %
    _ratings("digest_summary", 150, 200, model="gpt-4o-mini")  # 75 %
    _ratings("digest_summary", 160, 200, model="other-model")  # 80 %: intervals overlap
    _, findings = STEPS["ai_prompts"](None)  # type: ignore[arg-type]
    model = [f for f in findings if f.component.startswith("ai.model.")]
    assert [(f.component, f.recommended_value) for f in model] == [
        ("ai.model.job_score", "ft:gpt-4o-mini:recruitly::x1")
    ]
    assert model[0].evidence["metric"] == "thumbs_up_share"


def test_nothing_is_proposed_without_evidence():
    _ratings("job_reasoning", 20, 25)  # too few ratings for a band
    assert STEPS["ai_prompts"](None)[1] == []  # type: ignore[arg-type]
