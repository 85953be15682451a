"""Tell reviewers about automatic decisions that need their attention."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from profiles.services.reviewer_mail import reviewer_mails_queue
from recruitly.roles import REVIEWERS_GROUP


def reviewers_notify(*, subject: str, body: str, key: str = "") -> list[int]:
    """Mail every active reviewer through the mail outbox (``profiles.services.reviewer_mail``):
    the rows are written in the current transaction and sent after it commits, retried on
    failure, never twice. With ``key``, a notification already queued under it is not queued
    again. Returns the ids of the rows queued."""
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return []
    return reviewer_mails_queue(subject=subject, body=body, addresses=recipients, key=key)
