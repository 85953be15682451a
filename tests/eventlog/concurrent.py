"""Clients ingesting at once: each round, every client posts its batch behind one barrier, on a
thread with its own connection; the statuses each event got are counted."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from django.db import connections

from recruitly.eventlog.ingest import events_ingest


def ingest_concurrently(
    batch_for: Callable[[int, int], list[dict]], *, clients: int, rounds: int
) -> tuple[Counter[tuple[str, str]], list[BaseException]]:
    """(how often each (event id, status) was answered, the errors the clients raised)."""
    statuses: Counter[tuple[str, str]] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(number: int, round_: int, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            result = events_ingest(
                items=batch_for(number, round_), submitted_by=None, may_post_for_others=True
            )
            with lock:
                statuses.update((r.event_id, r.status) for r in result.results)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()  # the thread's own connection

    for round_ in range(rounds):
        barrier = threading.Barrier(clients)
        threads = [
            threading.Thread(target=client, args=(n, round_, barrier)) for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return statuses, errors
