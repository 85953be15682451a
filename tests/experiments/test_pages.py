"""Reviewer pages: the list, the results page with its charts, and htmx actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from experiments.models import ExperimentStatus
from experiments.selectors import experiment_audit_list
from experiments.services import experiment_start
from tests.experiments.factories import experiment_build
from tests.experiments.simulation import World, simulation_start, users_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(reviewer):
    experiment = experiment_build(
        key="page",
        decision_rule={"min_users_per_arm": 40, "sequential_tuning": 400, "outcome_window_days": 0},
    )
    start = simulation_start(3)
    experiment_start(experiment=experiment, acting_user=reviewer, now=start)
    world = World(experiment, users_make(600, "page-u"), {"control": 0.2, "treatment": 0.2})
    world.run(days=3, start=start)
    return experiment


def test_the_list_shows_status_and_stage_in_constant_queries(client, reviewer) -> None:
    for i in range(3):
        experiment_build(key=f"list-{i}")
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get("/experiments/")
    for i in range(3, 8):
        experiment_build(key=f"list-{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/experiments/")
    assert response.status_code == 200
    assert b"list-7" in response.content and b"draft" in response.content
    assert len(many) == len(few)


def test_the_results_page_has_tables_charts_and_the_decision_log(client, reviewer, analysed):
    client.force_login(reviewer)
    response = client.get(f"/experiments/{analysed.key}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Interview rate" in body and "Days to response" in body
    assert body.count('<svg class="chart"') >= 3  # two interval plots and the timeline
    assert "confidence sequence" in body
    assert "experiment.start" in body and "SRM p-value" in body


def test_a_draft_page_lists_the_ethics_checks(client, reviewer) -> None:
    experiment_build(key="draft-page", rollback_plan="")
    client.force_login(reviewer)
    body = client.get("/experiments/draft-page/").content.decode()
    assert "Ethics checks" in body and "no rollback plan written" in body


def test_an_srm_banner_appears_when_the_split_is_broken(client, reviewer, analysed) -> None:
    latest = analysed.analyses.order_by("-window").first()
    latest.srm_p_value = 1e-6
    latest.save()
    client.force_login(reviewer)
    assert "Sample-ratio mismatch" in client.get(f"/experiments/{analysed.key}/").content.decode()


def test_htmx_actions_call_the_services_and_return_the_partial(client, reviewer) -> None:
    experiment = experiment_build(key="htmx")
    experiment_start(experiment=experiment, acting_user=reviewer)
    client.force_login(reviewer)

    response = client.post(
        "/experiments/htmx/pause/", {"reason": "look closer"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'id="experiment-actions"' in response.content.decode()
    assert "<html" not in response.content.decode()
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.PAUSED
    entry = experiment_audit_list(experiment=experiment).first()
    assert entry.actor == reviewer and entry.reason == "look closer"


def test_a_refused_action_reports_its_reasons(client, reviewer) -> None:
    experiment_build(key="refused", rollback_plan="")
    client.force_login(reviewer)
    response = client.post("/experiments/refused/start/", follow=True)
    assert "start refused" in response.content.decode()


def test_pages_and_actions_are_for_reviewers_only(client) -> None:
    experiment_build(key="private")
    client.force_login(UserFactory())
    assert client.get("/experiments/").status_code == 403
    assert client.get("/experiments/private/").status_code == 403
    assert client.post("/experiments/private/start/").status_code == 403
    assert client.get("/experiments/private/start/").status_code in (403, 405)


def test_the_timeline_samples_long_histories(reviewer, analysed) -> None:
    from experiments.views import TIMELINE_POINTS, _timelines

    assert analysed.analyses.count() > 5
    timelines = _timelines(analysed)
    assert timelines and timelines[0]["variant"] == "treatment"
    assert TIMELINE_POINTS >= 100
    assert timezone.now() - analysed.started_at > timedelta(days=3)


def test_the_decision_log_shows_simulated_times_and_ship_defaults_to_the_leader(
    client, reviewer, analysed
) -> None:
    client.force_login(reviewer)
    body = client.get(f"/experiments/{analysed.key}/").content.decode()

    # the start happened days before the rows were written: the log shows when it happened
    assert f"<td>{analysed.started_at:%Y-%m-%d %H:%M}</td><td>experiment.start" in body
    latest = analysed.analyses.order_by("-window").first()
    means = {v["variant"]: v["mean"] for v in latest.results[0]["variants"]}
    leader = max(means, key=means.get)
    assert f'<option value="{leader}" selected>{leader} (leading)</option>' in body


def test_a_completed_experiment_has_no_reason_box(client, reviewer) -> None:
    from experiments.services import experiment_start, experiment_stop

    experiment = experiment_build(key="done")
    experiment_start(experiment=experiment, acting_user=reviewer)
    experiment_stop(experiment=experiment, acting_user=reviewer, reason="enough")
    client.force_login(reviewer)
    body = client.get("/experiments/done/").content.decode()
    assert 'name="reason"' not in body
