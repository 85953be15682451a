"""The optional openai rerank of a candidate's top matches, against the fake server."""

from __future__ import annotations

import json

import pytest

from profiles.matching.components import DEFAULT_WEIGHTS
from profiles.models import AIInteraction, JobScore
from profiles.services.rerank import job_scores_rerank
from profiles.services.scoring import job_scores_compute
from tests.recruitly.test_ai import FakeOpenAI

pytestmark = pytest.mark.django_db
ANSWER = {"skills": 90, "experience": 80, "location": 100, "salary": 70, "culture": 50,
          "reasoning": "Strong Django background; salary slightly low."}  # fmt: skip


@pytest.fixture
def fake(settings):
    server = FakeOpenAI()
    settings.AI_PROVIDER, settings.OPENAI_API_KEY = "openai", "sk-test"
    settings.OPENAI_BASE_URL = server.url
    yield server
    server.close()


def test_the_rerank_stores_the_models_opinion_beside_the_local_score(fake, backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    before = dict(JobScore.objects.values_list("pk", "compatibility_score"))
    fake.answers += [(200, json.dumps(ANSWER))] * 10
    assert job_scores_rerank(candidate=backend_candidate, k=2) == 2
    top = JobScore.objects.exclude(ai_rerank_score=None)
    assert top.count() == 2
    # the model rates five components: weighted like the local score, over those five
    w = DEFAULT_WEIGHTS
    rated = sum(w[c] * ANSWER[c] for c in ("skills", "experience", "location", "salary", "culture"))
    weight = w["skills"] + w["experience"] + w["location"] + w["salary"] + w["culture"]
    assert top.first().ai_rerank_score == pytest.approx(round(rated / weight, 1))
    assert top.first().ai_reasoning == ANSWER["reasoning"]
    assert dict(JobScore.objects.values_list("pk", "compatibility_score")) == before
    assert AIInteraction.objects.filter(task="job_score", provider="openai").count() == 2


def test_past_the_cost_cap_the_rerank_stops(fake, settings, backend_candidate, jobs):
    settings.AI_DAILY_COST_CAP_USD = 0.0001
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    fake.answers += [(200, json.dumps(ANSWER))] * 10
    assert job_scores_rerank(candidate=backend_candidate, k=3) == 1
    assert len(fake.requests) == 1


def test_without_the_openai_provider_nothing_happens(backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    assert job_scores_rerank(candidate=backend_candidate) == 0
