"""What every Celery task of the platform shares: which errors are worth a retry, and how.

A transient error (the database restarting or deadlocking, a broker or SMTP connection drop,
a timeout) is retried with exponential backoff and jitter; anything else is a bug or bad data
and fails at once, visibly.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.db import InterfaceError, OperationalError

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,  # lost connection, deadlock detected, serialization failure, "locked"
    InterfaceError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)

# Backoff of 2, 4, 8 ... seconds (jittered), capped at 10 minutes, five attempts.
RETRY: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def limits(soft_seconds: int, hard_seconds: int | None = None) -> dict[str, int]:
    """Soft and hard time limits of one task; the hard one defaults to 20 % above the soft."""
    return {
        "soft_time_limit": soft_seconds,
        "time_limit": hard_seconds or soft_seconds + max(soft_seconds // 5, 10),
    }


def worker_name(task: Any) -> str:
    """The worker running ``task`` (what a claim records), "eager" for an in-process call."""
    return str(task.request.hostname or "eager")
