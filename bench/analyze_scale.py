"""The nightly analysis at 100 k, 300 k, 1 M and 3 M events: time and peak memory, PostgreSQL.

    .venv/bin/python bench/analyze_scale.py [--events 100000 300000 1000000 3000000]
        [--users 50000] [--memory] [--workers N] [--keep] [--reuse] [--repeat N]
        [--prefix analyze_scale_]
        [--server postgresql://postgres@127.0.0.1:5432] [--broker redis://127.0.0.1:6379/0]

For each size, a database of its own (``analyze_scale_<events>``, created here and dropped at
the end unless ``--keep``) gets ``bench/analyze_bench.py``'s event log, COPYed (not timed): every
application one APPLICATION_SUBMITTED and one STATUS_CHANGED event, so ``--events`` application
events are ``events / 2`` applications, from a fixed number of users (50,000; the resume
and feedback events of those users come on top). Then, each in a fresh process:

* the bound: one ``COPY`` of the application events' analysis columns into pandas; then the
  tighter bound, the same COPY parsed as it arrives and typed by column (the reader's way);
* ``analysis_run_nightly`` end to end, streamed in one process; with ``--memory`` also the
  same run on the former in-memory load (``analysis_data_load``) for comparison;
* with ``--workers N``, what the beat job runs: the ``learning.analysis_nightly`` task sent to
  a real Celery worker (prefork, ``N`` processes, Redis broker, a queue of its own) that fans
  the shards out as ``learning.analysis_shard`` tasks; the last shard merges and runs the
  steps. Timed from the send until the run is DONE (the worker's start is not timed); the
  peak is the largest worker process's ``ru_maxrss``. Keep it at or below 1 M events on the
  shared machine.

With ``--repeat N`` the bound and the runs alternate N times; the best of each and the median
of the pairs' ratios are printed too (the machine's speed moves between runs). Printed per
size and run: wall time, the time to the end of the steps the issue's table
measured (load, users ... resume_edits) and its ratio to each bound, and the process's peak
resident memory (``ru_maxrss``: the whole process, Django and the libraries included); with
the side process (``learning.services.analysis_side``) also its own ``ru_maxrss`` and, sampled
every 20 ms, this process's resident memory plus the side process's private pages (the pages
they share after the fork counted once), never less than this process's peak.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
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


class MemorySampler:
    """The night's footprint on the machine, sampled every 20 ms: this process's resident
    memory plus its children's private pages (the side process's own; the pages it shares
    with this process after the fork are counted once, here)."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(self.every):
            with open("/proc/self/statm") as statm:
                total = int(statm.read().split()[1]) * page
            for child in _children():
                total += _private_bytes(child)
            self.peak_mb = max(self.peak_mb, total / 2**20)


