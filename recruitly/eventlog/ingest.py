"""Ingest outcome events: validate, de-duplicate, store in bulk, quarantine the rest."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import orjson
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from recruitly.eventlog.compiled import validate
from recruitly.eventlog.consistency import consistency_check
from recruitly.eventlog.models import Event, EventId, QuarantinedEvent
from recruitly.eventlog.schemas import Invalid, ValidEvent, hostile_content_errors

# Rows per INSERT / IN (...) lookup: keeps every statement under SQLite's variable limit and
# measured at ~40 ms per 1,000 events on SQLite, ~25 ms on PostgreSQL.
BULK_BATCH = 1000
# A quarantined item that no JSON column can hold verbatim is kept as escaped text, this long.
QUARANTINE_RAW_MAX_CHARS = 100_000

logger = logging.getLogger(__name__)


class IngestLimitError(ValueError):
    """The batch holds more items than one request may carry."""


class ItemResult(NamedTuple):
    """One item's outcome (a named tuple: one is built per ingested item, so cheaply)."""

    event_id: str
    status: str  # "stored" | "duplicate" | "rejected"
    errors: Sequence[str] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "status": self.status, "errors": list(self.errors)}


@dataclass(frozen=True)
class IngestResult:
    results: list[ItemResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        counts = {"stored": 0, "duplicate": 0, "rejected": 0}
        items = []
        for event_id, status, errors in self.results:
            counts[status] += 1
            items.append({"event_id": event_id, "status": status, "errors": list(errors)})
        return {
            "stored": counts["stored"],
            "duplicates": counts["duplicate"],
            "rejected": counts["rejected"],
            "results": items,
        }


def _chunks(values: Sequence[str], size: int = BULK_BATCH) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _user_ids(names: set[str]) -> dict[str, int]:
    """Primary key by username: plain values, no model instances."""
    user_model = get_user_model()
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(names)):
        found.update(
            user_model.objects.filter(username__in=chunk).values_list("username", "pk")  # type: ignore[misc]
        )
    return found


def _validate(raw: Any, *, now: datetime, tolerance: timedelta) -> ValidEvent | Invalid:
    """Validate one item; a validator bug costs that item, never its neighbours."""
    try:
        return validate(raw, now=now, future_tolerance=tolerance)
    except Exception as exc:  # the batch must survive any single item
        logger.exception("event validation failed on an item")
        return Invalid([f"event: could not be validated ({type(exc).__name__})"])


def _storable_raw(raw: Any) -> Any:
    """The item as the quarantine can hold it: verbatim when every database accepts it,
    else its JSON text (escaped, bounded) so the evidence survives without failing the row.
    """
    if raw is not None and not hostile_content_errors(raw):
        return raw
    try:
        text = json.dumps(raw, ensure_ascii=True)
    except (RecursionError, ValueError, TypeError) as exc:
        text = f"<not serialisable: {type(exc).__name__}>"
    return {"unstorable_raw": text[:QUARANTINE_RAW_MAX_CHARS]}


