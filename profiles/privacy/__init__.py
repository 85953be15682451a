"""A candidate's own data: export all of it, erase the personal part of it (seed 001 §10.1).

``scope`` finds every table that holds rows of a user (any model with a foreign-key path to
the user model), ``export`` writes them as one JSON document, ``erase`` removes the personal
data and pseudonymises what the aggregates need.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q

PSEUDONYM_PREFIX = "deleted-"


def erased(prefix: str = "user__") -> Q:
    """Rows of accounts a candidate deleted: a pseudonym with an unusable password (a person
    who merely signs up as "deleted-…" still has a usable one). ``prefix`` leads from the
    filtered model to the user ("" on the user model itself)."""
    return Q(
        **{
            f"{prefix}username__startswith": PSEUDONYM_PREFIX,
            f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX,
        }
    )


def is_erased(user: Any) -> bool:
    """The same test as :func:`erased`, on a loaded user."""
    return bool(user.username.startswith(PSEUDONYM_PREFIX) and not user.has_usable_password())
