"""A real Celery worker against the configured broker (skipped without one)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from recruitly.eventlog.models import Event
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
WAIT_SECONDS = 60

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not BROKER,
        reason="no broker configured: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) "
        "to run a real Celery worker",
    ),
]


def _worker_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL (DATABASE_URL)")
    return (
        f"postgresql://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def worker():
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruitly",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_ingests_events_sent_through_the_broker(worker, settings) -> None:
    from learning.tasks import ingest_events
    from recruitly.celery import app

    # given a user and a broker-backed (not eager) Celery app
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    UserFactory(username="worker-user")
    event = {
        "event_id": "celery-1",
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "worker-user",
        "timestamp": timezone.now().isoformat(),
        "interaction_id": "ai-1",
        "action_type": "digest_summary",
        "rating": "down",
    }
    try:
        # when the task goes through the broker to the worker process
        ingest_events.apply_async(args=[[event], None, "celery-test"], queue=worker)
        deadline = time.monotonic() + WAIT_SECONDS
        while (
            time.monotonic() < deadline and not Event.objects.filter(event_id="celery-1").exists()
        ):
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = True
    # then the worker stored it in the shared database
    stored = Event.objects.get(event_id="celery-1")
    assert stored.source == "celery-test" and stored.user.username == "worker-user"
