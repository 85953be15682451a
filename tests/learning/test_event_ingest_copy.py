"""The PostgreSQL COPY path of event ingestion: direct COPY, and the staging table when a
concurrent batch wins the race for an id between the look-up and the COPY."""

from __future__ import annotations

import pytest
from django.db import connection

from recruitly.eventlog import ingest as ingestion
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event
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


def test_ids_stored_after_the_look_up_send_the_batch_through_the_staging_table(
    monkeypatch,
) -> None:
    # given half of the batch stored by "another client" that the look-up did not see
    early = [f"r-{i}" for i in range(0, ingestion.COPY_MIN_ROWS * 2, 2)]
    ingest(early)
    monkeypatch.setattr(ingestion, "_stored_ids", lambda ids: set())
    staged = []
    original = ingestion._copy_staged
    monkeypatch.setattr(
        ingestion, "_copy_staged", lambda *a, **k: staged.append(1) or original(*a, **k)
    )
    # when the whole batch arrives
    ids = [f"r-{i}" for i in range(ingestion.COPY_MIN_ROWS * 2)]
    counts = ingest(ids)
    # then the COPY failed on the unique key, the staging path ran, and the answer is exact
    assert staged == [1]
    assert counts == {"stored": len(ids) - len(early), "duplicates": len(early), "rejected": 0}
    assert Event.objects.count() == len(ids)


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
