"""Every experiments test runs at one pinned instant, whatever the calendar says.

Decisions depend on time (stage holds, maximum durations, the simulated timeline), so the
clock is frozen: ``timezone.now()`` and ``datetime.now()`` return ``PINNED_NOW`` in every
test of this package, and the suite passes on any date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

# After the pinned worlds of these tests (they end on 2026-11-30), so none of their events
# lies in the future.
PINNED_NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller
