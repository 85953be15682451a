"""Job sources on the recorded boards: how much the normaliser reads, and how long a fetch takes.

    .venv/bin/python bench/sources_bench.py [--repeat 20]

Serves the recorded board of every connector (tests/profiles/fixtures/sources) from a local
server on 127.0.0.1, reads each through its connector with pacing off, normalises every item
with the posting normaliser and prints, per kind: items, quarantined, normalised postings and
the share with required skills, years asked, a salary and a location, plus the median fetch
time (HTTP + parsing + normalising, no database) over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django

    django.setup()
    from profiles.feeds.normalize import normalize
    from profiles.sources import HttpClient, SourceConfig, source_class
    from tests.profiles.source_server import board_server
    from tests.profiles.test_sources import BOARDS, serve, serve_pages

    targets = {kind: "" for kind in BOARDS}
    targets |= {"schema_org": "/careers", "microdata": "/jobs/qa-engineer"}
    print(f"{'kind':16} items quar norm skills years salary place  median ms")
    totals = [0, 0, 0, 0, 0, 0, 0]
    with board_server() as server:
        for kind in BOARDS:
            serve(server, kind)
        serve_pages(server)
        for name, path in targets.items():
            kind = "schema_org" if name == "microdata" else name
            cls = source_class(kind)
            board = BOARDS.get(kind, "")
            url = server.base + path if path else cls.endpoint(board, server.base)
            config = SourceConfig(kind=kind, url=url, board=board, company=board)
            times, outcome = [], None
            for _ in range(args.repeat):
                started = time.perf_counter()
                client = HttpClient(min_interval=0.0, sleep=lambda seconds: None)
                outcome = cls(client).fetch(config, {})
                postings = [p for p in map(normalize, outcome.items) if p]
                times.append((time.perf_counter() - started) * 1000)
            assert outcome is not None
            row = [
                len(outcome.items) + len(outcome.quarantined),
                len(outcome.quarantined),
                len(postings),
                sum(bool(p.required_skills) for p in postings),
                sum(p.min_years is not None for p in postings),
                sum(p.salary_min is not None for p in postings),
                sum(bool(p.location) for p in postings),
            ]
            totals = [a + b for a, b in zip(totals, row, strict=True)]
            print(f"{name:16} {row[0]:5} {row[1]:4} {row[2]:4} {row[3]:6} {row[4]:5} {row[5]:6} "
                  f"{row[6]:5}  {statistics.median(times):9.1f}")  # fmt: skip
    items, quarantined, norm, skills, years, salary, place = totals
    print(f"\n{items} items, {quarantined} quarantined, {norm} normalised postings: "
          f"{skills / norm:.0%} with required skills, {years / norm:.0%} with years asked, "
          f"{salary / norm:.0%} with a salary, {place / norm:.0%} with a location")  # fmt: skip


if __name__ == "__main__":
    main()
