"""Nightly steps of the advanced engines, and the reader of their last stored results.

Each step returns a JSON-safe summary (stored by the run service in the run's ``progress``)
and no parameter findings: these engines inform the pages and the candidates, they do not
change parameters. :func:`latest_result` reads the newest finished summary of a step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

from learning.models import AnalysisRun
from learning.services.advanced_dna import library_build
from learning.services.advanced_market import market_build, temporal_build, temporal_summary

if TYPE_CHECKING:
    from learning.optimizers.findings import Finding
    from learning.services.analysis_steps import AnalysisData

RESUME_DNA = "resume_dna"
MARKET_INTELLIGENCE = "market_intelligence"
TEMPORAL = "temporal"


def step_resume_dna(data: AnalysisData) -> tuple[dict[str, Any], list[Finding]]:
    library, counts = library_build(data.aggregate_mature, k=settings.LEARNING_MIN_GROUP_SIZE)
    return {"counts": counts, "library": library.as_dict() if library else None}, []


def step_market_intelligence(data: AnalysisData) -> tuple[dict[str, Any], list[Finding]]:
    report = market_build(
        data.aggregate_mature, end=data.window_end, k=settings.LEARNING_MIN_GROUP_SIZE
    )
    return {"report": report.as_dict()}, []


def step_temporal(data: AnalysisData) -> tuple[dict[str, Any], list[Finding]]:
    return temporal_summary(temporal_build(data.window_end)), []


STEPS: dict[str, Callable[[AnalysisData], tuple[dict[str, Any], list[Finding]]]] = {
    RESUME_DNA: step_resume_dna,
    MARKET_INTELLIGENCE: step_market_intelligence,
    TEMPORAL: step_temporal,
}


def latest_result(step: str) -> tuple[dict[str, Any] | None, datetime | None]:
    """(summary, window end) of the newest run that finished ``step``; (None, None) if none."""
    run = (
        AnalysisRun.objects.filter(progress__has_key=step)
        .order_by("-window_end", "-pk")
        .only("progress", "window_end")
        .first()
    )
    if run is None:
        return None, None
    return run.progress[step].get("summary"), run.window_end
