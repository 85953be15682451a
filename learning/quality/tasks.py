"""The daily data-quality task (beat: recruitly/schedule.py)."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from learning.quality.report import data_quality_daily
from recruitly.task_policy import RETRY, limits


@shared_task(name="learning.data_quality_daily", **RETRY, **limits(20 * 60))
def data_quality_daily_task(day: str | None = None) -> dict[str, object]:
    """Report on ``day`` (ISO date; default: yesterday, UTC) and mail it once."""
    when = date.fromisoformat(day) if day else timezone.now().date() - timedelta(days=1)
    report = data_quality_daily(day=when)
    return {"day": report.day.isoformat(), "mailed": report.mailed_at is not None}
