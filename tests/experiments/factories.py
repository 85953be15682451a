"""Experiment factories and builders for the experiments test suite."""

from __future__ import annotations

from typing import Any

from experiments.models import Experiment
from experiments.services import experiment_create

THRESHOLD = "strategy.improve_resume_threshold"


def experiment_build(
    *, key: str = "threshold-70", acting_user: Any = None, **overrides: Any
) -> Experiment:
    """A valid draft experiment on the improve-resume threshold (control = today's 75)."""
    fields: dict[str, Any] = {
        "key": key,
        "name": "Lower the improve-resume threshold",
        "component": THRESHOLD,
        "hypothesis": "Lowering IMPROVE_RESUME_FIRST to 70 raises the interview rate",
        "variants": [
            {"key": "control", "value": 75, "weight": 0.5, "is_control": True},
            {"key": "treatment", "value": 70, "weight": 0.5},
        ],
        "primary_metric": "interview_rate",
        "guardrail_metrics": ["days_to_response"],
        "baseline": 0.10,
        "mde_relative": 0.20,
        "rollback_plan": "Roll back to control: everyone returns to the threshold of 75.",
        "acting_user": acting_user,
    }
    fields.update(overrides)
    return experiment_create(**fields)
