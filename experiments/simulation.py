# ruff: noqa: RUF002 -- the true model is written in mathematical notation
"""Run a started experiment on simulated candidate behaviour, through the production path.

Used by ``manage.py simulate_experiment``, the demo and the end-to-end tests. Given a running
experiment and existing users, it simulates their visits on a clock of analysis looks and
lets the real services do everything else: assignment, event ingestion, the periodic
analysis and the automatic decisions it takes (advance 10 → 50 → 100 %, ship, roll back,
conclude).

The true model (documented, and the only thing the simulation decides):

* The clock starts at ``start`` and advances by ``look_every`` (30 minutes, the beat's
  window, by default). At each tick every candidate visits with probability
  ``1 − exp(−visits_per_day · tick in days)``, drawn in user-id order from one
  ``numpy`` generator seeded with ``seed``: the same inputs give the same run.
* A visit is an exposure: the experiment's component is resolved for the candidate through
  the resolver's hook (:func:`experiments.services.component_variant`) at the simulated
  time, which enrols them by the salted hash (coverage, rollout stage, opt-out and
  namespaces respected) and records the exposure. Assignments are sticky and the hash is
  deterministic, so a visit is only resolved when its answer could differ from the last one
  (the candidate is not enrolled and the rollout stage moved since they were last seen).
* An enrolled candidate submits ``applications`` applications: the first 1–12 hours after
  their first exposure, each later one 0.25–1 day after the previous. Each is answered
  0.2–1.5 days later: an interview with probability ``rates[variant]`` (the known true
  effect), otherwise a rejection. They are written as APPLICATION_SUBMITTED and
  STATUS_CHANGED events through :func:`recruitly.eventlog.ingest.events_ingest` (source
  ``simulator``); an event later than the end of the simulated timeline (``start + days``,
  the simulated present) has not happened yet and is not written.
* After the exposures and events of a tick, the periodic analysis
  (:func:`experiments.services.experiments_analyse`) runs at the tick's time, exactly as
  celery beat calls it, and carries out its decision. The run ends when the experiment
  stops running or after ``days``.

The candidates' other events (a world built by ``manage.py simulate``) keep counting in the
metrics, as they would in production: randomisation spreads them evenly over the arms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth.models import User

from experiments.models import Analysis, Experiment, ExperimentStatus
from experiments.selectors import opted_out_user_ids
from experiments.services import component_variant, experiments_analyse
from experiments.services.analysis import WINDOW
from recruitly.eventlog.ingest import events_ingest

# Hours from first exposure to the first application, and days between applications and
# from an application to the employer's answer: an active search with quick answers, so a
# few simulated days already carry outcomes for the analysis to act on.
FIRST_APPLICATION_HOURS = (1.0, 12.0)
APPLICATION_GAP_DAYS = (0.25, 1.0)
RESPONSE_DAYS = (0.2, 1.5)
# Events per events_ingest call: well under EVENT_BATCH_LIMIT.
INGEST_BATCH = 500

Progress = Callable[[int], None]


@dataclass(frozen=True)
class TrueModel:
    """The known truth of one simulated experiment."""

    rates: Mapping[str, float]  # variant key → interview probability of one application
    visits_per_day: float = 1.5
    applications: int = 1  # per enrolled candidate

    def __post_init__(self) -> None:
        if not all(0 <= r <= 1 for r in self.rates.values()):
            raise ValueError("interview probabilities must lie in [0, 1]")
        if self.visits_per_day <= 0 or self.applications < 1:
            raise ValueError("visits_per_day must be positive and applications at least 1")


@dataclass
class SimulationRun:
    """What happened: enrolments per variant, events written and every analysis (in order)."""

    experiment: Experiment
    enrolled: dict[int, str] = field(default_factory=dict)  # user pk → variant key
    candidates: int = 0
    opted_out: int = 0
    events_written: int = 0
    analyses: list[Analysis] = field(default_factory=list)

    def enrolled_per_variant(self) -> dict[str, int]:
        counts = {v.key: 0 for v in self.experiment.variants.all()}
        for key in self.enrolled.values():
            counts[key] += 1
        return counts


def interview_rates(experiment: Experiment, *, baseline: float, effect: float) -> dict[str, float]:
    """Control at ``baseline``, every treatment at ``baseline · (1 + effect)`` (capped at 1)."""
    treated = min(1.0, max(0.0, baseline * (1 + effect)))
    return {v.key: baseline if v.is_control else treated for v in experiment.variants.all()}


def application_event(
    username: str, application_id: str, at: datetime, event_type: str, **extra: Any
) -> dict[str, Any]:
    """One application event in the schema of ``recruitly/eventlog/schemas.py``."""
    return {
        "event_id": f"{event_type}-{application_id}",
        "event_type": event_type,
        "user_id": username,
        "timestamp": at.isoformat(),
        "application_id": application_id,
        "job_id": f"job-{application_id}",
        "resume_version_id": f"rv-{username}",
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


class _Simulator:
    def __init__(
        self,
        experiment: Experiment,
        users: Sequence[User],
        model: TrueModel,
        seed: int,
        look_every: timedelta,
        horizon: datetime,
    ) -> None:
        self.run = SimulationRun(experiment)
        self.users = sorted(users, key=lambda u: u.pk)
        self.model = model
        self.rng = np.random.default_rng(seed)
        self.visit_p = -math.expm1(-model.visits_per_day * look_every / timedelta(days=1))
        self.seen_at_stage: dict[int, int] = {}  # user pk → stage at their last resolve
        # The simulated present: the timeline is explicit, never the wall clock.
        self.horizon = horizon

    def _uniform(self, bounds: tuple[float, float]) -> float:
        return float(self.rng.uniform(*bounds))

    def _outcomes(self, user: User, variant: str, at: datetime) -> list[dict]:
        events = []
        applied = at + timedelta(hours=self._uniform(FIRST_APPLICATION_HOURS))
        for n in range(self.model.applications):
            if n:
                applied += timedelta(days=self._uniform(APPLICATION_GAP_DAYS))
            app_id = f"{self.run.experiment.key}-{user.pk}-{n}"
            interview = bool(self.rng.random() < self.model.rates[variant])
            days = self._uniform(RESPONSE_DAYS)
            name = user.get_username()
            events.append(application_event(name, app_id, applied, "APPLICATION_SUBMITTED"))
            events.append(
                application_event(
                    name,
                    app_id,
                    applied + timedelta(days=days),
                    "STATUS_CHANGED",
                    outcome={
                        "status": "interview" if interview else "rejected",
                        "days_to_response": round(days, 3),
                    },
                )
            )
        return [e for e in events if datetime.fromisoformat(e["timestamp"]) <= self.horizon]

    def _expose(self, user: User, at: datetime) -> list[dict]:
        experiment = self.run.experiment
        if user.pk in self.run.enrolled or self.seen_at_stage.get(user.pk) == (
            experiment.rollout_stage
        ):
            return []
        self.seen_at_stage[user.pk] = experiment.rollout_stage
        variant = component_variant(component=experiment.component, user=user, now=at)
        if variant is None or variant.experiment_id != experiment.pk:
            return []
        self.run.enrolled[user.pk] = variant.key
        return self._outcomes(user, variant.key, at)

    def _write(self, events: list[dict]) -> None:
        for i in range(0, len(events), INGEST_BATCH):
            result = events_ingest(
                items=events[i : i + INGEST_BATCH],
                submitted_by=None,
                may_post_for_others=True,
                source="simulator",
            )
            rejected = [r for r in result.results if r.status == "rejected"]
            if rejected:
                # The simulator writes only schema-valid events: a rejection is a bug here.
                raise RuntimeError(f"simulated events rejected: {rejected[0].as_dict()}")
            self.run.events_written += result.count("stored")

    def tick(self, at: datetime) -> None:
        """Visits (exposures) and their outcomes, then the periodic analysis at ``at``."""
        visits = self.rng.random(len(self.users)) < self.visit_p
        events: list[dict] = []
        for user, visits_now in zip(self.users, visits, strict=True):
            if visits_now:
                events += self._expose(user, at)
        self._write(events)
        self.run.analyses += experiments_analyse(now=at, keys=[self.run.experiment.key])
        self.run.experiment.refresh_from_db()


def experiment_simulate(
    *,
    experiment: Experiment,
    users: Iterable[User],
    model: TrueModel,
    start: datetime,
    days: float,
    seed: int = 0,
    look_every: timedelta = WINDOW,
    progress: Progress | None = None,
) -> SimulationRun:
    """Simulate ``days`` of a running experiment from ``start`` (see the module's true model).

    Deterministic for a seed, given the same users and database. Returns when the experiment
    stops running (shipped, rolled back, concluded) or the days are over; a still-running
    experiment keeps running. ``start + days`` is the simulated present: it must not lie in
    the real future (event ingestion refuses future events). Raises ValueError unless the
    experiment is running.
    """
    experiment.refresh_from_db()
    if experiment.status != ExperimentStatus.RUNNING:
        raise ValueError(f"experiment {experiment.key} is {experiment.status}, not running")
    if set(model.rates) != {v.key for v in experiment.variants.all()}:
        raise ValueError("the true model needs an interview probability for every variant")
    users = list(users)
    at, end = start, start + timedelta(days=days)
    simulator = _Simulator(experiment, users, model, seed, look_every, horizon=end)
    simulator.run.candidates = len(users)
    simulator.run.opted_out = _opted_out_count(users)
    while at < end and simulator.run.experiment.status == ExperimentStatus.RUNNING:
        at += look_every
        simulator.tick(at)
        if progress:
            progress(1)
    return simulator.run


def _opted_out_count(users: list[User]) -> int:
    return len(opted_out_user_ids(user_ids=[u.pk for u in users]))
