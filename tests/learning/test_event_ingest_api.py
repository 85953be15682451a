"""POST /api/v1/events/: stored, duplicate, rejected (quarantined), and who may post what."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

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