@transaction.atomic
def events_ingest(
    *,
    items: Sequence[Any],
    submitted_by: User | None,
    may_post_for_others: bool,
    source: str = "api",
    quarantine: bool = True,
) -> IngestResult:
    """Validate and store a batch of raw events; every rejected item is quarantined.

    Idempotent per ``event_id`` and safe under concurrency: rows are inserted with
    ``ON CONFLICT DO NOTHING`` and an item is ``stored`` only if its row was really inserted
    by this call, ``duplicate`` otherwise (an earlier batch, a concurrent one, or this one).
    Never raises for a malformed item: it is rejected and quarantined with the reasons.
    ``may_post_for_others`` is False for candidates, who may only post their own events.
    Valid events are then checked for temporal consistency and referential integrity
    (recruitly.eventlog.consistency). ``quarantine=False`` (a reviewer's replay) reports the
    rejected items without adding quarantine rows.
    Raises IngestLimitError for more than ``EVENT_BATCH_LIMIT`` items.
    """
    if len(items) > settings.EVENT_BATCH_LIMIT:
        raise IngestLimitError(
            f"a batch holds at most {settings.EVENT_BATCH_LIMIT} events, got {len(items)}"
        )
    now = timezone.now()
    tolerance = timedelta(seconds=settings.EVENT_FUTURE_TOLERANCE_SECONDS)
    checked = [_validate(raw, now=now, tolerance=tolerance) for raw in items]
    users = _user_ids({c.username for c in checked if isinstance(c, ValidEvent)})
    submitter = submitted_by if submitted_by is not None and submitted_by.is_authenticated else None
    outcomes = [
        _authorise(c, users, submitter, may_post_for_others) if isinstance(c, ValidEvent) else c
        for c in checked
    ]
    outcomes = consistency_check(outcomes, users)
    submitter_id = submitter.pk if submitter is not None else None
    first_of_id: dict[str, ValidEvent] = {}
    for outcome in outcomes:
        if isinstance(outcome, ValidEvent):
            first_of_id.setdefault(outcome.event_id, outcome)
    if quarantine:  # before the ids are claimed: nothing else waits on these rows
        _insert_rows(
            QuarantinedEvent._meta.db_table,
            _QUARANTINE_COLUMNS,
            [
                _quarantine_row(raw, outcome, submitter_id, source, now)
                for raw, outcome in zip(items, outcomes, strict=True)
                if isinstance(outcome, Invalid)
            ],
        )
    inserted = _insert_events(
        [
            (e.event_id, e.event_type, e.family, users[e.username], e.occurred_at, e.payload)
            for e in first_of_id.values()
        ],
        source=source,
        submitted_by_id=submitter_id,
    )
    return IngestResult(_item_results(outcomes, first_of_id, inserted))


def _item_results(
    outcomes: list[ValidEvent | Invalid], first_of_id: dict[str, ValidEvent], inserted: set[str]
) -> list[ItemResult]:
    results: list[ItemResult] = []
    for outcome in outcomes:
        if isinstance(outcome, Invalid):
            results.append(ItemResult(outcome.event_id, "rejected", outcome.errors))
        elif outcome.event_id in inserted and first_of_id[outcome.event_id] is outcome:
            results.append(ItemResult(outcome.event_id, "stored"))
        else:
            results.append(ItemResult(outcome.event_id, "duplicate"))
    return results


_QUARANTINE_COLUMNS = (
    "event_id",
    "event_type",
    "raw",
    "errors",
    "source",
    "submitted_by_id",
    "created_at",
    "updated_at",
)


def _quarantine_row(
    raw: Any, outcome: Invalid, submitter_id: int | None, source: str, now: datetime
) -> tuple[Any, ...]:
    # plain values, JSON as text: bulk_create's per-value JSON adaptation cost ~0.2 s per
    # 250 quarantined items on PostgreSQL
    stamp = connection.ops.adapt_datetimefield_value(now)
    return (
        outcome.event_id[:100],
        outcome.event_type[:60],
        json.dumps(_storable_raw(raw)),
        json.dumps(outcome.errors),
        source,
        submitter_id,
        stamp,
        stamp,
    )


def _authorise(
    event: ValidEvent,
    users: dict[str, int],
    submitter: User | None,
    may_post_for_others: bool,
) -> ValidEvent | Invalid:
    if event.username not in users:
        return Invalid(
            [f"user_id: unknown user {event.username!r}"], event.event_id, event.event_type
        )
    if not may_post_for_others and (
        submitter is None or submitter.get_username() != event.username
    ):
        return Invalid(
            ["user_id: you may only post your own events"], event.event_id, event.event_type
        )
    return event


# One validated event as the log stores it: event_id, event_type, family, user id,
# occurred_at, payload.
EventRow = tuple[str, str, str, int, datetime, dict[str, Any]]
_COLUMNS = (
    "event_id",
    "event_type",
    "family",
    "user_id",
    "occurred_at",
    "payload",
    "source",
    "submitted_by_id",
    "created_at",
    "updated_at",
)
# Below this many rows a multi-row INSERT is as fast as COPY.
COPY_MIN_ROWS = 64


