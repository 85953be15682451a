"""A real Celery worker SIGKILLed in the middle of sending the day's digests.

Needs PostgreSQL (DATABASE_URL) and a broker (CELERY_BROKER_URL), like the CI run.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from profiles.models import DailyDigest, DigestMail, DigestMailStatus
from tests.factories import CandidateProfileFactory
from tests.recruitly.celery_workers import forget_connections
from tests.recruitly.test_celery_worker import BROKER, ROOT, _worker_database_url

CANDIDATES = 10
KILL_AFTER_SENT = 3
WAIT_SECONDS = 90
DAY = date(2026, 11, 22)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.slow,
    pytest.mark.skipif(not BROKER, reason="no broker configured: set CELERY_BROKER_URL"),
]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def prefork_worker(tmp_path):
    queue = f"crash-{os.getpid()}-{time.time_ns()}"
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "tests.recruitly.mail_backends.SlowFileBackend",
        "TEST_MAIL_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recruitly", "worker", "-Q", queue,
         "--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING",
         "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process, queue, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# serialized_rollback like the other transactional tests: a plain flush would recreate the
# content types through post_migrate and break the next serialized restore
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send_still_mails_each_candidate_exactly_once(
    prefork_worker, settings
) -> None:
    from profiles.services.digests import digests_generate
    from profiles.tasks import digest_mails_flush, digests_batch
    from recruitly.celery import app

    process, queue, mail_dir = prefork_worker
    for i in range(CANDIDATES):
        CandidateProfileFactory(email=f"crash{i}@example.org")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    forget_connections(app)
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        # when the worker builds the day's digests and sends their mails after the commit
        digests_batch.delay(0, DAY.isoformat())
        # and the pool process is SIGKILLed while it is in the middle of a message
        _wait_for(lambda: len(list(mail_dir.glob("start-*"))) > KILL_AFTER_SENT, "sending")
        (child,) = _children(process.pid)
        os.kill(child, signal.SIGKILL)
        # then the redelivered task, finding the digests made, sends the mails still due
        # (claimed by the dead process or not yet sent) in a new pool process
        _wait_for(
            lambda: DigestMail.objects.filter(status=DigestMailStatus.SENT).count() == CANDIDATES,
            "every mail sent",
        )
    finally:
        app.conf.task_default_queue = previous_queue
        app.conf.task_always_eager = True
    # and the next runs add nothing
    digests_generate(day=DAY, send=True)
    assert digest_mails_flush() == 0
    sent = [email.message_from_bytes(p.read_bytes()) for p in mail_dir.glob("sent-*.eml")]
    assert DailyDigest.objects.filter(digest_date=DAY).count() == CANDIDATES
    assert sorted(m["To"] for m in sent) == sorted(
        f"crash{i}@example.org" for i in range(CANDIDATES)
    )
    assert len({m["Message-ID"] for m in sent}) == CANDIDATES
    assert child not in _children(process.pid)  # it really was a new process
