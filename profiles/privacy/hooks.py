"""How other apps take part in erasing an account without profiles importing them.

Both are plain Django signals, sent inside the erasure's transaction:

* :data:`account_erasing` (``sender=User``, ``user=``): a receiver erases or deletes its own
  app's personal rows of ``user`` and returns ``{name: rows}`` for the erasure's audit row
  (``learning`` deletes weekly insights; the AI loop removes training-snapshot lines).
* :data:`pseudonym_checks` (``sender=User``, ``username=``): a receiver returns a predicate
  ``accept(new_name) -> bool`` that a pseudonym must satisfy (``experiments`` keeps the
  account in the same holdouts, whose membership is a hash of the username).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.dispatch import Signal

account_erasing = Signal()
pseudonym_checks = Signal()


def erasing_counts(user: Any) -> dict[str, int]:
    """Every receiver's row counts, merged."""
    counts: dict[str, int] = {}
    for _receiver, result in account_erasing.send(sender=type(user), user=user):
        rows = cast(dict[str, int], result or {})
        counts.update(rows)
    return counts


def pseudonym_predicates(username: str, user_model: type) -> list[Callable[[str], bool]]:
    predicates: list[Callable[[str], bool]] = []
    for _receiver, predicate in pseudonym_checks.send(sender=user_model, username=username):
        if predicate is not None:
            predicates.append(cast(Callable[[str], bool], predicate))
    return predicates
