"""The digest e-mail outbox: one row per digest, claimed, sent and marked by a retrying task.

Why an outbox: a mail sent inline after the batch is lost when SMTP fails once or the worker
dies after the commit. The row is written in the digest's own transaction, so a digest
without its mail row cannot exist; any later run sends what is still pending.

Delivery is exactly once per row against double runs (the claim is a conditional UPDATE) and
against crashes before or after the SMTP exchange. A worker killed *during* the exchange
leaves the row in ``sending``; it is sent again as soon as its process is seen dead (same
host), or after ``CLAIM_TIMEOUT``, with the same Message-ID, so a receiving server or client
that de-duplicates by Message-ID shows it once.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import DatabaseError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from profiles.models import DailyDigest, DigestMail, DigestMailStatus, ReviewerMail
from profiles.services.bulk import rows_insert

# A claim older than this is presumed dead (its worker was killed): far above one SMTP
# exchange (seconds) and above the send task's hard time limit.
CLAIM_TIMEOUT = timedelta(minutes=15)
# After this many failed attempts a mail is marked failed and left for an operator.
MAX_ATTEMPTS = 8
# Pending mails older than this are not sent any more: yesterday's digest is stale news.
SEND_WINDOW = timedelta(days=2)
ERROR_MAX_CHARS = 1000


class DigestMailError(Exception):
    """Sending failed; the row is pending again (or failed after MAX_ATTEMPTS)."""


def digest_mails_create(*, digests: Iterable[DailyDigest]) -> list[DigestMail]:
    """Queue one mail per digest with an address; call inside the digests' transaction."""
    mails = [
        DigestMail(digest=digest, address=address)
        for digest in digests
        if (address := digest.candidate.email or digest.candidate.user.email)
    ]
    return rows_insert(DigestMail, mails)


def _claimer() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _dead_claimers(claimers: Iterable[str]) -> list[str]:
    """Claimers on this host whose process no longer exists (a SIGKILLed worker child).

    A reused pid looks alive: that claim then waits for CLAIM_TIMEOUT, which is safe.
    """
    host = socket.gethostname()
    dead = []
    for claimer in set(claimers):
        name, _, pid = claimer.rpartition(":")
        if name != host or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(claimer)
        except PermissionError:
            pass  # alive, owned by another user
    return dead


def _abandoned(now: datetime, model: type[DigestMail | ReviewerMail] = DigestMail) -> Q:
    """Rows of ``model`` (an outbox table) in ``sending`` whose claim is stale or dead."""
    sending = model.objects.filter(status=DigestMailStatus.SENDING)
    dead = _dead_claimers(sending.values_list("claimed_by", flat=True))
    return Q(status=DigestMailStatus.SENDING) & (
        Q(claimed_at__lt=now - CLAIM_TIMEOUT) | Q(claimed_by__in=dead)
    )


def digest_mails_due(*, now: datetime, digests: Q | None = None) -> list[int]:
    """Ids of mails to (re)send: pending, or claimed by a worker that is gone; with
    ``digests``, only the mails of the digests it selects."""
    due = DigestMail.objects.filter(Q(status=DigestMailStatus.PENDING) | _abandoned(now))
    if digests is not None:
        due = due.filter(digest__in=DailyDigest.objects.filter(digests))
    return list(
        due.filter(created_at__gte=now - SEND_WINDOW).order_by("pk").values_list("pk", flat=True)
    )


def digest_mail_claim(
    *, mail_id: int, now: datetime, model: type[DigestMail | ReviewerMail] = DigestMail
) -> bool:
    """pending (or abandoned sending) → sending; True for the one caller whose UPDATE matched."""
    claimable = Q(status=DigestMailStatus.PENDING) | _abandoned(now, model)
    return bool(
        model.objects.filter(claimable, pk=mail_id).update(
            status=DigestMailStatus.SENDING,
            claimed_at=now,
            claimed_by=_claimer(),
            attempts=F("attempts") + 1,
        )
    )


