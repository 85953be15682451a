"""The alert levels every check reports."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    OK = "ok"
    # Not enough data to judge: said so, never read as "fine".
    INSUFFICIENT = "insufficient"
    WARNING = "warning"
    # A parameter is demonstrably worse than the value it replaced: it is rolled back.
    CRITICAL = "critical"


RANK = {Severity.OK: 0, Severity.INSUFFICIENT: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


def worst(levels: list[Severity]) -> Severity:
    return max(levels, key=lambda s: RANK[s], default=Severity.OK)
