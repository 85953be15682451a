"""The compiled checkers never accept what the reference validator refuses, and accept the
well-formed events of every type (else ingestion would lose its fast path)."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from recruitly.eventlog.compiled import COMPILED, accept, validate
from recruitly.eventlog.schemas import SCHEMAS, Invalid, ValidEvent, validate_event

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TOLERANCE = timedelta(minutes=5)
ENVELOPE = {"user_id": "alice", "timestamp": "2026-05-30T09:15:00Z"}
CONTEXT = {
    "strategy_mode": "APPLY_MODE",
    "fit_score": 82.5,
    "category": "target",
    "job_characteristics": {
        "title": "Backend Engineer",
        "company": "Acme",
        "seniority": "mid",
        "location": "Zürich",
        "remote": False,
    },
    "resume_score": 78,
    "tailoring_applied": True,
    "fit_components": {"skills": 61.0, "experience": None},
}
APPLICATION = {
    "application_id": "app-1",
    "job_id": "job-1",
    "resume_version_id": "rv-1",
    "context": CONTEXT,
}
STRATEGY = {
    "to_mode": "RETHINK_TARGETS",
    "reason": "low interview rate",
    "metrics": {
        "resume_score": 70,
        "total_applications": 12,
        "interview_rate": 0.05,
        "applications_last_7_days": 3,
    },
}
RESUME = {
    "resume_version_id": "rv-2",
    "edit_type": "added_metrics",
    "before_score": 60,
    "after_score": 68.5,
    "score_delta": 8.5,
    "gaps_addressed": ["python"],
    "user_accepted": True,
}
FEEDBACK = {
    "suggestion_type": "rewrite",
    "suggested_content": {"edit_type": "added_metrics", "text": ["a", {"b": 1}]},
    "final_content": "final",
}
PAYLOADS: dict[str, dict[str, Any]] = {
    "APPLICATION_CREATED": APPLICATION,
    "APPLICATION_SUBMITTED": APPLICATION,
    "STATUS_CHANGED": {**APPLICATION, "outcome": {"status": "interview", "days_to_response": 4}},
    "MODE_CHANGED": STRATEGY,
    "TARGET_ADJUSTED": {**STRATEGY, "from_mode": "APPLY_MODE"},
    "PLAN_GENERATED": STRATEGY,
    "RESUME_REWRITTEN": {**RESUME, "rewrite_type": "bullet"},
    "SCORE_CHANGED": RESUME,
    "SUGGESTION_ACCEPTED": FEEDBACK,
    "SUGGESTION_EDITED": FEEDBACK,
    "SUGGESTION_REJECTED": {**FEEDBACK, "rejection_reason": ""},
    "AI_RESPONSE_RATED": {
        "interaction_id": "ai-1",
        "action_type": "job_reasoning",
        "rating": "down",
        "comment": "too long",
    },
}
DEEP: list[Any] = ["deep"]
for _ in range(35):
    DEEP = [DEEP]
ODD_VALUES: list[Any] = [
    None,
    "",
    "   ",
    "x" * 2001,
    "a\x00b",
    "\ud800",
    "é",
    -1,
    0,
    100,
    101,
    0.5,
    2**53,
    2**53 + 1,
    10**400,
    float("inf"),
    float("nan"),
    True,
    False,
    [],
    ["a", 1],
    {},
    {"k": 1},
    "APPLY_MODE",
    "interview",
    "up",
    "2026-05-30T09:15:00",
    "2026-07-30T09:15:00Z",
    "0001-01-01T00:00:00+14:00",
    DEEP,
]


def event(event_type: str) -> dict[str, Any]:
    return {"event_id": f"e-{event_type}", "event_type": event_type, **ENVELOPE} | copy.deepcopy(
        PAYLOADS[event_type]
    )


def test_every_type_has_an_example() -> None:
    assert set(PAYLOADS) == set(SCHEMAS) == set(COMPILED)


@pytest.mark.parametrize("event_type", list(SCHEMAS))
def test_a_well_formed_event_takes_the_fast_path_with_the_reference_result(event_type) -> None:
    raw = event(event_type)
    fast = accept(raw, now=NOW, future_tolerance=TOLERANCE)
    assert fast is not None
    assert fast == validate_event(raw, now=NOW, future_tolerance=TOLERANCE)


def _paths(value: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _paths(child, (*prefix, key))
    return paths


def _mutate(raw: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    raw = copy.deepcopy(raw)
    for _ in range(rng.randint(1, 2)):
        path = rng.choice(_paths(raw))
        parent = raw
        for key in path[:-1]:
            parent = parent[key]
        roll = rng.random()
        if roll < 0.15:
            del parent[path[-1]]
        elif roll < 0.25 and isinstance(parent, dict):
            parent[rng.choice(["extra", "k\x00", "\udc80", "ü"])] = rng.choice(ODD_VALUES)
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return raw


def test_mutated_events_are_never_accepted_when_the_reference_refuses_them() -> None:
    rng = random.Random(15)
    accepted = refused = 0
    for round_ in range(4000):
        raw = _mutate(event(rng.choice(list(SCHEMAS))), rng)
        reference = validate_event(raw, now=NOW, future_tolerance=TOLERANCE)
        fast = accept(raw, now=NOW, future_tolerance=TOLERANCE)
        if fast is not None:
            accepted += 1
            assert fast == reference, (round_, raw)
        else:
            refused += isinstance(reference, Invalid)
        # whichever path answers, the public result is the reference's
        assert validate(raw, now=NOW, future_tolerance=TOLERANCE) == reference
    # both kinds were exercised: mutations the fast path accepts and ones the reference refuses
    assert accepted > 200 and refused > 2000


def test_items_that_are_not_objects_or_of_no_known_type_go_to_the_reference() -> None:
    for raw in (
        None,
        [],
        "x",
        {"event_type": ["list"]},
        {**event("MODE_CHANGED"), "event_type": "X"},
    ):
        assert accept(raw, now=NOW, future_tolerance=TOLERANCE) is None
        assert isinstance(validate(raw, now=NOW, future_tolerance=TOLERANCE), Invalid)


def test_a_valid_event_is_a_valid_event_either_way() -> None:
    raw = event("AI_RESPONSE_RATED")
    assert isinstance(validate(raw, now=NOW, future_tolerance=TOLERANCE), ValidEvent)
