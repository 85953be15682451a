"""Who may act: reviewers are superusers or members of the Reviewers group."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

REVIEWERS_GROUP = "Reviewers"


def is_reviewer(user: User | AnonymousUser) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        getattr(user, "is_superuser", False) or user.groups.filter(name=REVIEWERS_GROUP).exists()
    )
