"""The reviewers' AI feedback loop page: health per action with intervals, issues (user text
escaped), training readiness and snapshots, candidates, prompt versions, rollback log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learning.ai.pipeline import ROLLBACK_ACTION
from learning.ai.training.candidates import prompt_candidate_propose
from learning.ai.training.snapshot import training_snapshot
from profiles.models import ResumeVersion
from profiles.models_optimize import ResumeOptimization
from recruitly.eventlog.models import Event
from recruitly.spine.models import AuditEntry
from recruitly.spine.services import parameter_version_create
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory
from tests.recruitly.test_ai_finetune import _approved

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
URL = "/learning/ai/"


def _world() -> None:
    user = UserFactory()
    Event.objects.bulk_create(
        Event(
            event_id=f"r-{i}", event_type="AI_RESPONSE_RATED", family="ai_feedback", user=user,
            occurred_at=NOW - timedelta(hours=1),
            payload={"interaction_id": str(i), "action_type": "job_score",
                     "rating": "up" if i < 60 else "down", "model": "m", "prompt_version": "v2"},
        )
        for i in range(100)
    )  # fmt: skip
    profile = CandidateProfileFactory()
    version = ResumeVersion.objects.create(candidate=profile, version=1, text="x", source_hash="h")
    ResumeOptimization.objects.create(
        candidate=profile, job=JobListingFactory(), source_version=version, provider="local",
        model="m", prompt_version="default", rating=1, rating_comment="<script>alert(1)</script>",
    )  # fmt: skip
    _approved(30)
    training_snapshot(action="job_reasoning", now=NOW)
    prompt_candidate_propose("job_reasoning", now=NOW)
    pv = parameter_version_create(
        component="prompts.job_score", value="Score it.", acting_user=None, reason="test prompt"
    )
    AuditEntry.objects.create(
        action=ROLLBACK_ACTION, target_type="spine.ParameterVersion", target_id=str(pv.pk),
        reason="automatic rollback: approval of v2 (60.0%, n=100) below v1",
        details={"component": "prompts.job_score"},
    )  # fmt: skip


def test_reviewers_see_every_part_of_the_loop(client, reviewer):
    _world()
    client.force_login(reviewer)
    with time_machine.travel(NOW, tick=False):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "job_score" in html and "needs_improvement" in html  # 60 % of 100: [50.2, 69.1]
    assert "50.2\u201369.1 %" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "job_reasoning/v0001-20261120" in html
    assert "prompt-job-reasoning-202611201200" in html
    assert "automatic rollback: approval of v2" in html
    assert "prompts.job_score" in html and "test prompt" in html
    assert "more needed" in html
    labels = html.split("Prompt and model labels", 1)[1].split("</table>", 1)[0]
    assert "<td>job_score</td><td>v1</td>" in labels and "(draft)" in labels


def test_candidates_are_refused_and_visitors_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
    client.force_login(CandidateProfileFactory().user)
    assert client.get(URL).status_code == 403
