"""Tell reviewers about automatic decisions that need their attention."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from recruitly.roles import REVIEWERS_GROUP


def reviewers_notify(*, subject: str, body: str) -> None:
    """Email every reviewer once the current transaction commits."""
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    transaction.on_commit(
        lambda: send_mail(f"[recruitly] {subject}", body, sender, recipients, fail_silently=True)
    )
