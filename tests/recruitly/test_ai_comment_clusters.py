"""Clusters of negative comments: two planted complaints are found with their words, scattered
one-off comments are not, thumbs-up comments and other weeks are ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learning.ai.comment_clusters import comment_clusters
from learning.ai.pipeline import issues_detect
from recruitly.eventlog.models import Event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

SALARY = [
    "salary is wrong", "the salary range is wrong", "wrong salary shown", "salary wrong again",
    "salary range missing and wrong", "it got the salary wrong", "salary is totally wrong",
    "the salary figure is wrong",
]  # fmt: skip
LONG = [
    "far too long and verbose", "answer too long", "way too long to read", "too long, too verbose",
    "verbose and too long", "this is too long",
]  # fmt: skip
ONE_OFFS = [
    "meh", "does not mention Python", "I prefer remote roles", "the company name is misspelled",
    "odd tone", "Berlin is not in the USA", "who wrote this?", "nice try",
]  # fmt: skip


def _comments(texts, *, rating="down", when=NOW - timedelta(hours=2), action="job_reasoning"):
    user = UserFactory()
    Event.objects.bulk_create(
        Event(
            event_id=f"c-{rating}-{when:%d}-{action}-{i}", event_type="AI_RESPONSE_RATED",
            family="ai_feedback", user=user, occurred_at=when,
            payload={"interaction_id": str(i), "action_type": action, "rating": rating,
                     "comment": text, "model": "m", "prompt_version": "default"},
        )
        for i, text in enumerate(texts)
    )  # fmt: skip


def test_two_planted_complaints_are_found_and_one_offs_are_not():
    _comments(SALARY + LONG + ONE_OFFS)
    _comments(SALARY, rating="up")  # praise is not a complaint
    _comments(LONG * 3, when=NOW - timedelta(days=20))  # an older week
    found = comment_clusters(now=NOW)
    assert [(c["size"], c["of"]) for c in found] == [(8, 22), (6, 22)]
    assert "salary" in found[0]["terms"] and "long" in found[1]["terms"]
    assert found[0]["example"] in SALARY


def test_too_few_comments_give_nothing():
    _comments(SALARY[:5])
    assert comment_clusters(now=NOW) == []


def test_clusters_are_issues():
    _comments(SALARY + ONE_OFFS)
    issues = [i for i in issues_detect(now=NOW, by_action=[]) if i["kind"] == "comment_cluster"]
    assert len(issues) == 1 and "8 of 16 negative comments" in issues[0]["detail"]
