"""The nightly analysis run: reading the event table, claiming, resuming, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning.analytics.frames import frames_from_events
from learning.event_reader import event_frame
from learning.models import AnalysisRun, AnalysisStatus, Recommendation, RecommendationStatus
from learning.optimizers.findings import Finding
from learning.services import analysis_run_nightly, analysis_steps, recommendations_from_findings
from learning.services.analysis import STALE_AFTER
from learning.services.simulation_load import world_load
from learning.simulation.events import world_events
from learning.simulation.world import WorldConfig, generate_world
from recruitly.eventlog.schemas import SCHEMAS
from recruitly.schedule import SCHEDULE
from recruitly.spine.resolver import resolve_value

END = date(2026, 10, 1)
WINDOW_END = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture
def world(db):
    world = generate_world(
        WorldConfig(candidates=150, jobs=400, months=8, seed=11, end_date=END, prefix="nt")
    )
    world_load(world=world)
    return world


def test_the_reader_flattens_the_event_table_like_the_raw_events(world):
    family = {name: schema.family for name, schema in SCHEMAS.items()}
    raw = frames_from_events(world_events(world), family)
    for name in ("application", "resume", "strategy", "feedback"):
        stored = event_frame(family=name)
        assert len(stored) == len(raw[name])
    apps_db, apps_raw = event_frame(family="application"), raw["application"]
    assert apps_db["fit_skills"].sum() == pytest.approx(apps_raw["fit_skills"].sum())
    assert (apps_db["status"] == "interview").sum() == (apps_raw["status"] == "interview").sum()
    assert apps_db["tailoring_applied"].sum() == apps_raw["tailoring_applied"].sum()
    assert str(apps_db["occurred_at"].dt.tz) == "UTC"


def test_the_reader_pages_in_bounded_batches(world):
    from learning.event_reader import event_batches

    batches = list(event_batches(family="application", batch_size=500))
    assert len(batches) > 1 and all(len(b) <= 500 for b in batches)
    assert sum(len(b) for b in batches) == len(event_frame(family="application"))


def test_the_nightly_run_finishes_and_stores_recommendations(world):
    run = analysis_run_nightly(window_end=WINDOW_END)
    assert run.status == AnalysisStatus.DONE and run.finished_at is not None
    assert list(run.progress) == list(analysis_steps.STEPS)
    stored = Recommendation.objects.filter(analysis_run=run)
    assert stored.exists()
    assert {r.kind for r in stored} >= {"fit_weights", "calibration"}
    for rec in stored:
        assert {"metric", "sample_size", "confidence_interval", "p_value", "method"} <= set(
            rec.evidence
        )
        assert rec.reasoning and rec.chart


def test_a_second_run_of_the_same_window_does_nothing(world):
    analysis_run_nightly(window_end=WINDOW_END)
    count = Recommendation.objects.count()
    assert analysis_run_nightly(window_end=WINDOW_END) is None
    assert Recommendation.objects.count() == count
    assert AnalysisRun.objects.count() == 1


def test_a_run_with_a_live_heartbeat_is_never_overlapped(db):
    now = timezone.now()
    AnalysisRun.objects.create(
        kind="nightly",
        window_start=WINDOW_END - timedelta(days=365),
        window_end=WINDOW_END,
        started_at=now,
        heartbeat_at=now,
    )
    assert analysis_run_nightly(window_end=WINDOW_END) is None
    AnalysisRun.objects.update(heartbeat_at=now - STALE_AFTER - timedelta(minutes=1))
    taken = analysis_run_nightly(window_end=WINDOW_END)
    assert taken is not None and taken.status == AnalysisStatus.DONE


def test_a_crashed_run_resumes_after_its_last_finished_step(world, monkeypatch):
    # given a run that crashes in the timing step
    def crash(data):
        raise RuntimeError("worker lost")

    monkeypatch.setitem(analysis_steps.STEPS, "timing", crash)
    with pytest.raises(RuntimeError):
        analysis_run_nightly(window_end=WINDOW_END)
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisStatus.FAILED and "worker lost" in run.error
    before = list(analysis_steps.STEPS)[: list(analysis_steps.STEPS).index("timing")]
    assert set(run.progress) == set(before)  # JSON objects keep no key order on PostgreSQL
    stored = Recommendation.objects.count()
    # when it runs again with the step fixed, the finished steps are not repeated
    monkeypatch.undo()
    calls = []
    original = analysis_steps.STEPS["fit_weights"]
    monkeypatch.setitem(
        analysis_steps.STEPS, "fit_weights", lambda data: calls.append(1) or original(data)
    )
    resumed = analysis_run_nightly(window_end=WINDOW_END)
    # then
    assert resumed.pk == run.pk and resumed.status == AnalysisStatus.DONE
    assert calls == []
    assert set(resumed.progress) == set(analysis_steps.STEPS)
    assert Recommendation.objects.count() >= stored


def test_the_same_change_is_not_proposed_again_while_pending(world):
    analysis_run_nightly(window_end=WINDOW_END)
    pending = Recommendation.objects.filter(status=RecommendationStatus.PENDING).count()
    informational = Recommendation.objects.filter(status=RecommendationStatus.INFORMATIONAL).count()
    analysis_run_nightly(window_end=WINDOW_END, kind="manual")
    assert Recommendation.objects.filter(status=RecommendationStatus.PENDING).count() == pending
    assert (
        Recommendation.objects.filter(status=RecommendationStatus.INFORMATIONAL).count()
        == informational
    )


def _threshold_finding(risk: str = "low", value: float = 70) -> Finding:
    return Finding(
        kind="strategy_thresholds",
        component="strategy.improve_resume_threshold",
        parameter="improve_resume_threshold",
        current_value=75,
        recommended_value=value,
        reasoning="Resume quality stops paying off at 70.",
        evidence={
            "metric": "interview rate",
            "improvement": 0.0,
            "sample_size": 20_000,
            "confidence_interval": [-0.01, 0.01],
            "p_value": 1e-6,
            "method": "hinge logistic regression",
        },
        impact={"users_affected": 300, "expected_benefit": "sooner", "risk_level": risk},
        risk_level=risk,
    )


def test_routes_follow_the_documented_rule_and_auto_apply_needs_the_setting(db, settings):
    settings.LEARNING_AUTO_APPLY_ENABLED = False
    (pending,) = recommendations_from_findings(findings=[_threshold_finding()])
    assert pending.route == "a_b_test" and pending.status == RecommendationStatus.PENDING
    (high,) = recommendations_from_findings(findings=[_threshold_finding("high", 60)])
    assert high.route == "manual_review"
    # the same change again while the first is pending: nothing new
    assert recommendations_from_findings(findings=[_threshold_finding()]) == []


def test_auto_apply_changes_the_parameter_when_enabled(db, settings):
    settings.LEARNING_AUTO_APPLY_ENABLED = True
    (applied,) = recommendations_from_findings(findings=[_threshold_finding()])
    applied.refresh_from_db()
    assert applied.route == "auto_apply" and applied.status == RecommendationStatus.AUTO_APPLIED
    assert resolve_value("strategy.improve_resume_threshold") == 70


def test_the_analyze_command_runs_the_analysis(world, capsys):
    call_command("analyze", "--window-end", END.isoformat(), "--kind", "command", verbosity=0)
    run = AnalysisRun.objects.get(kind="command")
    assert run.status == AnalysisStatus.DONE
    call_command("analyze", "--window-end", END.isoformat(), "--kind", "command", verbosity=0)
    assert "Nothing to do" in capsys.readouterr().out


def test_the_nightly_task_is_scheduled_and_runs_on_an_empty_log(db):
    from learning.tasks import analysis_nightly

    job = next(j for j in SCHEDULE if j.task == "learning.analysis_nightly")
    assert job.crontab is not None
    first = analysis_nightly.delay().get()
    assert first["status"] == AnalysisStatus.DONE and first["recommendations"] == 0
    assert analysis_nightly.delay().get() == {"status": "skipped"}
