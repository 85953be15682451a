"""Ingest outcome events: validate, de-duplicate, store in bulk, quarantine the rest."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from learning.events.schemas import Invalid, ValidEvent, hostile_content_errors, validate_event
from learning.models import Event, QuarantinedEvent

# Rows per INSERT / IN (...) lookup: keeps every statement under SQLite's variable limit and
# measured at ~40 ms per 1,000 events on SQLite, ~25 ms on PostgreSQL.
BULK_BATCH = 1000
# A quarantined item that no JSON column can hold verbatim is kept as escaped text, this long.
QUARANTINE_RAW_MAX_CHARS = 100_000

logger = logging.getLogger(__name__)


class IngestLimitError(ValueError):
    """The batch holds more items than one request may carry."""


@dataclass(frozen=True)
class ItemResult:
    event_id: str
    status: str  # "stored" | "duplicate" | "rejected"
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "status": self.status, "errors": self.errors}


@dataclass(frozen=True)
class IngestResult:
    results: list[ItemResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.count("stored"),
            "duplicates": self.count("duplicate"),
            "rejected": self.count("rejected"),
            "results": [r.as_dict() for r in self.results],
        }


def _chunks(values: Sequence[str], size: int = BULK_BATCH) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _users_by_name(names: set[str]) -> dict[str, Any]:
    user_model = get_user_model()
    found: dict[str, Any] = {}
    for chunk in _chunks(sorted(names)):
        found.update(user_model.objects.filter(username__in=chunk).in_bulk(field_name="username"))
    return found


def _validate(raw: Any, *, now: datetime, tolerance: timedelta) -> ValidEvent | Invalid:
    """Validate one item; a validator bug costs that item, never its neighbours."""
    try:
        return validate_event(raw, now=now, future_tolerance=tolerance)
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
) -> IngestResult:
    """Validate and store a batch of raw events; every rejected item is quarantined.

    Idempotent per ``event_id`` and safe under concurrency: rows are inserted with
    ``ON CONFLICT DO NOTHING`` and an item is ``stored`` only if its row was really inserted
    by this call, ``duplicate`` otherwise (an earlier batch, a concurrent one, or this one).
    Never raises for a malformed item: it is rejected and quarantined with the reasons.
    ``may_post_for_others`` is False for candidates, who may only post their own events.
    Raises IngestLimitError for more than ``EVENT_BATCH_LIMIT`` items.
    """
    if len(items) > settings.EVENT_BATCH_LIMIT:
        raise IngestLimitError(
            f"a batch holds at most {settings.EVENT_BATCH_LIMIT} events, got {len(items)}"
        )
    now = timezone.now()
    tolerance = timedelta(seconds=settings.EVENT_FUTURE_TOLERANCE_SECONDS)
    checked = [_validate(raw, now=now, tolerance=tolerance) for raw in items]
    users = _users_by_name({c.username for c in checked if isinstance(c, ValidEvent)})
    submitter = submitted_by if submitted_by is not None and submitted_by.is_authenticated else None
    outcomes = [
        _authorise(c, users, submitter, may_post_for_others) if isinstance(c, ValidEvent) else c
        for c in checked
    ]
    first_of_id: dict[str, ValidEvent] = {}
    for outcome in outcomes:
        if isinstance(outcome, ValidEvent):
            first_of_id.setdefault(outcome.event_id, outcome)
    inserted = _insert_events(
        [_event_row(e, users, submitter, source) for e in first_of_id.values()]
    )
    QuarantinedEvent.objects.bulk_create(
        [
            _quarantine_row(raw, outcome, submitter, source)
            for raw, outcome in zip(items, outcomes, strict=True)
            if isinstance(outcome, Invalid)
        ],
        batch_size=BULK_BATCH,
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


def _event_row(
    event: ValidEvent, users: dict[str, Any], submitter: User | None, source: str
) -> Event:
    return Event(
        event_id=event.event_id,
        event_type=event.event_type,
        family=event.family,
        user=users[event.username],
        occurred_at=event.occurred_at,
        payload=event.payload,
        source=source,
        submitted_by=submitter,
    )


def _quarantine_row(
    raw: Any, outcome: Invalid, submitter: User | None, source: str
) -> QuarantinedEvent:
    return QuarantinedEvent(
        event_id=outcome.event_id[:100],
        event_type=outcome.event_type[:60],
        raw=_storable_raw(raw),
        errors=outcome.errors,
        source=source,
        submitted_by=submitter,
    )


def _authorise(
    event: ValidEvent,
    users: dict[str, Any],
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


_EVENT_COLUMNS = (
    "event_id",
    "event_type",
    "family",
    "user",
    "occurred_at",
    "payload",
    "source",
    "submitted_by",
    "created_at",
    "updated_at",
)


def _insert_events(events: list[Event]) -> set[str]:
    """INSERT the events, skipping ids already stored; return the ids really inserted.

    ``INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING event_id`` (PostgreSQL, and
    SQLite >= 3.35) lets the database arbitrate between concurrent batches: a look-up before
    the insert races and hits the unique key. Rows go in sorted by ``event_id`` so that two
    transactions inserting overlapping ids take their row locks in the same order and cannot
    deadlock. Multi-row VALUES keep the ORM's per-value SQL compilation out of the hot path
    (measured on 36,583 simulated events: ``bulk_create`` 5.5 s, this path about 1.5 s).
    """
    if not events:
        return set()
    now = timezone.now()
    # Concrete fields, each with a column: the stubs also allow relations and None.
    fields = [cast("Field[Any, Any]", Event._meta.get_field(name)) for name in _EVENT_COLUMNS]
    quote = connection.ops.quote_name
    prepare_time = connection.ops.adapt_datetimefield_value
    prepare_json = Event._meta.get_field("payload").get_db_prep_save
    rows = [
        (
            e.event_id,
            e.event_type,
            e.family,
            e.user_id,
            prepare_time(e.occurred_at),
            prepare_json(e.payload, connection),
            e.source,
            e.submitted_by_id,
            prepare_time(now),
            prepare_time(now),
        )
        for e in sorted(events, key=lambda e: e.event_id)
    ]
    head = (
        f"INSERT INTO {quote(Event._meta.db_table)} "
        f"({', '.join(quote(cast(str, f.column)) for f in fields)}) VALUES "
    )
    tail = f" ON CONFLICT ({quote('event_id')}) DO NOTHING RETURNING {quote('event_id')}"
    placeholder = f"({', '.join(['%s'] * len(fields))})"
    # Stay under the backend's bound-parameter limit (SQLite builds differ: 999 to 250,000).
    per_statement = min(BULK_BATCH, (connection.features.max_query_params or 65535) // len(fields))
    inserted: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([placeholder] * len(chunk)) + tail, params)
            inserted.update(row[0] for row in cursor.fetchall())
    return inserted
