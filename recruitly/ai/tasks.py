"""Celery task of the AI pipeline (thin: the work is in recruitly.ai.pipeline)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from recruitly.ai.pipeline import ai_pipeline_run


@shared_task(name="recruitly.ai_pipeline")
def ai_pipeline() -> dict[str, Any]:
    result = ai_pipeline_run()
    return {
        "issues": len(result["issues"]),
        "rolled_back": [r["component"] for r in result["rollbacks"] if r["rolled_back"]],
        "prompt_candidates": result["training"].get("prompt_candidates", []),
        "finetune_jobs_started": len(result["training"]["finetune"]["started"]),
    }


@shared_task(name="recruitly.ai_weekly_report")
def ai_weekly_report() -> dict[str, Any]:
    """Monday's report of the seven days to midnight UTC, e-mailed to reviewers."""
    from datetime import UTC, datetime, time

    from django.utils import timezone

    from recruitly.ai.weekly import ai_weekly_report_send

    end = datetime.combine(timezone.now().astimezone(UTC).date(), time.min, tzinfo=UTC)
    report = ai_weekly_report_send(end=end)
    return {"end": report["end"], "patterns": len(report["patterns_found"])}
