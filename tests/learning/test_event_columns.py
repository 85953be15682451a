"""The analysis fields as typed generated columns of the event log, and the reader on them."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from django.db import connection

from learning.analytics.frames import FAMILY_FIELDS, frames_from_events
from learning.event_reader import _postgres_query, event_frame
from recruitly.eventlog.columns import column_name, column_paths
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event
from recruitly.eventlog.references import _CHECKERS, RESUME_VERSION
from recruitly.eventlog.schemas import SCHEMAS
from tests.factories import UserFactory
from tests.learning.test_event_schemas_compiled import PAYLOADS

pytestmark = pytest.mark.django_db
FAMILY_OF = {name: schema.family for name, schema in SCHEMAS.items()}


def raw_events() -> list[dict]:
    events = []
    for n, (event_type, payload) in enumerate(sorted(PAYLOADS.items()) * 3):
        events.append(
            {
                "event_id": f"col-{n}",
                "event_type": event_type,
                "user_id": "alice" if n % 2 else "bob",
                "timestamp": f"2026-05-{1 + n % 28:02d}T09:15:00Z",
                **payload,
            }
        )
    return events


@pytest.fixture
def stored(monkeypatch) -> list[dict]:
    # columns, not references, are under test: the resume events name versions no table holds
    monkeypatch.setitem(_CHECKERS, RESUME_VERSION, lambda refs: set())
    UserFactory(username="alice"), UserFactory(username="bob")
    events = raw_events()
    result = events_ingest(items=events, submitted_by=None, may_post_for_others=True)
    assert result.count("stored") == len(events)
    return events


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order, missing values as None (the PostgreSQL reader's text is ``string``
    dtype with pd.NA, the raw flattening's is object with None)."""
    frame = frame.sort_values(["occurred_at", "event_type"], kind="stable").reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


@pytest.mark.parametrize("family", list(FAMILY_FIELDS))
def test_the_reader_gives_the_raw_events_columns_for_every_family(stored, family) -> None:
    ids = {
        name: pk for name, pk in Event.objects.values_list("user__username", "user_id").distinct()
    }
    expected = _sorted(frames_from_events(stored, FAMILY_OF, ids)[family])
    got = _sorted(event_frame(family=family))
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(
        got[list(expected.columns)], expected, check_dtype=False, check_exact=False
    )


def test_every_column_holds_the_payload_value_of_its_type(stored) -> None:
    paths = column_paths()
    for event in Event.objects.all():
        for name, (path, families) in paths.items():
            value: object = event.payload
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            column = getattr(event, column_name(name))
            if event.family not in families:
                assert column is None, (name, event.event_type)
            elif isinstance(value, bool) or value is None:
                assert column == value, (name, event.event_type)
            elif isinstance(value, int | float):
                assert column == pytest.approx(float(value)), (name, event.event_type)
            else:
                assert column == value, (name, event.event_type)


def test_a_value_of_the_wrong_json_type_reads_as_null_not_an_error(db) -> None:
    # rows written around the validator (an old import, a test) must not break the insert
    user = UserFactory()
    Event.objects.create(
        event_id="odd",
        event_type="SCORE_CHANGED",
        family="resume",
        user=user,
        occurred_at=datetime(2026, 5, 1, tzinfo=UTC),
        payload={"before_score": "sixty", "user_accepted": "yes", "edit_type": 3},
    )
    row = Event.objects.values("col_before_score", "col_user_accepted", "col_edit_type").get()
    assert row["col_before_score"] is None and row["col_user_accepted"] is None
    assert str(row["col_edit_type"]) == "3"


def test_postgres_reads_columns_with_no_json_extraction_and_has_a_brin_on_time(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's reader and index (set DATABASE_URL)")
    columns, _, _ = _postgres_query("application", None, None)
    text = columns.as_string(connection.connection)
    assert "payload" not in text and '"col_fit_score" AS "fit_score"' in text
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'learning_event_occurred_brin'"
        )
        assert "USING brin (occurred_at)" in cursor.fetchone()[0]
