"""Reference checkers the floors above provide: the ground floor asks, never imports them.

An app that owns the entities events point at (profiles owns resume versions) registers a
checker in its ``AppConfig.ready()``. A checker takes ``(user_id, reference)`` pairs and
returns the pairs it does not know. Without a registered checker a kind is not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

Reference = tuple[int, str]  # (the event's user id, the id the event names)
ReferenceChecker = Callable[[Collection[Reference]], set[Reference]]

RESUME_VERSION = "resume_version"
_CHECKERS: dict[str, ReferenceChecker] = {}


def reference_checker_register(kind: str, checker: ReferenceChecker) -> None:
    """Install (or replace) the checker of one kind of reference."""
    _CHECKERS[kind] = checker


def reference_checker(kind: str) -> ReferenceChecker | None:
    return _CHECKERS.get(kind)
