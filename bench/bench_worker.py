"""A real Celery worker for the benchmarks that time the production path (prefork, Redis)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BenchWorker:
    process: subprocess.Popen
    queue: str  # the run's own queue: tasks the worker queues stay in this run
    log: Path


@contextmanager
def celery_worker(
    *, prefix: str, concurrency: int, broker: str, database_url: str, log: Path
) -> Iterator[BenchWorker]:
    """Start ``celery worker`` with ``concurrency`` prefork processes on a queue of its own,
    point this process's app at it, wait until it answers a ping (not timed by callers), and
    stop it (SIGTERM) at the end."""
    from recruitly.celery import app

    queue = f"{prefix}-{os.getpid()}-{time.time_ns()}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": database_url,
    }
    name = f"{queue}@{os.uname().nodename}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recruitly", "worker", "-Q", queue, "-n", name,
         "--pool", "prefork", "--concurrency", str(concurrency), "--without-gossip",
         "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    app.conf.update(broker_url=broker, task_always_eager=False, task_default_queue=queue)
    try:
        for _ in range(120):
            if app.control.ping(destination=[name], timeout=0.5):
                break
        else:
            raise SystemExit(f"the worker did not start; see {log}")
        yield BenchWorker(process, queue, log)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
