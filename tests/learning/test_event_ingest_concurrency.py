"""Concurrent batches sharing event ids: each id is stored once, reported stored once, no error.

Needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race to lose.
"""

from __future__ import annotations

import pytest
from django.db import connection

from recruitly.eventlog.models import Event
from tests.eventlog.concurrent import ingest_concurrently
from tests.factories import UserFactory

ROUNDS = 3
BATCH = 1500
OVERLAP = 700
CLIENTS = 2


def rated(event_id: str) -> dict:
    return {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "alice",
        "timestamp": "2026-03-02T10:00:00+00:00",
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }


def batch_for(client: int, round_: int) -> list[dict]:
    """Ids shared by every client in the round, then the client's own; shuffled order differs."""
    shared = [rated(f"r{round_}-shared-{i}") for i in range(OVERLAP)]
    own = [rated(f"r{round_}-c{client}-{i}") for i in range(BATCH - OVERLAP)]
    items = shared + own
    return items if client % 2 == 0 else list(reversed(items))


# serialized_rollback like the other transactional tests: a plain flush would recreate the
# content types through post_migrate and break the next serialized restore
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_batches_store_each_shared_event_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")
    UserFactory(username="alice")
    statuses, errors = ingest_concurrently(batch_for, clients=CLIENTS, rounds=ROUNDS)

    assert errors == []
    stored = {event_id for (event_id, status), n in statuses.items() if status == "stored"}
    assert all(n == 1 for (_, status), n in statuses.items() if status == "stored")
    distinct = ROUNDS * (OVERLAP + CLIENTS * (BATCH - OVERLAP))
    assert len(stored) == Event.objects.count() == distinct
    assert sum(n for (_, status), n in statuses.items() if status == "duplicate") == (
        ROUNDS * OVERLAP * (CLIENTS - 1)
    )
