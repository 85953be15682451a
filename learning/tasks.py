"""Thin Celery tasks of the learning app: load by id, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model

from learning.services import events_ingest


@shared_task(
    name="learning.ingest_events",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def ingest_events(items: list[Any], submitted_by_id: int | None, source: str) -> dict[str, int]:
    """Ingest a batch in the background (integrations that post large exports)."""
    submitter = (
        get_user_model().objects.filter(pk=submitted_by_id).first() if submitted_by_id else None
    )
    result = events_ingest(
        items=items,
        submitted_by=submitter,
        may_post_for_others=submitter is None or submitter.has_perm("learning.ingest_any_event"),
        source=source,
    )
    return {status: result.count(status) for status in ("stored", "duplicate", "rejected")}


@shared_task(name="recruitly.ping")
def ping() -> str:
    return "pong"
