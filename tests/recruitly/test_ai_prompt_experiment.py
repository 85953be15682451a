"""A candidate prompt goes live only through the experiments app: a planted +5-point approval
lift (75 % → 80 %) is detected and shipped by the 30-minute analysis task (the beat's
production path); with no lift nothing ships. Dates pinned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import time_machine

from experiments.models import Assignment, Experiment, ExperimentStatus
from experiments.services import experiment_start
from experiments.tasks import analyse_experiments
from learning.ai.training.candidates import prompt_candidate_propose
from recruitly.eventlog.models import Event
from recruitly.spine.resolver import resolve
from tests.experiments.simulation import users_make
from tests.factories import CandidateProfileFactory
from tests.recruitly.test_ai_finetune import _approved

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
USERS_PER_ARM, RATINGS_PER_USER = 800, 10


def _candidate_started() -> Experiment:
    _approved(30)
    CandidateProfileFactory()
    with time_machine.travel(START, tick=False):
        experiment = prompt_candidate_propose("job_reasoning", now=START)
        assert experiment is not None
        return experiment_start(experiment=experiment, acting_user=None, now=START)


def _plant(experiment: Experiment, rates: dict[str, float], seed: int) -> None:
    rng = np.random.default_rng(seed)
    variants = {v.key: v for v in experiment.variants.all()}
    assignments, events = [], []
    for key, rate in rates.items():
        for i, user in enumerate(users_make(USERS_PER_ARM, f"{key}{seed}-")):
            exposed = START + timedelta(hours=1, seconds=i)
            assignments.append(
                Assignment(
                    experiment=experiment,
                    variant=variants[key],
                    user=user,
                    bucket=0.5,
                    first_exposed_at=exposed,
                )
            )
            for r in range(RATINGS_PER_USER):
                events.append(Event(
                    event_id=f"{key}-{user.pk}-{r}", event_type="AI_RESPONSE_RATED",
                    family="ai_feedback", user=user, source="simulator",
                    occurred_at=exposed + timedelta(hours=2, minutes=r),
                    payload={"interaction_id": str(r), "action_type": "job_reasoning",
                             "rating": "up" if rng.random() < rate else "down",
                             "model": "gpt-4o-mini", "prompt_version": f"variant-{key}"},
                ))  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    Event.objects.bulk_create(events, batch_size=2000)


def _analyse_a_week_later() -> None:
    with time_machine.travel(START + timedelta(days=8, hours=2), tick=False):
        analyse_experiments.delay()


def test_a_planted_five_point_lift_is_detected_and_shipped():
    experiment = _candidate_started()
    candidate = experiment.variants.get(key="candidate").value
    _plant(experiment, {"control": 0.75, "candidate": 0.80}, seed=5)
    _analyse_a_week_later()
    experiment.refresh_from_db()
    analysis = experiment.analyses.get()
    assert analysis.action == "ship", analysis.reasons
    primary = analysis.results[0]
    assert primary["metric"] == "thumbs_up_share"
    means = {v["variant"]: v["mean"] for v in primary["variants"]}
    assert means["candidate"] - means["control"] == pytest.approx(0.05, abs=0.02)
    assert experiment.status == ExperimentStatus.COMPLETED
    assert experiment.winner.key == "candidate"
    live = resolve("prompts.job_reasoning")
    assert live.value == candidate and live.version is not None
    assert live.version.source == "experiment"


def test_without_a_lift_nothing_ships():
    experiment = _candidate_started()
    control = experiment.variants.get(key="control").value
    _plant(experiment, {"control": 0.75, "candidate": 0.75}, seed=6)
    _analyse_a_week_later()
    experiment.refresh_from_db()
    assert experiment.analyses.get().action != "ship"
    assert experiment.status != ExperimentStatus.COMPLETED
    assert resolve("prompts.job_reasoning").value == control
