"""Read the event log in bounded columnar batches (the Django side of the analytics reader).

Each family is flattened into the columns of :mod:`learning.analytics.frames` (the payload
paths there). Batches hold about ``batch_size`` rows whatever the table size, so the memory of
one batch is bounded, and no batch re-reads another's rows.

Every field an analysis reads is a typed generated column of the log (``learning.models``,
filled by the database when a row is written), so reading extracts nothing from the JSON.
On PostgreSQL each batch is one ``COPY (SELECT <columns> …) TO STDOUT`` over an id range,
parsed by pandas' C CSV reader: no Python object per value. ``READ_WORKERS`` ranges are read
at once on their own connections. Elsewhere (SQLite) the same columns come from
``values_list``, keyset-paginated on the primary key.
"""

from __future__ import annotations

import contextlib
import io
import selectors
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np
import pandas as pd
from django.db import connection, connections
from psycopg import Copy, pq, sql
from psycopg import errors as psycopg_errors
from psycopg.pq import TransactionStatus

from learning.analytics.frames import (
    ENVELOPE_COLUMNS,
    FAMILY_FIELDS,
    NUMERIC_COLUMNS,
    coerce_types,
    concat_batches,
    empty_frame,
)
from recruitly.eventlog.columns import column_name
from recruitly.eventlog.models import Event

# Rows per batch: ~150 MB as a DataFrame of application events; smaller batches only add
# round trips, larger ones memory. (Before the typed columns, the server's JSON extraction of
# 250,000 application events took ~2.6 s on the 2-core bench machine.)
BATCH_SIZE = 250_000
# Connections reading batches at once on PostgreSQL: the server's side of a COPY runs on one
# core per query, so two readers use both cores of the machine.
READ_WORKERS = 2
NULL_TEXT = "\\N"


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


def _postgres_query(family: str, start: datetime | None, end: datetime | None):

    columns = [
        sql.SQL("{} AS {}").format(sql.Identifier(column_name(name)), sql.Identifier(name))
        for name in _columns(family)
    ]
    conditions = [sql.SQL("family = {}").format(sql.Literal(family))]
    if start is not None:
        conditions.append(sql.SQL("occurred_at >= {}").format(sql.Literal(start)))
    if end is not None:
        conditions.append(sql.SQL("occurred_at < {}").format(sql.Literal(end)))
    table = sql.Identifier(Event._meta.db_table)
    where = sql.SQL(" AND ").join(conditions)
    return sql.SQL(", ").join(columns), table, where


def _postgres_batches(
    family: str, start: datetime | None, end: datetime | None, batch_size: int
) -> Iterator[pd.DataFrame]:
    """Id ranges of ``batch_size`` ids (so at most that many events), ``READ_WORKERS`` at once.

    Inside a transaction (a test, a caller's atomic block) other connections could not see
    its rows, so the ranges are then read one by one on the caller's connection.
    """

    columns, table, where = _postgres_query(family, start, end)
    with connection.cursor() as cursor, _jit_off(cursor):
        cursor.execute(
            sql.SQL("SELECT min(id), max(id), count(*) FROM {} WHERE {}")
            .format(table, where)
            .as_string(connection.connection)
        )
        low, high, count = cursor.fetchone()
    if not count:
        return
    # ranges of batch_size ids hold at most batch_size rows, whatever the other families
    ranges = [(a, min(a + batch_size, high + 1)) for a in range(low, high + 1, batch_size)]

    def read(bounds: tuple[int, int]) -> pd.DataFrame:
        query = sql.SQL(
            "COPY (SELECT event_type, user_id, occurred_at, {} FROM {} WHERE {} AND id >= {} "
            "AND id < {} ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER true, NULL '\\N')"
        ).format(columns, table, where, sql.Literal(bounds[0]), sql.Literal(bounds[1]))
        return coerce_types(_copy_frame(query, _columns(family)))

    if connection.in_atomic_block:
        for bounds in ranges:
            yield read(bounds)
        return
    yield from _in_parallel(read, ranges)


