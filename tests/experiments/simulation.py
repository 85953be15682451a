"""A small experiment simulator: synthetic candidates, exposures, outcome events, beat looks.

Candidates visit on a simulated clock; each visit is an exposure that goes through the real
assignment service. Enrolled candidates apply and hear back, with a known interview
probability per variant, as events posted through ``learning.services.events_ingest``. The
periodic analysis runs at every step, exactly as celery beat would call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone

from experiments.models import Experiment
from experiments.services import experiment_assign_many, experiments_analyse
from learning.services import events_ingest

STEP = timedelta(hours=6)


def users_make(count: int, prefix: str) -> list[Any]:
    model = get_user_model()
    model.objects.bulk_create(
        model(username=f"{prefix}{i}", password="!unusable") for i in range(count)
    )
    return list(model.objects.filter(username__startswith=prefix).order_by("pk"))


def application_event(user: Any, app_id: str, at: datetime, **extra: Any) -> dict[str, Any]:
    event_type = extra.pop("event_type")
    return {
        "event_id": f"{event_type}-{app_id}",
        "event_type": event_type,
        "user_id": user.username,
        "timestamp": at.isoformat(),
        "application_id": app_id,
        "job_id": f"job-{app_id}",
        "resume_version_id": "rv-1",
        "context": {
            "strategy_mode": "APPLY_MODE",
            "fit_score": 70,
            "category": "target",
            "job_characteristics": {
                "title": "Backend Engineer",
                "company": "Acme",
                "seniority": "mid",
                "location": "Remote",
            },
            "resume_score": 72,
            "tailoring_applied": False,
        },
        **extra,
    }


@dataclass
class World:
    """One simulated experiment: who is enrolled where, with which true interview rates."""

    experiment: Experiment
    users: list[Any]
    rates: dict[str, float]  # variant key → true interview probability
    seed: int = 0
    visit_share: float = 0.3
    enrolled: dict[int, str] = field(default_factory=dict)
    analyses: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def _outcomes(self, user: Any, variant: str, at: datetime) -> list[dict[str, Any]]:
        app_id = f"{self.experiment.key}-{user.pk}"
        applied = at + timedelta(hours=float(self.rng.uniform(1, 12)))
        events = [application_event(user, app_id, applied, event_type="APPLICATION_SUBMITTED")]
        interview = self.rng.random() < self.rates[variant]
        days = float(self.rng.uniform(0.2, 1.5))
        events.append(
            application_event(
                user,
                app_id,
                applied + timedelta(days=days),
                event_type="STATUS_CHANGED",
                outcome={
                    "status": "interview" if interview else "rejected",
                    "days_to_response": round(days, 3),
                },
            )
        )
        return events

    def step(self, at: datetime) -> None:
        """Some candidates visit (exposure), new enrolments produce outcomes, beat analyses."""
        visiting = [u for u in self.users if self.rng.random() < self.visit_share]
        self.experiment.refresh_from_db()
        assigned = experiment_assign_many(experiment=self.experiment, users=visiting, now=at)
        events = []
        for user in visiting:
            variant = assigned.get(user.pk)
            if variant is not None and user.pk not in self.enrolled:
                self.enrolled[user.pk] = variant.key
                events += self._outcomes(user, variant.key, at)
        if events:
            events_ingest(
                items=events, submitted_by=None, may_post_for_others=True, source="simulator"
            )
        self.analyses += experiments_analyse(now=at, keys=[self.experiment.key])

    def run(self, *, days: float, start: datetime) -> None:
        at = start
        while at < start + timedelta(days=days):
            at += STEP
            self.step(at)
            self.experiment.refresh_from_db()
            if self.experiment.status != "running":
                return


def simulation_start(days: float) -> datetime:
    """A start far enough in the past that every simulated event lies before now."""
    return timezone.now() - timedelta(days=days + 3)
