"""Load test of event ingestion against a running server (loopback only, bounded).

    DATABASE_URL=postgresql://... .venv/bin/python bench/event_load.py \
        [--url http://127.0.0.1:8000] [--events 100000] [--clients 4] [--batch 500]

Sends ``--events`` items from ``--clients`` concurrent clients in batches: 10 % repeat an
event id (half of them inside the same batch, half sent by another client), 5 % are invalid
(bad type, unknown user, NUL, lone surrogate, overflowing timestamp, 400-digit integer).
Then checks, in the server's database (``DATABASE_URL``, the same one the server uses):

* no HTTP 5xx (a 429 from the per-token throttle is waited out and the batch re-sent);
* stored + duplicates + rejected = sent, per the answers;
* the table holds exactly the distinct valid event ids, each once; quarantine = rejected.

The database is prepared here (a bench user with a token and the right to post for
others, ``--users`` candidates) and the bench's own rows are deleted first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

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

    from learning.models import Event, QuarantinedEvent

    Event.objects.filter(event_id__startswith=PREFIX).delete()
    QuarantinedEvent.objects.filter(source="api", submitted_by__username=SOURCE_USER).delete()
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


def event(event_id: str, user: str) -> dict:
    return {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": user,
        "timestamp": TIMESTAMP,
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
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
            item = event(f"{PREFIX}{source}", f"{PREFIX}u{source % users}")
        else:
            item = event(f"{PREFIX}{fresh}", f"{PREFIX}u{fresh % users}")
            fresh += 1
        per_client[client].append(item)
    return [[items[s : s + batch] for s in range(0, len(items), batch)] for items in per_client]


def post(url: str, token: str, items: list[dict]) -> tuple[int, dict]:
    body = json.dumps(items, ensure_ascii=True).encode()
    request = urllib.request.Request(
        url, body, {"Content-Type": "application/json", "Authorization": f"Token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def run(url: str, token: str, batches: list[list[list[dict]]]) -> tuple[Counter, Counter, float]:
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def client(mine: list[list[dict]]) -> None:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("loopback only: the load test never leaves this machine")
    token = prepare(args.users)
    batches = plan(args.events, args.clients, args.batch, args.users, args.seed)
    statuses, outcomes, seconds = run(args.url.rstrip("/") + "/api/v1/events/", token, batches)

    from learning.models import Event, QuarantinedEvent

    sent = sum(len(b) for mine in batches for b in mine)
    valid_ids = {
        i["event_id"] for mine in batches for b in mine for i in b if "bad" not in i["event_id"]
    }
    stored_rows = Event.objects.filter(event_id__startswith=PREFIX).count()
    quarantined = QuarantinedEvent.objects.filter(submitted_by__username=SOURCE_USER).count()
    total = outcomes["stored"] + outcomes["duplicates"] + outcomes["rejected"]
    print(
        f"sent {sent:,} items in {sum(statuses.values())} requests, {seconds:.1f} s "
        f"({sent / seconds:,.0f} items/s), {args.clients} clients"
    )
    print(f"HTTP statuses: {dict(statuses)}")
    print(
        f"answers: stored {outcomes['stored']:,} + duplicates {outcomes['duplicates']:,} "
        f"+ rejected {outcomes['rejected']:,} = {total:,}"
    )
    print(
        f"table: {stored_rows:,} rows for {len(valid_ids):,} distinct valid ids; "
        f"quarantine {quarantined:,}"
    )
    ok = (
        not any(code >= 500 for code in statuses)
        and total == sent
        and stored_rows == len(valid_ids) == outcomes["stored"]
        and quarantined == outcomes["rejected"]
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
