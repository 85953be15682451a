"""Celery task of the AI pipeline (thin: the work is in learning.ai.pipeline)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from celery import Task, shared_task
from django.utils import timezone

from learning.ai.pipeline import ai_pipeline_run
from learning.ai.weekly import ai_weekly_report_send
from profiles.models import BatchClaim
from profiles.services.batch_claims import batch_chunks_open, batch_claim, batch_release
from recruitly.task_policy import RETRY, limits, worker_name

WEEKLY_REPORT_JOB = "ai_weekly_report"


@shared_task(name="recruitly.ai_pipeline", **RETRY, **limits(10 * 60))
def ai_pipeline() -> dict[str, Any]:
    result = ai_pipeline_run()
    return {
        "issues": len(result["issues"]),
        "rolled_back": [r["component"] for r in result["rollbacks"] if r["rolled_back"]],
        "prompt_candidates": result["training"].get("prompt_candidates", []),
        "finetune_jobs_started": len(result["training"]["finetune"]["started"]),
    }


@shared_task(name="recruitly.ai_weekly_report", bind=True, **RETRY, **limits(5 * 60))
def ai_weekly_report(self: Task) -> dict[str, Any] | None:
    """Monday's report of the seven days to midnight UTC, e-mailed to reviewers once per week:
    the week is claimed first (a second beat or a redelivery sends nothing), and a failure
    before the send frees the claim for the retry."""

    end = datetime.combine(timezone.now().astimezone(UTC).date(), time.min, tzinfo=UTC)
    week = end.date().isoformat()
    batch_chunks_open(job=WEEKLY_REPORT_JOB, windows=[week])
    worker = worker_name(self)
    if not batch_claim(job=WEEKLY_REPORT_JOB, window=week, after_id=0, claimed_by=worker):
        return None  # sent already, or being sent by another worker
    try:
        report = ai_weekly_report_send(end=end)
    except Exception:
        BatchClaim.objects.filter(job=WEEKLY_REPORT_JOB, window=week).update(claimed_at=None)
        raise
    batch_release(job=WEEKLY_REPORT_JOB, window=week, after_id=0, cursor=None)
    return {"end": report["end"], "patterns": len(report["patterns_found"])}
