"""A whole Celery worker SIGKILLed in the middle of the digest run and of the nightly
analysis; after a restart (a new worker and the job's next trigger) nothing is lost or doubled.

Needs Redis (CELERY_BROKER_URL, default redis://127.0.0.1:6379/0) and PostgreSQL
(DATABASE_URL), like the CI run; skipped, with the reason, otherwise.
"""

from __future__ import annotations

import email
from datetime import UTC, date, datetime

import pytest

from learning.models import AnalysisRun, AnalysisStatus, Recommendation
from learning.services.analysis_steps import STEPS
from profiles.models import DailyDigest, DigestMail, DigestMailStatus
from tests.factories import CandidateProfileFactory
from tests.recruitly.celery_workers import (
    queue_name,
    require_broker_and_postgresql,
    start_worker,
    use_broker,
    wait_for,
)

CANDIDATES = 20
CHUNK = 4
KILL_AFTER_STARTED = 3
DAY = "2026-11-22"
WINDOW_END = datetime(2026, 10, 1, tzinfo=UTC)
# A heartbeat timeout of seconds, not minutes, so the resumed run starts within the test.
HEARTBEAT_SECONDS = "2"
DONE_SECONDS = 60

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]


@pytest.fixture
def workers(tmp_path):
    require_broker_and_postgresql()
    started = []

    def start(name: str, queue: str, **kwargs):
        worker = start_worker(name, queue, tmp_path, **kwargs)
        started.append(worker)
        return worker

    try:
        yield start, tmp_path
    finally:
        for worker in started:
            worker.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_digest_run_still_gives_each_candidate_one_digest_and_one_mail(
    workers,
) -> None:
    from profiles.tasks import digests_daily

    start, mail_dir = workers
    queue = queue_name("kill-digests")
    env = {
        "EMAIL_BACKEND": "tests.recruitly.mail_backends.SlowFileBackend",
        "TEST_MAIL_DIR": str(mail_dir),
        "TEST_MAIL_DELAY": "0.3",
    }
    for i in range(CANDIDATES):
        CandidateProfileFactory(email=f"kill{i}@example.org")
    undo = use_broker(queue)
    try:
        # given the day's digest run going on in one worker
        first = start("kill-first", queue, env=env)
        digests_daily.delay(day=DAY, batch=CHUNK)
        started = lambda: len(list(mail_dir.glob("start-*")))  # noqa: E731
        wait_for(lambda: started() >= KILL_AFTER_STARTED, "mails being sent", DONE_SECONDS)
        # when that worker is SIGKILLed in the middle of a message
        first.kill()
        sent = DigestMail.objects.filter(status=DigestMailStatus.SENT)
        assert sent.count() < CANDIDATES
        # and a new worker starts and the run is triggered again (the next beat, an operator)
        start("kill-second", queue, env=env)
        digests_daily.delay(day=DAY, batch=CHUNK)
        wait_for(lambda: sent.count() == CANDIDATES, "every mail sent", DONE_SECONDS)
    finally:
        undo()
    # then each candidate has exactly one digest and one mail of the day, delivered once
    digests = DailyDigest.objects.filter(digest_date=date.fromisoformat(DAY))
    assert digests.count() == digests.values("candidate").distinct().count() == CANDIDATES
    assert DigestMail.objects.count() == CANDIDATES
    mails = [email.message_from_bytes(p.read_bytes()) for p in mail_dir.glob("sent-*.eml")]
    assert sorted(m["To"] for m in mails) == sorted(
        f"kill{i}@example.org" for i in range(CANDIDATES)
    )


@pytest.fixture
def world(transactional_db):
    from learning.services.simulation_load import world_load
    from learning.simulation.world import WorldConfig, generate_world

    config = WorldConfig(
        candidates=60, jobs=150, months=6, seed=11, end_date=date(2026, 10, 1), prefix="kl"
    )
    world_load(world=generate_world(config))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_analysis_is_resumed_after_the_heartbeat_timeout(
    workers, world
) -> None:
    from learning.tasks import analysis_nightly

    start, mark_dir = workers
    queue = queue_name("kill-analysis")
    env = {"ANALYSIS_HEARTBEAT_TIMEOUT_SECONDS": HEARTBEAT_SECONDS, "TEST_MARK_DIR": str(mark_dir)}
    undo = use_broker(queue)
    try:
        # given the nightly analysis running in a worker whose second step never returns
        first = start("kill-analysis-first", queue, app="tests.recruitly.crash_app", env=env)
        analysis_nightly.delay(WINDOW_END.isoformat())
        wait_for((mark_dir / "cohorts-started").exists, "the second step", DONE_SECONDS)
        run = AnalysisRun.objects.get(window_end=WINDOW_END)
        done_before = dict(run.progress)
        assert run.status == AnalysisStatus.STARTED and set(done_before) == {"users"}
        # when the worker is SIGKILLed there, the run is left STARTED with an old heartbeat
        first.kill()
        # and a new worker gets the next trigger: it waits out the heartbeat, then takes over
        start("kill-analysis-second", queue, env=env)
        analysis_nightly.delay(WINDOW_END.isoformat())
        finished = AnalysisRun.objects.filter(pk=run.pk, status=AnalysisStatus.DONE)
        wait_for(finished.exists, "the analysis resumed and done", DONE_SECONDS)
    finally:
        undo()
    # then it ran every step once: the step finished before the kill was not run again
    run.refresh_from_db()
    assert set(run.progress) == set(STEPS)  # jsonb keeps no key order
    assert run.progress["users"] == done_before["users"]
    recorded = [pk for step in run.progress.values() for pk in step["recommendations"]]
    stored = Recommendation.objects.filter(analysis_run=run)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(recorded)
    assert AnalysisRun.objects.count() == 1
