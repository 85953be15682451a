"""Optional second opinion: the openai provider re-scores a candidate's top matches.

The local score stays the reference (deterministic, what thresholds and digests use); the
model's weighted score is stored beside it as ``ai_rerank_score`` with its reasoning, and the
matches API can order by it. The AI layer enforces the per-user daily cost cap: past it the
local provider answers, and a local answer changes nothing here.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import transaction

from profiles.ai import ai_run
from profiles.matching.engine import COMPONENTS
from profiles.models import CandidateProfile, JobScore
from profiles.services.scoring import candidate_features, job_features
from recruitly.spine.resolver import resolve

RERANK_TOP_K = 10


@transaction.atomic
def job_scores_rerank(*, candidate: CandidateProfile, k: int = RERANK_TOP_K) -> int:
    """Ask the remote model about the candidate's top ``k`` matches; returns how many it scored."""
    if settings.AI_PROVIDER != "openai":
        return 0
    weights = resolve("job_scoring.weights", candidate.user).value
    cand = asdict(candidate_features(candidate))
    top = list(
        JobScore.objects.select_related("job")
        .filter(candidate=candidate)
        .order_by("-compatibility_score", "job_id")[:k]
    )
    scored = 0
    for score in top:
        result = ai_run(
            task="job_score",
            payload={"candidate": cand, "job": asdict(job_features(score.job)), "weights": weights},
            user=candidate.user,
            target_type="job_score",
            target_id=str(score.pk),
        )
        if result.provider != "openai":
            break  # failed or over the cost cap: keep the local reasoning
        total = _model_total(weights, result.output)
        JobScore.objects.filter(pk=score.pk).update(
            ai_rerank_score=total,
            ai_reasoning=result.output["reasoning"],
            reasoning_interaction=result.interaction,
        )
        scored += 1
    return scored


def _model_total(weights: dict[str, float], output: dict[str, Any]) -> float:
    """The model's components weighted like the local score, over those the model rates."""
    rated = [c for c in COMPONENTS if isinstance(output.get(c), int | float)]
    weight = sum(weights.get(c, 0.0) for c in rated)
    if weight <= 0:
        return 0.0
    return round(sum(weights.get(c, 0.0) * float(output[c]) for c in rated) / weight, 1)
