"""The reviewers' data-quality pages: report, quarantine list with filters, fix and replay,
discard; escaped, reviewers only, never a 500 for what a reviewer types."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from learning.quality.report import data_quality_report_build
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import DataQualityReport, Event, QuarantinedEvent
from recruitly.spine.models import AuditEntry
from tests.eventlog.helpers import application, outcome
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SUBMITTED = "2026-03-02T10:00:00+00:00"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def quarantined() -> QuarantinedEvent:
    UserFactory(username="alice")
    events_ingest(
        items=[
            application("sub", "alice", SUBMITTED),
            outcome("out", "alice", "2026-03-01T10:00:00+00:00"),
            {"event_id": HOSTILE, "event_type": "AI_RESPONSE_RATED", "comment": HOSTILE},
        ],
        submitted_by=None,
        may_post_for_others=True,
    )
    return QuarantinedEvent.objects.get(event_id="out")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_pages_are_for_reviewers_only(client, user, quarantined) -> None:
    urls = [
        reverse("quality:report"),
        reverse("quality:quarantine"),
        reverse("quality:quarantine-item", args=[quarantined.pk]),
    ]
    assert all(client.get(u).status_code == 302 for u in urls)  # to the login page
    client.force_login(user)
    assert all(client.get(u).status_code == 403 for u in urls)
    response = client.post(
        reverse("quality:quarantine-discard", args=[quarantined.pk]), {"reason": "x"}
    )
    assert response.status_code == 403


def test_the_list_filters_and_escapes(reviewer_client, quarantined) -> None:
    page = reviewer_client.get(reverse("quality:quarantine")).content.decode()
    assert "outcome dated before its application" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    only_outcomes = reviewer_client.get(
        reverse("quality:quarantine"), {"event_type": "STATUS_CHANGED"}
    ).content.decode()
    assert "outcome dated before" in only_outcomes and "&lt;script&gt;" not in only_outcomes
    by_reason = reviewer_client.get(reverse("quality:quarantine"), {"q": "user_id"})
    assert "&lt;script&gt;" in by_reason.content.decode()
    assert "out</code>" not in by_reason.content.decode()
    # nonsense filters fall back, never a 500
    odd = reviewer_client.get(
        reverse("quality:quarantine"), {"status": "x", "event_type": "y", "page": "z"}
    )
    assert odd.status_code == 200
    resolved = reviewer_client.get(reverse("quality:quarantine"), {"status": "replayed"})
    assert "No quarantined items match." in resolved.content.decode()


def test_fix_and_replay_from_the_page(reviewer_client, reviewer, quarantined) -> None:
    url = reverse("quality:quarantine-item", args=[quarantined.pk])
    page = reviewer_client.get(url).content.decode()
    assert "outcome dated before its application" in page and "Fix and replay" in page
    replay = reverse("quality:quarantine-replay", args=[quarantined.pk])
    # broken JSON and a still-invalid fix: 400 with the reasons, the item stays open
    broken = reviewer_client.post(replay, {"raw": "{not json"})
    assert broken.status_code == 400 and "not valid JSON" in broken.content.decode()
    still_early = reviewer_client.post(replay, {"raw": json.dumps(quarantined.raw)})
    assert still_early.status_code == 400
    assert "outcome dated before its application" in still_early.content.decode()
    # the fix
    fixed = {**quarantined.raw, "timestamp": "2026-03-05T10:00:00+00:00"}
    done = reviewer_client.post(replay, {"raw": json.dumps(fixed)}, follow=True)
    body = done.content.decode()
    event = Event.objects.get(event_id="out")
    assert "Replayed: event out is stored." in body
    assert reverse("quality:event", args=[event.pk]) in body
    assert "Fix and replay" not in body
    event_page = reviewer_client.get(reverse("quality:event", args=[event.pk])).content.decode()
    assert f"quarantined item {quarantined.pk}" in event_page
    again = reviewer_client.post(replay, {"raw": json.dumps(fixed)}, follow=True)
    assert "replayed already" in again.content.decode()
    assert Event.objects.filter(event_id="out").count() == 1
    assert AuditEntry.objects.filter(action="quarantine.replay", actor=reviewer).count() == 1


def test_discard_from_the_page(reviewer_client, quarantined) -> None:
    discard = reverse("quality:quarantine-discard", args=[quarantined.pk])
    no_reason = reviewer_client.post(discard, {"reason": ""}, follow=True)
    assert "say why the item is discarded" in no_reason.content.decode()
    done = reviewer_client.post(discard, {"reason": f"duplicate import {HOSTILE}"}, follow=True)
    body = done.content.decode()
    assert "Discarded." in body and HOSTILE not in body and "duplicate import &lt;script" in body
    assert AuditEntry.objects.get(action="quarantine.discard").reason.startswith("duplicate")


def test_the_report_page(reviewer_client, quarantined) -> None:
    empty = reviewer_client.get(reverse("quality:report")).content.decode()
    assert "No report yet" in empty
    assert f'href="{reverse("quality:report")}">Data quality</a>' in empty  # in the header
    QuarantinedEvent.objects.update(created_at="2026-03-02T12:00:00+00:00")
    DataQualityReport.objects.create(
        day=date(2026, 3, 2), body=data_quality_report_build(day=date(2026, 3, 2))
    )
    page = reviewer_client.get(reverse("quality:report")).content.decode()
    assert "Monday 2 March 2026" in page
    assert "timestamp: outcome dated before its application" in page
    assert "Completeness per field" in page and "no data (n = 0)" in page
    assert reviewer_client.get(reverse("quality:report"), {"day": "2026-03-09"}).status_code == 404
    assert reviewer_client.get(reverse("quality:report"), {"day": "junk"}).status_code == 404
