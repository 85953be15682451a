"""Thin Celery tasks of the experiments app."""

from __future__ import annotations

from celery import shared_task

from experiments.services import experiments_analyse
from recruitly.task_policy import RETRY, limits


@shared_task(name="experiments.analyse_experiments", **RETRY, **limits(10 * 60))
def analyse_experiments() -> dict[str, int]:
    """The 30-minute beat analysis of every running experiment (idempotent per window)."""
    analyses = experiments_analyse()
    actions: dict[str, int] = {}
    for analysis in analyses:
        actions[analysis.action] = actions.get(analysis.action, 0) + 1
    return actions