def payload_bytes(payload: dict[str, Any]) -> bytes:
    """The payload as UTF-8 JSON (orjson: several times the standard encoder, the same JSON)."""
    try:
        return orjson.dumps(payload)
    except (orjson.JSONEncodeError, TypeError):  # not reachable for validated payloads
        return json.dumps(payload).encode()


def payload_json(payload: dict[str, Any]) -> str:
    return payload_bytes(payload).decode()


def _insert_events(rows: list[EventRow], *, source: str, submitted_by_id: int | None) -> set[str]:
    """Write the rows whose id this call claims in ``EventId``; return the ids it claimed.

    ``EventId``'s primary key is the log's idempotency key (the partitioned log cannot hold a
    unique key without ``occurred_at``): ``INSERT … ON CONFLICT DO NOTHING RETURNING`` lets the
    database arbitrate between concurrent batches. A transaction claiming an id another one
    holds waits for that one to end, then skips the id (or claims it, if the other rolled
    back). The rows are written in the same transaction, so an id is claimed if and only if
    its row is stored. Ids go in sorted, so two transactions claiming overlapping ids lock them
    in the same order and cannot deadlock.

    On PostgreSQL the rows are written first and the ids claimed last (:func:`_write_then_claim`):
    a concurrent batch with a shared id then waits for the claim and the commit only, not for
    the whole write. Elsewhere (SQLite: one writer at a time anyway) the ids are claimed first
    and the claimed rows written after.
    """
    if not rows:
        return set()
    now = timezone.now()
    rows = sorted(rows)  # by event_id, unique here: the batch was de-duplicated
    if connection.vendor == "postgresql":
        return _write_then_claim(rows, source, submitted_by_id, now)
    claimed = _claim_ids([row[0] for row in rows])
    fresh = [row for row in rows if row[0] in claimed]
    _insert_values(fresh, source=source, submitted_by_id=submitted_by_id, now=now)
    return claimed


def _write_then_claim(
    rows: list[EventRow], source: str, submitted_by_id: int | None, now: datetime
) -> set[str]:
    """PostgreSQL: write the rows whose id is not stored yet, claim their ids, and delete
    again the rows of the ids a concurrent batch claimed first (by their primary keys, taken
    from the log's sequence before the write: never the other batch's row of the same id).

    While the rows are written this transaction holds no lock another batch can wait for;
    it takes the ids' locks at the claim, just before its commit. (Claiming first held them
    through the write: in the load bench, batches waited on one another's locks longer than
    they spent writing.) Ids stored by earlier, committed batches are read first and nothing
    is written for them, so a retried batch writes nothing; only a batch racing another on
    the same id writes a row that it deletes.
    """
    table = connection.ops.quote_name(EventId._meta.db_table)
    log = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        # one round trip: the ids stored already, and a key per row (those of the rows not
        # written are left unused: gaps in the sequence, as a rolled-back insert leaves)
        cursor.execute(
            f"SELECT ARRAY(SELECT event_id FROM {table} WHERE event_id = ANY(%s::varchar[])), "
            "ARRAY(SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s))",
            [[row[0] for row in rows], Event._meta.db_table, len(rows)],
        )
        found, keys = cursor.fetchone()
    stored = set(found)
    fresh = [row for row in rows if row[0] not in stored]
    if not fresh:
        return set()
    keys = keys[: len(fresh)]
    if len(fresh) >= COPY_MIN_ROWS:
        _copy_into(Event._meta.db_table, fresh, source, submitted_by_id, now, keys=keys)
    else:
        _insert_values(fresh, keys=keys, source=source, submitted_by_id=submitted_by_id, now=now)
    claimed = _claim_ids([row[0] for row in fresh])
    lost = [key for key, row in zip(keys, fresh, strict=True) if row[0] not in claimed]
    if lost:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {log} WHERE id = ANY(%s::bigint[])", [lost])
    return claimed


