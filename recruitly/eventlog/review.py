"""A reviewer resolves a quarantined item: fix and replay it, or discard it (both audited).

Replay sends the edited item through :func:`recruitly.eventlog.ingest.events_ingest`, the
API's own path (schema, consistency, references, ``ON CONFLICT`` insert), without adding a
quarantine row when it fails again. The item's row is locked (``select_for_update``) for the
whole decision, so two reviewers replaying the same item store it once: the second finds it
resolved. The event's unique ``event_id`` is the second guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, QuarantinedEvent, QuarantineStatus
from recruitly.spine.audit import audit_record

REPLAY_SOURCE = "replay"
DISCARD_REASON_MAX = 500


class ReviewError(ValueError):
    """The decision cannot be taken: the item is resolved already or the input is unusable."""


@dataclass(frozen=True)
class ReplayResult:
    stored: bool
    event: Event | None = None
    errors: list[str] = field(default_factory=list)


def _open_item(item_id: int) -> QuarantinedEvent:
    item = QuarantinedEvent.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise ReviewError("no such quarantined item")
    if item.status != QuarantineStatus.OPEN:
        raise ReviewError(f"this item was {item.get_status_display().lower()} already")
    return item


@transaction.atomic
def quarantined_replay(*, item_id: int, raw: Any, acting_user: User) -> ReplayResult:
    """Ingest the reviewer's fixed ``raw`` for the item; on success mark it replayed.

    A fixed item that is still invalid leaves the item open and returns the reasons. An
    ``event_id`` already in the log is not stored again: the reviewer is told so.
    """
    item = _open_item(item_id)
    result = events_ingest(
        items=[raw],
        submitted_by=acting_user,
        may_post_for_others=True,
        source=REPLAY_SOURCE,
        quarantine=False,
    )
    outcome = result.results[0]
    if outcome.status == "rejected":
        return ReplayResult(False, errors=list(outcome.errors))
    if outcome.status == "duplicate":
        return ReplayResult(
            False,
            errors=[f"event_id: {outcome.event_id!r} is in the log already; discard this item"],
        )
    event = Event.objects.get(event_id=outcome.event_id)
    item.status, item.replayed_event = QuarantineStatus.REPLAYED, event
    item.resolved_by, item.resolved_at = acting_user, timezone.now()
    item.resolution_note = "fixed and replayed"
    item.save(
        update_fields=[
            "status",
            "replayed_event",
            "resolved_by",
            "resolved_at",
            "resolution_note",
            "updated_at",
        ]
    )
    audit_record(
        acting_user=acting_user,
        action="quarantine.replay",
        target=item,
        reason="fixed and replayed",
        details={"event_id": event.event_id, "event_pk": event.pk, "errors_before": item.errors},
    )
    return ReplayResult(True, event=event)


@transaction.atomic
def quarantined_discard(*, item_id: int, reason: str, acting_user: User) -> QuarantinedEvent:
    """Close the item without storing anything; the reason is required and audited."""
    reason = reason.strip()
    if not reason:
        raise ReviewError("say why the item is discarded")
    if len(reason) > DISCARD_REASON_MAX:
        raise ReviewError(f"the reason must be at most {DISCARD_REASON_MAX} characters")
    item = _open_item(item_id)
    item.status, item.resolution_note = QuarantineStatus.DISCARDED, reason
    item.resolved_by, item.resolved_at = acting_user, timezone.now()
    item.save(
        update_fields=["status", "resolved_by", "resolved_at", "resolution_note", "updated_at"]
    )
    audit_record(
        acting_user=acting_user,
        action="quarantine.discard",
        target=item,
        reason=reason,
        details={"event_id": item.event_id, "errors": item.errors},
    )
    return item
