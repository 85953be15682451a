"""The nightly analysis at 100 k, 300 k, 1 M and 3 M events: time and peak memory, PostgreSQL.

    .venv/bin/python bench/analyze_scale.py [--events 100000 300000 1000000 3000000]
        [--users 50000] [--memory] [--keep] [--reuse] [--prefix analyze_scale_]
        [--server postgresql://postgres@127.0.0.1:5432]

For each size, a database of its own (``analyze_scale_<events>``, created here and dropped at
the end unless ``--keep``) gets ``bench/analyze_bench.py``'s event log, COPYed (not timed): every
application one APPLICATION_SUBMITTED and one STATUS_CHANGED event, so ``--events`` application
events are ``events / 2`` applications, from a fixed number of users (50,000; the resume
and feedback events of those users come on top). Then, each in a fresh process:

* the bound: one ``COPY`` of the application events' analysis columns into pandas;
* ``analysis_run_nightly`` end to end, streamed (what the beat job runs); with ``--memory``
  also the same run on the former in-memory load (``analysis_data_load``) for comparison.

Printed per size and run: wall time, the time to the end of the steps the issue's table
measured (load, users ... resume_edits) and its ratio to the bound, and the process's peak
resident memory (``ru_maxrss``: the whole process, Django and the libraries included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PREFIX = "analyze_scale_"
# the steps of the table (issue 15): later steps are timed on their own
ORIGINAL_LAST_STEP = "resume_edits"


def _admin(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def _child(args: list[str]) -> dict:
    """Run this file in a fresh interpreter; its last output line is a JSON result."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child_setup(url: str, users: int, applications: int) -> dict:
    import analyze_bench

    analyze_bench._django(url)
    started = time.perf_counter()
    analyze_bench.setup(users, applications, seed=1)
    from recruitly.eventlog.models import Event

    counts = {
        f: Event.objects.filter(family=f).count() for f in ("application", "resume", "feedback")
    }
    return {"seconds": time.perf_counter() - started, "events": counts}


def child_bound(url: str) -> dict:
    import analyze_bench
    import eventlog_read

    analyze_bench._django(url)
    typed, _ = eventlog_read._selects()
    started = time.perf_counter()
    frame = eventlog_read._copy_frame(typed)
    return {"seconds": time.perf_counter() - started, "rows": len(frame), "peak_mb": _peak_mb()}


def child_run(url: str, mode: str) -> dict:
    import analyze_bench

    analyze_bench._django(url)
    from django.db import connection

    from learning.models import AnalysisRun, Recommendation
    from learning.services import analysis
    from learning.services.analysis_steps import analysis_data_load

    Recommendation.objects.all().delete()
    AnalysisRun.objects.all().delete()
    connection.close()
    if mode == "memory":  # the former load: every family whole, in memory

        def load(*, window_start, window_end, on_shard=None):
            return analysis_data_load(window_start=window_start, window_end=window_end)

        analysis.analysis_data_stream = load  # type: ignore[assignment]
    baseline = _peak_mb()
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        marks[step] = time.perf_counter() - started

    run = analysis.analysis_run_nightly(window_end=analyze_bench.WINDOW_END, progress=progress)
    assert run is not None
    return {
        "seconds": time.perf_counter() - started,
        "marks": marks,
        "peak_mb": _peak_mb(),
        "before_mb": baseline,
        "status": run.status,
        "load": run.summary.get("load", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--events", type=int, nargs="+", default=[100_000, 300_000, 1_000_000, 3_000_000]
    )
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--memory", action="store_true", help="also run the in-memory load")
    parser.add_argument("--keep", action="store_true", help="keep the analyze_scale_* databases")
    parser.add_argument("--reuse", action="store_true", help="reuse kept databases (no setup)")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--prefix", default=PREFIX, help="of the databases' names")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, url, *rest = args.child
        if kind == "setup":
            result = child_setup(url, int(rest[0]), int(rest[1]))
        elif kind == "bound":
            result = child_bound(url)
        else:
            result = child_run(url, rest[0])
        print(json.dumps(result, default=str))
        return

    from tqdm import tqdm

    modes = ["streamed", *(["memory"] if args.memory else [])]
    rows = []
    bar = tqdm(total=len(args.events) * (2 + len(modes)), unit="phase")
    try:
        for events in args.events:
            name = f"{args.prefix}{events}"
            url = f"{args.server}/{name}"
            if not args.reuse:
                _admin(args.server, f"DROP DATABASE IF EXISTS {name}")
                _admin(args.server, f"CREATE DATABASE {name}")
                bar.set_description(f"{events:,} events: setup")
                setup = _child(["--child", "setup", url, str(args.users), str(events // 2)])
                tqdm.write(f"{events:,}: setup {setup['seconds']:.0f} s, events {setup['events']}")
            bar.update(1)
            bar.set_description(f"{events:,} events: bound")
            bound = _child(["--child", "bound", url])
            bar.update(1)
            for mode in modes:
                bar.set_description(f"{events:,} events: {mode}")
                run = _child(["--child", "run", url, mode])
                bar.update(1)
                original = run["marks"].get(ORIGINAL_LAST_STEP, float("nan"))
                row = {
                    "events": events,
                    "mode": mode,
                    "seconds": run["seconds"],
                    "original": original,
                    "ratio": original / bound["seconds"],
                    "bound": bound["seconds"],
                    "peak_mb": run["peak_mb"],
                    "load": run["load"],
                    "marks": run["marks"],
                }
                rows.append(row)
                tqdm.write(
                    f"{events:,} {mode}: {run['seconds']:.1f} s; load + original steps "
                    f"{original:.1f} s = {row['ratio']:.1f}x the bound ({bound['seconds']:.2f} s); "
                    f"peak {run['peak_mb']:.0f} MB; {run['load']}"
                )
            if not args.keep:
                _admin(args.server, f"DROP DATABASE IF EXISTS {name}")
    finally:
        bar.close()
    print(f"\nload average: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (1 and 5 min)")
    heads = ("total s", "orig s", "bound s", "ratio", "peak MB")
    print(f"{'events':>10} {'mode':<9} " + " ".join(f"{h:>8}" for h in heads))
    for row in rows:
        print(
            f"{row['events']:>10,} {row['mode']:<9} {row['seconds']:>8.1f} {row['original']:>8.1f} "
            f"{row['bound']:>8.2f} {row['ratio']:>8.1f} {row['peak_mb']:>8.0f}"
        )
    streamed = {r["events"]: r["peak_mb"] for r in rows if r["mode"] == "streamed"}
    if 300_000 in streamed and 3_000_000 in streamed:
        print(
            f"peak at 3 M / peak at 300 k (streamed): {streamed[3_000_000] / streamed[300_000]:.2f}"
        )
    for row in rows:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in row["marks"].items())
        print(f"  {row['events']:,} {row['mode']} done at (s): {steps}")


if __name__ == "__main__":
    main()
