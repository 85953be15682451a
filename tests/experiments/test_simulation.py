"""End to end on a simulated world: assignment → events → beat analysis → decisions.

A known true effect must be rolled out 10 → 50 → 100 % and shipped; an A/A experiment is
safe, so it ramps to 100 % and ends with nothing shipped; a harmful treatment must be rolled
back, and reviewers told.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from experiments.models import ExperimentStatus
from experiments.selectors import experiment_audit_list
from experiments.services import experiment_rollback, experiment_start
from recruitly.eventlog.ingest import events_ingest
from recruitly.spine.models import ParameterVersion
from recruitly.spine.resolver import resolve
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.experiments.simulation import World, application_event, simulation_start, users_make

pytestmark = pytest.mark.django_db

# Small worlds: a pre-registered tuning at the planned total keeps the sequence tight there.
# Their simulated answers arrive within two days, so every exposed user is analysed on what
# is seen so far (no outcome window).
RULE = {
    "min_users_per_arm": 40,
    "sequential_tuning": 400,
    "min_relative_effect": 0.05,
    "outcome_window_days": 0,
}


def _world(key: str, rates: dict[str, float], *, days: int, seed: int, **overrides) -> World:
    experiment = experiment_build(key=key, decision_rule=RULE, max_duration_days=days, **overrides)
    start = simulation_start(days)
    experiment_start(experiment=experiment, acting_user=None, now=start)
    world = World(experiment, users_make(1500, f"{key}-u"), rates, seed=seed)
    world.run(days=days + 1, start=start)
    world.experiment.refresh_from_db()
    return world


def _actions(world: World) -> list[str]:
    return [entry.action for entry in experiment_audit_list(experiment=world.experiment)][::-1]


def test_a_known_effect_is_rolled_out_gradually_and_shipped(reviewer) -> None:
    # given a treatment that truly triples the interview rate
    world = _world("true-lift", {"control": 0.15, "treatment": 0.45}, days=14, seed=1)

    # then the beat analysis advanced 10 → 50 → 100 % and shipped the treatment
    experiment = world.experiment
    assert experiment.status == ExperimentStatus.COMPLETED
    assert experiment.winner.key == "treatment"
    actions = _actions(world)
    assert actions == [
        "experiment.create",
        "experiment.start",
        "experiment.advance",
        "experiment.advance",
        "experiment.ship",
    ]
    advances = [
        e for e in experiment_audit_list(experiment=experiment) if e.action == "experiment.advance"
    ]
    assert sorted(e.details["to_stage"] for e in advances) == [50, 100]
    assert all(e.actor is None for e in experiment_audit_list(experiment=experiment)[:3])
    ship = experiment_audit_list(experiment=experiment).get(action="experiment.ship")
    assert ship.details["checks"]["ci_lower_above_zero"] is True
    assert ship.details["srm_p_value"] >= 0.001
    # the stages advanced on safety after their day's hold; the ship waited a full week
    hundred = next(e for e in advances if e.details["to_stage"] == 100)
    assert hundred.details["checks"]["stage_hold_met"] is True
    assert hundred.details["checks"]["no_harm"] is True
    shipped = next(a for a in world.analyses if a.action == "ship")
    assert shipped.stage == 100
    assert (shipped.analysed_at - experiment.started_at).days >= 7
    # and the parameter spine now serves the winner to everyone
    version = ParameterVersion.objects.get(pk=experiment.shipped_version_id)
    assert version.value == 70 and version.source == "experiment"
    assert resolve(THRESHOLD).value == 70

    # when a reviewer rolls the shipped experiment back
    experiment_rollback(experiment=experiment, acting_user=reviewer, reason="recheck")

    # then the parameter returns to its earlier value, by a new version
    assert resolve(THRESHOLD).value == 75
    assert ParameterVersion.objects.filter(component=THRESHOLD).count() == 2
    last = experiment_audit_list(experiment=experiment).first()
    assert last.action == "experiment.rollback" and last.actor == reviewer


def test_an_a_a_experiment_ramps_safely_and_ships_nothing() -> None:
    world = _world("a-a", {"control": 0.2, "treatment": 0.2}, days=10, seed=2)

    experiment = world.experiment
    assert experiment.status == ExperimentStatus.COMPLETED
    assert experiment.winner is None and experiment.shipped_version_id is None
    # no harm: ramping an A/A test to 100 % is the correct behaviour of a safe rollout
    assert experiment.rollout_stage == 100
    # A sample-ratio alarm only holds decisions, so it may appear; nothing else may.
    decisions = [a for a in _actions(world) if a != "experiment.srm_hold"]
    assert decisions == [
        "experiment.create",
        "experiment.start",
        "experiment.advance",
        "experiment.advance",
        "experiment.stop",
    ]
    assert {a.action for a in world.analyses} <= {"continue", "advance", "conclude", "hold"}
    assert world.analyses[-1].action == "conclude"
    assert not ParameterVersion.objects.filter(component=THRESHOLD).exists()
    assert sum(world.analyses[-1].counts.values()) > 100


def test_a_harmful_treatment_is_rolled_back_and_reviewers_are_told(
    reviewer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world = _world("harm", {"control": 0.35, "treatment": 0.02}, days=10, seed=3)

    experiment = world.experiment
    assert experiment.status == ExperimentStatus.ROLLED_BACK
    rollback = experiment_audit_list(experiment=experiment).get(action="experiment.rollback")
    assert rollback.actor is None
    assert rollback.details["harms"][0]["metric"] == "interview_rate"
    assert rollback.details["harms"][0]["always_valid_ci"][1] < 0
    assert any("rolled back automatically" in m.subject for m in mail.outbox)
    assert not ParameterVersion.objects.filter(component=THRESHOLD).exists()


def test_cuped_decisions_use_the_pre_exposure_interview_rate() -> None:
    # given candidates whose past interviews predict their future ones
    rule = {**RULE, "cuped": True}
    experiment = experiment_build(key="cuped", decision_rule=rule, max_duration_days=6)
    start = simulation_start(6)
    experiment_start(experiment=experiment, acting_user=None, now=start)
    users = users_make(800, "cuped-u")
    history = [
        application_event(
            u,
            f"pre-{u.pk}",
            start - timedelta(days=5),
            event_type="STATUS_CHANGED",
            outcome={"status": "interview", "days_to_response": 3},
        )
        for u in users[::3]
    ]
    events_ingest(items=history, submitted_by=None, may_post_for_others=True, source="simulator")
    world = World(experiment, users, {"control": 0.2, "treatment": 0.2}, seed=5)

    world.run(days=3, start=start)

    primary = world.analyses[-1].results[0]
    cuped = primary["comparisons"][0]["cuped"]
    assert cuped["theta"] is not None and cuped["variance_reduction"] is not None
    assert world.analyses[-1].action == "continue"
