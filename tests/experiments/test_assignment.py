"""Assignment through the resolver: deterministic, sticky, opt-out, coverage, namespaces."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiments.models import Assignment
from experiments.services import (
    assign,
    experiment_assign_many,
    experiment_pause,
    experiment_stage_advance,
    experiment_start,
)
from recruitly.spine.resolver import ResolvedSource, resolve
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.experiments.simulation import users_make
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    experiment = experiment_build(coverage=1.0)
    experiment_start(experiment=experiment, acting_user=None)
    experiment.refresh_from_db()
    return experiment


def _full(experiment):
    """Raise the rollout to 100 % (the normal path waits for evidence; tests skip it)."""
    for _ in range(2):
        experiment_stage_advance(experiment=experiment, acting_user=None, reason="test")
    experiment.refresh_from_db()
    return experiment


def test_the_resolver_serves_the_assigned_variant_and_records_exposure(running) -> None:
    _full(running)
    users = users_make(40, "r")

    resolved = [resolve(THRESHOLD, u) for u in users]

    assert {r.source for r in resolved} == {ResolvedSource.EXPERIMENT}
    assert {r.value for r in resolved} == {70, 75}
    rows = Assignment.objects.filter(experiment=running)
    assert rows.count() == 40
    assert all(a.first_exposed_at is not None for a in rows)


def test_assignment_is_sticky(running) -> None:
    _full(running)
    user = users_make(1, "sticky")[0]
    first = assign(running.key, user)
    # when the variant weights would now put the user elsewhere
    running.variants.filter(key="treatment").update(weight=50)
    running.refresh_from_db()
    assert assign(running.key, user) == first
    assert Assignment.objects.filter(user=user).count() == 1


def test_opted_out_candidates_are_never_enrolled(running) -> None:
    _full(running)
    profile = CandidateProfileFactory(experimentation_opt_out=True)

    assert assign(running.key, profile.user) is None
    assert resolve(THRESHOLD, profile.user).source == ResolvedSource.DEFAULT
    assert experiment_assign_many(experiment=running, users=[profile.user]) == {
        profile.user.pk: None
    }
    assert not Assignment.objects.filter(user=profile.user).exists()


def test_the_first_stage_enrols_a_tenth_and_later_stages_keep_everyone_in_place(running) -> None:
    users = users_make(2000, "stage")
    first = experiment_assign_many(experiment=running, users=users)
    enrolled = {pk: v.key for pk, v in first.items() if v is not None}
    assert 150 < len(enrolled) < 250

    _full(running)
    later = experiment_assign_many(experiment=running, users=users)

    assert all(later[pk].key == key for pk, key in enrolled.items())
    assert all(v is not None for v in later.values())


def test_paused_experiments_serve_nothing(running) -> None:
    _full(running)
    user = users_make(1, "paused")[0]
    assign(running.key, user)
    experiment_pause(experiment=running, acting_user=None, reason="look")
    assert resolve(THRESHOLD, user).source == ResolvedSource.DEFAULT


def test_namespaced_experiments_on_one_component_are_mutually_exclusive() -> None:
    first = experiment_build(key="ns-a", namespace="strategy", namespace_range=(0.0, 0.5))
    second = experiment_build(key="ns-b", namespace="strategy", namespace_range=(0.5, 1.0))
    for experiment in (first, second):
        experiment_start(experiment=experiment, acting_user=None)
        _full(experiment)
    users = users_make(300, "ns")

    [resolve(THRESHOLD, u) for u in users]

    per_user = Assignment.objects.filter(user__in=users).values_list("user_id", flat=True)
    assert len(per_user) == len(set(per_user)) == 300
    assert set(Assignment.objects.values_list("experiment__key", flat=True)) == {"ns-a", "ns-b"}


def test_the_resolver_costs_a_bounded_number_of_queries(running) -> None:
    _full(running)
    user = users_make(1, "q")[0]
    with CaptureQueriesContext(connection) as first:
        resolve(THRESHOLD, user)
    with CaptureQueriesContext(connection) as again:
        resolve(THRESHOLD, user)
    assert len(first) <= 9  # a first enrolment also reads the active holdout
    assert len(again) <= 4  # override, experiments, opt-out, sticky assignment
