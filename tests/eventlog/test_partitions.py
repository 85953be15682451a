"""The event log partitioned by month (PostgreSQL): routing, idempotency across months, the
partition command, detaching, concurrent clients, the migration on a log with rows, and the
analyses' reads unchanged.

Needs PostgreSQL (set DATABASE_URL); on SQLite the log is a plain table and these skip.
DDL is transactional on PostgreSQL, so partitions a test creates or detaches roll back with it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection

from learning.analytics.frames import FAMILY_FIELDS, concat_batches
from learning.event_reader import (
    SHARD_FAMILIES,
    _orm_batches,
    event_frame,
    user_range_frames,
)
from recruitly.eventlog import partitions as parts
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, EventId
from recruitly.eventlog.references import _CHECKERS, RESUME_VERSION
from tests.eventlog.concurrent import ingest_concurrently
from tests.factories import UserFactory
from tests.learning.test_event_columns import raw_events

MARCH, APRIL, MAY, JUNE = (date(2026, m, 1) for m in (3, 4, 5, 6))


@pytest.fixture(autouse=True)
def _postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the partitioned log is PostgreSQL's (set DATABASE_URL)")


def rated(event_id: str, stamp: str = "2026-03-02T10:00:00+00:00") -> dict:
    return {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "alice",
        "timestamp": stamp,
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }


def ingest(items: list[dict]) -> dict[str, int]:
    result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    return {k: v for k, v in result.as_dict().items() if k != "results"}


def where_stored() -> Counter[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text, count(*) FROM learning_event GROUP BY 1")
        return Counter(dict(cursor.fetchall()))


def spread(n: int, prefix: str = "m") -> list[dict]:
    """n events in each of March to June, 2026 (both the COPY path and small batches)."""
    return [
        rated(f"{prefix}-{month}-{i}", f"2026-{month:02d}-{1 + i % 28:02d}T10:00:00+00:00")
        for month in (3, 4, 5, 6)
        for i in range(n)
    ]


def test_the_migrated_log_is_partitioned_with_a_brin_on_time_and_months_ahead(db) -> None:
    assert parts.is_partitioned()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'learning_event_occurred_brin'"
        )
        assert "USING brin (occurred_at)" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = "
            "'learning_event_pkey'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, occurred_at)"
        # no foreign key points into the log (it would block detaching a month)
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE confrelid = 'learning_event'::regclass"
        )
        assert cursor.fetchone()[0] == 0
    current = parts.month_of(datetime.now(UTC).date())
    have = {p.month for p in parts.partitions()}
    assert {parts.add_months(current, n) for n in range(parts.AHEAD_MONTHS + 1)} <= have


def test_events_land_in_their_month_and_the_default_holds_months_without_one(db) -> None:
    UserFactory(username="alice")
    parts.partition_create(APRIL)
    parts.partition_create(MAY)
    assert ingest(spread(100)) == {"stored": 400, "duplicates": 0, "rejected": 0}
    assert ingest(spread(3, "small")) == {"stored": 12, "duplicates": 0, "rejected": 0}
    assert where_stored() == {
        "learning_event_p202604": 103,
        "learning_event_p202605": 103,
        "learning_event_default": 206,
    }
    # a month created later takes its rows out of the default partition
    assert parts.partition_create(MARCH) == 103
    assert where_stored()["learning_event_p202603"] == 103
    assert where_stored()["learning_event_default"] == 103
    assert Event.objects.count() == EventId.objects.count() == 412


def test_a_retry_is_a_duplicate_in_any_month_even_re_stamped(db) -> None:
    UserFactory(username="alice")
    parts.partition_create(APRIL)
    parts.partition_create(MAY)
    events = spread(80)
    assert ingest(events)["stored"] == 320
    # the same ids again, and again with timestamps moved to another month
    assert ingest(events) == {"stored": 0, "duplicates": 320, "rejected": 0}
    moved = [{**e, "timestamp": "2026-05-20T10:00:00+00:00"} for e in events[:90]]
    assert ingest(moved) == {"stored": 0, "duplicates": 90, "rejected": 0}
    small = [{**e, "timestamp": "2026-04-20T10:00:00+00:00"} for e in events[:5]]
    assert ingest(small) == {"stored": 0, "duplicates": 5, "rejected": 0}
    assert Event.objects.count() == 320
    assert Event.objects.values("event_id").distinct().count() == 320


def test_an_orm_write_claims_its_id_as_ingestion_does(db) -> None:
    from django.db import IntegrityError, transaction

    user = UserFactory(username="alice")
    fields = {
        "event_type": "AI_RESPONSE_RATED",
        "family": "ai_feedback",
        "user": user,
        "occurred_at": datetime(2026, 4, 2, tzinfo=UTC),
        "payload": {"rating": "up"},
    }
    Event.objects.create(event_id="orm-1", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(event_id="orm-1", **fields)
    assert ingest([rated("orm-1")]) == {"stored": 0, "duplicates": 1, "rejected": 0}


def test_ensure_creates_the_missing_months_once(db) -> None:
    created = parts.partitions_ensure(2, today=date(2031, 11, 17))
    assert created == [
        "learning_event_p203111",
        "learning_event_p203112",
        "learning_event_p203201",
    ]
    assert parts.partitions_ensure(2, today=date(2031, 11, 17)) == []


def test_the_command_creates_lists_and_detaches_keeping_ids(db, capsys) -> None:
    UserFactory(username="alice")
    parts.partition_create(MARCH)
    parts.partition_create(APRIL)
    assert ingest(spread(70))["stored"] == 280
    call_command("eventlog_partitions", "--ensure-months", "1", "--detach-before", "2026-04")
    out = capsys.readouterr().out
    assert "detached learning_event_p202603" in out
    assert "learning_event_p202604" not in out  # April stays
    # March is out of the log, a table of its own, its ids kept
    assert not Event.objects.filter(occurred_at__month=3).exists()
    assert Event.objects.count() == 210
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM learning_event_p202603")
        assert cursor.fetchone()[0] == 70
    assert EventId.objects.count() == 280
    # a late retry of a detached event is a duplicate, not a row in the default partition
    late = [e for e in spread(70) if e["timestamp"].startswith("2026-03")]
    assert ingest(late) == {"stored": 0, "duplicates": 70, "rejected": 0}
    assert where_stored().get("learning_event_default", 0) == 140  # May and June only


def test_detaching_with_forget_ids_lets_the_month_be_ingested_again(db) -> None:
    UserFactory(username="alice")
    parts.partition_create(MARCH)
    assert ingest(spread(70))["stored"] == 280
    assert parts.partitions_detach_before(APRIL, forget_ids=True) == ["learning_event_p202603"]
    assert EventId.objects.count() == 210
    late = [e for e in spread(70) if e["timestamp"].startswith("2026-03")]
    assert ingest(late)["stored"] == 70


def test_the_command_rejects_a_bad_month(db) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("eventlog_partitions", "--detach-before", "2026-13")


@pytest.mark.parametrize("family", list(FAMILY_FIELDS))
def test_the_analyses_read_the_same_frames_wherever_the_rows_live(db, monkeypatch, family) -> None:
    monkeypatch.setitem(_CHECKERS, RESUME_VERSION, lambda refs: set())
    UserFactory(username="alice"), UserFactory(username="bob")
    events = raw_events()
    for n, event in enumerate(events):  # spread over March to June
        event["timestamp"] = f"2026-{3 + n % 4:02d}-{1 + n % 28:02d}T09:15:00Z"
    assert ingest(events)["stored"] == len(events)

    def frames() -> list[pd.DataFrame]:
        window = {
            "start": datetime(2026, 4, 10, tzinfo=UTC),
            "end": datetime(2026, 6, 1, tzinfo=UTC),
        }
        return [
            event_frame(family=family),
            concat_batches(_orm_batches(family, None, None, 1000), family),
            event_frame(family=family, **window),
            concat_batches(_orm_batches(family, window["start"], window["end"], 1000), family),
            concat_batches(_postgres_batches_small(family), family),
            # a user range of the streamed nightly: the server sends partitions in their
            # order, not the ids' (the months interleave), and the reader puts the ids back
            *(
                [user_range_frames(start=None, end=None, user_low=0, user_high=2**31)[family]]
                if family in SHARD_FAMILIES
                else []
            ),
        ]

    before = frames()  # every row in the default partition
    for month in (MARCH, APRIL, MAY):
        parts.partition_create(month)
    assert len(where_stored()) == 4
    after = frames()
    for one, other in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(one, other)
    # PostgreSQL's COPY reader and the ORM reader (their string dtypes differ in NA only)
    assert len(after[0]) >= len(after[2]) and len(after[0]) > 0
    pd.testing.assert_frame_equal(_plain(after[0]), _plain(after[1]))
    pd.testing.assert_frame_equal(_plain(after[2]), _plain(after[3]))
    pd.testing.assert_frame_equal(after[0], after[4])
    if family in SHARD_FAMILIES:
        assert after[5]["id"].is_monotonic_increasing
        pd.testing.assert_frame_equal(after[0], after[5].drop(columns="id"))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _postgres_batches_small(family: str):
    from learning.event_reader import _postgres_batches

    return _postgres_batches(family, None, None, 7)  # many id ranges across the months


# --- concurrency: two clients, the same ids, several months ---------------------------------

ROUNDS, BATCH, OVERLAP = 3, 1200, 500


def batch_for(client: int, round_: int) -> list[dict]:
    def stamp(i: int) -> str:
        return f"2026-{3 + i % 4:02d}-{1 + i % 28:02d}T10:00:00+00:00"

    shared = [rated(f"r{round_}-shared-{i}", stamp(i)) for i in range(OVERLAP)]
    own = [rated(f"r{round_}-c{client}-{i}", stamp(i)) for i in range(BATCH - OVERLAP)]
    # the other client sends the shared ids re-stamped into other months
    if client:
        shared = [{**e, "timestamp": stamp(i + 1)} for i, e in enumerate(shared)]
    items = shared + own
    return items if client % 2 == 0 else list(reversed(items))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clients_with_the_same_ids_across_months_lose_and_double_nothing() -> None:
    UserFactory(username="alice")
    created = [parts.partition_create(m) for m in (MARCH, APRIL)]
    assert created == [0, 0]
    try:
        statuses, errors = ingest_concurrently(batch_for, clients=2, rounds=ROUNDS)
        assert not errors, errors
        distinct = ROUNDS * (OVERLAP + 2 * (BATCH - OVERLAP))
        stored = [event_id for (event_id, status), n in statuses.items() if status == "stored"]
        assert len(stored) == len(set(stored)) == distinct
        assert all(n == 1 for (_, status), n in statuses.items() if status == "stored")
        assert sum(n for (_, s), n in statuses.items() if s == "duplicate") == ROUNDS * OVERLAP
        assert Event.objects.count() == distinct == EventId.objects.count()
        assert Event.objects.values("event_id").distinct().count() == distinct
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE learning_event_p202603, learning_event_p202604")


# --- the migration on a log with rows ----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_rows_of_a_plain_log_in_one_transaction() -> None:
    fingerprint = (
        "SELECT count(*), md5(string_agg(id || event_id || occurred_at || payload::text || "
        "coalesce(col_rating, '') || coalesce(col_fit_score::text, ''), ',' ORDER BY id)) "
        "FROM learning_event"
    )
    user = UserFactory(username="alice")
    try:
        call_command("migrate", "eventlog", "0002", verbosity=0)
        assert not parts.is_partitioned()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO learning_event (event_id, event_type, family, user_id, occurred_at, "
                "payload, source, created_at, updated_at) SELECT 'p-' || g, "
                "'AI_RESPONSE_RATED', 'ai_feedback', %s, "
                "timestamptz '2025-11-03 00:00+00' + (g || ' hours')::interval, "
                "jsonb_build_object('rating', 'up', 'action_type', 'job_reasoning'), 'api', "
                "now(), now() FROM generate_series(1, 3000) g",
                [user.pk],
            )
            cursor.execute(fingerprint)
            before = cursor.fetchone()
            cursor.execute("SELECT max(id) FROM learning_event")
            last_id = cursor.fetchone()[0]
        call_command("migrate", "eventlog", verbosity=0)
        assert parts.is_partitioned()
        with connection.cursor() as cursor:
            cursor.execute(fingerprint)
            assert cursor.fetchone() == before
        assert before[0] == 3000 == EventId.objects.count()
        months = {p.month for p in parts.partitions()}
        assert {date(2025, 11, 1), date(2026, 1, 1), date(2026, 3, 1)} <= months
        assert where_stored().get("learning_event_default", 0) == 0
        # the sequence continues after the moved ids, and the log takes new rows
        assert ingest([rated("after-migration")])["stored"] == 1
        assert Event.objects.get(event_id="after-migration").pk > last_id
    finally:
        call_command("migrate", "eventlog", verbosity=0)


def test_the_daily_beat_task_creates_the_months_ahead(db) -> None:
    from recruitly.eventlog.tasks import partitions_ensure_task
    from recruitly.schedule import SCHEDULE

    job = next(j for j in SCHEDULE if j.task == "eventlog.partitions_ensure")
    assert job.crontab == ("45", "0", "*") and job.kwargs == {"months_ahead": 3}
    current = parts.month_of(datetime.now(UTC).date())
    further = parts.AHEAD_MONTHS + 2
    result = partitions_ensure_task.delay(months_ahead=further).get()
    assert result == {
        "created": [
            parts.partition_name(parts.add_months(current, n))
            for n in range(parts.AHEAD_MONTHS + 1, further + 1)
        ]
    }
