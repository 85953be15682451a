"""Claims that make periodic batch jobs safe to run twice at once.

A beat entry can fire twice (two beat processes, a redelivered message after a worker was
killed, an operator pressing "run"). The first call of a window inserts its
:class:`~profiles.models.BatchClaim` (unique per job and window): every later first call of
that window does nothing. Each batch then claims ``cursor == after_id`` with a conditional
UPDATE, so exactly one worker runs it, and moves the cursor on when done. A claim older than
``STALE_AFTER`` belonged to a dead worker and may be taken over.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from profiles.models import BatchClaim

# Above the hard time limit of any batch task (score_all: 6 min), so a live batch is never
# taken over, and short enough that a killed one is resumed within minutes.
STALE_AFTER = timedelta(minutes=8)


def batch_window_open(*, job: str, window: str) -> bool:
    """Create the window's claim; False when another run already opened this window."""
    try:
        with transaction.atomic():
            BatchClaim.objects.create(job=job, window=window)
    except IntegrityError:
        return False
    return True


def batch_claim(
    *, job: str, window: str, after_id: int, now: datetime | None = None, claimed_by: str = ""
) -> bool:
    """Claim the batch that starts after ``after_id``; True for exactly one caller.

    ``claimed_by`` (the worker's name) stays on the row as the record of who did the batch.
    """
    now = now or timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_AFTER)
    return bool(
        BatchClaim.objects.filter(
            free, job=job, window=window, cursor=after_id, finished_at__isnull=True
        ).update(claimed_at=now, claimed_by=claimed_by[:200], updated_at=now)
    )


def batch_chunks_open(*, job: str, windows: list[str]) -> None:
    """Create one claim per chunk of a fanned-out run (existing ones are left alone)."""
    BatchClaim.objects.bulk_create(
        [BatchClaim(job=job, window=window) for window in windows], ignore_conflicts=True
    )


def batch_release(*, job: str, window: str, after_id: int, cursor: int | None) -> None:
    """Record the batch done: move the cursor on, or close the window when ``cursor`` is None."""
    now = timezone.now()
    changes: dict[str, object] = {"claimed_at": None, "updated_at": now}
    if cursor is None:
        changes["finished_at"] = now
    else:
        changes["cursor"] = cursor
    BatchClaim.objects.filter(job=job, window=window, cursor=after_id).update(**changes)


def batch_pending(*, job: str, window: str, after_id: int) -> bool:
    """True when the batch after ``after_id`` is claimed but not finished (maybe a dead worker)."""
    return BatchClaim.objects.filter(
        job=job, window=window, cursor=after_id, finished_at__isnull=True
    ).exists()


def hour_window(now: datetime | None = None) -> str:
    return (now or timezone.now()).strftime("%Y-%m-%dT%H")
