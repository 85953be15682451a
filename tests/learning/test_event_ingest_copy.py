"""The PostgreSQL COPY path of event ingestion: the ids claimed in ``EventId`` first, then the
rows whose id was claimed copied into the (partitioned) log."""

from __future__ import annotations

import pytest
from django.db import connection

from recruitly.eventlog import ingest as ingestion
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, EventId
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rated(event_id: str) -> dict:
    return {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "alice",
        "timestamp": "2026-03-02T10:00:00+00:00",
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }


@pytest.fixture(autouse=True)
def _postgres_and_alice() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's (set DATABASE_URL)")
    UserFactory(username="alice")


def ingest(ids: list[str]) -> dict[str, int]:
    result = events_ingest(
        items=[rated(i) for i in ids], submitted_by=None, may_post_for_others=True
    )
    return {k: v for k, v in result.as_dict().items() if k != "results"}


def test_a_large_batch_is_copied_and_a_repeat_is_all_duplicates() -> None:
    ids = [f"c-{i}" for i in range(ingestion.COPY_MIN_ROWS * 2)]
    assert ingest(ids) == {"stored": len(ids), "duplicates": 0, "rejected": 0}
    assert ingest(ids) == {"stored": 0, "duplicates": len(ids), "rejected": 0}
    assert Event.objects.count() == len(ids)
    stored = Event.objects.get(event_id="c-0")
    assert stored.payload == {
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }
    assert stored.family == "ai_feedback" and stored.source == "api"


def test_ids_already_claimed_are_left_out_of_the_copy(monkeypatch) -> None:
    # given half of the batch stored by an earlier batch
    early = [f"r-{i}" for i in range(0, ingestion.COPY_MIN_ROWS * 4, 2)]
    ingest(early)
    copied: list[int] = []
    original = ingestion._copy_into
    monkeypatch.setattr(
        ingestion,
        "_copy_into",
        lambda t, rows, *a, **k: copied.append(len(rows)) or original(t, rows, *a, **k),
    )
    # when the whole batch arrives
    ids = [f"r-{i}" for i in range(ingestion.COPY_MIN_ROWS * 4)]
    counts = ingest(ids)
    # then only the new half was copied, and the answer is exact
    assert copied == [len(ids) - len(early)]
    assert counts == {"stored": len(ids) - len(early), "duplicates": len(early), "rejected": 0}
    assert Event.objects.count() == len(ids) == EventId.objects.count()


def test_values_with_copy_control_characters_arrive_unchanged() -> None:
    tricky = ["tab\there", "new\nline", "back\\slash", "\\N", "cr\rhere", "ünï €", "\\."]
    items = [
        {**rated(event_id), "comment": f'{event_id} "quoted" \\ \t end'}
        for event_id in tricky * (ingestion.COPY_MIN_ROWS // len(tricky) + 1)
    ]
    items = [{**item, "event_id": f"{item['event_id']}-{n}"} for n, item in enumerate(items)]
    result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    assert result.count("stored") == len(items) >= ingestion.COPY_MIN_ROWS
    for item in items:
        stored = Event.objects.get(event_id=item["event_id"])
        assert stored.payload["comment"] == item["comment"]
