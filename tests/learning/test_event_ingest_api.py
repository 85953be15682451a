"""POST /api/v1/events/: stored, duplicate, rejected (quarantined), and who may post what."""

from __future__ import annotations

import gc
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from learning.api.parsers import json_rendered
from recruitly.eventlog.models import Event, QuarantinedEvent
from tests.factories import UserFactory

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


def feedback_event(event_id: str, username: str, **overrides: object) -> dict:
    event = {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": username,
        "timestamp": timezone.now().isoformat(),
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }
    event.update(overrides)
    return event


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def alice_client(api_client, alice):
    token = Token.objects.create(user=alice)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def test_a_batch_with_good_duplicate_and_invalid_events(alice_client) -> None:
    # given an event stored earlier
    alice_client.post(URL, feedback_event("e-1", "alice"), format="json")
    batch = [
        feedback_event("e-2", "alice"),
        feedback_event("e-1", "alice"),
        feedback_event("e-3", "alice", rating="meh"),
    ]
    # when
    response = alice_client.post(URL, batch, format="json")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["duplicates"], body["rejected"]) == (1, 1, 1)
    assert [r["status"] for r in body["results"]] == ["stored", "duplicate", "rejected"]
    assert body["results"][2]["errors"] == ["rating: must be one of up, down (got 'meh')"]
    assert Event.objects.filter(event_id="e-1").count() == 1
    quarantined = QuarantinedEvent.objects.get()
    assert quarantined.event_id == "e-3" and quarantined.raw["rating"] == "meh"
    assert quarantined.errors == body["results"][2]["errors"]


def test_the_same_event_id_twice_in_one_batch_is_stored_once(alice_client) -> None:
    response = alice_client.post(
        URL, [feedback_event("x", "alice"), feedback_event("x", "alice")], format="json"
    )
    assert [r["status"] for r in response.json()["results"]] == ["stored", "duplicate"]
    assert Event.objects.count() == 1


def test_a_candidate_may_not_post_events_of_another_user(alice_client) -> None:
    UserFactory(username="bob")
    response = alice_client.post(URL, feedback_event("b-1", "bob"), format="json")
    assert response.json()["results"][0] == {
        "event_id": "b-1",
        "status": "rejected",
        "errors": ["user_id: you may only post your own events"],
    }
    assert not Event.objects.exists()
    assert QuarantinedEvent.objects.filter(event_id="b-1").exists()


def test_an_unknown_user_is_rejected(alice_client) -> None:
    response = alice_client.post(URL, feedback_event("g-1", "ghost"), format="json")
    assert response.json()["results"][0]["errors"] == ["user_id: unknown user 'ghost'"]


def test_an_integration_token_may_post_for_any_user(api_client, alice) -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("issue_token", "ingest-bot", "--service", stdout=StringIO())
    token = Token.objects.get(user__username="ingest-bot")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.post(URL, [feedback_event("s-1", "alice")], format="json")
    assert response.json()["stored"] == 1
    assert Event.objects.get().user == alice


def test_anonymous_requests_are_refused(api_client, alice) -> None:
    response = api_client.post(URL, feedback_event("a-1", "alice"), format="json")
    assert response.status_code == 401
    assert not Event.objects.exists()


def test_session_auth_works_too(client, alice) -> None:
    client.force_login(alice)
    response = client.post(URL, feedback_event("c-1", "alice"), content_type="application/json")
    assert response.status_code == 200 and response.json()["stored"] == 1


def test_more_than_ten_thousand_events_is_refused(alice_client, settings) -> None:
    settings.EVENT_BATCH_LIMIT = 3
    response = alice_client.post(
        URL, [feedback_event(f"l-{i}", "alice") for i in range(4)], format="json"
    )
    assert response.status_code == 413
    assert "at most 3 events" in response.json()["detail"]


def test_batch_ingestion_uses_a_constant_number_of_queries(alice_client) -> None:
    def queries_for(n: int, prefix: str) -> int:
        batch = [feedback_event(f"{prefix}-{i}", "alice") for i in range(n)]
        batch.append(feedback_event(f"{prefix}-bad", "alice", rating="?"))
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.post(URL, batch, format="json").status_code == 200
        return len(ctx.captured_queries)

    small, large = queries_for(5, "small"), queries_for(400, "large")
    # Bulk INSERTs are split by the database's parameter limit (about 100 rows per statement
    # on SQLite), never one query per event.
    assert large <= small + 400 // 100
    assert Event.objects.count() == 405


def _holds_the_probe_batch(obj: object) -> bool:
    # exact types: isinstance() would evaluate lazy objects other requests left behind
    return (
        type(obj) is list
        and bool(obj)
        and type(obj[0]) is dict
        and str(obj[0].get("event_id", "")).startswith("gc-probe-")
    )


def test_the_parsed_batch_is_freed_before_garbage_collection_resumes(alice_client, monkeypatch):
    """Collection is paused during an ingest; whatever is alive when it resumes is walked by
    the next collection, so the parsed batch must be gone by then."""
    assert gc.isenabled()
    seen: list[bool] = []
    resume = gc.enable

    def enable() -> None:
        seen.append(any(_holds_the_probe_batch(o) for o in gc.get_objects()))
        resume()

    monkeypatch.setattr(gc, "enable", enable)
    body = json.dumps([feedback_event(f"gc-probe-{i}", "alice") for i in range(20)])
    response = alice_client.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["stored"] == 20
    assert seen == [False]


_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["\u2028", "\u2029", "a\u2028b\u2029", "\x00\x1f\x7f", '"\\']
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,  # no floats: see json_rendered
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_text, _json, max_size=4))  # an answer is an object
def test_answers_are_rendered_byte_for_byte_as_drf_renders_them(data) -> None:
    from rest_framework.renderers import JSONRenderer

    assert json_rendered(data) == JSONRenderer().render(data)
