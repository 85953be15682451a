"""The analysis's side process inside a real prefork worker, whose pool processes are daemonic
(the standard library's ``multiprocessing`` refuses them children; billiard does not). The
worker needs what :func:`tests.recruitly.celery_workers.require_broker_and_postgresql` checks.
"""

from __future__ import annotations

import re

import pytest

from tests.recruitly.celery_workers import (
    queue_name,
    require_broker_and_postgresql,
    start_worker,
    use_broker,
    wait_for,
)

pytestmark = [pytest.mark.celery_worker]


@pytest.mark.django_db
def test_a_prefork_pool_process_forks_the_side_process(tmp_path) -> None:
    require_broker_and_postgresql()
    queue = queue_name("side")
    worker = start_worker(
        "side", queue, tmp_path, app="tests.recruitly.side_app", env={}, pool="prefork"
    )
    undo = use_broker(queue)
    try:
        from recruitly.celery import app

        app.send_task("tests.side_probe", queue=queue)
        wait_for(lambda: worker.results("tests.side_probe"), "the probe's result", 60)
    finally:
        undo()
        worker.stop()
    (result,) = worker.results("tests.side_probe")
    found = re.fullmatch(r"'worker (\d+) side (\d+) computed (\d+)'", result)
    assert found, result
    pool_process, side, computed = (int(g) for g in found.groups())
    assert computed == side != pool_process  # the step ran in the side process
    assert pool_process != worker.process.pid  # in a pool process, not the main one
