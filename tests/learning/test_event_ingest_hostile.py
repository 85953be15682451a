"""Malformed items are rejected and quarantined one by one: never a 500, never a lost neighbour."""

from __future__ import annotations

import json

import pytest
from rest_framework.authtoken.models import Token

from recruitly.eventlog.models import Event, QuarantinedEvent
from tests.factories import UserFactory

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db
TIMESTAMP = "2026-03-02T10:00:00+00:00"


def good(event_id: str, **overrides: object) -> dict:
    event = {
        "event_id": event_id,
        "event_type": "AI_RESPONSE_RATED",
        "user_id": "alice",
        "timestamp": TIMESTAMP,
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "up",
    }
    event.update(overrides)
    return event


DEEP_PLACEHOLDER = "__1000_deep__"
# Written as text: the test's own encoder would hit the recursion limit first.
DEEP_JSON = "[" * 1000 + '"leaf"' + "]" * 1000


HOSTILE = {
    "null item": None,
    "NUL in a field": good("nul", comment="a\u0000b"),
    "NUL in the event id": good("id\u0000x"),
    "NUL in a key": {**good("nul-key"), "k\u0000": 1},
    "lone surrogate": good("sur", comment="\ud800"),
    "lone surrogate in the id": good("\udfff"),
    "1,000-deep nesting": good("deep", comment=DEEP_PLACEHOLDER),
    "timestamp beyond year 1 in UTC": good("ts", timestamp="0001-01-01T00:00:00+14:00"),
    "400-digit integer": good("big", comment=10**400),
    "400-digit integer in a number field": {
        "event_id": "big2",
        "event_type": "SCORE_CHANGED",
        "user_id": "alice",
        "timestamp": TIMESTAMP,
        "resume_version_id": "r1",
        "before_score": 10**400,
        "after_score": 1,
        "score_delta": 1,
        "user_accepted": True,
    },
    "huge integer in free content": good(
        "big3", event_type="SUGGESTION_ACCEPTED", suggestion_type="job", suggested_content=10**400
    ),
}


@pytest.fixture
def alice_client(api_client):
    alice = UserFactory(username="alice")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    return api_client


def post_raw(client, body: str):
    # The test client's own encoder cannot write lone surrogates: send the JSON text.
    return client.generic("POST", URL, body.encode("utf-8"), content_type="application/json")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_item_is_quarantined_and_its_neighbours_are_stored(alice_client, name) -> None:
    # given a batch with one hostile item between two good ones
    body = json.dumps([good("before"), HOSTILE[name], good("after")])
    body = body.replace(f'"{DEEP_PLACEHOLDER}"', DEEP_JSON)
    # when
    response = post_raw(alice_client, body)
    # then
    assert response.status_code == 200, response.content[:300]
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["stored", "rejected", "stored"]
    assert response.json()["results"][1]["errors"]
    assert set(Event.objects.values_list("event_id", flat=True)) == {"before", "after"}
    quarantined = QuarantinedEvent.objects.get()
    assert quarantined.errors == response.json()["results"][1]["errors"]


def test_the_quarantine_keeps_unstorable_items_as_escaped_text(alice_client) -> None:
    post_raw(alice_client, json.dumps([good("x", comment="a\u0000b")]))
    raw = QuarantinedEvent.objects.get().raw
    assert "a\\u0000b" in raw["unstorable_raw"]


@pytest.mark.parametrize(
    "body",
    ["", "{", "[" * 5000 + "]" * 5000, "5", '"text"', "null", "\xff", "[1, NaN]"],
    ids=["empty", "truncated", "nested-5000", "number", "string", "null", "bad-utf8", "nan"],
)
def test_a_malformed_body_is_a_400_with_a_code(alice_client, body) -> None:
    response = alice_client.generic(
        "POST", URL, body.encode("latin-1"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"]
    assert Event.objects.count() == QuarantinedEvent.objects.count() == 0
