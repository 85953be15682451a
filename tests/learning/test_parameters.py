"""The spine: versions, rollback, audit rows, and the resolver's order of precedence."""

from __future__ import annotations

import pytest
from django.utils import timezone

from experiments.models import Assignment, Experiment, ExperimentStatus, Variant
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.resolver import ResolvedSource, resolve
from recruitly.spine.services import (
    ParameterRollbackError,
    parameter_override_set,
    parameter_version_activate,
    parameter_version_create,
    parameter_version_rollback,
)
from recruitly.spine.specs import REGISTRY, ParameterValueError
from tests.factories import CandidateProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_WEIGHTS = {"skills": 0.3, "experience": 0.3, "location": 0.1, "salary": 0.1, "culture": 0.2}


def test_the_code_defaults_are_those_of_the_seeds() -> None:
    # the weights were re-chosen on real resumes and postings (bench/match_quality.py)
    assert resolve("job_scoring.weights").value == {
        "skills": 0.15,
        "experience": 0.05,
        "location": 0.05,
        "salary": 0.05,
        "culture": 0.00,
        "text": 0.35,
        "title": 0.35,
    }
    assert resolve("strategy.improve_resume_threshold").value == 75
    assert resolve("strategy.rethink_targets_threshold").value == 30
    assert resolve("strategy.rethink_interview_rate").value == 0.02
    assert resolve("strategy.rethink_interview_rate").source == ResolvedSource.DEFAULT


def test_a_new_version_becomes_active_and_is_audited(reviewer) -> None:
    version = parameter_version_create(
        component="job_scoring.weights",
        value=NEW_WEIGHTS,
        acting_user=reviewer,
        reason="learned weights",
        evidence={"auc": 0.71},
    )
    resolved = resolve("job_scoring.weights")
    assert (resolved.value, resolved.source, resolved.version) == (NEW_WEIGHTS, "version", version)
    entry = AuditEntry.objects.get()
    assert entry.actor == reviewer and entry.action == "parameter.manual"
    assert entry.details["previous_value"] == REGISTRY["job_scoring.weights"].default
    assert entry.details["evidence"] == {"auc": 0.71}


@pytest.mark.parametrize(
    ("component", "value", "message"),
    [
        ("job_scoring.weights", {**NEW_WEIGHTS, "culture": 0.5}, "weights must sum to 1"),
        ("job_scoring.weights", {"skills": 1.0}, "missing weights: experience"),
        ("strategy.rethink_interview_rate", 1.5, "must be between 0 and 1"),
        ("strategy.rethink_targets_threshold", 12.5, "must be a whole number"),
        ("no.such.thing", 1, "unknown parameter component"),
    ],
)
def test_invalid_values_are_refused_with_the_reason(reviewer, component, value, message) -> None:
    with pytest.raises(ParameterValueError, match=message):
        parameter_version_create(component=component, value=value, acting_user=reviewer, reason="x")
    assert not ParameterVersion.objects.exists()


def test_rollback_appends_a_version_with_the_previous_value(reviewer) -> None:
    first = parameter_version_create(
        component="strategy.improve_resume_threshold", value=70, acting_user=reviewer, reason="a"
    )
    parameter_version_create(
        component="strategy.improve_resume_threshold", value=65, acting_user=reviewer, reason="b"
    )
    rolled = parameter_version_rollback(
        component="strategy.improve_resume_threshold", acting_user=reviewer, reason="too low"
    )
    assert (rolled.version, rolled.value, rolled.restored_from) == (3, 70, first)
    assert resolve("strategy.improve_resume_threshold").value == 70
    assert list(
        ParameterVersion.objects.filter(component="strategy.improve_resume_threshold")
        .order_by("version")
        .values_list("value", flat=True)
    ) == [70, 65, 70]
    assert AuditEntry.objects.filter(action="parameter.rollback", actor=reviewer).count() == 1


def test_rolling_back_the_first_version_restores_the_code_default(reviewer) -> None:
    parameter_version_create(
        component="strategy.rethink_targets_threshold", value=40, acting_user=reviewer, reason="a"
    )
    parameter_version_rollback(
        component="strategy.rethink_targets_threshold", acting_user=reviewer, reason="undo"
    )
    assert resolve("strategy.rethink_targets_threshold").value == 30


def test_rollback_without_history_says_so(reviewer) -> None:
    with pytest.raises(ParameterRollbackError, match="already uses its default"):
        parameter_version_rollback(component="ai.model", acting_user=reviewer, reason="x")


def test_activating_an_old_version_copies_it_and_is_idempotent(reviewer) -> None:
    v1 = parameter_version_create(
        component="ai.model", value="m-1", acting_user=reviewer, reason="a"
    )
    parameter_version_create(component="ai.model", value="m-2", acting_user=reviewer, reason="b")
    v3 = parameter_version_activate(version=v1, acting_user=reviewer, reason="back to m-1")
    again = parameter_version_activate(version=v3, acting_user=reviewer, reason="again")
    assert again == v3 and resolve("ai.model").value == "m-1"
    assert ParameterVersion.objects.filter(component="ai.model").count() == 3


def test_resolver_order_override_then_experiment_then_version_then_default(reviewer) -> None:
    # given an active version, a running experiment and a personal override
    opted_out = CandidateProfileFactory(experimentation_opt_out=True).user
    bob, carol = UserFactory(), UserFactory()
    parameter_version_create(
        component="strategy.improve_resume_threshold", value=70, acting_user=reviewer, reason="v"
    )
    experiment = Experiment.objects.create(
        key="irt",
        name="threshold",
        component="strategy.improve_resume_threshold",
        status=ExperimentStatus.RUNNING,
        started_at=timezone.now(),
    )
    control = Variant.objects.create(
        experiment=experiment, key="control", value=70, weight=0.5, is_control=True
    )
    treatment = Variant.objects.create(experiment=experiment, key="t", value=65, weight=0.5)
    Assignment.objects.create(experiment=experiment, variant=treatment, user=bob, bucket=0.9)
    parameter_override_set(
        user=carol,
        component="strategy.improve_resume_threshold",
        value=60,
        acting_user=None,
        reason="personalised",
    )
    # then
    component = "strategy.improve_resume_threshold"
    assert (resolve(component, carol).value, resolve(component, carol).source) == (
        60,
        ResolvedSource.OVERRIDE,
    )
    assert (resolve(component, bob).value, resolve(component, bob).source) == (
        65,
        ResolvedSource.EXPERIMENT,
    )
    assert resolve(component, opted_out).source == ResolvedSource.VERSION
    assert resolve(component, opted_out).value == 70
    assert resolve(component).value == 70
    assert {control.pk, treatment.pk} >= {
        a.variant_id for a in Assignment.objects.filter(experiment=experiment)
    }


def test_a_cleared_override_falls_back(reviewer) -> None:
    alice = UserFactory()
    for active in (True, False):
        parameter_override_set(
            user=alice,
            component="personalization.follow_up_days",
            value=5,
            acting_user=reviewer,
            reason="r",
            active=active,
        )
    assert resolve("personalization.follow_up_days", alice).value == 7
