"""Read the event log in bounded columnar batches (the Django side of the analytics reader).

Each family is flattened into the columns of :mod:`learning.analytics.frames` (the payload
paths there). Batches are keyset-paginated on the primary key, so memory stays bounded by
``batch_size`` rows whatever the table size, and a batch never re-reads an earlier one.

On PostgreSQL each batch is one ``COPY (SELECT …) TO STDOUT`` with the JSON fields extracted
by the server (``payload #>> '{context,fit_score}'``) and parsed by pandas' C CSV reader: no
Python object per value, which is what keeps a million events within seconds. Elsewhere
(SQLite) the same columns come from ``values_list`` with key transforms, chunked.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

import pandas as pd
from django.db import connection
from django.db.models.fields.json import KT

from learning.analytics.frames import (
    ENVELOPE_COLUMNS,
    FAMILY_FIELDS,
    NUMERIC_COLUMNS,
    coerce_types,
    concat_batches,
)
from learning.models import Event

# Rows per batch. Measured on the 2-core bench machine (PostgreSQL 15): 250,000 application
# events take ~1.6 s to COPY and parse and ~150 MB as a DataFrame; smaller batches only add
# round trips, larger ones memory.
BATCH_SIZE = 250_000


def _columns(family: str) -> dict[str, tuple[str, ...]]:
    return FAMILY_FIELDS[family]


def event_batches(
    *,
    family: str,
    start: datetime | None = None,
    end: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[pd.DataFrame]:
    """Yield DataFrames of at most ``batch_size`` events of ``family`` in ``[start, end)``."""
    if connection.vendor == "postgresql":
        yield from _postgres_batches(family, start, end, batch_size)
    else:
        yield from _orm_batches(family, start, end, batch_size)


def event_frame(
    *, family: str, start: datetime | None = None, end: datetime | None = None
) -> pd.DataFrame:
    """All events of ``family`` in the window as one frame (concatenated batches)."""
    return concat_batches(event_batches(family=family, start=start, end=end), family)


def _postgres_batches(
    family: str, start: datetime | None, end: datetime | None, batch_size: int
) -> Iterator[pd.DataFrame]:
    from psycopg import sql

    fields = _columns(family)
    extracts = [
        sql.SQL("payload #>> {} AS {}").format(
            sql.Literal("{" + ",".join(path) + "}"), sql.Identifier(name)
        )
        for name, path in fields.items()
    ]
    conditions = [sql.SQL("family = {}").format(sql.Literal(family))]
    if start is not None:
        conditions.append(sql.SQL("occurred_at >= {}").format(sql.Literal(start)))
    if end is not None:
        conditions.append(sql.SQL("occurred_at < {}").format(sql.Literal(end)))
    dtypes = {name: ("float64" if name in NUMERIC_COLUMNS else "string") for name in fields}
    last_id = 0
    while True:
        query = sql.SQL(
            "COPY (SELECT id, event_type, user_id, occurred_at, {} FROM {} WHERE {} AND id > {} "
            "ORDER BY id LIMIT {}) TO STDOUT WITH (FORMAT csv, HEADER true)"
        ).format(
            sql.SQL(", ").join(extracts),
            sql.Identifier(Event._meta.db_table),
            sql.SQL(" AND ").join(conditions),
            sql.Literal(last_id),
            sql.Literal(batch_size),
        )
        buffer = io.BytesIO()
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(query) as copy:
            for chunk in copy:
                buffer.write(chunk)
        buffer.seek(0)
        frame = pd.read_csv(
            buffer, dtype={"id": "int64", "user_id": "int64", "event_type": "string", **dtypes}
        )
        if frame.empty:
            return
        last_id = int(frame["id"].iloc[-1])
        yield coerce_types(frame.drop(columns=["id"]))
        if len(frame) < batch_size:
            return


def _orm_batches(
    family: str, start: datetime | None, end: datetime | None, batch_size: int
) -> Iterator[pd.DataFrame]:
    fields = _columns(family)
    annotations = {f"f_{name}": KT("payload__" + "__".join(path)) for name, path in fields.items()}
    qs = Event.objects.filter(family=family)
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    if end is not None:
        qs = qs.filter(occurred_at__lt=end)
    names = ["id", *ENVELOPE_COLUMNS]
    values = ["id", "event_type", "user_id", "occurred_at", *annotations]
    last_id = 0
    while True:
        rows = list(
            qs.filter(id__gt=last_id)
            .annotate(**annotations)
            .order_by("id")
            .values_list(*values)[:batch_size]
        )
        if not rows:
            return
        frame = pd.DataFrame.from_records(rows, columns=[*names, *fields])
        last_id = int(frame["id"].iloc[-1])
        yield coerce_types(frame.drop(columns=["id"]))
        if len(rows) < batch_size:
            return