def digest_mail_send(
    *, mail_id: int, deliver: Callable[[DailyDigest, str], None], now: datetime | None = None
) -> bool:
    """Claim, deliver and mark one mail; False when another sender has it or it is done.

    Raises DigestMailError after putting the row back to pending (or failed) on any error.
    """
    now = now or timezone.now()
    if not digest_mail_claim(mail_id=mail_id, now=now):
        return False
    mail = DigestMail.objects.select_related("digest__candidate__user").get(pk=mail_id)
    if not mail.digest.candidate.digest_emails:  # unsubscribed after the mail was queued
        DigestMail.objects.filter(pk=mail.pk, status=DigestMailStatus.SENDING).update(
            status=DigestMailStatus.CANCELLED, last_error="unsubscribed"
        )
        return False
    try:
        deliver(mail.digest, mail.address)
    except Exception as exc:
        _mark_failed_attempt(mail, exc)
        raise DigestMailError(f"mail {mail_id}: {exc}") from exc
    _mark_sent(mail, timezone.now())
    return True


def digest_mails_send_many(
    *,
    mail_ids: list[int],
    deliver: Callable[[DailyDigest, str], None],
    now: datetime | None = None,
    prepared: Mapping[int, DailyDigest] | None = None,
) -> tuple[int, list[int]]:
    """Claim, deliver and mark a batch of mails; returns (sent, ids that failed).

    The same guarantees as ``digest_mail_send`` one by one, in a constant number of
    statements per batch plus one per mail: one conditional UPDATE claims every claimable
    row of the batch (rows another sender holds are skipped), one query reads the claimed
    rows (and one more the parts of their digests, unless ``prepared`` holds them: the
    digests just built in this process, by id), one UPDATE cancels those of unsubscribed
    candidates; each delivered mail is marked sent by its own UPDATE right after its SMTP
    exchange (so a worker killed mid-batch re-sends at most the mail it was sending, as
    before), and the digests' ``email_sent`` flags are set in one UPDATE at the end
    (``digest_sent_flags_repair`` sets those a killed batch left behind). A failed mail is
    put back to pending (or failed after MAX_ATTEMPTS) and its neighbours still go out.
    """
    now = now or timezone.now()
    claimer = _claimer()
    claimable = Q(status=DigestMailStatus.PENDING) | _abandoned(now)
    with transaction.atomic():
        DigestMail.objects.filter(claimable, pk__in=mail_ids).update(
            status=DigestMailStatus.SENDING,
            claimed_at=now,
            claimed_by=claimer,
            attempts=F("attempts") + 1,
        )
        # ours: the rows this UPDATE matched carry this claimer and this claim time; the
        # candidate's preference is read after the claim (an unsubscribe since the build)
        mails = [
            _Claimed(*row)
            for row in DigestMail.objects.filter(
                pk__in=mail_ids,
                status=DigestMailStatus.SENDING,
                claimed_by=claimer,
                claimed_at=now,
            )
            .order_by("pk")
            .values_list(
                "pk", "digest_id", "address", "attempts", "digest__candidate__digest_emails"
            )
        ]
    digests = dict(prepared or {})
    missing = [m.digest_id for m in mails if m.digest_id not in digests and m.wanted]
    if missing:
        digests.update(
            (d.pk, d) for d in DailyDigest.objects.filter(pk__in=missing).only(*_DIGEST_PARTS)
        )
    unsubscribed = [m.pk for m in mails if not m.wanted]
    if unsubscribed:
        DigestMail.objects.filter(pk__in=unsubscribed, status=DigestMailStatus.SENDING).update(
            status=DigestMailStatus.CANCELLED, last_error="unsubscribed"
        )
    sent_digests: list[int] = []
    failed: list[int] = []
    mark_sent = _SENT_MARK.format(table=DigestMail._meta.db_table)
    try:
        with _commits_without_flush_wait(), connection.cursor() as cursor:
            for mail in mails:
                if not mail.wanted:
                    continue
                try:
                    deliver(digests[mail.digest_id], mail.address)
                except Exception as exc:
                    _mark_failed_attempt(DigestMail(pk=mail.pk, attempts=mail.attempts), exc)
                    failed.append(mail.pk)
                    continue
                # one autocommitted UPDATE per mail, right after its exchange; plain SQL, as
                # the ORM's query building cost twice the statement itself
                sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(mark_sent, [DigestMailStatus.SENT.value, sent_at, mail.pk])
                sent_digests.append(mail.digest_id)
    finally:
        if sent_digests:
            DailyDigest.objects.filter(pk__in=sent_digests).update(
                email_sent=True, email_sent_at=timezone.now()
            )
    return len(sent_digests), failed


