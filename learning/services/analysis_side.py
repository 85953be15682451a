"""The night's second core: work computed in a forked process while the run goes on.

The nightly run is one process, and on the 2-core machine half of its time the other core
only serves PostgreSQL's scans. A :class:`SideProcess` is one forked child computing a fixed
list of jobs in order, each sent back (pickled) as it finishes; the run takes each result
when its turn comes, in its own order, waiting for it if need be. Two users:

* **the load** (:func:`learning.services.analysis_stream.analysis_data_stream`): the child
  reads and reduces every other shard on a connection of its own, while the run does the
  others; the merge takes the states in shard order as before;
* **the steps** (:func:`side_steps_start`): the child computes the pending steps of
  :data:`SIDE_STEPS` — the heaviest that read nothing but the loaded data — or, with a
  session of its own, :data:`SIDE_STEPS_WITH_SESSION`, while the run computes the others and
  records every step in ``STEPS`` order.

The child runs the same function on the same data (the fork's copy), so every number is the
sequential run's. Whatever goes wrong in the child — a job that raises, a result that cannot
be pickled, a step that queries, the child killed or out of memory — :meth:`SideProcess.take`
answers ``None`` and the run computes that job itself: the outcome, a result or the job's own
exception with its traceback, is the sequential one. The child dies with its parent
(``PR_SET_PDEATHSIG``) and is killed when the run is done with it, so a killed worker leaves
nothing behind.

Connections: the ones the child inherits are the parent's sessions. They are dropped without
being closed (kept referenced, so their sockets are neither shut nor written to). The child
then opens its own — only on PostgreSQL and outside a transaction, where a new session sees
the same rows — and closes it when done; elsewhere it refuses every connection.

The child is forked with billiard (Celery's own ``multiprocessing``): a Celery prefork worker's
pool process is daemonic, and the standard library refuses a daemonic process children.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import signal
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import partial
from typing import Any

import billiard
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# The steps worth a core of their own that read only ``AnalysisData`` (no query): at 1 M events
# timing 1.2 s and strategy choices 3.3 s of the night's ~12 s of steps. A step listed here that
# does query is computed by the run itself (the child refuses every connection).
SIDE_STEPS = ("timing", "strategy_choices")
# With a session of its own (PostgreSQL, outside a transaction) the child takes resume edits
# (1.4 s; it reads the logged randomised arms) instead of timing: the run's share before
# resume_edits's turn is then cohorts ... timing (2.2 s alone) against the child's 1.4 s, where
# it was 1.1 s with the child's 1.2 s and resume_edits after both.
SIDE_STEPS_WITH_SESSION = ("resume_edits", "strategy_choices")

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# How long a child that sent every result may take to close its session and exit.
FINISH_SECONDS = 5.0


class SideQueryError(RuntimeError):
    """A job of a child without database asked for one; the run computes it itself."""


class SideProcess:
    """The forked process computing ``keys`` in order; :meth:`take` each, then :meth:`close`."""

    def __init__(self, process: Any, receiver: Any, keys: tuple[Hashable, ...]) -> None:
        self.keys = keys
        self._process = process
        self._receiver = receiver
        self._results: dict[Hashable, Any] = {}
        self._taken = 0
        self._open = True

    def take(self, key: Hashable) -> Any:
        """The child's result of ``key`` (waits for it); None: compute it here instead."""
        while key not in self._results and self._open:
            try:
                done, result, failure = self._receiver.recv()
            except (EOFError, OSError):  # the child is gone: the rest is computed here
                self._open = False
                self._process.join(timeout=1)
                if self._process.exitcode not in (None, 0):
                    logger.warning("analysis side process died (exit %s)", self._process.exitcode)
                break
            if failure:
                logger.warning("side job %s computed by the run instead: %s", done, failure)
            self._results[done] = result
        self._taken += 1
        return self._results.pop(key, None)

    def close(self) -> None:
        """Kill the child if it is still computing (the run failed or is done) and reap it."""
        self._open = False
        self._receiver.close()
        if self._taken >= len(self.keys):  # all taken: a child still alive is closing its session
            self._process.join(timeout=FINISH_SECONDS)
        if self._process.is_alive():
            with contextlib.suppress(ProcessLookupError):  # it may just have ended
                os.kill(self._process.pid, signal.SIGKILL)
        self._process.join()

    @property
    def pid(self) -> int:
        return int(self._process.pid)


def side_process_start(
    jobs: Mapping[Any, Callable[[], Any]], *, database: bool
) -> SideProcess | None:
    """Fork the process computing ``jobs`` in order; None when there is nothing to gain or it
    cannot be done: no job, one core, no ``fork``, ``LEARNING_ANALYSIS_SIDE_PROCESS`` off, or
    (``database``) not PostgreSQL or inside a transaction, whose rows a new session would not
    see. None also when the fork fails: the run then computes every job itself."""
    if (
        not jobs
        or not settings.LEARNING_ANALYSIS_SIDE_PROCESS
        or _cores() < 2
        or "fork" not in billiard.get_all_start_methods()
        or (database and not _new_session_sees_the_same())
    ):
        return None
    context = billiard.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_side_main, args=(sender, dict(jobs), os.getpid(), database), daemon=True
    )
    # the loaded objects move to a generation the collector skips: the child's collections do
    # not write to (and so copy) every page the parent holds
    gc.freeze()
    try:
        process.start()
    except OSError as exc:  # no memory or process slot for the fork
        logger.warning("analysis side process not started: %s", exc)
        receiver.close()
        return None
    finally:
        gc.unfreeze()
        sender.close()
    return SideProcess(process, receiver, tuple(jobs))


def side_steps_start(
    data: Any, pending: Iterable[str], steps: Mapping[str, Callable[[Any], Any]]
) -> SideProcess | None:
    """The side process of the pending side steps: :data:`SIDE_STEPS_WITH_SESSION` where a
    session of its own sees the run's rows, else :data:`SIDE_STEPS` with no database."""
    database = _new_session_sees_the_same()
    chosen = SIDE_STEPS_WITH_SESSION if database else SIDE_STEPS
    pending = set(pending)
    jobs = {name: partial(steps[name], data) for name in chosen if name in pending}
    return side_process_start(jobs, database=database)


def _cores() -> int:
    return os.cpu_count() or 1


def _new_session_sees_the_same() -> bool:
    return connections["default"].vendor == "postgresql" and not any(
        wrapper.in_atomic_block for wrapper in connections.all(initialized_only=True)
    )


def _side_main(
    sender: Any, jobs: Mapping[Any, Callable[[], Any]], parent: int, database: bool
) -> None:
    _die_with(parent)
    _drop_inherited_connections(refuse_new=not database)
    try:
        for key, job in jobs.items():
            try:
                sender.send((key, job(), None))
            except BaseException as exc:  # any failure: the run computes the job itself
                with contextlib.suppress(Exception):
                    sender.send((key, None, f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()
        for wrapper in connections.all(initialized_only=True):  # the child's own sessions
            with contextlib.suppress(Exception):
                wrapper.close()


def _die_with(parent: int) -> None:
    """SIGKILL this process when the parent dies (Linux); exit if it is already gone."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _drop_inherited_connections(*, refuse_new: bool) -> None:
    """Forget the parent's sessions without closing them (closing would end them, a query
    would interleave with the parent's); with ``refuse_new`` opening another raises."""
    for alias in connections:
        wrapper = connections[alias]
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)  # never freed: the child ends with os._exit
            wrapper.connection = None
        if refuse_new:
            wrapper.connect = _refuse  # type: ignore[method-assign]


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise SideQueryError("this side process has no database")


_INHERITED: list[Any] = []
