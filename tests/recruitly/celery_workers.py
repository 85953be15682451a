"""Real ``celery worker`` processes for tests: started against the configured Redis broker
and the test's PostgreSQL database, each on a queue of its own test run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
READY_SECONDS = 60


def broker_reachable() -> str | None:
    """None when the Redis broker answers a PING; else why not."""
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except Exception as exc:  # any failure to reach it means "skip", with the reason
        return f"{type(exc).__name__}: {exc}"
    return None


def require_broker_and_postgresql() -> None:
    """Skip (with the reason printed by ``-rs``) unless Redis answers and the DB is PostgreSQL."""
    problem = broker_reachable()
    if problem is not None:
        pytest.skip(f"Redis broker {BROKER} unreachable ({problem}): real workers need it")
    if connection.vendor != "postgresql":
        pytest.skip("real workers share the test database only on PostgreSQL (DATABASE_URL)")


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}"
        f":{s['PORT'] or 5432}/{s['NAME']}"
    )


def queue_name(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{time.time_ns()}"


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log: Path

    @property
    def hostname(self) -> str:
        """The worker's node name, as tasks see it (``self.request.hostname``)."""
        return f"{self.name}@{os.uname().nodename}"

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def results(self, task: str) -> list[str]:
        """The return values this worker logged for ``task`` (INFO "succeeded" lines)."""
        pattern = re.compile(rf"Task {re.escape(task)}\[[^\]]+\] succeeded in [\d.e-]+s: (.*)$")
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [m.group(1) for line in lines if (m := pattern.search(line))]


def start_worker(
    name: str,
    queue: str,
    log_dir: Path,
    *,
    app: str = "recruitly",
    env: dict[str, str],
    pool: str = "solo",
) -> Worker:
    """A worker consuming ``queue``; solo pool by default (one process: a SIGKILL kills all
    of it), or ``prefork`` with one pool process."""
    log = log_dir / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", app, "worker", "-Q", queue, "-n", f"{name}@%h",
         "--pool", pool, "--concurrency", "1", "--loglevel", "INFO", "--logfile", str(log),
         "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": queue,  # tasks the worker queues stay in this run
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = Worker(name=name, process=process, log=log)
    wait_for(lambda: _ready(worker), f"worker {name} ready", READY_SECONDS)
    return worker


def _ready(worker: Worker) -> bool:
    assert worker.process.poll() is None, f"worker {worker.name} exited: {_tail(worker.log)}"
    return worker.log.exists() and " ready." in worker.log.read_text()


def _tail(log: Path) -> str:
    return log.read_text()[-2000:] if log.exists() else "(no log)"


def wait_for(condition: Callable[[], bool], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def forget_connections(app) -> None:  # type: ignore[no-untyped-def]
    """Drop the app's cached connection and producer pools: they keep the broker URL and
    queues of their first use (an earlier test in this process), so tasks sent after a
    change of ``broker_url`` would still go there."""
    app._pool = None
    app.amqp._producer_pool = None


def use_broker(queue: str):
    """Send this process's tasks through the broker to ``queue`` (not eagerly); undo after."""
    from recruitly.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    app.conf.task_default_queue = queue
    forget_connections(app)

    def undo() -> None:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = previous
        forget_connections(app)

    return undo
