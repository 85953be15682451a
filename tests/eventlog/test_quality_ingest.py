"""Temporal consistency and referential integrity at ingestion (issue 17, seed 002 §15.1)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from profiles.models import ResumeVersion
from recruitly.eventlog.ingest import events_ingest
from recruitly.eventlog.models import Event, QuarantinedEvent
from tests.eventlog.helpers import application, outcome, score_change
from tests.factories import CandidateProfileFactory, UserFactory

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db
SUBMITTED = "2026-03-02T10:00:00+00:00"
CREATED = "2026-03-01T09:00:00+00:00"


@pytest.fixture
def alice_client(api_client):
    alice = UserFactory(username="alice")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    return api_client


def ingest(items: list[dict]) -> list[tuple[str, list[str]]]:
    result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
    return [(r.status, list(r.errors)) for r in result.results]


def test_an_outcome_dated_before_its_application_is_quarantined_with_the_reason(
    alice_client,
) -> None:
    # given an application stored through the API
    stored = alice_client.post(URL, application("sub-1", "alice", SUBMITTED), format="json")
    assert stored.json()["stored"] == 1
    # when its outcome arrives dated a day before it, next to a good outcome of it
    batch = [
        outcome("out-early", "alice", "2026-03-01T10:00:00+00:00"),
        outcome("out-good", "alice", "2026-03-05T10:00:00+00:00"),
    ]
    response = alice_client.post(URL, batch, format="json")
    # then the early one is rejected and quarantined with the reason, its neighbour stored
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["rejected"]) == (1, 1)
    reason = (
        "timestamp: outcome dated before its application (2026-03-01T10:00:00Z "
        "< application 'app-1' created 2026-03-02T10:00:00Z)"
    )
    assert body["results"][0] == {"event_id": "out-early", "status": "rejected", "errors": [reason]}
    quarantined = QuarantinedEvent.objects.get()
    assert (quarantined.event_id, quarantined.errors) == ("out-early", [reason])
    assert quarantined.raw["timestamp"] == "2026-03-01T10:00:00+00:00"
    assert not Event.objects.filter(event_id="out-early").exists()


def test_a_response_before_the_submission_is_told_apart_from_one_before_the_creation(db) -> None:
    UserFactory(username="alice")
    created = application("c", "alice", CREATED, event_type="APPLICATION_CREATED")
    submitted = application("s", "alice", SUBMITTED)
    # the application arrives in the same batch as the outcomes, after them
    results = ingest(
        [
            outcome("between", "alice", "2026-03-01T12:00:00+00:00"),
            outcome("before", "alice", "2026-02-28T12:00:00+00:00"),
            created,
            submitted,
        ]
    )
    assert results[0] == (
        "rejected",
        [
            "timestamp: response before the submission (2026-03-01T12:00:00Z < application "
            "'app-1' submitted 2026-03-02T10:00:00Z)"
        ],
    )
    assert results[1][1][0].startswith("timestamp: outcome dated before its application")
    assert results[2:] == [("stored", []), ("stored", [])]


def test_an_outcome_of_an_unknown_application_or_of_another_job_is_rejected(db) -> None:
    UserFactory(username="alice"), UserFactory(username="bob")
    ingest([application("s", "alice", SUBMITTED)])
    results = ingest(
        [
            outcome("other-app", "alice", "2026-03-05T10:00:00+00:00", application_id="app-9"),
            # the same application id of another user is not this user's application
            outcome("other-user", "bob", "2026-03-05T10:00:00+00:00"),
            outcome("other-job", "alice", "2026-03-05T10:00:00+00:00", job_id="job-2"),
            outcome("fine", "alice", "2026-03-05T10:00:00+00:00"),
        ]
    )
    assert results[0][1] == [
        "application_id: unknown application 'app-9': no APPLICATION_CREATED or "
        "APPLICATION_SUBMITTED of this user for it in the log or this batch"
    ]
    assert results[1][1][0].startswith("application_id: unknown application 'app-1'")
    assert results[2][1] == ["job_id: 'job-2' is not the job of application 'app-1' ('job-1')"]
    assert results[3] == ("stored", [])
    assert QuarantinedEvent.objects.count() == 3


def test_a_rejected_application_does_not_vouch_for_its_outcome(db) -> None:
    UserFactory(username="alice")
    bad = application("s", "alice", SUBMITTED, context={"fit_score": 500})
    results = ingest([bad, outcome("o", "alice", "2026-03-05T10:00:00+00:00")])
    assert [status for status, _ in results] == ["rejected", "rejected"]
    assert results[1][1][0].startswith("application_id: unknown application")


def test_a_resume_score_change_on_an_unknown_version_is_rejected(db) -> None:
    candidate = CandidateProfileFactory(user__username="carol")
    UserFactory(username="dave")
    version = ResumeVersion.objects.create(
        candidate=candidate, version=1, text="resume", source_hash="0" * 64
    )
    results = ingest(
        [
            score_change("known", "carol", SUBMITTED, str(version.pk)),
            score_change("unknown", "carol", SUBMITTED, "999999"),
            score_change("not-an-id", "carol", SUBMITTED, "rv-1"),
            # a version of another candidate is unknown for this one
            score_change("not-theirs", "dave", SUBMITTED, str(version.pk)),
        ]
    )
    assert results[0] == ("stored", [])
    assert results[1] == (
        "rejected",
        [
            "resume_version_id: score change on an unknown resume version '999999' "
            "(no such version of this user)"
        ],
    )
    assert [status for status, _ in results[2:]] == ["rejected", "rejected"]


def test_a_batch_without_outcomes_or_resume_events_asks_the_database_nothing_more(
    db, django_assert_max_num_queries
) -> None:
    UserFactory(username="alice")
    items = [application(f"s-{n}", "alice", SUBMITTED, application_id=f"a-{n}") for n in range(5)]
    # the user look-up, the stored ids and the rows' keys (one SELECT), the events' insert
    # and the ids' claim (INSERT ... ON CONFLICT DO NOTHING RETURNING), within a savepoint
    with django_assert_max_num_queries(6):
        assert [s for s, _ in ingest(items)] == ["stored"] * 5
