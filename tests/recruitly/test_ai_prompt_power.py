"""How often the experiments' decision rule ships a candidate prompt: with a +5-point approval
lift (75 % → 80 %, 800 candidates per arm, 10 rated answers each) and with none (A/A).

The production evaluation (:func:`experiments.services.analysis.experiment_evaluate`) runs on
simulated frames, so hundreds of replications take seconds. Figures are printed
(``pytest -s``) and quoted in the README; ``AI_POWER_REPLICATIONS`` and ``AI_POWER_USERS``
change the replications (40) and candidates per arm (800)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from experiments.services import experiment_start
from experiments.services.analysis import experiment_evaluate
from learning.ai.training.candidates import prompt_candidate_propose
from tests.recruitly.test_ai_finetune import _approved

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
LOOK = START + timedelta(days=8, hours=2)
USERS = int(os.environ.get("AI_POWER_USERS", "800"))  # candidates per arm
RATINGS = 10  # rated answers per candidate
REPLICATIONS = int(os.environ.get("AI_POWER_REPLICATIONS", "40"))


def _frames(experiment, rates, rng):
    variants = {v.key: v.pk for v in experiment.variants.all()}
    users, arms, ups = [], [], []
    for k, (key, rate) in enumerate(rates.items()):
        ids = np.arange(USERS) + k * USERS + 1
        users.append(ids)
        arms.append(np.full(USERS, variants[key]))
        ups.append(rng.random((USERS, RATINGS)) < rate)
    user_ids, arm_ids, up = np.concatenate(users), np.concatenate(arms), np.vstack(ups)
    exposed = pd.Timestamp(START + timedelta(hours=1))
    assignments = pd.DataFrame(
        {"experiment_id": experiment.pk, "user_id": user_ids, "variant_id": arm_ids,
         "exposed_at": pd.Series([exposed] * len(user_ids), dtype="datetime64[ns, UTC]")}
    )  # fmt: skip
    n = up.size
    events = pd.DataFrame(
        {"user_id": np.repeat(user_ids, RATINGS), "event_type": ["AI_RESPONSE_RATED"] * n,
         "occurred_at": pd.Series([exposed + pd.Timedelta(hours=2)] * n,
                                  dtype="datetime64[ns, UTC]"),
         "status": [None] * n, "application_id": [None] * n, "days": np.full(n, np.nan),
         "rating": np.where(up.ravel(), "up", "down").astype(object)}
    )  # fmt: skip
    return assignments, events


def _ship_rate(experiment, rates, seed):
    rng = np.random.default_rng(seed)
    shipped = 0
    for _ in range(REPLICATIONS):
        assignments, events = _frames(experiment, rates, rng)
        evaluation = experiment_evaluate(
            experiment=experiment, now=LOOK, assignments=assignments, events=events
        )
        shipped += evaluation.decision.action == "ship"
    return shipped / REPLICATIONS


def test_detection_rate_of_a_five_point_lift_and_false_ships_without_one():
    _approved(30)
    experiment = prompt_candidate_propose("job_reasoning", now=START)
    experiment = experiment_start(experiment=experiment, acting_user=None, now=START)
    lift = _ship_rate(experiment, {"control": 0.75, "candidate": 0.80}, seed=1)
    null = _ship_rate(experiment, {"control": 0.75, "candidate": 0.75}, seed=2)
    design = f"{REPLICATIONS} replications, {USERS} candidates per arm, {RATINGS} ratings each"
    print(f"\nships with +5 points: {lift:.0%}; without a lift: {null:.0%} ({design})")
    assert lift >= 0.9
    assert null <= 0.05
