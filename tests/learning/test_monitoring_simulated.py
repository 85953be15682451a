"""Issue 17's done criteria on simulated worlds: plants found within a day, a flat world quiet.

Each run is "the night of" its window end: time is frozen there (time-machine), so a version
created by a rollback is dated in simulated time, and no figure depends on today's date.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

import pandas as pd
import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from learning.analytics import applications_from_events
from learning.event_reader import event_frame
from learning.models import MonitoringCheck
from learning.services import simulation_load as loader
from learning.services.monitoring import monitoring_run
from learning.services.monitoring_plants import calibrated_version_plant, miscalibration_plant
from learning.simulation.plants import (
    Miscalibration,
    PostingSurge,
    posting_surge_plant,
    true_bucket_rates,
)
from learning.simulation.world import WorldConfig, generate_world
from profiles.models import JobListing
from recruitly.roles import REVIEWERS_GROUP
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.selectors import parameter_active_version

END = date(2026, 6, 1)
SIZE = {"candidates": 200, "jobs": 8000, "months": 8, "seed": 3, "end_date": END}
RATES = "resume_scoring.expected_interview_rates"
PLANT_DAY = date(2026, 5, 12)  # a Tuesday


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


@pytest.fixture
def reviewer(db):
    user = User.objects.create_user("rev", email="rev@example.com", password="x")
    user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return user


def _night(day: date, events: pd.DataFrame, on_commit) -> list[MonitoringCheck]:
    end = _midnight(day)
    apps = applications_from_events(events[events["occurred_at"] < pd.Timestamp(end)])
    with (
        time_machine.travel(end + timedelta(hours=2, minutes=30), tick=False),
        on_commit(execute=True),  # the alert mail goes after the commit
    ):
        return monitoring_run(window_end=end, apps=apps)


def test_a_flat_world_raises_no_alert_over_90_days(
    db, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    world = generate_world(WorldConfig(**SIZE))
    loader.world_load(world=world)
    calibrated_version_plant(world)  # a learned value that is right: nothing is wrong here
    events = event_frame(family="application")
    for offset in range(90, 0, -1):
        _night(END - timedelta(days=offset), events, django_capture_on_commit_callbacks)
    checks = MonitoringCheck.objects.all()
    assert checks.filter(name="calibration", severity="ok").count() == 90
    # postings were tested on the days with at least 20 of them (weekdays, mostly)
    assert checks.filter(name="feature_drift.postings", severity="ok").count() >= 40
    assert checks.filter(name="feature_drift.applications", severity="ok").count() == 90
    assert checks.filter(name="concept_drift", severity="ok").count() == 90
    alerts = checks.filter(severity__in=["warning", "critical"])
    assert list(alerts.values_list("day", "name", "summary")) == []
    assert mailoutbox == []
    assert ParameterVersion.objects.filter(component=RATES).count() == 1


def test_posting_mix_drift_and_a_miscalibrated_parameter_are_caught_the_next_night(
    db, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    night = partial(_night, on_commit=django_capture_on_commit_callbacks)
    world = posting_surge_plant(generate_world(WorldConfig(**SIZE)), PostingSurge(at=PLANT_DAY))
    loader.world_load(world=world)
    plant_at = _midnight(PLANT_DAY) + timedelta(hours=10)
    bad = miscalibration_plant(world, Miscalibration(at=plant_at, factor=0.4))
    assert bad.version == 2
    events = event_frame(family="application")

    before = night(PLANT_DAY, events)  # the night before: nothing planted yet
    assert {c.name: c.severity for c in before if c.severity in ("warning", "critical")} == {}

    after = {c.name: c for c in night(PLANT_DAY + timedelta(days=1), events)}
    postings = after["feature_drift.postings"]
    assert postings.severity == "warning"
    drifted = {f["name"] for f in postings.evidence["features"] if f["drifted"]}
    assert "occupation_family" in drifted

    calibration = after["calibration"]
    assert calibration.severity == "critical"
    assert calibration.value > 2 * calibration.threshold
    previous = calibration.evidence["previous"]  # v1, the true rates: within the noise
    assert previous["version"] == "v1" and previous["p_value"] > 0.001
    active = parameter_active_version(component=RATES)
    assert active.version == 3 and active.source == "rollback"
    assert active.value == true_bucket_rates(world)  # v1's value is back
    audit = AuditEntry.objects.get(action="monitoring.rollback")
    assert audit.actor is None and audit.details["component"] == RATES
    assert audit.details["evidence"]["active"]["ece"] == pytest.approx(calibration.value)
    assert AuditEntry.objects.filter(action="parameter.rollback").count() == 1
    assert len(mailoutbox) == 1 and "critical" in mailoutbox[0].subject
    assert "rolled back" in mailoutbox[0].body and mailoutbox[0].to == ["rev@example.com"]

    # the next night the restored value is in force: calibration is fine, nothing repeats
    third = {c.name: c for c in night(PLANT_DAY + timedelta(days=2), events)}
    assert third["calibration"].severity == "ok"
    assert ParameterVersion.objects.filter(component=RATES).count() == 3


def test_the_simulate_command_plants_both_faults_on_request(db, tmp_path):
    truth = tmp_path / "truth.json"
    call_command(
        "simulate", candidates=30, jobs=300, months=3, seed=4, end_date="2026-06-01",
        truth_out=str(truth), plant_posting_surge="2026-05-12:teaching:0.6",
        plant_miscalibration="2026-05-12:0.5", verbosity=0,
    )  # fmt: skip
    plants = json.loads(truth.read_text())["plants"]
    assert (
        plants["posting_surge"]["track"] == "teaching" and plants["posting_surge"]["share"] == 0.6
    )
    assert plants["miscalibration"] == {"at": "2026-05-12T10:00:00+00:00", "factor": 0.5}
    versions = ParameterVersion.objects.filter(component=RATES).order_by("version")
    assert [v.evidence["planted"] for v in versions] == ["calibrated", "miscalibrated"]
    assert versions[1].created_at == datetime(2026, 5, 12, 10, tzinfo=UTC)
    world = generate_world(WorldConfig(candidates=30, jobs=300, months=3, seed=4, end_date=END))
    assert JobListing.objects.count() > len(world.jobs)
    with pytest.raises(CommandError, match="unknown track"):
        call_command("simulate", prefix="other", plant_posting_surge="2026-05-12:astronaut",
                     end_date="2026-06-01", verbosity=0)  # fmt: skip
