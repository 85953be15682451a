"""The log's idempotency key (``EventId``) on every backend: what ingestion and the ORM claim,
and erasure's pseudonymised ids."""

from __future__ import annotations

import pytest

from profiles.privacy.erase import Needles, _events_pseudonymise
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, EventId
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EMAIL = "ada.q@example.org"


def rated(event_id: str) -> dict:
    return {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "ada",
        "timestamp": "2026-03-02T10:00:00+00:00",
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }


def test_every_stored_event_has_its_id_claimed_once_and_rejected_ones_none() -> None:
    UserFactory(username="ada")
    items = [rated("a"), rated("b"), rated("a"), {**rated("c"), "user_id": "nobody"}]
    result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    assert [r.status for r in result.results] == ["stored", "stored", "duplicate", "rejected"]
    assert sorted(EventId.objects.values_list("event_id", flat=True)) == ["a", "b"]
    assert sorted(Event.objects.values_list("event_id", flat=True)) == ["a", "b"]


def test_erasure_replaces_an_id_holding_the_address_in_the_key_too() -> None:
    user = UserFactory(username="ada")
    events_ingest(items=[rated(f"rating-{EMAIL}")], submitted_by=None, may_post_for_others=True)
    assert _events_pseudonymise(user, Needles((EMAIL,))) == 1
    (stored,) = Event.objects.values_list("event_id", flat=True)
    assert stored.startswith("erased-") and EMAIL not in stored
    assert list(EventId.objects.values_list("event_id", flat=True)) == [stored]
