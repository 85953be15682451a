"""Two real Celery workers share the fanned-out scoring, digests and weekly insights; nothing
is done twice.

Needs Redis (CELERY_BROKER_URL, default redis://127.0.0.1:6379/0) and PostgreSQL
(DATABASE_URL), like the CI run; skipped, with the reason, otherwise.
"""

from __future__ import annotations

import email
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from profiles.models import (
    BatchClaim,
    DailyDigest,
    DigestMail,
    DigestMailStatus,
    JobScore,
)
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.recruitly.celery_workers import (
    queue_name,
    require_broker_and_postgresql,
    start_worker,
    use_broker,
    wait_for,
)

CANDIDATES = 24
CHUNK = 3  # 8 chunks of scoring and of digests
DAY = "2026-11-22"
WINDOW = "2026-11-22T09"
DONE_SECONDS = 45
WEEK = date(2026, 11, 9)  # a Monday; each candidate applied in that week
INSIGHT_APPLIED = datetime(2026, 11, 10, 9, tzinfo=UTC)

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]


@pytest.fixture
def two_workers(tmp_path):
    require_broker_and_postgresql()
    queue = queue_name("split")
    env = {
        "EMAIL_BACKEND": "tests.recruitly.mail_backends.SlowFileBackend",
        "TEST_MAIL_DIR": str(tmp_path),
        "TEST_MAIL_DELAY": "0.05",
    }
    workers = []
    try:
        for name in ("split-a", "split-b"):
            workers.append(start_worker(name, queue, tmp_path, env=env))
        yield queue, workers, tmp_path
    finally:
        for worker in workers:
            worker.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_split_scoring_and_digests_and_do_nothing_twice(two_workers) -> None:
    from learning.models import WeeklyInsight
    from learning.tasks import weekly_insights
    from profiles.tasks import chunk_starts, digests_daily, score_all
    from tests.learning.application_events import application, store

    queue, workers, mail_dir = two_workers
    profiles = [CandidateProfileFactory(email=f"split{i}@example.org") for i in range(CANDIDATES)]
    store(*[application(p.user, INSIGHT_APPLIED) for p in profiles])
    for days in range(4):
        JobListingFactory(posted_at=timezone.now() - timedelta(days=days))
    chunks = BatchClaim.objects.filter(job="score_batch", finished_at__isnull=False)
    sent = DigestMail.objects.filter(status=DigestMailStatus.SENT)
    insight_chunks = BatchClaim.objects.filter(
        job="weekly_insights_batch", finished_at__isnull=False
    )
    undo = use_broker(queue)
    try:
        # when the hour's scoring, the day's digests and the week's insights are fanned out
        # through the broker, one after the other: while one worker fans out, the other is
        # idle and takes the first chunk, so each kind is shared whatever the machine's speed
        # (sent all at once, one worker once took every scoring chunk while the other was
        # busy fanning out the digests and insights)
        stages = (
            (
                lambda: score_all.delay(window=WINDOW, batch=CHUNK),
                lambda: chunks.count() == CANDIDATES // CHUNK,
                "every chunk scored",
            ),
            (
                lambda: digests_daily.delay(day=DAY, batch=CHUNK),
                lambda: sent.count() == CANDIDATES,
                "every mail sent",
            ),
            (
                lambda: weekly_insights.delay(week_start=WEEK.isoformat(), batch=CHUNK),
                lambda: insight_chunks.count() == CANDIDATES // CHUNK,
                "every insight written",
            ),
        )
        for send, done, what in stages:
            send()
            wait_for(done, what, DONE_SECONDS)
    finally:
        undo()
    # then both workers scored chunks, each chunk claimed and scored by exactly one of them
    claimers = Counter(chunks.values_list("claimed_by", flat=True))
    assert set(claimers) == {w.hostname for w in workers}
    scored = [r for w in workers for r in w.results("profiles.score_batch")]
    assert sorted(scored) == sorted(
        f"{{'after_id': {start}, 'scored': {CHUNK}}}" for start in chunk_starts(size=CHUNK)
    )  # every chunk scored once, none redone (a second delivery would have returned None)
    assert JobScore.objects.values("candidate").distinct().count() == CANDIDATES
    # and both built digests: each candidate exactly one digest and one mail, sent once
    built = [w.results("profiles.digests_batch") for w in workers]
    assert all(built), "each worker built at least one chunk of digests"
    assert DailyDigest.objects.filter(digest_date=date.fromisoformat(DAY)).count() == CANDIDATES
    assert DigestMail.objects.count() == CANDIDATES
    senders = {claimer.rsplit(":", 1)[1] for claimer in sent.values_list("claimed_by", flat=True)}
    assert senders == {str(w.process.pid) for w in workers}
    mails = [email.message_from_bytes(p.read_bytes()) for p in mail_dir.glob("sent-*.eml")]
    assert sorted(m["To"] for m in mails) == sorted(
        f"split{i}@example.org" for i in range(CANDIDATES)
    )
    # and both wrote weekly insights: each candidate exactly once, each chunk by one worker
    assert set(insight_chunks.values_list("claimed_by", flat=True)) == {w.hostname for w in workers}
    written = [w.results("learning.weekly_insights_batch") for w in workers]
    assert sorted(r for rs in written for r in rs) == [str(CHUNK)] * (CANDIDATES // CHUNK)
    assert WeeklyInsight.objects.filter(week_start=WEEK).count() == CANDIDATES
