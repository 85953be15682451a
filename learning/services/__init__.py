"""Writes of the learning app. Import the functions from here."""

from learning.services.analysis import (
    analysis_run_claim,
    analysis_run_execute,
    analysis_run_nightly,
)
from learning.services.recommendations import (
    RecommendationAlreadyDecidedError,
    RecommendationDecisionError,
    recommendation_approve,
    recommendation_approve_as_test,
    recommendation_auto_apply,
    recommendation_reject,
    recommendations_auto_apply_pending,
)
from learning.services.recommendations_generate import recommendations_from_findings

__all__ = [
    "RecommendationAlreadyDecidedError",
    "RecommendationDecisionError",
    "analysis_run_claim",
    "analysis_run_execute",
    "analysis_run_nightly",
    "recommendation_approve",
    "recommendation_approve_as_test",
    "recommendation_auto_apply",
    "recommendation_reject",
    "recommendations_auto_apply_pending",
    "recommendations_from_findings",
]
