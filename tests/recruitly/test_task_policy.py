"""Celery as operators expect it: redelivery on worker loss, limits, retries, held windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from learning.models import AnalysisRun, AnalysisStatus
from learning.services.analysis import STALE_AFTER
from recruitly.celery import app
from recruitly.task_policy import TRANSIENT_ERRORS

OUR_PREFIXES = ("profiles.", "learning.", "experiments.", "recruitly.")
WINDOW_END = datetime(2026, 10, 1, tzinfo=UTC)


def our_tasks():
    app.loader.import_default_modules()
    return [t for name, t in app.tasks.items() if name.startswith(OUR_PREFIXES)]


def test_a_lost_worker_returns_its_task_to_the_queue() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_has_limits_below_the_visibility_timeout() -> None:
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    for task in our_tasks():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        hard = task.time_limit or app.conf.task_time_limit
        assert soft and hard and soft < hard < visibility, task.name
    assert visibility == settings.CELERY_VISIBILITY_TIMEOUT


def test_periodic_tasks_retry_transient_errors_with_backoff() -> None:
    for task in our_tasks():
        if task.name in (
            "recruitly.ping",
            "profiles.digest_mails_send",
            "profiles.reviewer_mails_send",
        ):
            continue  # nothing to retry; the mail tasks retry their failed mails themselves
        assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for), task.name
        assert task.retry_backoff and task.max_retries, task.name
    assert OperationalError in TRANSIENT_ERRORS


@pytest.mark.django_db
def test_a_window_held_by_another_run_is_retried_after_the_heartbeat_timeout() -> None:
    from learning.tasks import analysis_nightly

    # given a run of the window that looks alive (or died less than STALE_AFTER ago)
    now = timezone.now()
    AnalysisRun.objects.create(
        window_start=WINDOW_END - timedelta(days=365), window_end=WINDOW_END,
        status=AnalysisStatus.STARTED, started_at=now, heartbeat_at=now,
    )  # fmt: skip
    retried = {}

    def fake_retry(**kwargs):
        retried.update(kwargs)
        return RuntimeError("retry")

    # when the task is delivered by a broker (not eager)
    analysis_nightly.push_request(is_eager=False, retries=0)
    try:
        with (
            mock.patch.object(analysis_nightly, "retry", side_effect=fake_retry),
            pytest.raises(RuntimeError),
        ):
            analysis_nightly.run(window_end=WINDOW_END.isoformat())
    finally:
        analysis_nightly.pop_request()
    # then it asks to come back once the holder would be stale, for the same window
    assert retried["countdown"] > STALE_AFTER.total_seconds()
    assert retried["args"] == (WINDOW_END.isoformat(),)


def test_the_heartbeat_timeout_is_minutes() -> None:
    assert timedelta(minutes=1) < STALE_AFTER <= timedelta(minutes=5)
