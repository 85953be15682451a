"""The loop closes: job scores computed after a reviewer approves learned weights use them,
and after the rollback use the old ones again (the profiles scorer, unchanged, reads the
weights through ``resolve("job_scoring.weights", user)``)."""

from __future__ import annotations

import pytest

from profiles.models import JobScore
from profiles.services.scoring import job_scores_compute
from recruitly.spine.models import ParameterVersion
from recruitly.spine.services import parameter_override_set
from tests.factories import JobListingFactory
from tests.learning.recommendation_factories import (
    CURRENT_WEIGHTS,
    LEARNED_WEIGHTS,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(candidate):
    """A candidate and jobs that fit on skills but differ on location and salary."""
    candidate.open_to_remote = False
    candidate.save(update_fields=["open_to_remote"])
    # store every score, whatever its level, so each job can be compared before and after
    parameter_override_set(
        user=candidate.user,
        component="job_scoring.min_stored_score",
        value=0.0,
        acting_user=None,
        reason="test: keep every score",
    )
    jobs = [
        JobListingFactory(location="Austin, TX"),
        JobListingFactory(location="Berlin, Germany", salary_min=80_000, salary_max=95_000),
        JobListingFactory(required_skills=["Python", "Kubernetes", "Go"]),
    ]
    return candidate, jobs


def _scores(candidate, jobs) -> dict[int, JobScore]:
    job_scores_compute(candidates=[candidate], jobs=jobs)
    return {s.job_id: s for s in JobScore.objects.filter(candidate=candidate)}


def test_scores_use_approved_weights_and_return_after_rollback(api_client, reviewer, scored):
    candidate, jobs = scored
    before = _scores(candidate, jobs)
    assert all(s.weights_used == CURRENT_WEIGHTS for s in before.values())
    assert all(s.parameter_version is None for s in before.values())
    rec = RecommendationFactory()
    api_client.force_authenticate(reviewer)

    # when the reviewer approves the learned weights
    approved = api_client.post(
        f"/api/v1/learning/recommendations/{rec.pk}/approve",
        {"route": "apply", "reason": "held-out AUC is higher"},
        format="json",
    )
    assert approved.status_code == 200
    after = _scores(candidate, jobs)

    # then the very next scores use them, and say which version made them
    version = ParameterVersion.objects.get(component="job_scoring.weights", version=1)
    assert all(s.weights_used == LEARNED_WEIGHTS for s in after.values())
    assert all(s.parameter_version == version for s in after.values())
    assert any(
        after[j].compatibility_score != pytest.approx(before[j].compatibility_score) for j in after
    )

    # when the reviewer rolls back
    rolled = api_client.post(
        "/api/v1/learning/parameters/job_scoring.weights/rollback",
        {"reason": "interview rate fell"},
        format="json",
    )
    assert rolled.status_code == 201
    restored = _scores(candidate, jobs)

    # then the scores are the old ones again, made by a new version (history kept)
    assert all(s.weights_used == CURRENT_WEIGHTS for s in restored.values())
    assert all(s.parameter_version.version == 2 for s in restored.values())
    for job_id, score in restored.items():
        assert score.compatibility_score == pytest.approx(before[job_id].compatibility_score)
