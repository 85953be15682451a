"""Creating, starting and ending experiments; every decision is an audited action."""

from __future__ import annotations

import pytest

from experiments.models import Assignment, ExperimentStatus
from experiments.selectors import experiment_audit_list
from experiments.services import (
    EthicsCheckFailed,
    ExperimentError,
    ExperimentStateError,
    experiment_pause,
    experiment_resume,
    experiment_rollback,
    experiment_ship,
    experiment_start,
    experiment_stop,
    variant_get,
)
from recruitly.spine.models import ParameterVersion
from recruitly.spine.resolver import resolve
from recruitly.spine.services import parameter_version_create
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db


def test_create_runs_the_power_calculation(reviewer) -> None:
    experiment = experiment_build(acting_user=reviewer, expected_daily_users=500)

    plan = experiment.power_analysis
    assert plan["n_per_arm_fixed"] == 3839  # 10 % → 12 %, see test_stats_reference
    assert experiment.planned_sample_size == plan["planned_sample_size"]
    assert plan["days"] == pytest.approx(plan["planned_sample_size"] / 500)
    assert experiment.created_by == reviewer
    assert experiment_audit_list(experiment=experiment).get().action == "experiment.create"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"component": "nope"}, "unknown parameter component"),
        ({"primary_metric": "revenue"}, "unknown metric"),
        (
            {
                "variants": [
                    {"key": "a", "value": 75, "is_control": True},
                    {"key": "b", "value": 500},
                ]
            },
            "must be between",
        ),
        (
            {
                "variants": [
                    {"key": "a", "value": 75, "is_control": True},
                    {"key": "b", "value": 70, "is_control": True},
                ]
            },
            "exactly one variant",
        ),
        ({"guardrail_metrics": ["interview_rate"]}, "cannot also be a guardrail"),
        ({"decision_rule": {"alpha": 2}}, "decision rule"),
    ],
)
def test_create_refuses_invalid_designs_with_reasons(override: dict, message: str) -> None:
    with pytest.raises(ExperimentError) as caught:
        experiment_build(**override)
    assert any(message in reason for reason in caught.value.reasons)


def test_ethics_checks_block_start_with_every_reason(reviewer) -> None:
    experiment = experiment_build(
        key="unsafe",
        component="personalization.applications_per_week",
        variants=[
            {"key": "control", "value": 10, "is_control": True},
            {"key": "more", "value": 20},
        ],
        guardrail_metrics=[],
        rollback_plan="",
        mde_relative=0.02,
    )

    with pytest.raises(EthicsCheckFailed) as caught:
        experiment_start(experiment=experiment, acting_user=reviewer)

    text = " ".join(caught.value.reasons)
    for expected in ("50 % more applications", "no guardrail", "no rollback plan", "below 5%"):
        assert expected in text
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.DRAFT
    refusal = experiment_audit_list(experiment=experiment).first()
    assert refusal.action == "experiment.start_refused" and refusal.actor == reviewer


def test_start_refuses_a_control_that_is_not_todays_value() -> None:
    parameter_version_create(component=THRESHOLD, value=80, acting_user=None, reason="tuned")
    experiment = experiment_build()
    with pytest.raises(EthicsCheckFailed, match="differs from the value"):
        experiment_start(experiment=experiment, acting_user=None)


def test_start_refuses_a_second_experiment_on_the_same_component() -> None:
    experiment_start(experiment=experiment_build(key="first"), acting_user=None)
    with pytest.raises(EthicsCheckFailed, match="already tests"):
        experiment_start(experiment=experiment_build(key="second"), acting_user=None)


def test_pause_resume_stop_are_audited_and_idempotent(reviewer) -> None:
    experiment = experiment_build()
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiment_pause(experiment=experiment, acting_user=reviewer, reason="holiday")
    experiment_pause(experiment=experiment, acting_user=reviewer, reason="again")
    experiment_resume(experiment=experiment, acting_user=reviewer, reason="back")
    experiment_stop(experiment=experiment, acting_user=reviewer, reason="done")

    actions = [e.action for e in experiment_audit_list(experiment=experiment)]
    assert actions == [
        "experiment.stop",
        "experiment.resume",
        "experiment.pause",
        "experiment.start",
        "experiment.create",
    ]
    assert all(e.actor == reviewer for e in experiment_audit_list(experiment=experiment)[:4])
    with pytest.raises(ExperimentStateError):
        experiment_resume(experiment=experiment, acting_user=reviewer)


def test_a_human_ship_then_rollback_returns_the_parameter_to_its_earlier_version(reviewer) -> None:
    earlier = parameter_version_create(
        component=THRESHOLD, value=75, acting_user=None, reason="explicit baseline"
    )
    experiment = experiment_build()
    experiment_start(experiment=experiment, acting_user=reviewer)

    experiment_ship(
        experiment=experiment,
        variant=variant_get(experiment=experiment, key="treatment"),
        acting_user=reviewer,
        reason="clear win",
    )
    assert resolve(THRESHOLD).value == 70

    experiment_rollback(experiment=experiment, acting_user=reviewer, reason="complaints")
    experiment.refresh_from_db()

    assert resolve(THRESHOLD).value == 75
    latest = ParameterVersion.objects.filter(component=THRESHOLD).order_by("-version").first()
    assert latest.restored_from == earlier
    assert experiment.status == ExperimentStatus.ROLLED_BACK
    # rolling back twice is a no-op
    experiment_rollback(experiment=experiment, acting_user=reviewer, reason="again")
    assert ParameterVersion.objects.filter(component=THRESHOLD).count() == 3


def test_an_experiment_that_shipped_nothing_cannot_be_rolled_back(reviewer) -> None:
    experiment = experiment_build()
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiment_stop(experiment=experiment, acting_user=reviewer, reason="inconclusive")
    with pytest.raises(ExperimentStateError, match="shipped nothing"):
        experiment_rollback(experiment=experiment, acting_user=reviewer, reason="x")


def test_prompt_and_model_experiments_work_the_same_way(reviewer) -> None:
    experiment = experiment_build(
        key="model",
        component="ai.model",
        variants=[
            {"key": "control", "value": "gpt-4o-mini", "is_control": True},
            {"key": "bigger", "value": "gpt-4o"},
        ],
        primary_metric="thumbs_up_rate",
        guardrail_metrics=["thumbs_up_share"],
        baseline=0.3,
    )
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiment_ship(
        experiment=experiment,
        variant=variant_get(experiment=experiment, key="bigger"),
        acting_user=reviewer,
        reason="better ratings",
    )
    assert resolve("ai.model").value == "gpt-4o"


def test_the_opt_out_check_fails_when_an_opted_out_candidate_holds_an_assignment(reviewer) -> None:
    # given a draft whose assignments include a candidate who opted out (e.g. imported)
    experiment = experiment_build(key="leaky")
    opted_out = CandidateProfileFactory(experimentation_opt_out=True)
    Assignment.objects.create(
        experiment=experiment, variant=experiment.variants.get(is_control=True),
        user=opted_out.user, bucket=0.5, source="import",
    )  # fmt: skip

    # when the reviewer tries to start it
    with pytest.raises(EthicsCheckFailed) as caught:
        experiment_start(experiment=experiment, acting_user=reviewer)

    # then the opt-out check names the leak, and passes once it is gone
    assert any("1 in leaky" in r and "not honoured" in r for r in caught.value.reasons)
    Assignment.objects.filter(user=opted_out.user).delete()
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING
