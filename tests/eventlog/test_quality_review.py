"""A reviewer fixes and replays, or discards, a quarantined item: audited, stored once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, QuarantinedEvent, QuarantineStatus
from recruitly.eventlog.review import (
    ReviewError,
    quarantined_discard,
    quarantined_replay,
)
from recruitly.spine.models import AuditEntry
from tests.eventlog.helpers import application, outcome
from tests.factories import ReviewerFactory, UserFactory

SUBMITTED = "2026-03-02T10:00:00+00:00"


def _quarantine_early_outcome() -> QuarantinedEvent:
    UserFactory(username="alice")
    events_ingest(
        items=[
            application("sub", "alice", SUBMITTED),
            outcome("out", "alice", "2026-03-01T10:00:00+00:00"),
        ],
        submitted_by=None,
        may_post_for_others=True,
    )
    return QuarantinedEvent.objects.get()


@pytest.mark.django_db
def test_a_fixed_item_is_stored_marked_replayed_and_audited() -> None:
    item = _quarantine_early_outcome()
    reviewer = ReviewerFactory()
    # a fix that is still wrong leaves the item open, adds no quarantine row, stores nothing
    still_wrong = {**item.raw, "timestamp": "2026-03-02T09:00:00+00:00"}
    failed = quarantined_replay(item_id=item.pk, raw=still_wrong, acting_user=reviewer)
    assert not failed.stored
    assert failed.errors[0].startswith("timestamp: outcome dated before its application")
    assert QuarantinedEvent.objects.count() == 1
    assert not AuditEntry.objects.exists()
    # the right date
    fixed = {**item.raw, "timestamp": "2026-03-04T10:00:00+00:00"}
    result = quarantined_replay(item_id=item.pk, raw=fixed, acting_user=reviewer)
    assert result.stored
    event = Event.objects.get(event_id="out")
    assert (event.source, event.submitted_by) == ("replay", reviewer)
    item.refresh_from_db()
    assert (item.status, item.replayed_event, item.resolved_by) == (
        QuarantineStatus.REPLAYED,
        event,
        reviewer,
    )
    audit = AuditEntry.objects.get()
    assert (audit.action, audit.target_id, audit.actor) == (
        "quarantine.replay",
        str(item.pk),
        reviewer,
    )
    assert audit.details["event_id"] == "out"
    # a second replay is refused: the item is resolved
    with pytest.raises(ReviewError, match="replayed already"):
        quarantined_replay(item_id=item.pk, raw=fixed, acting_user=reviewer)
    assert Event.objects.filter(event_id="out").count() == 1


@pytest.mark.django_db
def test_discard_needs_a_reason_and_is_audited() -> None:
    item = _quarantine_early_outcome()
    reviewer = ReviewerFactory()
    with pytest.raises(ReviewError, match="say why"):
        quarantined_discard(item_id=item.pk, reason="  ", acting_user=reviewer)
    quarantined_discard(item_id=item.pk, reason="client clock was wrong", acting_user=reviewer)
    item.refresh_from_db()
    assert (item.status, item.resolution_note) == (
        QuarantineStatus.DISCARDED,
        "client clock was wrong",
    )
    audit = AuditEntry.objects.get()
    assert (audit.action, audit.reason) == ("quarantine.discard", "client clock was wrong")
    with pytest.raises(ReviewError, match="discarded already"):
        quarantined_replay(item_id=item.pk, raw=item.raw, acting_user=reviewer)
    assert not Event.objects.filter(event_id="out").exists()


@pytest.mark.django_db
def test_replaying_an_id_already_in_the_log_stores_nothing_and_says_so() -> None:
    item = _quarantine_early_outcome()
    reviewer = ReviewerFactory()
    result = quarantined_replay(
        item_id=item.pk,
        raw={**item.raw, "event_id": "sub", "timestamp": "2026-03-04T10:00:00+00:00"},
        acting_user=reviewer,
    )
    assert not result.stored
    assert result.errors == ["event_id: 'sub' is in the log already; discard this item"]
    item.refresh_from_db()
    assert item.status == QuarantineStatus.OPEN


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_replaying_the_same_item_store_it_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")
    item = _quarantine_early_outcome()
    reviewers = [ReviewerFactory(username=f"rev{n}") for n in range(2)]
    fixed = {**item.raw, "timestamp": "2026-03-04T10:00:00+00:00"}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(reviewer: object) -> None:
        try:
            barrier.wait()
            result = quarantined_replay(item_id=item.pk, raw=fixed, acting_user=reviewer)
            outcomes.append("stored" if result.stored else f"not stored: {result.errors}")
        except ReviewError as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused: this item was fixed and replayed already", "stored"]
    assert Event.objects.filter(event_id="out").count() == 1
    assert AuditEntry.objects.filter(action="quarantine.replay").count() == 1
