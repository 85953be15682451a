"""Load test of event ingestion against a running server, next to PostgreSQL's own bounds.

    DATABASE_URL=postgresql://... .venv/bin/python bench/event_load.py \
        [--url http://127.0.0.1:8000] [--events 100000] [--clients 4] [--batch 5000]

Sends ``--events`` items from ``--clients`` concurrent clients in batches: 10 % repeat an
event id (half of them inside the same batch, half sent by another client), 5 % are invalid
(bad type, unknown user, NUL, lone surrogate, overflowing timestamp, 400-digit integer); the
valid ones alternate application submissions and AI-response ratings. Request bodies are
encoded before the clock starts (the clients' JSON encoding is not the server's work).
Then checks, in the server's database (``DATABASE_URL``, the same one the server uses):

* no HTTP 5xx (a 429 from the per-token throttle is waited out and the batch re-sent);
* stored + duplicates + rejected = sent, per the answers;
* the table holds exactly the distinct valid event ids, each once; quarantine = rejected.

In the same run, on PostgreSQL, the same distinct valid rows are written straight into the
event table by ``--clients`` connections, one transaction per batch, rows prepared before
the clock starts: with ``COPY`` (the bound; the rows only, no idempotency key) and with
multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING`` into the ids table (``EventId``, the
log's idempotency key) followed in the same statement by the rows whose id was claimed. The
bench's month gets its partition first (on a partitioned log). Each phase starts from the
same table (bench rows deleted, VACUUM).
Each of ``--rounds`` rounds runs both bounds and then the API, and prints the API's items per
second over each bound's rows per second; the median over the rounds closes the report (the
machine is shared: a round's bound and API run see the same load).

The database is prepared here (a bench user with a token and the right to post for
others, ``--users`` candidates) and the bench's own rows are deleted first.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PREFIX = "load-"
THROTTLED = 429
THROTTLE_PAUSE_SECONDS = 2.0
SOURCE_USER = "bench-loader"
TIMESTAMP = "2026-03-02T10:00:00+00:00"
HOSTILE = [
    {"event_type": "NO_SUCH_TYPE"},
    {"user_id": "nobody-at-all"},
    {"comment": "nul \u0000 inside"},
    {"comment": "lone \ud800 surrogate"},
    {"timestamp": "0001-01-01T00:00:00+14:00"},
    {"comment": 10**400},
]


def prepare(users: int) -> str:
    """Bench users, a token allowed to post for others; delete earlier bench rows."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token

    from recruitly.eventlog.models import QuarantinedEvent
    from recruitly.eventlog.partitions import is_partitioned, month_of, partition_create, partitions

    forget(PREFIX)
    QuarantinedEvent.objects.filter(source="api", submitted_by__username=SOURCE_USER).delete()
    # the bench's events are of one month: it gets its partition, as partitions_ensure gives
    # the months of normal operation theirs (none would land in the default partition)
    month = month_of(datetime.fromisoformat(TIMESTAMP))
    if is_partitioned() and month not in {p.month for p in partitions()}:
        partition_create(month)
    model = get_user_model()
    loader, _ = model.objects.get_or_create(username=SOURCE_USER)
    loader.user_permissions.add(Permission.objects.get(codename="ingest_any_event"))
    existing = set(
        model.objects.filter(username__startswith=PREFIX).values_list("username", flat=True)
    )
    model.objects.bulk_create(
        [model(username=f"{PREFIX}u{i}") for i in range(users) if f"{PREFIX}u{i}" not in existing]
    )
    return Token.objects.get_or_create(user=loader)[0].key