def _copy_frame(
    query: sql.Composable, names: Iterable[str], extra: dict[str, str] | None = None
) -> pd.DataFrame:
    """The rows of a ``COPY (SELECT …) TO STDOUT`` in CSV as a frame, typed by column name:
    the analysis columns ``names`` (numeric or text), ``user_id`` and ``event_type``, and the
    ``extra`` dtypes. NULL travels as \\N: an empty string stays "", and text such as "NA"
    stays text.

    The parser reads the rows as they arrive (:class:`CopyStream`), so the server's scan and
    CSV output on one core overlap the parse on the other; JIT compilation is off for the
    query (a plan compiled for one scan: ~0.2 s of a 200,000-row shard's read, for nothing).
    """
    dtypes = {name: ("float64" if name in NUMERIC_COLUMNS else "string") for name in names}
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, _jit_off(cursor), cursor.copy(query) as copy:
        return pd.read_csv(
            CopyStream(copy_blocks(copy)),
            dtype={**(extra or {}), "user_id": "int64", "event_type": "string", **dtypes},
            na_values=[NULL_TEXT],
            keep_default_na=False,
        )


# Bytes of rows joined into one block for the parser (its own reads are 256 KiB).
COPY_BLOCK_BYTES = 1 << 18


def copy_blocks(copy: Copy, block_bytes: int = COPY_BLOCK_BYTES) -> Iterator[bytes]:
    """The data of a ``COPY … TO STDOUT`` in blocks of whole rows of about ``block_bytes``.

    The server sends one message per row. Iterating psycopg's ``Copy`` runs its generator
    protocol for each one (0.53 to 0.63 s of CPU to receive a 170,000-row shard); here
    libpq's ``PQgetCopyData`` is called in a plain loop (0.33 to 0.35 s) and the rows are
    joined once per block. Over the 1,000,000-event night's load: 13.9 and 15.0 s of CPU
    against 15.2 and 15.6 s, the same wall time (each range waits for the server's scan). The end is
    psycopg's own: every result is read here (the server's error raised after the last), so
    the ``Copy`` finds the connection idle when its block exits; an exception in the middle
    (the parser's) leaves the rest to psycopg, which cancels the COPY and drains it.
    """
    pgconn = copy.connection.pgconn
    parts: list = []
    filled = 0
    with selectors.DefaultSelector() as selector:
        selector.register(pgconn.socket, selectors.EVENT_READ)
        while True:
            nbytes, data = pgconn.get_copy_data(1)
            if nbytes > 0:
                parts.append(data)
                filled += nbytes
                if filled >= block_bytes:
                    yield b"".join(parts)
                    parts, filled = [], 0
            elif nbytes == 0:  # nothing buffered: wait for the server
                selector.select()
                pgconn.consume_input()
            else:  # -1: the data is over
                break
        if parts:
            yield b"".join(parts)
        failed = None
        while True:  # the COPY's results, to the last (the connection is then idle)
            while pgconn.is_busy():
                selector.select()
                pgconn.consume_input()
            result = pgconn.get_result()
            if result is None:
                break
            if result.status != pq.ExecStatus.COMMAND_OK and failed is None:
                failed = result
    if failed is not None:  # the server's error, e.g. a division by zero in the 60,000th row
        raise psycopg_errors.error_from_result(failed, encoding=copy.connection.info.encoding)


