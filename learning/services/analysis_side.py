"""The night's second core: steps that read only the loaded data, computed in a forked process.

The steps run one after the other in one process, and the load's other core (PostgreSQL's
scan) idles once the data are loaded. So :func:`side_steps_start` forks one process after the
load that computes the pending steps of :data:`SIDE_STEPS` — the heaviest steps that read
nothing but the loaded frames — while this process runs the others; the run takes each side
result when its turn comes in ``STEPS`` order (waiting for it if need be) and records it as
if it had computed it. Progress, the recorded order, crash resume and every number are the
sequential run's: the child runs the same function on the same data (the fork's copy).

The child never touches the database: the connections it inherits are dropped (kept
referenced, so their sockets are neither closed nor written to — they are the parent's
sessions) and opening a new one raises. A side step that queries, fails or cannot be pickled
is answered ``None``, and so is every step of a child that died (killed, out of memory): the
run computes those itself, so the outcome — a result, or the step's own exception with its
traceback — is the sequential one. The child dies with its parent (``PR_SET_PDEATHSIG``) and
is killed when the run ends, so a killed worker leaves nothing behind.

The child is forked with billiard (Celery's own ``multiprocessing``): a Celery prefork worker
is daemonic, and the standard library refuses a daemonic process's children.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import signal
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import billiard
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# The steps worth a core of their own that read only ``AnalysisData`` (no query): at 1 M events
# timing 1.2 s and strategy choices 3.3 s of the night's ~12 s of steps. A step listed here that
# does query is computed by the run itself (the child refuses every connection).
SIDE_STEPS = ("timing", "strategy_choices")

StepResult = tuple[dict[str, Any], list[Any]]
Step = Callable[[Any], StepResult]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class SideQueryError(RuntimeError):
    """A side step asked for the database; the run computes it itself."""


class SideSteps:
    """The forked process computing ``names`` in order; :meth:`take` each, then :meth:`close`."""

    def __init__(self, process: Any, receiver: Any, names: tuple[str, ...]) -> None:
        self.names = names
        self._process = process
        self._receiver = receiver
        self._results: dict[str, StepResult | None] = {}
        self._open = True

    def take(self, name: str) -> StepResult | None:
        """The child's result of ``name`` (waits for it); None: compute it here instead."""
        while name not in self._results and self._open:
            try:
                step, result, failure = self._receiver.recv()
            except (EOFError, OSError):  # the child is gone: the rest is computed here
                self._open = False
                if self._process.exitcode not in (None, 0):
                    logger.warning("analysis side process died (exit %s)", self._process.exitcode)
                break
            if failure:
                logger.warning("side step %s computed by the run instead: %s", step, failure)
            self._results[step] = result
        return self._results.pop(name, None)

    def close(self) -> None:
        """Kill the child if it is still computing (the run failed or ended) and reap it."""
        self._open = False
        self._receiver.close()
        if self._process.is_alive():
            with contextlib.suppress(ProcessLookupError):  # it may just have ended
                os.kill(self._process.pid, signal.SIGKILL)
        self._process.join()

    @property
    def pid(self) -> int:
        return int(self._process.pid)


def side_steps_start(
    data: Any, pending: Iterable[str], steps: Mapping[str, Step]
) -> SideSteps | None:
    """Fork the process computing the pending side steps; None when there is nothing to gain
    (no such step pending, one core, no ``fork``, or ``LEARNING_ANALYSIS_SIDE_PROCESS`` off)."""
    names = tuple(name for name in pending if name in SIDE_STEPS)
    if (
        not names
        or not settings.LEARNING_ANALYSIS_SIDE_PROCESS
        or (os.cpu_count() or 1) < 2
        or "fork" not in billiard.get_all_start_methods()
    ):
        return None
    context = billiard.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    chosen = {name: steps[name] for name in names}
    process = context.Process(
        target=_side_main, args=(sender, data, chosen, os.getpid()), daemon=True
    )
    # the loaded objects move to a generation the collector skips: the child's collections do
    # not write to (and so copy) every page the parent holds
    gc.freeze()
    try:
        process.start()
    except OSError as exc:  # no memory or process slot for the fork: the run computes all
        logger.warning("analysis side process not started: %s", exc)
        receiver.close()
        return None
    finally:
        gc.unfreeze()
        sender.close()
    return SideSteps(process, receiver, names)


def _side_main(sender: Any, data: Any, steps: Mapping[str, Step], parent: int) -> None:
    _die_with(parent)
    _refuse_database()
    for name, step in steps.items():
        try:
            sender.send((name, step(data), None))
        except BaseException as exc:  # any failure: the run computes the step itself
            with contextlib.suppress(Exception):
                sender.send((name, None, f"{type(exc).__name__}: {exc}"))
    sender.close()


def _die_with(parent: int) -> None:
    """SIGKILL this process when the parent dies (Linux); exit if it is already gone."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _refuse_database() -> None:
    """Drop the inherited connections without closing them (they are the parent's sessions:
    closing would end them, a query would interleave with the parent's), and refuse new ones."""
    inherited = []
    for alias in connections:
        wrapper = connections[alias]
        if wrapper.connection is not None:
            inherited.append(wrapper.connection)
            wrapper.connection = None
        wrapper.connect = _refuse  # type: ignore[method-assign]
    _INHERITED.extend(inherited)  # never freed: the child leaves with os._exit


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise SideQueryError("a side step queried the database")


_INHERITED: list[Any] = []