def _claim_ids(event_ids: list[str]) -> set[str]:
    """Insert the ids not yet stored; return those this call inserted."""
    table = connection.ops.quote_name(EventId._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # one array parameter: no SQL text per id
            cursor.execute(
                f"INSERT INTO {table} (event_id) SELECT unnest(%s::varchar[]) "
                "ON CONFLICT DO NOTHING RETURNING event_id",
                [event_ids],
            )
            return {row[0] for row in cursor.fetchall()}
    column = connection.ops.quote_name("event_id")
    returned = _insert_rows(
        EventId._meta.db_table,
        ("event_id",),
        [(event_id,) for event_id in event_ids],
        f" ON CONFLICT ({column}) DO NOTHING RETURNING {column}",
    )
    return {row[0] for row in returned}


# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> bytes:
    """One value as COPY's text format holds it (NUL cannot occur: validation refuses it)."""
    return value.translate(_COPY_ESCAPES).encode()


def _copy_into(
    table: str,
    rows: list[EventRow],
    source: str,
    submitted_by_id: int | None,
    now: datetime,
    keys: list[int] | None = None,
) -> None:
    """COPY in text format, lines built here: psycopg's ``write_row`` adapts every value
    (~10 µs a row measured, a third of a request's CPU); the values here are known types."""
    submitter = b"\\N" if submitted_by_id is None else str(submitted_by_id).encode()
    stamp = now.isoformat().encode()
    tail = b"\t" + b"\t".join((copy_text(source), submitter, stamp, stamp)) + b"\n"
    lines = []
    heads = [b""] * len(rows) if keys is None else [b"%d\t" % key for key in keys]
    for head, (event_id, event_type, family, user_id, occurred_at, payload) in zip(
        heads, rows, strict=True
    ):
        lines.append(
            head
            + b"\t".join(
                (
                    copy_text(event_id),
                    copy_text(event_type),
                    copy_text(family),
                    str(user_id).encode(),
                    occurred_at.isoformat().encode(),
                    # JSON text holds no raw tab or newline (JSON escapes them)
                    payload_bytes(payload).replace(b"\\", b"\\\\"),
                )
            )
            + tail
        )
    with connection.cursor() as cursor:
        columns = ", ".join(_COLUMNS if keys is None else ("id", *_COLUMNS))
        sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            copy.write(b"".join(lines))


def _insert_values(
    rows: list[EventRow],
    *,
    source: str,
    submitted_by_id: int | None,
    now: datetime,
    keys: list[int] | None = None,
) -> None:
    """Multi-row INSERT of the rows; with ``keys``, their primary keys (else the database's)."""
    prepare_time = connection.ops.adapt_datetimefield_value
    stamp = prepare_time(now)
    values = [
        (
            event_id,
            event_type,
            family,
            user_id,
            prepare_time(occurred_at),
            payload_json(payload),
            source,
            submitted_by_id,
            stamp,
            stamp,
        )
        for event_id, event_type, family, user_id, occurred_at, payload in rows
    ]
    if keys is None:
        _insert_rows(Event._meta.db_table, _COLUMNS, values)
    else:
        keyed = [(key, *row) for key, row in zip(keys, values, strict=True)]
        _insert_rows(Event._meta.db_table, ("id", *_COLUMNS), keyed)


def _insert_rows(
    table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], tail: str = ""
) -> list[tuple[Any, ...]]:
    """Multi-row INSERT of plain values; the rows ``tail`` (a RETURNING clause) returns."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    placeholder = f"({', '.join(['%s'] * len(columns))})"
    # Stay under the backend's bound-parameter limit (SQLite builds differ: 999 to 250,000).
    limit = connection.features.max_query_params or 65535
    per_statement = min(BULK_BATCH, limit // len(columns))
    returned: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([placeholder] * len(chunk)) + tail, params)
            if tail:
                returned.extend(cursor.fetchall())
    return returned
