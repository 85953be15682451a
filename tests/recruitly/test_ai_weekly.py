"""The weekly AI learning report: approval this week and last, patterns found, improvements
deployed, rollbacks, optimization score and cost change; e-mailed by the Monday beat task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from learning.ai.pipeline import ISSUES_ACTION
from learning.ai.tasks import ai_weekly_report as weekly_task
from learning.ai.weekly import ai_weekly_report, report_text
from profiles.models import ResumeVersion
from profiles.models_optimize import ResumeOptimization
from recruitly.eventlog.models import Event
from recruitly.schedule import SCHEDULE
from recruitly.spine.models import AuditEntry
from recruitly.spine.services import parameter_version_create
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory

pytestmark = pytest.mark.django_db
END = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # a Monday


def _ratings(ups: int, n: int, when: datetime, tag: str) -> None:
    user = UserFactory()
    Event.objects.bulk_create(
        Event(
            event_id=f"w-{tag}-{i}", event_type="AI_RESPONSE_RATED", family="ai_feedback",
            user=user, occurred_at=when,
            payload={"interaction_id": str(i), "action_type": "job_score",
                     "rating": "up" if i < ups else "down", "model": "m",
                     "prompt_version": "default"},
        )
        for i in range(n)
    )  # fmt: skip


def _optimizations(when: datetime, overall: float, cost: str, n: int = 3) -> None:
    profile = CandidateProfileFactory()
    version = ResumeVersion.objects.create(candidate=profile, version=1, text="x", source_hash="h")
    with time_machine.travel(when, tick=False):
        for _ in range(n):
            ResumeOptimization.objects.create(
                candidate=profile, job=JobListingFactory(), source_version=version,
                provider="local", model="m", prompt_version="default", rating=4,
                scores_after={"overall": overall}, cost_usd=Decimal(cost),
            )  # fmt: skip


def _world() -> None:
    _ratings(80, 100, END - timedelta(days=2), "this")
    _ratings(60, 100, END - timedelta(days=9), "last")
    _ratings(10, 10, END - timedelta(days=20), "older")
    with time_machine.travel(END - timedelta(days=3), tick=False):
        parameter_version_create(
            component="prompts.job_score", value="Score it well.", acting_user=None,
            reason="experiment prompt-job-score: shipped",
        )  # fmt: skip
        AuditEntry.objects.create(
            action=ISSUES_ACTION, target_type="x", target_id="ai-issues",
            details={"keys": ["failure_pattern:resume_parse:file_type:pdf"]},
        )  # fmt: skip
    _optimizations(END - timedelta(days=1), 8.5, "0.02")
    _optimizations(END - timedelta(days=8), 7.0, "0.05")


def test_the_report_compares_this_week_with_the_last():
    _world()
    report = ai_weekly_report(end=END)
    assert (
        report["approval"]["this_week"]["n"],
        report["approval"]["this_week"]["approval_rate"],
    ) == (100, 80.0)
    assert report["approval"]["last_week"]["approval_rate"] == 60.0
    assert report["patterns_found"] == ["failure_pattern:resume_parse:file_type:pdf"]
    assert [d["component"] for d in report["improvements_deployed"]] == ["prompts.job_score"]
    opt = report["optimization"]
    assert (opt["this_week"]["n"], opt["last_week"]["n"]) == (3, 3)
    assert opt["score_change"] == pytest.approx(1.5)
    assert opt["cost_change_usd"] == pytest.approx(-0.03)
    text = report_text(report)
    assert "Approval this week: 80.0 %" in text and "prompts.job_score v1" in text


def test_the_monday_task_mails_reviewers(reviewer, django_capture_on_commit_callbacks):
    _world()
    job = next(j for j in SCHEDULE if j.task == "recruitly.ai_weekly_report")
    assert job.crontab == ("30", "6", "1")
    with (
        time_machine.travel(END + timedelta(hours=6, minutes=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = weekly_task.delay().get()
    assert result == {"end": END.isoformat(), "patterns": 1}
    assert len(mail.outbox) == 1 and "AI learning report" in mail.outbox[0].subject
    assert mail.outbox[0].to == [reviewer.email]
    # a second beat (or a redelivered message) the same Monday sends nothing
    with (
        time_machine.travel(END + timedelta(hours=7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert weekly_task.delay().get() is None
    assert len(mail.outbox) == 1