def event(event_id: str, user: str, number: int = 0) -> dict:
    """An AI-response rating or, for even numbers, an application submission."""
    envelope = {"event_id": event_id, "user_id": user, "timestamp": TIMESTAMP}
    if number % 2:
        return {
            **envelope,
            "event_type": "AI_RESPONSE_RATED",
            "interaction_id": "ai-1",
            "action_type": "job_reasoning",
            "rating": "up",
        }
    return {
        **envelope,
        "event_type": "APPLICATION_SUBMITTED",
        "application_id": f"app-{number}",
        "job_id": f"job-{number % 997}",
        "resume_version_id": "rv-1",
        "context": {
            "strategy_mode": "APPLY_MODE",
            "fit_score": 40 + number % 55,
            "category": ("reach", "target", "safety")[number % 3],
            "resume_score": 70.5,
            "tailoring_applied": bool(number % 4),
            "job_characteristics": {
                "title": "Backend Engineer",
                "company": f"Company {number % 211}",
                "seniority": "mid",
                "location": "Austin, TX",
            },
            "fit_components": {"experience": 60.0, "skills": 55.5, "salary": 80.0},
        },
    }


def plan(n: int, clients: int, batch: int, users: int, seed: int) -> list[list[list[dict]]]:
    """Per client, a list of batches; ids repeat within and across clients."""
    rng = random.Random(seed)
    per_client: list[list[dict]] = [[] for _ in range(clients)]
    fresh = 0
    for i in range(n):
        client = i % clients
        roll = rng.random()
        if roll < 0.05:
            item = {**event(f"{PREFIX}bad-{i}", f"{PREFIX}u{i % users}"), **rng.choice(HOSTILE)}
        elif roll < 0.15 and fresh:
            # a repeat: of an event in this client's current batch, or another client's
            source = rng.randrange(fresh)
            item = event(f"{PREFIX}{source}", f"{PREFIX}u{source % users}", source)
        else:
            item = event(f"{PREFIX}{fresh}", f"{PREFIX}u{fresh % users}", fresh)
            fresh += 1
        per_client[client].append(item)
    return [[items[s : s + batch] for s in range(0, len(items), batch)] for items in per_client]


def encode(items: list[dict]) -> bytes:
    return json.dumps(items, ensure_ascii=True).encode()


