"""Admin actions, the beat job, the command: each one goes through the services."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from experiments.models import Analysis, Experiment, ExperimentStatus
from experiments.selectors import experiment_audit_list
from experiments.services import experiment_start, experiments_analyse
from experiments.tasks import analyse_experiments
from recruitly.schedule import SCHEDULE
from tests.experiments.factories import experiment_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-12345-x")


def test_admin_actions_call_the_services_with_the_acting_user(client, admin_user) -> None:
    experiment = experiment_build(key="admin-pause")
    experiment_start(experiment=experiment, acting_user=None)
    client.force_login(admin_user)

    response = client.post(
        "/admin/experiments/experiment/",
        {"action": "pause", "_selected_action": [experiment.pk]},
        follow=True,
    )

    assert "Paused 1 experiment(s)." in response.content.decode()
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.PAUSED
    assert experiment_audit_list(experiment=experiment).first().actor == admin_user


def test_admin_refusals_are_reported(client, admin_user) -> None:
    experiment = experiment_build(key="admin-refused", rollback_plan="")
    client.force_login(admin_user)
    response = client.post(
        "/admin/experiments/experiment/",
        {"action": "start", "_selected_action": [experiment.pk]},
        follow=True,
    )
    assert "no rollback plan" in response.content.decode()


def test_the_admin_list_runs_in_constant_queries(client, admin_user) -> None:
    for i in range(2):
        experiment_build(key=f"adm-{i}")
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/experiments/experiment/")
    for i in range(2, 7):
        experiment_build(key=f"adm-{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/admin/experiments/experiment/").status_code == 200
    assert len(many) == len(few)


def test_the_beat_schedule_analyses_every_thirty_minutes() -> None:
    job = next(j for j in SCHEDULE if j.task == "experiments.analyse_experiments")
    assert job.every_seconds == 1800


def test_the_analysis_is_idempotent_within_a_window() -> None:
    experiment = experiment_build(key="idem")
    experiment_start(experiment=experiment, acting_user=None)
    now = timezone.now()

    first = experiments_analyse(now=now)
    second = experiments_analyse(now=now)

    assert len(first) == 1 and second == []
    assert Analysis.objects.filter(experiment=experiment).count() == 1


def test_the_task_and_the_command_run_the_analysis() -> None:
    experiment = experiment_build(key="cmd")
    experiment_start(experiment=experiment, acting_user=None)

    assert analyse_experiments.delay().get() == {"continue": 1}
    Experiment.objects.filter(pk=experiment.pk).update(last_analysed_at=None)
    out = StringIO()
    call_command("analyze_experiments", "--key", "cmd", stdout=out)

    assert "cmd: continue at stage 10 %" in out.getvalue()
    out = StringIO()
    call_command("analyze_experiments", stdout=out)
    assert "No running experiment is due" in out.getvalue()


def test_a_human_decision_records_the_statistics_the_reviewer_saw(reviewer) -> None:
    from experiments.services import experiment_pause

    experiment = experiment_build(key="human-stats")
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiments_analyse(now=timezone.now())

    experiment_pause(experiment=experiment, acting_user=reviewer, reason="check data")

    entry = experiment_audit_list(experiment=experiment).first()
    assert entry.actor == reviewer
    statistics = entry.details["statistics"]
    assert statistics["decision"] == "continue"
    assert statistics["primary"]["metric"] == "interview_rate"


def test_the_admin_ship_action_refuses_without_a_leading_treatment(client, admin_user) -> None:
    experiment = experiment_build(key="ship-none")
    experiment_start(experiment=experiment, acting_user=None)
    client.force_login(admin_user)
    response = client.post(
        "/admin/experiments/experiment/",
        {"action": "ship_leader", "_selected_action": [experiment.pk]},
        follow=True,
    )
    assert "no analysis yet" in response.content.decode()
