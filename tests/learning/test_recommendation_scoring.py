"""The loop closes: job scores computed after a reviewer approves learned weights use them,
and after the rollback use the old ones again.

Scores are computed the way the scorer does: weights from ``resolve("job_scoring.weights",
user)`` fed to the matching engine's ``score_matrix``.
"""

from __future__ import annotations

import pytest

from learning.parameters import resolve
from profiles.matching.engine import score_matrix
from profiles.matching.features import CandidateFeatures, JobFeatures
from tests.learning.recommendation_factories import (
    CURRENT_WEIGHTS,
    LEARNED_WEIGHTS,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

CANDIDATE = CandidateFeatures(
    key=1,
    skills=("Python", "Django", "PostgreSQL"),
    years=4.0,
    location="Austin, TX",
    preferred_locations=("Austin, TX",),
    open_to_remote=False,
    salary_min=110_000,
    salary_max=150_000,
)
JOB = JobFeatures(
    key=1,
    title="Backend Engineer",
    company="Acme",
    required_skills=("Python", "Django", "PostgreSQL", "Kubernetes"),
    seniority="mid",
    min_years=3,
    max_years=6,
    location="Berlin, Germany",
    salary_min=90_000,
    salary_max=120_000,
    salary_currency="USD",
)


def _score(user) -> tuple[float, dict]:
    weights = resolve("job_scoring.weights", user).value
    return float(score_matrix([CANDIDATE], [JOB], weights).compatibility[0, 0]), weights


def test_scores_use_approved_weights_and_return_after_rollback(api_client, reviewer, candidate):
    user = candidate.user
    before, weights = _score(user)
    assert weights == CURRENT_WEIGHTS
    rec = RecommendationFactory()
    api_client.force_authenticate(reviewer)

    # when the reviewer approves the learned weights
    approved = api_client.post(
        f"/api/v1/learning/recommendations/{rec.pk}/approve",
        {"route": "apply", "reason": "held-out AUC is higher"},
        format="json",
    )
    assert approved.status_code == 200
    after, weights = _score(user)

    # then the very next score uses them
    assert weights == LEARNED_WEIGHTS
    assert after != pytest.approx(before)

    # when the reviewer rolls back
    rolled = api_client.post(
        "/api/v1/learning/parameters/job_scoring.weights/rollback",
        {"reason": "interview rate fell"},
        format="json",
    )
    assert rolled.status_code == 201
    restored, weights = _score(user)

    # then scores are the old ones again, through a new version (history kept)
    assert weights == CURRENT_WEIGHTS
    assert restored == pytest.approx(before)
    assert resolve("job_scoring.weights", user).version.version == 2