def post(url: str, token: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, body, {"Content-Type": "application/json", "Authorization": f"Token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, orjson.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def run(url: str, token: str, batches: list[list[bytes]]) -> tuple[Counter, Counter, float]:
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def client(mine: list[bytes]) -> None:
        for items in mine:
            status, body = post(url, token, items)
            while status == THROTTLED:  # a well-behaved client waits and sends the batch again
                with lock:
                    statuses[status] += 1
                time.sleep(THROTTLE_PAUSE_SECONDS)
                status, body = post(url, token, items)
            with lock:
                statuses[status] += 1
                for key in ("stored", "duplicates", "rejected"):
                    outcomes[key] += body.get(key, 0)

    threads = [threading.Thread(target=client, args=(mine,)) for mine in batches]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, outcomes, time.perf_counter() - started


BOUND_PREFIX = "bound-"
COLUMNS = (
    "event_id, event_type, family, user_id, occurred_at, payload, source, submitted_by_id, "
    "created_at, updated_at"
)
# One array per column: the batched INSERT bound sends each batch as ten array literals.
ARRAY_TYPES = (
    "text",
    "text",
    "text",
    "int",
    "timestamptz",
    "jsonb",
    "text",
    "int",
    "timestamptz",
    "timestamptz",
)


def bound_rows(batches: list[list[list[dict]]]) -> list[list[list[tuple]]]:
    """The distinct valid events of each client's batches as the API stores them."""
    from datetime import UTC, datetime, timedelta

    from django.contrib.auth import get_user_model

    from recruitly.eventlog.compiled import accept
    from recruitly.eventlog.ingest import payload_json

    users = dict(
        get_user_model().objects.filter(username__startswith=PREFIX).values_list("username", "pk")
    )
    loader = get_user_model().objects.get(username=SOURCE_USER).pk
    now = datetime.now(UTC)
    seen: set[str] = set()
    out = []
    for mine in batches:
        client_rows = []
        for items in mine:
            rows = []
            for item in items:
                valid = accept(item, now=now, future_tolerance=timedelta(minutes=5))
                if valid is None or valid.event_id in seen or valid.username not in users:
                    continue
                seen.add(valid.event_id)
                rows.append(
                    (
                        BOUND_PREFIX + valid.event_id,
                        valid.event_type,
                        valid.family,
                        users[valid.username],
                        valid.occurred_at,
                        payload_json(valid.payload),
                        "api",
                        loader,
                        now,
                        now,
                    )
                )
            client_rows.append(sorted(rows))
        out.append(client_rows)
    return out


def _copy_text(rows: list[tuple]) -> bytes:
    def text(value: object) -> str:
        if isinstance(value, str):
            return (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(text(v) for v in row) + "\n")
    return buffer.getvalue().encode()


def _array_literals(rows: list[tuple]) -> list[str]:
    """Each column of the batch as a PostgreSQL array literal (built before the clock)."""

    def element(value: object) -> str:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return ["{" + ",".join(element(row[i]) for row in rows) + "}" for i in range(len(ARRAY_TYPES))]


WARM_PREFIX = "warm-"


def warm_up(url: str, token: str, clients: int) -> None:
    """A few untimed batches first, so every server worker has loaded its code paths."""

    batches = [
        encode([event(f"{WARM_PREFIX}{n}-{i}", f"{PREFIX}u0", i) for i in range(200)])
        for n in range(2 * clients)
    ]
    run(url, token, [batches[n::clients] for n in range(clients)])
    forget(WARM_PREFIX)


def forget(prefix: str) -> None:
    """Delete the events whose id starts with ``prefix``, and their ids (the idempotency key)."""
    from recruitly.eventlog.models import Event, EventId

    Event.objects.filter(event_id__startswith=prefix).delete()
    EventId.objects.filter(event_id__startswith=prefix).delete()


def reset_table() -> None:
    """Delete the bench's rows and VACUUM, so every phase starts from the same table."""
    import psycopg

    from recruitly.eventlog.models import Event, EventId, QuarantinedEvent

    forget(PREFIX)
    forget(BOUND_PREFIX)
    QuarantinedEvent.objects.filter(source="api", submitted_by__username=SOURCE_USER).delete()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f"VACUUM ANALYZE {Event._meta.db_table}")
        conn.execute(f"VACUUM ANALYZE {EventId._meta.db_table}")


def run_bound(kind: str, rows: list[list[list[tuple]]]) -> tuple[int, float]:
    """Write the rows from one connection per client, one transaction per batch."""
    import psycopg

    from recruitly.eventlog.models import Event, EventId

    table, ids = Event._meta.db_table, EventId._meta.db_table
    encode_batch = _copy_text if kind == "copy" else _array_literals
    prepared: list[list[Any]] = [[encode_batch(b) for b in mine] for mine in rows]
    arrays = ", ".join(f"%s::{t}[]" for t in ARRAY_TYPES)
    connections = [psycopg.connect(os.environ["DATABASE_URL"]) for _ in rows]
    written = [0] * len(rows)

    def client(number: int) -> None:
        conn = connections[number]
        for batch in prepared[number]:
            with conn.transaction(), conn.cursor() as cursor:
                if kind == "copy":
                    with cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
                        copy.write(batch)
                    continue
                # the idempotency key is the ids table (the partitioned log has no unique
                # key without occurred_at): claim the ids, insert the rows claimed
                cursor.execute(
                    f"WITH claimed AS (INSERT INTO {ids} (event_id) SELECT unnest(%s::text[]) "
                    "ON CONFLICT DO NOTHING RETURNING event_id) "
                    f"INSERT INTO {table} ({COLUMNS}) SELECT * FROM unnest({arrays}) AS "
                    f"r({COLUMNS}) WHERE r.event_id IN (SELECT event_id FROM claimed) "
                    "RETURNING event_id",
                    [batch[0], *batch],
                )
                written[number] += len(cursor.fetchall())

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(rows))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    for conn in connections:
        conn.close()
    total = sum(len(b) for mine in rows for b in mine)
    if kind == "insert":
        assert sum(written) == total, (sum(written), total)
    return total, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="bounds then API, this often")
    parser.add_argument("--no-bounds", action="store_true", help="only the API run")
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("loopback only: the load test never leaves this machine")
    token = prepare(args.users)
    batches = plan(args.events, args.clients, args.batch, args.users, args.seed)
    from django.db import connection

    with_bounds = connection.vendor == "postgresql" and not args.no_bounds
    rows = bound_rows(batches) if with_bounds else []
    bodies = [[encode(items) for items in mine] for mine in batches]
    url = args.url.rstrip("/") + "/api/v1/events/"
    ratios: dict[str, list[float]] = {"copy": [], "insert": []}
    ok = True
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_}:")
        bounds: dict[str, float] = {}
        for kind in ("copy", "insert") if with_bounds else ():
            reset_table()
            count, bound_seconds = run_bound(kind, rows)
            bounds[kind] = count / bound_seconds
            label = "COPY" if kind == "copy" else "ids INSERT … ON CONFLICT + rows INSERT"
            print(
                f"  bound, {label}: {count:,} rows in {bound_seconds:.2f} s "
                f"({bounds[kind]:,.0f} rows/s), {args.clients} connections"
            )
        reset_table()
        warm_up(url, token, args.clients)
        rate, passed = api_round(url, token, batches, bodies, args.clients)
        ok = ok and passed
        for kind, label in (("copy", "COPY"), ("insert", "batched INSERT")):
            if kind in bounds:
                ratios[kind].append(rate / bounds[kind])
                print(
                    f"  ours / {label}: {rate:,.0f} / {bounds[kind]:,.0f} = {ratios[kind][-1]:.1%}"
                )
    for kind, label in (("copy", "COPY"), ("insert", "batched INSERT")):
        if ratios[kind]:
            values = ", ".join(f"{r:.1%}" for r in ratios[kind])
            print(
                f"ours / {label}, median of {len(ratios[kind])} rounds: "
                f"{statistics.median(ratios[kind]):.1%} ({values})"
            )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def api_round(
    url: str, token: str, batches: list[list[list[dict]]], bodies: list[list[bytes]], clients: int
) -> tuple[float, bool]:
    """Send every batch through the API; check the answers and the tables. Items per second."""
    from recruitly.eventlog.models import Event, QuarantinedEvent

    statuses, outcomes, seconds = run(url, token, bodies)
    sent = sum(len(b) for mine in batches for b in mine)
    valid_ids = {
        i["event_id"] for mine in batches for b in mine for i in b if "bad" not in i["event_id"]
    }
    stored_rows = Event.objects.filter(event_id__startswith=PREFIX).count()
    quarantined = QuarantinedEvent.objects.filter(submitted_by__username=SOURCE_USER).count()
    total = outcomes["stored"] + outcomes["duplicates"] + outcomes["rejected"]
    print(
        f"  API: {sent:,} items in {sum(statuses.values())} requests, {seconds:.2f} s "
        f"({sent / seconds:,.0f} items/s), {clients} clients; HTTP statuses {dict(statuses)}"
    )
    print(
        f"  answers: stored {outcomes['stored']:,} + duplicates {outcomes['duplicates']:,} "
        f"+ rejected {outcomes['rejected']:,} = {total:,}; table: {stored_rows:,} rows for "
        f"{len(valid_ids):,} distinct valid ids; quarantine {quarantined:,}"
    )
    ok = (
        not any(code >= 500 for code in statuses)
        and total == sent
        and stored_rows == len(valid_ids) == outcomes["stored"]
        and quarantined == outcomes["rejected"]
    )
    return sent / seconds, ok


if __name__ == "__main__":
    raise SystemExit(main())
