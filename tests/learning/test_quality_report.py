"""The daily data-quality report: anomalies by robust z (checked against scipy), capture,
completeness, quarantine by reason, and one mail per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from django.core import mail
from django.utils import timezone
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from learning.quality.report import data_quality_daily, data_quality_report_build, reason_key
from learning.quality.tasks import data_quality_daily_task
from profiles.models import Application
from recruitly.eventlog.anomalies import robust_scale
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import DataQualityReport, Event, EventAnomaly, QuarantinedEvent
from recruitly.schedule import SCHEDULE
from tests.eventlog.helpers import application, outcome
from tests.factories import (
    CandidateProfileFactory,
    JobListingFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _stamp(model: type, at: datetime, **lookup: object) -> None:
    """Set the ingestion time the database gave the rows (the report reads ingestion days)."""
    model.objects.filter(**lookup).update(created_at=at)


def _baseline_and_day(user: object) -> None:
    rng = np.random.default_rng(7)
    fits = np.clip(rng.normal(60, 5, 300), 0, 100)
    items = [
        application(f"b{i}", "alice", "2026-02-10T10:00:00+00:00", application_id=f"b{i}")
        for i in range(300)
    ]
    for item, fit in zip(items, fits, strict=True):
        item["context"] = {**item["context"], "fit_score": round(float(fit), 2)}
    events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    _stamp(Event, datetime(2026, 2, 20, tzinfo=UTC), event_id__startswith="b")
    day = [
        application("odd", "alice", "2026-03-02T09:00:00+00:00", application_id="odd"),
        application("usual", "alice", "2026-03-02T09:00:00+00:00", application_id="usual"),
    ]
    day[0]["context"] = {**day[0]["context"], "fit_score": 98.0}
    day[1]["context"] = {**day[1]["context"], "fit_score": 61.0}
    events_ingest(items=day, submitted_by=None, may_post_for_others=True)
    _stamp(Event, NOON, event_id__in=["odd", "usual"])


def test_robust_scale_matches_scipy_and_waits_for_enough_values() -> None:
    values = np.random.default_rng(3).standard_t(3, 500) * 4 + 10
    scale = robust_scale(values)
    assert scale is not None
    assert scale.median == pytest.approx(np.median(values))
    assert scale.scale == pytest.approx(
        stats.median_abs_deviation(values, scale="normal"), rel=1e-4
    )
    assert robust_scale(values[:99]) is None
    # more than half one value: MAD is 0, the mean absolute deviation stands in
    lumpy = np.array([5.0] * 80 + [6.0, 9.0] * 20)
    assert robust_scale(lumpy).scale == pytest.approx(1.2533 * np.mean(np.abs(lumpy - 5.0)))
    assert robust_scale(np.full(200, 5.0)) is None


def test_an_unusual_value_is_flagged_with_its_reason_not_rejected() -> None:
    _baseline_and_day(UserFactory(username="alice"))
    body = data_quality_report_build(day=DAY)
    flags = EventAnomaly.objects.all()
    assert [(f.event.event_id, f.field) for f in flags] == [("odd", "fit_score")]
    flag = flags[0]
    baseline = np.array(
        Event.objects.filter(event_id__startswith="b").values_list("col_fit_score", flat=True)
    )
    expected_z = (98.0 - np.median(baseline)) / stats.median_abs_deviation(baseline, scale="normal")
    assert flag.robust_z == pytest.approx(expected_z, rel=1e-4)
    assert flag.baseline_n == 300
    assert flag.reason.startswith("fit_score = 98 is +")
    assert "robust SD from the median" in flag.reason
    assert Event.objects.filter(event_id="odd").exists()  # flagged, still stored
    assert body["anomalies"]["flagged"] == 1
    assert body["anomalies"]["examples"][0]["event_id"] == "odd"
    # the report is idempotent: a second build flags nothing twice
    data_quality_report_build(day=DAY)
    assert EventAnomaly.objects.count() == 1


def test_report_figures_carry_their_sample_sizes() -> None:
    candidate = CandidateProfileFactory(user__username="alice")
    jobs = JobListingFactory.create_batch(3)
    apps = [
        Application.objects.create(
            candidate=candidate,
            job=job,
            fit_score=70,
            category="target",
            strategy_mode="APPLY_MODE",
            submitted_at=NOON,
        )
        for job in jobs
    ]
    # two of the three applications reach the log; one outcome before its application
    items = [
        application(f"s{a.pk}", "alice", "2026-03-02T10:00:00+00:00", application_id=str(a.pk))
        for a in apps[:2]
    ]
    items.append(
        outcome("early", "alice", "2026-03-01T10:00:00+00:00", application_id=str(apps[0].pk))
    )
    items.append({"event_id": "junk", "event_type": "NOPE"})
    events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    _stamp(Event, NOON)
    _stamp(QuarantinedEvent, NOON)
    body = data_quality_report_build(day=DAY)
    submitted = body["capture"][0]
    assert (submitted["k"], submitted["n"]) == (2, 3)
    low, high = proportion_confint(2, 3, method="wilson")
    assert (submitted["low"], submitted["high"]) == (pytest.approx(low), pytest.approx(high))
    assert body["capture"][1]["n"] == 0 and body["capture"][1]["rate"] is None
    assert (body["acceptance"]["k"], body["acceptance"]["n"]) == (2, 4)
    reasons = {r["reason"]: r["count"] for r in body["quarantine"]["by_reason"]}
    assert reasons["timestamp: outcome dated before its application"] == 1
    assert sum(reasons.values()) >= 2
    completeness = {row["event_type"]: row for row in body["completeness"]}
    fields = {f["field"]: f for f in completeness["APPLICATION_SUBMITTED"]["fields"]}
    assert (fields["fit_score"]["k"], fields["fit_score"]["n"]) == (2, 2)
    assert fields["industry"]["k"] == 0  # the helper's jobs carry no industry


def test_reason_keys_drop_the_items_own_values() -> None:
    assert reason_key("rating: must be one of up, down (got 'meh')") == (
        "rating: must be one of up, down"
    )
    assert reason_key("application_id: unknown application 'app-9': no X") == (
        "application_id: unknown application …: no X"
    )


def test_the_report_is_mailed_to_reviewers_once_a_day(django_capture_on_commit_callbacks) -> None:
    ReviewerFactory(email="rev@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        first = data_quality_daily(day=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = data_quality_daily_task(day=DAY.isoformat())
    assert first.mailed_at is not None and again["mailed"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[recruitly] Data quality 2026-03-02"
    assert "Accepted: n = 0" in mail.outbox[0].body
    assert DataQualityReport.objects.count() == 1
    job = next(j for j in SCHEDULE if j.task == "learning.data_quality_daily")
    assert job.crontab == ("15", "1", "*")


def test_the_task_reports_on_yesterday_by_default(monkeypatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOON + timedelta(days=1))
    assert data_quality_daily_task()["day"] == "2026-03-02"