class CopyStream(io.RawIOBase):
    """The data of a ``COPY … TO STDOUT`` (:func:`copy_blocks`, or any iterable of byte
    chunks) as a readable binary file, for a parser that consumes it while the server is still
    producing it.

    :meth:`read` joins as many chunks as the parser asks for in one ``bytes.join`` (in py-spy
    over the 1,000,000-event night's load: 0.06 s, where copying each row through a
    ``BufferedReader``'s buffer in Python took ~0.7 s).
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        parts: list[bytes | bytearray | memoryview] = [self._rest]
        filled = len(self._rest)
        wanted = -1 if size is None else size
        if wanted < 0 or filled < wanted:
            for chunk in self._chunks:
                parts.append(chunk)
                filled += len(chunk)
                if 0 <= wanted <= filled:
                    break
        data = b"".join(parts)
        if 0 <= wanted < len(data):
            data, self._rest = data[:wanted], data[wanted:]
        else:
            self._rest = b""
        return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)


@contextlib.contextmanager
def _jit_off(cursor) -> Iterator[None]:
    """PostgreSQL's JIT off for the statements run inside, then the setting as it was (nested
    uses keep the outer one's)."""
    cursor.execute("SELECT current_setting('jit')")
    previous = cursor.fetchone()[0]
    cursor.execute("SET jit = off")
    try:
        yield
    finally:  # a failed statement in a transaction: its rollback undoes the SET
        if cursor.connection.info.transaction_status != TransactionStatus.INERROR:
            cursor.execute("SELECT set_config('jit', %s, false)", [previous])


def _in_parallel(read, ranges: list[tuple[int, int]]) -> Iterator[pd.DataFrame]:
    """Read ranges on worker threads (one connection each), in order, ``READ_WORKERS`` ahead."""

    def task(bounds: tuple[int, int]) -> pd.DataFrame:
        try:
            return read(bounds)
        finally:
            connections.close_all()  # the worker thread's own connection

    with ThreadPoolExecutor(max_workers=READ_WORKERS) as pool:
        pending = [pool.submit(task, bounds) for bounds in ranges[:READ_WORKERS]]
        for index in range(len(ranges)):
            frame = pending.pop(0).result()
            following = index + READ_WORKERS
            if following < len(ranges):
                pending.append(pool.submit(task, ranges[following]))
            yield frame


def _orm_batches(
    family: str, start: datetime | None, end: datetime | None, batch_size: int
) -> Iterator[pd.DataFrame]:
    fields = _columns(family)
    qs = Event.objects.filter(family=family)
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    if end is not None:
        qs = qs.filter(occurred_at__lt=end)
    names = ["id", *ENVELOPE_COLUMNS]
    values = ["id", "event_type", "user_id", "occurred_at", *map(column_name, fields)]
    last_id = 0
    while True:
        rows = list(qs.filter(id__gt=last_id).order_by("id").values_list(*values)[:batch_size])
        if not rows:
            return
        frame = pd.DataFrame.from_records(rows, columns=[*names, *fields])
        last_id = int(frame["id"].iloc[-1])
        yield coerce_types(frame.drop(columns=["id"]))
        if len(rows) < batch_size:
            return


# --- Reading by user (the streamed nightly analysis, learning.services.analysis_stream) -------
# Every per-application figure is per user (an application joins its own status events and
# its user's resume events), so a range of user ids is a self-contained shard of the window.

SHARD_FAMILIES = ("application", "resume", "strategy", "feedback")


def _window_conditions(start: datetime | None, end: datetime | None) -> list[sql.Composable]:
    families = sql.SQL(", ").join(sql.Literal(f) for f in SHARD_FAMILIES)
    conditions: list[sql.Composable] = [sql.SQL("family IN ({})").format(families)]
    if start is not None:
        conditions.append(sql.SQL("occurred_at >= {}").format(sql.Literal(start)))
    if end is not None:
        conditions.append(sql.SQL("occurred_at < {}").format(sql.Literal(end)))
    return conditions


def _window_queryset(start: datetime | None, end: datetime | None):
    qs = Event.objects.filter(family__in=SHARD_FAMILIES)
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    if end is not None:
        qs = qs.filter(occurred_at__lt=end)
    return qs


