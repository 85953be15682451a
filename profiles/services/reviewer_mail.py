"""Reviewer notifications through the mail outbox: queued in the deciding transaction, sent
exactly once by a retrying task.

A notification (the daily data-quality report, a rollback, an AI report) becomes one
:class:`~profiles.models.ReviewerMail` row per reviewer address, written in the caller's
transaction; after the commit a task claims each row with the digest outbox's conditional
UPDATE (``profiles.services.digest_outbox``), sends it and marks it sent. A failed send puts
the row back to pending (failed after ``MAX_ATTEMPTS``): the task retries with backoff and
the outbox flush (every 10 minutes) picks up what is left, so an SMTP outage delays the mail
and loses nothing, and no row is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from profiles.models import DigestMailStatus, ReviewerMail
from profiles.services.digest_outbox import (
    SEND_WINDOW,
    _abandoned,
    _mark_failed_attempt,
    digest_mail_claim,
)
from profiles.signals import reviewer_mails_created

SUBJECT_PREFIX = "[recruitly] "


class ReviewerMailError(Exception):
    """Sending failed; the row is pending again (or failed after MAX_ATTEMPTS)."""


def reviewer_mails_queue(
    *, subject: str, body: str, addresses: Iterable[str], key: str = ""
) -> list[int]:
    """Queue one mail per address (call inside the deciding transaction); returns the ids
    of the rows created. With ``key``, an address already holding that key gets none."""
    subject = (SUBJECT_PREFIX + subject)[:255]
    wanted = sorted(set(addresses))
    if key:
        done = set(
            ReviewerMail.objects.filter(key=key, address__in=wanted).values_list(
                "address", flat=True
            )
        )
        wanted = [a for a in wanted if a not in done]
    rows = ReviewerMail.objects.bulk_create(
        [ReviewerMail(key=key, address=a, subject=subject, body=body) for a in wanted],
        ignore_conflicts=bool(key),  # a concurrent run queued the same key: its row stands
    )
    ids = [r.pk for r in rows if r.pk is not None]
    if key and len(ids) < len(rows):  # ignore_conflicts leaves pks unset on some backends
        ids = list(
            ReviewerMail.objects.filter(
                key=key, address__in=wanted, status=DigestMailStatus.PENDING
            ).values_list("pk", flat=True)
        )
    if ids:
        reviewer_mails_created.send(sender=ReviewerMail, mail_ids=ids)
    return ids


def reviewer_mails_due(*, now: datetime) -> list[int]:
    """Ids of reviewer mails to (re)send: pending, or claimed by a worker that is gone."""
    return list(
        ReviewerMail.objects.filter(
            Q(status=DigestMailStatus.PENDING) | _abandoned(now, ReviewerMail)
        )
        .filter(created_at__gte=now - SEND_WINDOW)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reviewer_mail_deliver(mail: ReviewerMail) -> None:
    """Hand one mail to the backend (raises on SMTP errors); the Message-ID is the row's, so
    a re-send after a crash mid-exchange can be de-duplicated by the receiver."""
    EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
        to=[mail.address],
        headers={"Message-ID": f"<reviewer-mail-{mail.pk}@recruitly>"},
    ).send(fail_silently=False)


def reviewer_mail_send(*, mail_id: int, now: datetime | None = None) -> bool:
    """Claim, deliver and mark one mail; False when another sender has it or it is done.

    Raises ReviewerMailError after putting the row back to pending (or failed) on any error.
    """
    now = now or timezone.now()
    if not digest_mail_claim(mail_id=mail_id, now=now, model=ReviewerMail):
        return False
    mail = ReviewerMail.objects.get(pk=mail_id)
    try:
        reviewer_mail_deliver(mail)
    except Exception as exc:
        _mark_failed_attempt(mail, exc)
        raise ReviewerMailError(f"reviewer mail {mail_id}: {exc}") from exc
    ReviewerMail.objects.filter(pk=mail.pk).update(
        status=DigestMailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True