class _Claimed(NamedTuple):
    """A claimed outbox row as the batch's send reads it (no model instances)."""

    pk: int
    digest_id: int
    address: str
    attempts: int
    wanted: bool  # the candidate still wants the digest e-mail


# What ``digest_deliver`` reads of a digest: its mail's two parts stored at build time and
# what the headers carry (a digest stored without its parts is read whole there).
_DIGEST_PARTS = (
    "id", "digest_title", "tracking_token", "digest_html", "digest_text", "candidate_id",
)  # fmt: skip

# what DigestMail.objects.filter(pk=...).update(status=SENT, sent_at=..., last_error="") runs
_SENT_MARK = "UPDATE {table} SET status = %s, sent_at = %s, last_error = '' WHERE id = %s"


@contextmanager
def _commits_without_flush_wait() -> Iterator[None]:
    """On PostgreSQL, this session's commits return without waiting for their WAL to reach
    the disk (``synchronous_commit = off``) until the block ends.

    The per-mail ``sent`` marks autocommit one by one, and waiting for the disk was most of
    their cost (4 ms of 4.5 ms per UPDATE on the 2-core machine; 0.5 ms without the wait).
    Exactly-once is unchanged against what the outbox guards: a killed or crashed *worker*
    loses no mark, since the server has each commit before the UPDATE returns; the send
    loop still marks every mail right after its SMTP exchange. Only a crash of the database
    server or its machine can lose the last marks not yet flushed (at most three
    ``wal_writer_delay``, 600 ms by default): those mails are then sent again, with the
    same Message-ID. Data stays consistent (no corruption, the server replays a prefix of
    the commits); other sessions and transactions keep the server's setting.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    except BaseException:
        # inside a caller's aborted transaction the RESET fails, and the rollback undoes the SET
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
        raise
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


def digest_sent_flags_repair(*, now: datetime) -> int:
    """Set ``email_sent`` on digests whose mail went out but whose flag a killed batch left
    unset (within the send window); one UPDATE."""
    sent = DigestMail.objects.filter(
        status=DigestMailStatus.SENT, created_at__gte=now - SEND_WINDOW
    ).values("digest_id")
    sent_at = DigestMail.objects.filter(
        digest_id=OuterRef("pk"), status=DigestMailStatus.SENT
    ).values("sent_at")[:1]
    return DailyDigest.objects.filter(email_sent=False, pk__in=sent).update(
        email_sent=True, email_sent_at=Subquery(sent_at)
    )


@transaction.atomic
def _mark_sent(mail: DigestMail, at: datetime) -> None:
    DigestMail.objects.filter(pk=mail.pk).update(
        status=DigestMailStatus.SENT, sent_at=at, last_error=""
    )
    DailyDigest.objects.filter(pk=mail.digest_id).update(email_sent=True, email_sent_at=at)


def _mark_failed_attempt(mail: DigestMail | ReviewerMail, exc: Exception) -> None:
    status = DigestMailStatus.FAILED if mail.attempts >= MAX_ATTEMPTS else DigestMailStatus.PENDING
    type(mail).objects.filter(pk=mail.pk, status=DigestMailStatus.SENDING).update(
        status=status, last_error=f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS]
    )


def digest_mails_cancel(*, candidate_id: int) -> int:
    """Cancel the candidate's mails still waiting to go out (they unsubscribed); a mail being
    sent right now is cancelled by its sender, which reads the preference after its claim."""
    return DigestMail.objects.filter(
        digest__candidate_id=candidate_id, status=DigestMailStatus.PENDING
    ).update(status=DigestMailStatus.CANCELLED, last_error="unsubscribed")
