"""The 30-minute AI pipeline: health on Wilson intervals, the planted weak action flagged and no
other, automatic prompt rollback with cool-down and audit, the beat entry, the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import time_machine
from django.core.management import call_command
from statsmodels.stats.proportion import proportion_confint

from learning.ai.pipeline import ai_pipeline_run
from learning.ai_health import MIN_RATINGS, health_of, regression_test
from learning.simulation import model as truth
from recruitly.celery import app
from recruitly.eventlog.models import Event
from recruitly.schedule import SCHEDULE
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.services import parameter_version_create
from tests.factories import CandidateProfileFactory, UserFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _ratings(user, action, ups, n, *, prompt="default", model="local-rules-v1", start=0):
    Event.objects.bulk_create(
        Event(
            event_id=f"r-{action}-{prompt}-{start + i}", event_type="AI_RESPONSE_RATED",
            family="ai_feedback", user=user, occurred_at=NOW - timedelta(hours=1),
            payload={"interaction_id": str(i), "action_type": action,
                     "rating": "up" if i < ups else "down", "model": model,
                     "prompt_version": prompt},
        )
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize(("up", "n"), [(0, 10), (27, 30), (172, 200), (450, 500), (1, 1)])
def test_wilson_interval_matches_statsmodels(up, n):
    found = health_of(up, n)
    low, high = proportion_confint(up, n, alpha=0.05, method="wilson")
    assert found.ci_low == pytest.approx(100 * low, abs=0.051)
    assert found.ci_high == pytest.approx(100 * high, abs=0.051)


def test_bands_are_decided_on_the_interval_not_the_rate():
    assert health_of(25, MIN_RATINGS - 1).health == "insufficient_data"
    assert health_of(164, 200).health == "good"  # 82 % but the interval reaches below 85
    assert health_of(950, 1000).health == "excellent"
    assert health_of(144, 200).health == "good"  # 72 %, but the interval reaches 77.6
    assert health_of(130, 200).health == "needs_improvement"  # 65 %: [58.2, 71.3]


def test_the_simulators_planted_weak_action_is_flagged_and_no_other(db):
    # given: ratings drawn with the simulator's true approval per action type
    rng = np.random.default_rng(20261120)
    user = UserFactory()
    for action, rate in truth.AI_APPROVAL_BY_ACTION.items():
        n = 400
        _ratings(user, action, int(rng.binomial(n, rate)), n)
    # when
    with time_machine.travel(NOW, tick=False):
        result = ai_pipeline_run(now=NOW)
    # then
    flagged = [i["action_type"] for i in result["issues"] if i["kind"] == "below_threshold"]
    assert flagged == ["resume_rewrite"]
    rows = {r["action_type"]: r for r in result["by_action"]}
    assert all(
        r["n"] == 400 and r["ci_low"] < r["approval_rate"] < r["ci_high"] for r in rows.values()
    )


def _two_prompt_versions():
    first = parameter_version_create(
        component="prompts.job_reasoning", value="Explain the match.", acting_user=None,
        reason="test: first prompt",
    )  # fmt: skip
    second = parameter_version_create(
        component="prompts.job_reasoning", value="Explain the match briefly.",
        acting_user=None, reason="test: new prompt",
    )  # fmt: skip
    return first, second


def test_a_regressed_prompt_is_rolled_back_once_with_audit_and_cool_down(db, mailoutbox):
    user = UserFactory()
    CandidateProfileFactory()
    first, second = _two_prompt_versions()
    _ratings(user, "job_reasoning", 255, 300, prompt=f"v{first.version}")  # 85 %
    _ratings(user, "job_reasoning", 210, 300, prompt=f"v{second.version}", start=1000)  # 70 %
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    with time_machine.travel(NOW, tick=False):
        result = app.tasks["recruitly.ai_pipeline"].apply().get()  # the beat's task
        again = ai_pipeline_run(now=NOW + timedelta(hours=1))
    assert result["rolled_back"] == ["prompts.job_reasoning"]
    live = ParameterVersion.objects.filter(component="prompts.job_reasoning").order_by("-version")
    assert live[0].value == first.value and live[0].restored_from_id == first.pk
    audit = AuditEntry.objects.get(action="ai.prompt_rollback")
    assert audit.actor is None and audit.details["p_value"] < 0.05
    assert audit.details["live_n"] == 300 and audit.details["baseline_n"] == 300
    # the next run compares the restored copy with the bad version: nothing more to do
    assert not any(r["rolled_back"] for r in again["rollbacks"])
    assert AuditEntry.objects.filter(action="ai.prompt_rollback").count() == 1


def test_an_improved_prompt_is_kept(db):
    user = UserFactory()
    first, second = _two_prompt_versions()
    _ratings(user, "job_reasoning", 240, 300, prompt=f"v{first.version}")  # 80 %
    _ratings(user, "job_reasoning", 255, 300, prompt=f"v{second.version}", start=1000)  # +5
    result = ai_pipeline_run(now=NOW)
    check = next(r for r in result["rollbacks"] if r["component"] == "prompts.job_reasoning")
    assert not check["rolled_back"] and check["z"] < 0


def test_rollback_needs_a_minimum_sample():
    test = regression_test(85, 99, 50, 99)
    assert not test.decided and "fewer than" in test.reason


def test_the_pipeline_is_on_the_beat_schedule_every_30_minutes():
    job = next(j for j in SCHEDULE if j.task == "recruitly.ai_pipeline")
    assert job.every_seconds == 30 * 60


def test_the_admin_dashboard_has_intervals_and_health_per_action(db, api_client, reviewer):
    user = UserFactory()
    _ratings(user, "job_score", 90, 100)
    api_client.force_authenticate(reviewer)
    body = api_client.get("/api/admin/learning-dashboard").json()
    row = body["by_action"][0]
    assert row["action_type"] == "job_score" and row["n"] == 100 and row["count"] == 100
    assert row["ci_low"] < 90 < row["ci_high"] and row["health"] == "good"
    assert {"current", "trend", "learning_status", "by_version", "issues"} <= set(body)
    api_client.force_authenticate(CandidateProfileFactory().user)
    assert api_client.get("/api/admin/learning-dashboard").status_code == 403


def test_the_command_prints_what_it_found(db, capsys):
    _ratings(UserFactory(), "resume_rewrite", 60, 100)
    call_command("ai_pipeline")
    out = capsys.readouterr().out
    assert "resume_rewrite: 60.0" in out and "below_threshold" in out


def test_the_model_is_a_spine_parameter_per_task(db):
    from profiles.ai.service import model_for

    assert model_for("resume_optimize", None) == "gpt-4o-mini"  # inherits ai.model
    parameter_version_create(
        component="ai.model.resume_optimize", value="gpt-4.1-mini", acting_user=None,
        reason="test: a model for one task",
    )  # fmt: skip
    assert model_for("resume_optimize", None) == "gpt-4.1-mini"
    assert model_for("job_score", None) == "gpt-4o-mini"
