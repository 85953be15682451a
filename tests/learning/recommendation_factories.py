"""Factories for the reviewer-workflow tests: recommendations as the optimizers write them."""

from __future__ import annotations

import hashlib
import json

import factory

from learning.models import Recommendation, RecommendationKind, RecommendationRoute, RiskLevel
from profiles.matching.components import DEFAULT_WEIGHTS

CURRENT_WEIGHTS = dict(DEFAULT_WEIGHTS)  # the code default of job_scoring.weights
LEARNED_WEIGHTS = {
    "skills": 0.25,
    "experience": 0.25,
    "location": 0.05,
    "salary": 0.05,
    "culture": 0.40,
}


def _change_key(rec: Recommendation) -> str:
    raw = json.dumps([rec.component, rec.recommended_value], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    kind = RecommendationKind.FIT_WEIGHTS
    component = "job_scoring.weights"
    parameter = "weights"
    current_value = factory.LazyFunction(lambda: dict(CURRENT_WEIGHTS))
    recommended_value = factory.LazyFunction(lambda: dict(LEARNED_WEIGHTS))
    change_key = factory.LazyAttribute(_change_key)
    reasoning = "Held-out AUC of the learned weights beats the current ones."
    evidence = factory.LazyFunction(
        lambda: {
            "metric": "auc",
            "improvement": 0.06,
            "sample_size": 4200,
            "confidence_interval": [0.03, 0.09],
            "p_value": 0.001,
            "method": "logistic regression, bootstrap CI",
        }
    )
    impact = factory.LazyFunction(
        lambda: {"users_affected": 300, "expected_benefit": "+6 pts AUC", "risk_level": "medium"}
    )
    risk_level = RiskLevel.MEDIUM
    route = RecommendationRoute.MANUAL_REVIEW


class ThresholdRecommendationFactory(RecommendationFactory):
    kind = RecommendationKind.STRATEGY_THRESHOLDS
    component = "strategy.improve_resume_threshold"
    parameter = "improve_resume_threshold"
    current_value = 75
    recommended_value = 70
