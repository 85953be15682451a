"""The COPY reader parses rows as they arrive, with JIT off for its query only."""

from __future__ import annotations

import contextlib
import io

import pandas as pd
import pytest
from django.db import connection
from psycopg import sql

from learning.event_reader import CopyStream, _copy_frame


class _Chunks:
    """A stand-in for psycopg's ``Copy``: iterating gives the data in uneven chunks."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self):
        return iter(self.chunks)


@pytest.mark.parametrize("buffer_size", [1, 3, 7, 64, 1 << 20])
def test_the_stream_gives_every_byte_in_order_whatever_the_reads(buffer_size) -> None:
    rows = [f"{i},{'x' * (i % 5)},{i * 0.5}\n".encode() for i in range(500)]
    chunks = [b"a,b,c\n", b"", *rows[:10], b"".join(rows[10:300]), *rows[300:]]
    data = b"".join(chunks)
    stream = io.BufferedReader(CopyStream(_Chunks(chunks)), buffer_size=buffer_size)
    assert stream.read() == data
    parsed = pd.read_csv(
        io.BufferedReader(CopyStream(_Chunks(chunks)), buffer_size=buffer_size),
        keep_default_na=False,
    )
    pd.testing.assert_frame_equal(parsed, pd.read_csv(io.BytesIO(data), keep_default_na=False))


@pytest.mark.parametrize("size", [1, 5, 64, 1 << 20])
def test_reads_of_a_size_give_at_most_that_many_bytes_and_every_byte_once(size) -> None:
    """The parser reads the stream itself (no buffer between): each read joins rows."""
    chunks = [b"a,b\n", b"", *(f"{i},{'y' * (i % 7)}\n".encode() for i in range(300))]
    stream = CopyStream(_Chunks(chunks))
    parts = []
    while part := stream.read(size):
        assert len(part) <= size
        parts.append(part)
    assert b"".join(parts) == b"".join(chunks)
    assert CopyStream(_Chunks(chunks)).read() == b"".join(chunks)
    parsed = pd.read_csv(CopyStream(_Chunks(chunks)), keep_default_na=False)
    expected = pd.read_csv(io.BytesIO(b"".join(chunks)), keep_default_na=False)
    pd.testing.assert_frame_equal(parsed, expected)


def test_an_empty_copy_is_an_empty_stream() -> None:
    assert io.BufferedReader(CopyStream(_Chunks([]))).read() == b""


def _jit(cursor) -> str:
    cursor.execute("SHOW jit")
    return cursor.fetchone()[0]


@pytest.fixture
def postgres(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY reader and the JIT setting are PostgreSQL's")


@pytest.mark.parametrize("jit_before", ["on", "off"])
def test_the_copy_runs_without_jit_and_leaves_the_setting_as_it_was(postgres, jit_before) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET jit = {jit_before}")
    query = sql.SQL(
        "COPY (SELECT 'x' AS event_type, 1 AS user_id, current_setting('jit') AS jit) "
        "TO STDOUT WITH (FORMAT csv, HEADER true, NULL '\\N')"
    )
    frame = _copy_frame(query, ["jit"])
    assert frame["jit"].tolist() == ["off"]
    with connection.cursor() as cursor:
        assert _jit(cursor) == jit_before


def test_the_per_user_counts_leave_the_jit_setting_as_it_was(postgres) -> None:
    from learning.event_reader import user_event_counts

    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    assert user_event_counts().empty
    with connection.cursor() as cursor:
        assert _jit(cursor) == "on"


def test_jit_off_nests_and_restores_the_value_it_found(postgres) -> None:
    from learning.event_reader import _jit_off

    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
        with _jit_off(cursor):
            with _jit_off(cursor):
                assert _jit(cursor) == "off"
            assert _jit(cursor) == "off"  # the inner one put back the outer one's value
        assert _jit(cursor) == "on"


# --- copy_blocks: libpq's rows in blocks, the COPY ended as psycopg would --------------------


def _copy_query(rows: int, fail_at: int | None = None) -> str:
    value = f"1 / ({fail_at} - g)" if fail_at else "g"
    return (
        f"COPY (SELECT g, {value} AS v, repeat('x', g % 13) AS t FROM generate_series(1, {rows}) g)"
        " TO STDOUT WITH (FORMAT csv)"
    )


@contextlib.contextmanager
def _raw_copy(query: str):
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(query) as copy:
        yield copy


@pytest.mark.parametrize("block_bytes", [1, 100, 1 << 18])
def test_copy_blocks_give_every_row_whole_and_leave_the_connection_idle(
    postgres, block_bytes
) -> None:
    from psycopg.pq import TransactionStatus

    from learning.event_reader import copy_blocks

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(_copy_query(3000)) as copy:
        expected = b"".join(bytes(row) for row in copy)
    with raw.cursor() as cursor, cursor.copy(_copy_query(3000)) as copy:
        blocks = list(copy_blocks(copy, block_bytes=block_bytes))
    assert b"".join(blocks) == expected
    assert all(block.endswith(b"\n") for block in blocks)  # whole rows only
    if block_bytes == 1:
        assert len(blocks) == 3000  # one row each
    assert raw.info.transaction_status in (TransactionStatus.IDLE, TransactionStatus.INTRANS)
    with connection.cursor() as cursor:  # the connection takes the next statement
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone()[0] == 42


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_copy_failing_midway_raises_the_servers_error_and_the_connection_goes_on() -> None:
    import psycopg

    from learning.event_reader import copy_blocks

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    connection.ensure_connection()
    received = 0
    with (
        pytest.raises(psycopg.errors.DivisionByZero),
        _raw_copy(_copy_query(100_000, 60_000)) as copy,
    ):
        for block in copy_blocks(copy, block_bytes=1 << 12):
            received += block.count(b"\n")
    assert 0 < received < 60_000  # rows before the failure came through
    with connection.cursor() as cursor:
        cursor.execute("SELECT 42")
        assert cursor.fetchone()[0] == 42
    # the reader's own failure in the middle (a parser's): psycopg cancels and drains the COPY
    with pytest.raises(ValueError, match="parser"), _raw_copy(_copy_query(100_000)) as copy:
        for _ in copy_blocks(copy, block_bytes=1 << 12):
            raise ValueError("the parser gave up")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 43")
        assert cursor.fetchone()[0] == 43
