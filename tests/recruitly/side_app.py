"""The platform's Celery app with one probe task: the analysis's side process in a worker.

``celery -A tests.recruitly.side_app worker --pool prefork`` runs the probe in a pool process
(daemonic, like every prefork child); the probe forks the side process there as the nightly
run does and returns which process computed the side step.
"""

from __future__ import annotations

import os

import django

from recruitly.celery import app

django.setup()

from learning.services import analysis_side  # noqa: E402  (needs the apps)
from learning.services.analysis_side import side_process_start  # noqa: E402

analysis_side._cores = lambda: 2  # forked on any machine


def _own_pid() -> tuple[dict[str, int], list]:
    return {"pid": os.getpid()}, []


@app.task(name="tests.side_probe")
def side_probe() -> str:
    side = side_process_start({"timing": _own_pid}, database=False)
    if side is None:
        return "no side process"
    try:
        result = side.take("timing")
    finally:
        side.close()
    computed = "nothing" if result is None else result[0]["pid"]
    return f"worker {os.getpid()} side {side.pid} computed {computed}"


__all__ = ["app"]
