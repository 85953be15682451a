"""Monthly partitions of the event log (PostgreSQL only).

On PostgreSQL ``learning_event`` is partitioned by RANGE on ``occurred_at``: one partition per
calendar month (UTC), named ``learning_event_pYYYYMM``, and ``learning_event_default`` for
rows no month holds (events older than the first partition, or of a detached month).
``partitions_ensure`` creates the months ahead so that inserts land in their own month;
``partitions_detach_before`` detaches old months (the tables stay, to be dumped and dropped
by an operator). Both run from ``manage.py eventlog_partitions`` and the daily beat task.

Ids of a detached month stay in ``EventId`` by default: a late retry of one of its events is
a duplicate, as before, rather than a second row in the default partition; ``forget_ids``
deletes them (the idempotency of those events is then given up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

PARENT = "learning_event"
DEFAULT_PARTITION = f"{PARENT}_default"
IDS_TABLE = "eventlog_eventid"
# Months created ahead of the current one (the daily task and the migration).
AHEAD_MONTHS = 3
# How long DDL waits for the log's lock before giving up for this run: a waiting ACCESS
# EXCLUSIVE request queues every insert behind it, so a long analysis read must not stall
# ingestion; the next run tries again.
LOCK_TIMEOUT = "5s"
_NAME = re.compile(rf"^{PARENT}_p(\d{{4}})(\d{{2}})$")


@dataclass(frozen=True)
class Partition:
    name: str
    month: date  # the first day of the month it holds


def month_of(value: date | datetime) -> date:
    return date(value.year, value.month, 1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PARENT}_p{month.year:04d}{month.month:02d}"


def month_bounds(month: date) -> tuple[str, str]:
    """The partition's bounds as timestamptz literals, UTC midnights."""
    following = add_months(month, 1)
    return f"{month.isoformat()} 00:00:00+00", f"{following.isoformat()} 00:00:00+00"


def create_partition_sql(month: date, parent: str = PARENT) -> str:
    low, high = month_bounds(month)
    return (
        f'CREATE TABLE "{partition_name(month)}" PARTITION OF "{parent}" '
        f"FOR VALUES FROM ('{low}') TO ('{high}')"
    )


def is_partitioned(connection: Any = None) -> bool:
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partitions(connection: Any = None) -> list[Partition]:
    """The monthly partitions attached now, oldest first (the default one left out)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [PARENT],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        match = _NAME.match(name)
        if match:
            found.append(Partition(name, date(int(match[1]), int(match[2]), 1)))
    return sorted(found, key=lambda p: p.month)


def stored_columns(connection: Any = None) -> list[str]:
    """The log's columns a row is written with (the generated ones are computed)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
            "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            [PARENT],
        )
        return [row[0] for row in cursor.fetchall()]


def _lock(cursor: Any) -> None:
    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    cursor.execute(f'LOCK TABLE "{PARENT}" IN ACCESS EXCLUSIVE MODE')


def partition_create(month: date, connection: Any = None) -> int:
    """Create ``month``'s partition; rows of that month in the default partition move into it.

    One transaction holding the log's lock (so no insert lands in the default partition
    between the move and the CREATE). Returns the number of rows moved.
    """
    connection = connection or default_connection
    low, high = month_bounds(month)
    columns = ", ".join(f'"{c}"' for c in stored_columns(connection))
    in_month = f"occurred_at >= '{low}' AND occurred_at < '{high}'"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute(f'SELECT count(*) FROM "{DEFAULT_PARTITION}" WHERE {in_month}')
        moved = cursor.fetchone()[0]
        if moved:
            cursor.execute(
                "CREATE TEMP TABLE eventlog_moving AS "
                f'WITH gone AS (DELETE FROM "{DEFAULT_PARTITION}" WHERE {in_month} '
                f"RETURNING {columns}) SELECT * FROM gone"
            )
        cursor.execute(create_partition_sql(month))
        if moved:
            cursor.execute(
                f'INSERT INTO "{PARENT}" ({columns}) SELECT {columns} FROM eventlog_moving'
            )
            cursor.execute("DROP TABLE eventlog_moving")
    return moved


def partitions_ensure(
    months_ahead: int = AHEAD_MONTHS, *, today: date | None = None, connection: Any = None
) -> list[str]:
    """Create the partitions of the current month and ``months_ahead`` after it that are
    missing; return their names."""
    connection = connection or default_connection
    if not is_partitioned(connection):
        return []
    current = month_of(today or datetime.now(UTC).date())
    have = {p.month for p in partitions(connection)}
    created = []
    for offset in range(months_ahead + 1):
        month = add_months(current, offset)
        if month not in have:
            partition_create(month, connection)
            created.append(partition_name(month))
    return created


def partitions_detach_before(
    month: date, *, forget_ids: bool = False, connection: Any = None
) -> list[str]:
    """Detach (not drop) every monthly partition before ``month``; return their names.

    A detached month is an ordinary table of the same name, out of every query on the log;
    ``pg_dump -t <name>`` then ``DROP TABLE <name>`` archives it, ``ALTER TABLE learning_event
    ATTACH PARTITION <name> FOR VALUES ...`` brings it back. With ``forget_ids`` its event ids
    leave ``EventId`` too.
    """
    connection = connection or default_connection
    if not is_partitioned(connection):
        return []
    detached = []
    for partition in partitions(connection):
        if partition.month >= month_of(month):
            continue
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _lock(cursor)
            cursor.execute(f'ALTER TABLE "{PARENT}" DETACH PARTITION "{partition.name}"')
            if forget_ids:
                cursor.execute(
                    f'DELETE FROM "{IDS_TABLE}" WHERE event_id IN '
                    f'(SELECT event_id FROM "{partition.name}")'
                )
        detached.append(partition.name)
    return detached


def default_rows(connection: Any = None) -> int:
    connection = connection or default_connection
    if not is_partitioned(connection):
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{DEFAULT_PARTITION}"')
        return int(cursor.fetchone()[0])
