"""Reading the event log for the nightly analysis, next to PostgreSQL's own bound.

    createdb -h 127.0.0.1 -U postgres recruitly_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/recruitly_bench \\
        .venv/bin/python bench/eventlog_read.py [--applications 500000] [--reuse] [--rounds 2]

Setup (not timed): ``bench/analyze_bench.py``'s event log (every application one
APPLICATION_SUBMITTED and one STATUS_CHANGED event: 1,000,000 application events by default).

Timed, back to back in the same run, for the application family's 28 analysis columns:

* ours: ``learning.event_reader.event_frame`` — the reader every analysis step uses
  (typed generated columns, batched COPY on two connections, pandas' CSV parser);
* the bound: one ``COPY (SELECT <the same columns>) TO STDOUT`` into pandas on one connection,
  nothing else; and the tighter bound: the same COPY parsed as it arrives, typed by column;
* before: the same COPY extracting each field from the JSON (``payload #>> '{…}'``), as the
  reader did before the typed columns.

Prints each time, ours / bound and before / bound.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _copy_frame(select: str) -> pd.DataFrame:
    from django.db import connection

    buffer = io.BytesIO()
    connection.ensure_connection()
    query = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER true, NULL '\\N')"
    with connection.connection.cursor() as cursor, cursor.copy(query) as copy:
        for chunk in copy:
            buffer.write(chunk)
    buffer.seek(0)
    return pd.read_csv(buffer, na_values=["\\N"], keep_default_na=False, low_memory=False)


def _copy_frame_streamed(select: str) -> pd.DataFrame:
    """The tighter bound: the same COPY parsed as it arrives and typed by column name, the
    reader's own way (``learning.event_reader._copy_frame``; the server's scan and CSV output
    overlap the parse)."""
    from psycopg import sql

    from learning.analytics.frames import APPLICATION_FIELDS
    from learning.event_reader import _copy_frame as copy_frame

    query = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER true, NULL '\\N')"
    return copy_frame(sql.SQL(query), APPLICATION_FIELDS)


def _selects() -> tuple[str, str]:
    from learning.analytics.frames import APPLICATION_FIELDS
    from recruitly.eventlog.columns import column_name

    where = "FROM learning_event WHERE family = 'application'"
    typed = ", ".join(f"{column_name(n)} AS {n}" for n in APPLICATION_FIELDS)
    extracted = ", ".join(
        f"payload #>> '{{{','.join(p)}}}' AS {n}" for n, p in APPLICATION_FIELDS.items()
    )
    head = "SELECT event_type, user_id, occurred_at"
    return f"{head}, {typed} {where}", f"{head}, {extracted} {where}"


def _timed(label: str, read) -> float:
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    frame = read()
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:6.2f} s  {len(frame):,} rows x {frame.shape[1]} columns")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the events already loaded")
    args = parser.parse_args()
    import analyze_bench

    analyze_bench._django(os.environ.get("DATABASE_URL", ""))
    from learning.event_reader import event_frame
    from recruitly.eventlog.models import Event

    if not (args.reuse and Event.objects.filter(family="application").exists()):
        analyze_bench.setup(args.users, args.applications, args.seed)
    typed, extracted = _selects()
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_}:")
        ours = _timed(
            "ours (event_frame, typed columns)", lambda: event_frame(family="application")
        )
        bound = _timed("bound (one COPY of the same columns)", lambda: _copy_frame(typed))
        streamed = _timed(
            "tighter bound (parsed as it arrives)", lambda: _copy_frame_streamed(typed)
        )
        before = _timed("before (COPY extracting from the JSON)", lambda: _copy_frame(extracted))
        print(
            f"  ours / bound {ours / bound:.2f}x (tighter: {ours / streamed:.2f}x); "
            f"before / bound {before / bound:.2f}x"
        )


if __name__ == "__main__":
    main()
