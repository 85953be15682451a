"""A run's resolver snapshot gives exactly what resolve() gives, from a few queries."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from experiments.services import experiment_assign, experiment_start, holdout_start
from recruitly.spine.resolver import ResolvedSource, resolve, resolver_snapshot
from recruitly.spine.services import parameter_override_set, parameter_version_create
from tests.experiments.conftest import PINNED_NOW
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.experiments.simulation import users_make

WEIGHTS = "job_scoring.weights"
MIN_STORED = "job_scoring.min_stored_score"
FOLLOW_UP = "personalization.follow_up_days"
COMPONENTS = (THRESHOLD, WEIGHTS, MIN_STORED, FOLLOW_UP)
MINE = {"skills": 0.4, "experience": 0.1, "location": 0.1, "salary": 0.1, "culture": 0.0,
        "text": 0.2, "title": 0.1}  # fmt: skip


@pytest.mark.django_db
def test_the_snapshot_walks_like_resolve_for_random_users(reviewer) -> None:
    rng = random.Random(15)
    users = users_make(240, "snap")
    running = experiment_start(experiment=experiment_build(coverage=1.0), acting_user=reviewer)
    running.rollout_stage = 100
    running.save()
    for u in users[:60]:  # arms held from before the holdout
        experiment_assign(experiment=running, user=u)
    holdout_start(acting_user=reviewer, reason="r", share=0.2, now=PINNED_NOW - timedelta(1))
    parameter_version_create(component=THRESHOLD, value=70, acting_user=reviewer, reason="v")
    parameter_version_create(component=MIN_STORED, value=40.0, acting_user=reviewer, reason="v")
    parameter_version_create(component=MIN_STORED, value=45.0, acting_user=reviewer, reason="v")
    for u in rng.sample(users, 80):
        component = rng.choice(COMPONENTS)
        value = {THRESHOLD: 60, WEIGHTS: MINE, MIN_STORED: 50.0, FOLLOW_UP: 9}
        parameter_override_set(
            user=u, component=component, value=value[component], acting_user=None, reason="o"
        )
        if rng.random() < 0.3:  # a newer, cleared override: the user is back on the walk
            parameter_override_set(
                user=u, component=component, value=value[component], acting_user=None,
                reason="cleared", active=False,
            )  # fmt: skip
    sample = [*rng.sample(users, 120), None]
    snapshot = resolver_snapshot(COMPONENTS, users=sample)
    got = {(c, u.pk if u else None): snapshot.resolve(c, u) for u in sample for c in COMPONENTS}
    want = {(c, u.pk if u else None): resolve(c, u) for u in sample for c in COMPONENTS}
    assert got == want
    sources = {r.source for r in got.values()}
    # every step of the walk is exercised by the sample
    assert sources == {
        ResolvedSource.OVERRIDE, ResolvedSource.EXPERIMENT, ResolvedSource.HOLDOUT,
        ResolvedSource.VERSION, ResolvedSource.DEFAULT,
    }  # fmt: skip


@pytest.mark.django_db
def test_the_snapshot_costs_two_queries_however_many_users(
    reviewer, django_assert_max_num_queries
) -> None:
    users = users_make(300, "snapq")
    parameter_version_create(component=MIN_STORED, value=40.0, acting_user=reviewer, reason="v")
    parameter_override_set(user=users[7], component=WEIGHTS, value=MINE,
                           acting_user=None, reason="o")  # fmt: skip
    # versions, the experiments' scope (running experiments, active holdout), overrides
    with django_assert_max_num_queries(4):
        snapshot = resolver_snapshot((WEIGHTS, MIN_STORED), users=users)
        values = [(snapshot.value(WEIGHTS, u), snapshot.value(MIN_STORED, u)) for u in users]
    assert values[7] == (MINE, 40.0)
    shipped = (resolve(WEIGHTS).value, 40.0)
    assert all(v == shipped for i, v in enumerate(values) if i != 7)
    with pytest.raises(KeyError):
        snapshot.resolve(THRESHOLD, users[0])