def user_event_counts(
    *, start: datetime | None = None, end: datetime | None = None
) -> pd.DataFrame:
    """Per user of the window, ordered by id: ``user_id``, ``events`` (of the analysed
    families) and ``applications`` (distinct application ids). One row per user."""
    columns = ["user_id", "events", "applications"]
    if connection.vendor == "postgresql":
        where = sql.SQL(" AND ").join(_window_conditions(start, end))
        query = sql.SQL(
            "SELECT user_id, count(*), count(DISTINCT {}) FILTER (WHERE family = 'application') "
            "FROM {} WHERE {} GROUP BY user_id ORDER BY user_id"
        ).format(
            sql.Identifier(column_name("application_id")),
            sql.Identifier(Event._meta.db_table),
            where,
        )
        # JIT off: compiling this plan took twice as long as running it (1.8 s against 0.6 s
        # over 1,000,000 events)
        with connection.cursor() as cursor, _jit_off(cursor):
            cursor.execute(query.as_string(connection.connection))
            rows = cursor.fetchall()
    else:
        from django.db.models import Count, Q

        rows = list(
            _window_queryset(start, end)
            .order_by()
            .values("user_id")
            .annotate(
                events=Count("id"),
                applications=Count(
                    column_name("application_id"), distinct=True, filter=Q(family="application")
                ),
            )
            .order_by("user_id")
            .values_list("user_id", "events", "applications")
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype("int64") if len(frame) else frame.astype({c: "int64" for c in columns})


def user_range_frames(
    *,
    start: datetime | None,
    end: datetime | None,
    user_low: int,
    user_high: int,
) -> dict[str, pd.DataFrame]:
    """Every family's events of the users ``user_low <= user_id < user_high`` in the window.

    Each frame is in id order and carries the event ``id`` as its first column (so frames of
    several ranges can be put back into the log's order); otherwise its columns and dtypes are
    exactly those of :func:`event_frame`.
    """
    if connection.vendor == "postgresql":
        return _postgres_user_range(start, end, user_low, user_high)
    out = {}
    for family in SHARD_FAMILIES:
        fields = _columns(family)
        qs = _window_queryset(start, end).filter(
            family=family, user_id__gte=user_low, user_id__lt=user_high
        )
        values = ["id", "event_type", "user_id", "occurred_at", *map(column_name, fields)]
        rows = list(qs.order_by("id").values_list(*values))
        if not rows:
            out[family] = _with_id(empty_frame(family))
            continue
        frame = pd.DataFrame.from_records(rows, columns=["id", *ENVELOPE_COLUMNS, *fields])
        out[family] = coerce_types(frame)
    return out


def _with_id(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(0, "id", pd.Series([], dtype="int64"))
    return frame


def _postgres_user_range(
    start: datetime | None, end: datetime | None, user_low: int, user_high: int
) -> dict[str, pd.DataFrame]:
    """One COPY of the range's rows of every family, split by family and put in id order here
    (with ``ORDER BY id`` the server sorts the whole range before it sends the first row, and
    the parse could not overlap its scan).

    The user ids' index serves a narrow range (a bitmap scan seen at 4,000 of 50,000 users);
    for a range of half the users PostgreSQL chose the primary key's scan with a filter.
    """
    names = list(dict.fromkeys(n for f in SHARD_FAMILIES for n in _columns(f)))
    columns = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(sql.Identifier(column_name(n)), sql.Identifier(n)) for n in names
    )
    conditions = [
        *_window_conditions(start, end),
        sql.SQL("user_id >= {}").format(sql.Literal(user_low)),
        sql.SQL("user_id < {}").format(sql.Literal(user_high)),
    ]
    query = sql.SQL(
        "COPY (SELECT id, family, event_type, user_id, occurred_at, {} FROM {} WHERE {}) "
        "TO STDOUT WITH (FORMAT csv, HEADER true, NULL '\\N')"
    ).format(columns, sql.Identifier(Event._meta.db_table), sql.SQL(" AND ").join(conditions))
    frame = _copy_frame(query, names, {"id": "int64", "family": "string"})
    order = np.argsort(frame["id"].to_numpy(), kind="stable")
    family = frame["family"].to_numpy(dtype=object)[order]
    out = {}
    for name in SHARD_FAMILIES:
        wanted = ["id", *ENVELOPE_COLUMNS, *_columns(name)]
        rows = frame[wanted].take(order[family == name])
        out[name] = coerce_types(rows.reset_index(drop=True))
    return out
