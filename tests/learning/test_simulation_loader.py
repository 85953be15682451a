"""``manage.py simulate`` and the loader: rows and events match, bad events abort everything."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from learning.services import simulation_load as loader
from learning.simulation.events import world_events
from learning.simulation.world import WorldConfig, generate_world
from profiles.models import Application, CandidateProfile, JobListing, ResumeVersion
from recruitly.eventlog.models import Event, QuarantinedEvent

SIZE = {"candidates": 40, "jobs": 150, "months": 4, "seed": 5}


@pytest.fixture
def end_date():
    return (timezone.now() - timedelta(days=3)).date()


@pytest.fixture
def simulated(db, tmp_path, end_date):
    truth_path = tmp_path / "truth.json"
    call_command(
        "simulate", **SIZE, end_date=end_date.isoformat(), truth_out=str(truth_path), verbosity=0
    )
    world = generate_world(WorldConfig(**SIZE, end_date=end_date))
    return world, json.loads(truth_path.read_text())


def test_the_command_writes_the_world_and_its_truth(simulated):
    world, truth = simulated
    assert CandidateProfile.objects.count() == len(world.candidates)
    assert ResumeVersion.objects.count() == len(world.resume_versions)
    assert JobListing.objects.filter(source="simulator").count() == len(world.jobs)
    assert Application.objects.count() == len(world.applications)
    assert QuarantinedEvent.objects.count() == 0
    assert Event.objects.filter(source="simulator").count() == len(world_events(world))
    assert truth["world"]["counts"]["applications"] == len(world.applications)
    assert truth["fit_weights"]["true"]["experience"] == 0.4


def test_application_rows_and_events_name_the_same_records(simulated):
    for event in Event.objects.filter(event_type="STATUS_CHANGED")[:200]:
        app = Application.objects.get(pk=int(event.payload["application_id"]))
        assert str(app.job_id) == event.payload["job_id"]
        assert str(app.resume_version_id) == event.payload["resume_version_id"]
        assert app.candidate.user_id == event.user_id
        assert app.outcome_status  # the row shows the furthest stage reached
        assert app.skills_component == event.payload["context"]["fit_components"]["skills"]
    for event in Event.objects.filter(event_type="RESUME_REWRITTEN")[:50]:
        version = ResumeVersion.objects.get(pk=int(event.payload["resume_version_id"]))
        assert version.edit_types == [event.payload["edit_type"]]
        assert version.resume_score == event.payload["after_score"]
        assert version.created_at == event.occurred_at


def test_rows_keep_their_simulated_moments_and_users_cannot_sign_in(simulated):
    world, _ = simulated
    first = Application.objects.order_by("submitted_at").first()
    assert first.created_at == first.submitted_at
    profile = CandidateProfile.objects.select_related("user").get(user__username="sim-00001")
    assert profile.created_at == world.candidates[0].joined_at
    assert not profile.user.has_usable_password()
    assert profile.all_skills  # filled as a perfect parser would


def test_a_second_run_is_refused_unless_given_another_prefix(simulated, end_date):
    with pytest.raises(CommandError, match="already holds simulated users"):
        call_command("simulate", **SIZE, end_date=end_date.isoformat(), verbosity=0)
    call_command(
        "simulate",
        candidates=5,
        jobs=20,
        months=2,
        prefix="second",
        end_date=end_date.isoformat(),
        quiet=True,
        verbosity=0,
    )
    assert get_user_model().objects.filter(username__startswith="second-").count() == 5


def test_an_end_date_in_the_future_is_refused(db):
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    with pytest.raises(CommandError, match="future"):
        call_command("simulate", **SIZE, end_date=tomorrow.isoformat(), verbosity=0)


def test_a_rejected_simulated_event_aborts_the_whole_load(db, monkeypatch, end_date):
    world = generate_world(WorldConfig(candidates=5, jobs=30, months=2, end_date=end_date))
    real = loader.events.world_events

    def broken(*args, **kwargs):
        events = real(*args, **kwargs)
        events[0]["timestamp"] = "not a date"
        return events

    monkeypatch.setattr(loader.events, "world_events", broken)
    with pytest.raises(loader.SimulationLoadError, match="not stored"):
        loader.world_load(world=world)
    assert not CandidateProfile.objects.exists()
    assert not Event.objects.exists() and not QuarantinedEvent.objects.exists()
