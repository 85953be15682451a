"""Test worlds for the experiment simulator in :mod:`experiments.simulation`.

Synthetic users without profiles, and a :class:`World` that runs the product simulator on
them. The tests look every 6 simulated hours to stay fast; ``manage.py simulate_experiment``
looks every 30 minutes like the beat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from experiments import simulation
from experiments.models import Analysis, Experiment

STEP = timedelta(hours=6)
# 30 % of candidates visit in each 6-hour step.
VISITS_PER_DAY = 1.43


def users_make(count: int, prefix: str) -> list[Any]:
    model = get_user_model()
    model.objects.bulk_create(
        model(username=f"{prefix}{i}", password="!unusable") for i in range(count)
    )
    return list(model.objects.filter(username__startswith=prefix).order_by("pk"))


def application_event(user: Any, app_id: str, at: datetime, **extra: Any) -> dict[str, Any]:
    event_type = extra.pop("event_type")
    return simulation.application_event(user.username, app_id, at, event_type, **extra)


@dataclass
class World:
    """One simulated experiment: who is enrolled where, with which true interview rates."""

    experiment: Experiment
    users: list[Any]
    rates: dict[str, float]  # variant key → true interview probability
    seed: int = 0
    enrolled: dict[int, str] = field(default_factory=dict)
    analyses: list[Analysis] = field(default_factory=list)

    def run(self, *, days: float, start: datetime) -> None:
        result = simulation.experiment_simulate(
            experiment=self.experiment,
            users=self.users,
            model=simulation.TrueModel(rates=self.rates, visits_per_day=VISITS_PER_DAY),
            start=start,
            days=days,
            seed=self.seed,
            look_every=STEP,
        )
        self.enrolled.update(result.enrolled)
        self.analyses += result.analyses
        self.experiment.refresh_from_db()


def simulation_start(days: float) -> datetime:
    """A start far enough in the past that every simulated event lies before now."""
    return timezone.now() - timedelta(days=days + 3)
