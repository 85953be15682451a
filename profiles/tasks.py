"""Thin Celery tasks of the profiles app: load by id or take primitives, call one service."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from profiles.feeds.fetch import FeedError
from profiles.models import CandidateProfile, DailyDigest, FeedSource
from profiles.privacy import is_erased
from profiles.privacy.retention import privacy_retention_apply
from profiles.services.batch_claims import (
    STALE_AFTER,
    batch_chunks_open,
    batch_claim,
    batch_pending,
    batch_release,
    batch_window_open,
    hour_window,
)
from profiles.services.digest_outbox import (
    digest_mails_due,
    digest_mails_send_many,
    digest_sent_flags_repair,
)
from profiles.services.digests import digests_deliverer, digests_generate
from profiles.services.feeds import feed_fetch as fetch
from profiles.services.feeds import feeds_due, feeds_setup_bundled
from profiles.services.rerank import job_scores_rerank
from profiles.services.reviewer_mail import (
    ReviewerMailError,
    reviewer_mail_send,
    reviewer_mails_due,
)
from profiles.services.scoring import job_scores_cleanup, job_scores_compute, jobs_for_scoring
from profiles.services.strategy import candidate_strategy_update
from profiles.signals import candidate_changed, digest_mails_created, reviewer_mails_created
from recruitly.task_policy import RETRY, limits, worker_name

logger = logging.getLogger(__name__)

# Candidates per scoring task: 250 against 10,000 jobs take 5-9 s with writes on the 2-core
# machine (bench/score_bench.py: 1,000 in 19-35 s), well under a worker's soft limit.
SCORING_BATCH = 250
# Digests per task: 500 take ~2.5 s (bench/digest_bench.py: 10,000 in 51-54 s).
DIGEST_BATCH = 500
SCORE_RETENTION_DAYS = 30


# One fetch reads a whole board at one request a second per host: a SmartRecruiters board
# of 300 postings (a list page plus a detail each) takes about 5 minutes.
FEED_FETCH_SOFT_LIMIT_SECONDS = 10 * 60


@shared_task(name="profiles.feed_fetch", **RETRY, **limits(FEED_FETCH_SOFT_LIMIT_SECONDS))
def feed_fetch(feed_id: int, force: bool = False) -> dict[str, int] | None:

    feed = FeedSource.objects.get(pk=feed_id)
    try:
        result = fetch(feed=feed, force=force)
    except FeedError as exc:
        # A source that said how long to wait (429 Retry-After) is not retried sooner: its
        # next attempt is recorded on the feed and the next refresh picks it up.
        if exc.transient and getattr(exc, "retry_after", None) is None:
            raise ConnectionError(str(exc)) from exc  # retried with backoff
        return None
    return None if result is None else {"seen": result.seen, "new": result.new}


@shared_task(name="profiles.feeds_refresh", **RETRY, **limits(60))
def feeds_refresh(force: bool = False, window: str | None = None) -> int:
    """Hourly: queue a fetch of every active feed not backing off. Returns feeds queued.

    Once per hour window: a second delivery of the same hour queues nothing.
    """

    if not force and not batch_window_open(job="feeds_refresh", window=window or hour_window()):
        return 0
    if not FeedSource.objects.exists():
        feeds_setup_bundled()
    feeds = list(FeedSource.objects.filter(is_active=True)) if force else feeds_due()
    for feed in feeds:
        feed_fetch.delay(feed.pk, force)
    return len(feeds)


def chunk_starts(*, size: int) -> list[int]:
    """Where each chunk of ``size`` candidates starts: ``pk > start``, in id order."""

    ids = list(CandidateProfile.objects.order_by("pk").values_list("pk", flat=True))
    return [0, *ids[size - 1 : -1 : size]] if ids else []


def _chunk_window(window: str, after_id: int) -> str:
    return f"{window}#{after_id}"


@shared_task(name="profiles.score_all", **RETRY, **limits(60))
def score_all(
    days_back: float | None = None, window: str | None = None, batch: int = SCORING_BATCH
) -> int | None:
    """Hourly (offset): fan the candidates out in chunks to ``score_batch`` tasks.

    The hour's first call opens the window (a duplicate delivery stops there) and creates
    one claim per chunk; any number of workers then take the chunks. Returns chunks queued.
    """

    window = window or hour_window()
    if not batch_window_open(job="score_all", window=window):
        return None
    starts = chunk_starts(size=batch)
    batch_chunks_open(job="score_batch", windows=[_chunk_window(window, s) for s in starts])
    for index, after_id in enumerate(starts):
        score_batch.delay(after_id, window, batch, days_back, last=index == len(starts) - 1)
    batch_release(job="score_all", window=window, after_id=0, cursor=None)  # all queued
    return len(starts)


@shared_task(name="profiles.score_batch", bind=True, **RETRY, **limits(5 * 60))
def score_batch(
    self: Task,
    after_id: int,
    window: str,
    batch: int = SCORING_BATCH,
    days_back: float | None = None,
    last: bool = False,
) -> dict[str, int] | None:
    """Score one chunk: up to ``batch`` candidates after ``after_id``, claimed once.

    The chunk's claim is taken by a conditional UPDATE, so a redelivered message scores
    nothing twice, and a chunk whose worker died is retried once its claim goes stale. The
    last chunk goes on past its size (candidates who signed up after the fan-out).
    """

    job, chunk = "score_batch", _chunk_window(window, after_id)
    if not batch_claim(job=job, window=chunk, after_id=0, claimed_by=worker_name(self)):
        if batch_pending(job=job, window=chunk, after_id=0) and not self.request.is_eager:
            raise self.retry(countdown=STALE_AFTER.total_seconds())  # held by a live or dead one
        return None

    chunk_rows = list(
        CandidateProfile.objects.select_related("user")
        .filter(pk__gt=after_id)
        .order_by("pk")[:batch]
    )
    candidates = [c for c in chunk_rows if not is_erased(c.user)]  # deleted: not scored
    if candidates:
        job_scores_compute(candidates=candidates, jobs=jobs_for_scoring(days_back=days_back))
    batch_release(job=job, window=chunk, after_id=0, cursor=None)
    cursor = chunk_rows[-1].pk if chunk_rows else after_id
    if last and CandidateProfile.objects.filter(pk__gt=cursor).exists():
        batch_chunks_open(job=job, windows=[_chunk_window(window, cursor)])
        score_batch.delay(cursor, window, batch, days_back, last=True)
    return {"after_id": after_id, "scored": len(candidates)}


@shared_task(name="profiles.candidate_refresh", **RETRY, **limits(2 * 60))
def candidate_refresh(candidate_id: int) -> int:
    """After a resume or profile change: score this candidate and update their strategy."""

    candidate = CandidateProfile.objects.select_related("user").get(pk=candidate_id)
    summary = job_scores_compute(candidates=[candidate])
    job_scores_rerank(candidate=candidate)  # a no-op unless the openai provider is configured
    candidate_strategy_update(candidate=candidate)
    return summary.stored


@shared_task(name="profiles.digests_daily", **RETRY, **limits(60))
def digests_daily(day: str | None = None, batch: int = DIGEST_BATCH) -> int:
    """Daily: fan the candidates out in chunks to ``digests_batch``; returns chunks queued.

    One digest per candidate per day (unique key) and one outbox mail per digest, so a
    second run, or a chunk delivered twice, builds and mails nothing twice.
    """

    digest_day = day or timezone.now().date().isoformat()
    digest_mails_flush.delay()  # yesterday's leftovers, and a crashed run's
    starts = chunk_starts(size=batch)
    for index, after_id in enumerate(starts):
        digests_batch.delay(after_id, digest_day, batch, last=index == len(starts) - 1)
    return len(starts)


# building a batch takes seconds; sending its mails after the commit up to a few minutes
@shared_task(name="profiles.digests_batch", **RETRY, **limits(8 * 60))
def digests_batch(
    after_id: int, day: str, batch: int = DIGEST_BATCH, last: bool = False
) -> int | None:
    """Build one chunk's digests and send their mails; returns the chunk's last id when full.

    The last chunk goes on past its size (candidates who signed up after the fan-out).
    """

    cursor = digests_generate(
        day=date.fromisoformat(day), after_id=after_id, limit=batch, send=True
    )
    if last and cursor is not None and CandidateProfile.objects.filter(pk__gt=cursor).exists():
        digests_batch.delay(cursor, day, batch, last=True)
    return cursor


# Mails per send task: one SMTP exchange is ~50-300 ms, so 100 stay far under the soft limit.
MAIL_BATCH = 100
# Backoff of the send task's retries: 1, 2, 4, ... minutes, capped at an hour.
MAIL_RETRY_BASE_SECONDS = 60
MAIL_RETRY_MAX_SECONDS = 3600
MAIL_MAX_RETRIES = 6


@shared_task(
    name="profiles.digest_mails_send", bind=True, max_retries=MAIL_MAX_RETRIES, **limits(5 * 60)
)
def digest_mails_send(self: Task, mail_ids: list[int]) -> int:
    """Send queued digest mails; the failed ones are retried with exponential backoff.

    The batch is claimed by one conditional UPDATE, so a double delivery sends nothing
    twice, and sent over one mail connection (``digest_mails_send_many``). Mails still
    pending after the last retry are picked up by ``digest_mails_flush``.
    """

    with get_connection() as connection:
        sent, failed = digest_mails_send_many(
            mail_ids=mail_ids, deliver=digests_deliverer(connection)
        )
    if failed:
        logger.warning("digest mails %s failed; will retry", failed)
    if failed and self.request.retries < MAIL_MAX_RETRIES and not self.request.is_eager:
        countdown = min(MAIL_RETRY_BASE_SECONDS * 2**self.request.retries, MAIL_RETRY_MAX_SECONDS)
        raise self.retry(args=(failed,), countdown=countdown)
    return sent


@shared_task(
    name="profiles.reviewer_mails_send", bind=True, max_retries=MAIL_MAX_RETRIES, **limits(5 * 60)
)
def reviewer_mails_send(self: Task, mail_ids: list[int]) -> int:
    """Send queued reviewer notifications; failed ones are retried like the digest mails."""

    failed: list[int] = []
    sent = 0
    for mail_id in mail_ids:
        try:
            sent += reviewer_mail_send(mail_id=mail_id)
        except ReviewerMailError:
            logger.warning("reviewer mail %s failed; will retry", mail_id, exc_info=True)
            failed.append(mail_id)
    if failed and self.request.retries < MAIL_MAX_RETRIES and not self.request.is_eager:
        countdown = min(MAIL_RETRY_BASE_SECONDS * 2**self.request.retries, MAIL_RETRY_MAX_SECONDS)
        raise self.retry(args=(failed,), countdown=countdown)
    return sent


@shared_task(name="profiles.digest_mails_flush", **RETRY, **limits(60))
def digest_mails_flush() -> int:
    """Every few minutes: hand pending (and abandoned) outbox mails to send tasks, digest
    mails and reviewer notifications alike."""

    now = timezone.now()
    digest_sent_flags_repair(now=now)
    due = digest_mails_due(now=now)
    for start in range(0, len(due), MAIL_BATCH):
        digest_mails_send.delay(due[start : start + MAIL_BATCH])
    reviewers = reviewer_mails_due(now=now)
    for start in range(0, len(reviewers), MAIL_BATCH):
        reviewer_mails_send.delay(reviewers[start : start + MAIL_BATCH])
    return len(due) + len(reviewers)


@shared_task(name="profiles.scores_cleanup", **RETRY, **limits(10 * 60))
def scores_cleanup() -> int:
    """Weekly: drop scores nobody acted on that have not been refreshed for a month."""

    return job_scores_cleanup(older_than_days=SCORE_RETENTION_DAYS)


@shared_task(name="profiles.privacy_retention", **RETRY, **limits(10 * 60))
def privacy_retention() -> dict[str, int]:
    """Daily: remove old raw resume text of inactive candidates and old AI inputs/outputs."""

    result = privacy_retention_apply(
        now=timezone.now(),
        resume_days=settings.PRIVACY_RESUME_RETENTION_DAYS,
        ai_output_days=settings.PRIVACY_AI_OUTPUT_RETENTION_DAYS,
    )
    return {"resume_versions": result.resume_versions, "ai_interactions": result.ai_interactions}


# Follow-ups the services ask for (profiles.signals), queued once their transaction commits.
@receiver(candidate_changed, dispatch_uid="profiles.tasks.candidate_refresh")
def _candidate_changed(sender: Any, *, candidate_id: int, **_: Any) -> None:
    transaction.on_commit(lambda: candidate_refresh.delay(candidate_id))


@receiver(digest_mails_created, dispatch_uid="profiles.tasks.digest_mails_send")
def _digest_mails_created(
    sender: Any,
    *,
    mail_ids: list[int],
    prepared: Mapping[int, DailyDigest] | None = None,
    **_: Any,
) -> None:
    transaction.on_commit(lambda: digest_mails_send_now(mail_ids, prepared))


def digest_mails_send_now(
    mail_ids: list[int], prepared: Mapping[int, DailyDigest] | None = None
) -> int:
    """Right after a batch of digests commits, in the process that built them: claim and
    send their mails through the outbox, from the parts still in memory (``prepared``, by
    digest id: the pages are not read back). Mails that fail are handed to
    ``digest_mails_send`` and its backoff; when the batch cannot be sent at all (the mail
    server refuses the connection, the database is gone) every mail is. A claim left by a
    crash here is taken over as any other (``digest_outbox``). Returns the mails sent."""
    try:
        with get_connection() as connection:
            sent, failed = digest_mails_send_many(
                mail_ids=mail_ids, deliver=digests_deliverer(connection), prepared=prepared
            )
    except Exception:
        logger.warning("digest mails %s: sending after the build failed", mail_ids, exc_info=True)
        sent, failed = 0, mail_ids
    if failed and not digest_mails_send.app.conf.task_always_eager:
        # (an eager call would retry at once; the flush picks them up there)
        digest_mails_send.apply_async(args=(failed,), countdown=MAIL_RETRY_BASE_SECONDS)
    return sent


@receiver(reviewer_mails_created, dispatch_uid="profiles.tasks.reviewer_mails_send")
def _reviewer_mails_created(sender: Any, *, mail_ids: list[int], **_: Any) -> None:
    transaction.on_commit(lambda: reviewer_mails_send.delay(mail_ids))