def _children() -> list[int]:
    pids: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _private_bytes(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # ended between the listing and the read
        return 0
    fields = dict(line.split(":", 1) for line in text.splitlines()[1:])
    return sum(int(fields[k].split()[0]) * 1024 for k in ("Private_Clean", "Private_Dirty"))


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
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    eventlog_read._copy_frame_streamed(typed)
    streamed = time.perf_counter() - started
    return {"seconds": seconds, "streamed": streamed, "rows": len(frame), "peak_mb": _peak_mb()}


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

    with MemorySampler() as sampler:
        run = analysis.analysis_run_nightly(window_end=analyze_bench.WINDOW_END, progress=progress)
    assert run is not None
    return {
        "seconds": time.perf_counter() - started,
        "marks": marks,
        "peak_mb": _peak_mb(),
        "side_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "combined_mb": max(sampler.peak_mb, _peak_mb()),
        "before_mb": baseline,
        "status": run.status,
        "load": run.summary.get("load", {}),
    }


def child_workers(url: str, concurrency: int, broker: str) -> dict:
    """The nightly task on a real worker of ``concurrency`` processes (see the docstring)."""
    import tempfile

    import analyze_bench
    from bench_worker import celery_worker

    analyze_bench._django(url)
    from learning.models import AnalysisRun, AnalysisStatus, Recommendation
    from recruitly.celery import app

    Recommendation.objects.all().delete()
    AnalysisRun.objects.all().delete()
    log = Path(tempfile.mkdtemp(prefix="analyze-scale-")) / "worker.log"
    status = "timeout"
    with celery_worker(
        prefix="analyze-scale", concurrency=concurrency, broker=broker, database_url=url, log=log
    ) as worker:
        queue = worker.queue
        started = time.perf_counter()
        app.send_task(
            "learning.analysis_nightly", args=[analyze_bench.WINDOW_END.isoformat()], queue=queue
        )
        marks: dict[str, float] = {}  # as polled (0.1 s): shards stored, then each step
        while time.perf_counter() - started < 1800:
            time.sleep(0.1)
            run = AnalysisRun.objects.filter(window_end=analyze_bench.WINDOW_END).first()
            if run is None:
                continue
            now = time.perf_counter() - started
            if run.status == AnalysisStatus.SHARDED:
                marks.setdefault("sharded", now)
            elif "sharded" in marks:
                marks.setdefault("load", now)
            for step in run.progress:
                marks.setdefault(step, now)
            if run.status in (AnalysisStatus.DONE, AnalysisStatus.FAILED):
                status = run.status
                break
        elapsed = time.perf_counter() - started
    if status != AnalysisStatus.DONE:
        raise SystemExit(f"the run ended {status}; see {log}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": elapsed,
        "marks": marks,
        "peak_mb": children,
        "status": status,
        "load": run.summary.get("load", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--events", type=int, nargs="+", default=[100_000, 300_000, 1_000_000, 3_000_000]
    )
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--memory", action="store_true", help="also run the in-memory load")
    parser.add_argument(
        "--workers", type=int, default=0, help="also run the nightly task on a Celery worker"
    )
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--keep", action="store_true", help="keep the analyze_scale_* databases")
    parser.add_argument("--reuse", action="store_true", help="reuse kept databases (no setup)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="bound and runs this many times, interleaved; the best of each is compared too",
    )
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
        elif kind == "workers":
            result = child_workers(url, int(rest[0]), rest[1])
        else:
            result = child_run(url, rest[0])
        print(json.dumps(result, default=str))
        return

    from tqdm import tqdm

    modes = [
        "streamed",
        *(["memory"] if args.memory else []),
        *([f"workers={args.workers}"] if args.workers else []),
    ]
    rows = []
    bar = tqdm(total=len(args.events) * (1 + args.repeat * (1 + len(modes))), unit="phase")
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
            for repeat in range(args.repeat):
                bar.set_description(f"{events:,} events: bound")
                bound = _child(["--child", "bound", url])
                bar.update(1)
                for mode in modes:
                    bar.set_description(f"{events:,} events: {mode}")
                    if mode.startswith("workers="):
                        run = _child(["--child", "workers", url, str(args.workers), args.broker])
                    else:
                        run = _child(["--child", "run", url, mode])
                    bar.update(1)
                    row = _row(events, mode, repeat, run, bound)
                    rows.append(row)
                    tqdm.write(
                        f"{events:,} {mode} #{repeat + 1}: {run['seconds']:.1f} s "
                        f"({os.getloadavg()[0]:.1f} load); load + original steps "
                        f"{row['original']:.1f} s = {row['ratio']:.1f}x the bound "
                        f"({bound['seconds']:.2f} s), {row['tight']:.1f}x the tighter bound "
                        f"({bound['streamed']:.2f} s); peak {run['peak_mb']:.0f} MB"
                        f"{_side(run)}; {run['load']}"
                    )
            if not args.keep:
                _admin(args.server, f"DROP DATABASE IF EXISTS {name}")
    finally:
        bar.close()
    print(f"\nload average: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (1 and 5 min)")
    heads = ("total s", "orig s", "bound s", "ratio", "tight s", "ratio", "peak MB", "+side MB")
    print(f"{'events':>10} {'mode':<11} {'#':>2} " + " ".join(f"{h:>8}" for h in heads))
    for row in rows:
        print(
            f"{row['events']:>10,} {row['mode']:<11} {row['repeat'] + 1:>2} {row['seconds']:>8.1f} "
            f"{row['original']:>8.1f} {row['bound']:>8.2f} {row['ratio']:>8.1f} "
            f"{row['streamed']:>8.2f} {row['tight']:>8.1f} {row['peak_mb']:>8.0f} "
            f"{row['combined_mb']:>8.0f}"
        )
    if args.repeat > 1:
        print("best of each (the fastest run / the fastest bound) and the median of the pairs:")
        for (events, mode), group in itertools.groupby(
            rows, key=lambda r: (r["events"], r["mode"])
        ):
            group = list(group)
            best = min(r["original"] for r in group)
            plain, tight = min(r["bound"] for r in group), min(r["streamed"] for r in group)
            print(
                f"  {events:,} {mode}: {best:.1f} s = {best / plain:.2f}x the bound "
                f"({plain:.2f} s), {best / tight:.2f}x the tighter bound ({tight:.2f} s); "
                f"median of the pairs "
                f"{statistics.median(r['ratio'] for r in group):.2f}x and "
                f"{statistics.median(r['tight'] for r in group):.2f}x"
            )
    for key, what in (("peak_mb", "this process"), ("combined_mb", "with the side process")):
        streamed = {r["events"]: r[key] for r in rows if r["mode"] == "streamed"}
        if 300_000 in streamed and 3_000_000 in streamed:
            print(
                f"peak at 3 M / peak at 300 k (streamed, {what}): "
                f"{streamed[3_000_000] / streamed[300_000]:.2f}"
            )
    for row in rows:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in row["marks"].items())
        print(f"  {row['events']:,} {row['mode']} #{row['repeat'] + 1} done at (s): {steps}")


def _side(run: dict) -> str:
    if not run.get("side_mb"):
        return ""
    return (
        f" (side process {run['side_mb']:.0f} MB; this process + the side's private pages "
        f"{run['combined_mb']:.0f} MB)"
    )


def _row(events: int, mode: str, repeat: int, run: dict, bound: dict) -> dict:
    original = run["marks"].get(ORIGINAL_LAST_STEP, float("nan"))
    return {
        "events": events,
        "mode": mode,
        "repeat": repeat,
        "seconds": run["seconds"],
        "original": original,
        "ratio": original / bound["seconds"],
        "bound": bound["seconds"],
        "tight": original / bound["streamed"],
        "streamed": bound["streamed"],
        "peak_mb": run["peak_mb"],
        "combined_mb": run.get("combined_mb") or run["peak_mb"],
        "load": run["load"],
        "marks": run["marks"],
    }


if __name__ == "__main__":
    main()
