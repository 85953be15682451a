"""Concurrent batches sharing event ids: each id is stored once, reported stored once, no error.

Needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race to lose.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from recruitly.eventlog import ingest as ingestion
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, EventId
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_losing_a_claim_deletes_its_own_row_and_keeps_the_winners(monkeypatch) -> None:
    """The rows are written before the ids are claimed: a batch that finds an id claimed by a
    concurrent one (waiting for it to commit) must delete the row it wrote, not the other's."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")
    UserFactory(username="alice")
    winner_claimed, winner_may_commit = threading.Event(), threading.Event()
    claim = ingestion._claim_ids

    def claim_then_hold(event_ids: list[str]) -> set[str]:
        claimed = claim(event_ids)
        if threading.current_thread().name == "winner":
            winner_claimed.set()
            winner_may_commit.wait(20)
        return claimed

    monkeypatch.setattr(ingestion, "_claim_ids", claim_then_hold)
    answers: dict[str, object] = {}

    def post(rating: str, own: str) -> None:
        try:
            items = [{**rated("shared"), "rating": rating}, rated(own)]
            result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
            answers[threading.current_thread().name] = {
                r.event_id: r.status for r in result.results
            }
        except BaseException as exc:  # reported below
            answers[threading.current_thread().name] = exc
        finally:
            connections.close_all()

    winner = threading.Thread(target=post, args=("up", "w-own"), name="winner")
    loser = threading.Thread(target=post, args=("down", "l-own"), name="loser")
    winner.start()
    assert winner_claimed.wait(20)
    loser.start()
    with connection.cursor() as cursor:  # the loser has written its rows and waits on the claim
        for _ in range(400):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second batch never waited on the first one's claim")
    winner_may_commit.set()
    winner.join(20)
    loser.join(20)

    assert answers == {
        "winner": {"shared": "stored", "w-own": "stored"},
        "loser": {"shared": "duplicate", "l-own": "stored"},
    }
    assert sorted(Event.objects.values_list("event_id", flat=True)) == ["l-own", "shared", "w-own"]
    assert Event.objects.get(event_id="shared").payload["rating"] == "up"
    assert EventId.objects.count() == 3
