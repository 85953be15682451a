"""The platform's Celery app with one analysis step that hangs: a worker to SIGKILL mid-run.

``celery -A tests.recruitly.crash_app worker`` runs the real tasks; only the ``cohorts`` step
of the nightly analysis announces itself (``cohorts-started`` in ``TEST_MARK_DIR``) and then
waits, so a test can kill the worker knowing that the steps before it are recorded and the
run is in the middle.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import django

from recruitly.celery import app

django.setup()

from learning.services import analysis_steps  # noqa: E402  (needs the apps loaded)

HANG_SECONDS = 600
HANGING_STEP = "cohorts"


def _hang(data: analysis_steps.AnalysisData) -> analysis_steps.StepResult:
    (Path(os.environ["TEST_MARK_DIR"]) / f"{HANGING_STEP}-started").touch()
    time.sleep(HANG_SECONDS)
    raise AssertionError("the test kills this worker before the step returns")


analysis_steps.STEPS[HANGING_STEP] = _hang

__all__ = ["app"]
