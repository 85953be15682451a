"""Per-type schemas of the outcome event log (seed 001 §3 plus AI-response feedback).

Pure Python, no Django: :func:`validate_event` takes one raw JSON object and returns either
a :class:`ValidEvent` or readable error strings naming each offending field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, cast

from recruitly.fit_components import COMPONENTS

STRATEGY_MODES = ("IMPROVE_RESUME_FIRST", "RETHINK_TARGETS", "APPLY_MODE")
CATEGORIES = ("reach", "target", "safety")
OUTCOMES = ("interview", "offer", "rejected", "ghosted")
REWRITE_TYPES = ("bullet", "summary", "section")
EDIT_TYPES = ("added_metrics", "action_verbs", "added_keywords", "shortened", "reformatted")
SUGGESTION_TYPES = ("rewrite", "job", "strategy", "plan")
RATINGS = ("up", "down")
FIT_COMPONENTS = COMPONENTS

EVENT_ID_MAX = 100
# Deepest nesting an event may have: the deepest schema needs 3 levels; free-form content
# (suggested_content) gets room, but a 1,000-deep item must not reach recursive code.
MAX_DEPTH = 32
# I-JSON (RFC 7493): integers beyond 2**53 do not survive a round trip through most clients.
MAX_SAFE_INTEGER = 2**53
# Envelope keys every event carries; everything else is the type's payload.
ENVELOPE = ("event_id", "event_type", "user_id", "timestamp")

Check = Callable[[Any, str, list[str]], None]


@dataclass(frozen=True)
class Field:
    name: str
    check: Check
    required: bool = True


class ValidEvent(NamedTuple):
    """An accepted event (a named tuple: built once per ingested event, so cheaply)."""

    event_id: str
    event_type: str
    family: str
    username: str
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass
class Invalid:
    errors: list[str] = field(default_factory=list)
    event_id: str = ""
    event_type: str = ""


# --- field checks ---------------------------------------------------------------------------
def _with_spec(check: Check, kind: str, *args: Any) -> Check:
    """Label a check with how it was built, so recruitly.eventlog.compiled can build its twin."""
    check.spec = (kind, args)  # type: ignore[attr-defined]
    return check


def _string(max_length: int = 255) -> Check:
    def check(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{path}: must be a non-empty string")
        elif len(value) > max_length:
            errors.append(f"{path}: must be at most {max_length} characters")

    return _with_spec(check, "string", max_length)


def _optional_string(max_length: int = 255) -> Check:
    def check(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, str) or len(value) > max_length:
            errors.append(f"{path}: must be a string of at most {max_length} characters")

    return _with_spec(check, "optional_string", max_length)


def _number(minimum: float, maximum: float = math.inf, *, integer: bool = False) -> Check:
    def check(value: Any, path: str, errors: list[str]) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.append(f"{path}: must be a number")
        elif isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
            errors.append(f"{path}: must be at most {MAX_SAFE_INTEGER} in magnitude")
        elif not math.isfinite(value) or not minimum <= value <= maximum:
            bound = (
                f"between {minimum:g} and {maximum:g}" if maximum < math.inf else f">= {minimum:g}"
            )
            errors.append(f"{path}: must be {bound} (got {value})")
        elif integer and not float(value).is_integer():
            errors.append(f"{path}: must be a whole number (got {value})")

    return _with_spec(check, "number", minimum, maximum, integer)


def _boolean(value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, bool):
        errors.append(f"{path}: must be true or false")


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any, path: str, errors: list[str]) -> None:
        if value not in choices:
            errors.append(f"{path}: must be one of {', '.join(choices)} (got {value!r})")

    return _with_spec(check, "one_of", choices)


def _string_list(value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{path}: must be a list of strings")


def _any(value: Any, path: str, errors: list[str]) -> None:
    if value is None:
        errors.append(f"{path}: must not be null")


_with_spec(_boolean, "boolean")
_with_spec(_string_list, "string_list")
_with_spec(_any, "any")


def _object(fields: tuple[Field, ...]) -> Check:
    def check(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, dict):
            errors.append(f"{path}: must be an object")
            return
        _check_fields(value, fields, errors, prefix=f"{path}.")

    return _with_spec(check, "object", fields)


def _check_fields(
    data: dict[str, Any], fields: tuple[Field, ...], errors: list[str], *, prefix: str = ""
) -> None:
    for spec in fields:
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                errors.append(f"{prefix}{spec.name}: is required")
            continue
        spec.check(data[spec.name], f"{prefix}{spec.name}", errors)


SCORE = _number(0, 100)
RATE = _number(0, 1)
COUNT = _number(0, integer=True)

_JOB_CHARACTERISTICS = (
    Field("title", _string()),
    Field("company", _string()),
    Field("seniority", _string(50)),
    Field("location", _string()),
    Field("industry", _string(100), required=False),
    Field("company_stage", _string(50), required=False),
    Field("remote", _boolean, required=False),
)
# A component may be null or absent: the scorer knew nothing about it (it carried no points),
# or the client was written before the component existed.
_FIT_COMPONENTS = tuple(Field(name, SCORE, required=False) for name in FIT_COMPONENTS)
_APPLICATION_CONTEXT = (
    Field("strategy_mode", _one_of(STRATEGY_MODES)),
    Field("fit_score", SCORE),
    Field("category", _one_of(CATEGORIES)),
    Field("job_characteristics", _object(_JOB_CHARACTERISTICS)),
    Field("resume_score", SCORE),
    Field("tailoring_applied", _boolean),
    Field("fit_components", _object(_FIT_COMPONENTS), required=False),
)
_OUTCOME = (
    Field("status", _one_of(OUTCOMES)),
    Field("days_to_response", _number(0, 3650)),
    Field("response_type", _string(50), required=False),
)
_APPLICATION_BASE = (
    Field("application_id", _string(100)),
    Field("job_id", _string(100)),
    Field("resume_version_id", _string(100)),
    Field("context", _object(_APPLICATION_CONTEXT)),
)
_STRATEGY = (
    Field("from_mode", _one_of(STRATEGY_MODES), required=False),
    Field("to_mode", _one_of(STRATEGY_MODES)),
    Field("reason", _string(500)),
    Field(
        "metrics",
        _object(
            (
                Field("resume_score", SCORE),
                Field("total_applications", COUNT),
                Field("interview_rate", RATE),
                Field("applications_last_7_days", COUNT),
            )
        ),
    ),
)
_RESUME = (
    Field("resume_version_id", _string(100)),
    Field("rewrite_type", _one_of(REWRITE_TYPES), required=False),
    Field("edit_type", _one_of(EDIT_TYPES), required=False),
    Field("before_score", SCORE),
    Field("after_score", SCORE),
    Field("score_delta", _number(-100, 100)),
    Field("gaps_addressed", _string_list, required=False),
    Field("user_accepted", _boolean),
)
_FEEDBACK = (
    Field("suggestion_type", _one_of(SUGGESTION_TYPES)),
    Field("suggested_content", _any),
    Field("final_content", _any, required=False),
    Field("rejection_reason", _optional_string(500), required=False),
    Field("suggestion_id", _string(100), required=False),
)
_AI_FEEDBACK = (
    Field("interaction_id", _string(100)),
    Field("action_type", _string(60)),
    Field("rating", _one_of(RATINGS)),
    Field("comment", _optional_string(2000), required=False),
    Field("model", _string(100), required=False),
    Field("prompt_version", _string(100), required=False),
)


def _score_delta_consistent(data: dict[str, Any], errors: list[str]) -> None:
    try:
        expected = data["after_score"] - data["before_score"]
        if abs(expected - data["score_delta"]) > 0.01:
            errors.append(
                f"score_delta: must equal after_score - before_score ({expected:g}), "
                f"got {data['score_delta']}"
            )
    except (KeyError, TypeError):
        pass  # the field checks already reported the missing or malformed score


def _outcome_required(data: dict[str, Any], errors: list[str]) -> None:
    if not data.get("outcome"):
        errors.append("outcome: is required for STATUS_CHANGED")


def _edited_needs_final(data: dict[str, Any], errors: list[str]) -> None:
    if data.get("final_content") is None:
        errors.append("final_content: is required for SUGGESTION_EDITED")


@dataclass(frozen=True)
class EventSchema:
    family: str
    fields: tuple[Field, ...]
    rules: tuple[Callable[[dict[str, Any], list[str]], None], ...] = ()


_APP_OPTIONAL_OUTCOME = (*_APPLICATION_BASE, Field("outcome", _object(_OUTCOME), required=False))

SCHEMAS: dict[str, EventSchema] = {
    "APPLICATION_CREATED": EventSchema("application", _APP_OPTIONAL_OUTCOME),
    "APPLICATION_SUBMITTED": EventSchema("application", _APP_OPTIONAL_OUTCOME),
    "STATUS_CHANGED": EventSchema("application", _APP_OPTIONAL_OUTCOME, (_outcome_required,)),
    "MODE_CHANGED": EventSchema("strategy", _STRATEGY),
    "TARGET_ADJUSTED": EventSchema("strategy", _STRATEGY),
    "PLAN_GENERATED": EventSchema("strategy", _STRATEGY),
    "RESUME_REWRITTEN": EventSchema("resume", _RESUME, (_score_delta_consistent,)),
    "SCORE_CHANGED": EventSchema("resume", _RESUME, (_score_delta_consistent,)),
    "SUGGESTION_ACCEPTED": EventSchema("feedback", _FEEDBACK),
    "SUGGESTION_EDITED": EventSchema("feedback", _FEEDBACK, (_edited_needs_final,)),
    "SUGGESTION_REJECTED": EventSchema("feedback", _FEEDBACK),
    "AI_RESPONSE_RATED": EventSchema("ai_feedback", _AI_FEEDBACK),
}
EVENT_TYPES = tuple(SCHEMAS)


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 with a timezone (``Z`` accepted); naive timestamps are ambiguous and refused."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return None
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        # OverflowError: a valid local time whose UTC instant falls outside years 1-9999,
        # such as 0001-01-01T00:00:00+14:00.
        return None


def _text_errors(value: str, path: str) -> list[str]:
    if "\x00" in value:
        return [f"{path}: must not contain NUL characters"]
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return [f"{path}: must be valid Unicode (lone surrogate)"]
    return []


def hostile_content_errors(raw: Any) -> list[str]:
    """Find what no database column or client can hold: deep nesting, NUL, lone surrogates,
    non-finite numbers and integers beyond ``MAX_SAFE_INTEGER``.

    Iterative, so a 1,000-deep item cannot exhaust the stack; stops at the first problem.
    """
    stack: list[tuple[Any, str, int]] = [(raw, "event", 1)]
    while stack:
        value, path, depth = stack.pop()
        problems = _scalar_errors(value, path)
        if problems:
            return problems
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            return [f"{path}: nested deeper than {MAX_DEPTH} levels"]
        if isinstance(value, dict):
            for key, child in value.items():
                key_problems = _text_errors(str(key), f"{path}.<key>")
                if key_problems:
                    return key_problems
                stack.append((child, f"{path}.{_printable(str(key))}", depth + 1))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(value))
    return []


def _scalar_errors(value: Any, path: str) -> list[str]:
    if isinstance(value, str):
        return _text_errors(value, path)
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
        return [f"{path}: integers must be at most {MAX_SAFE_INTEGER} in magnitude"]
    if isinstance(value, float) and not math.isfinite(value):
        return [f"{path}: must be a finite number"]
    return []


def _printable(text: str, limit: int = 60) -> str:
    """A key as it may appear in an error message: no NUL, no surrogates, bounded."""
    cleaned = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\0")
    return cleaned[:limit]


def validate_event(
    raw: Any, *, now: datetime, future_tolerance: timedelta = timedelta(minutes=5)
) -> ValidEvent | Invalid:
    """Check one item against the envelope and its type's schema.

    ``user_id`` is only checked for shape here; whether the user exists is the caller's
    question (it needs the database).
    """
    if not isinstance(raw, dict):
        return Invalid([f"event: must be a JSON object, got {type(raw).__name__}"])
    event_id = raw.get("event_id")
    event_type = raw.get("event_type")
    result = Invalid(
        event_id=_printable(event_id, EVENT_ID_MAX) if isinstance(event_id, str) else "",
        event_type=_printable(event_type) if isinstance(event_type, str) else "",
    )
    errors = result.errors
    hostile = hostile_content_errors(raw)
    if hostile:
        errors.extend(hostile)
        return result
    _string(EVENT_ID_MAX)(event_id, "event_id", errors)
    _string(150)(raw.get("user_id"), "user_id", errors)
    schema = SCHEMAS.get(event_type) if isinstance(event_type, str) else None
    if schema is None:
        errors.append(f"event_type: unknown type {event_type!r}; known: {', '.join(EVENT_TYPES)}")
    occurred_at = parse_timestamp(raw.get("timestamp"))
    if occurred_at is None:
        errors.append("timestamp: must be an ISO 8601 date-time with a timezone")
    elif occurred_at > now + future_tolerance:
        errors.append(f"timestamp: is in the future ({raw['timestamp']})")
    if schema is None:
        return result
    payload = {k: v for k, v in raw.items() if k not in ENVELOPE}
    known = {f.name for f in schema.fields}
    unknown = sorted(set(payload) - known)
    if unknown:
        errors.append(f"unknown fields for {event_type}: {', '.join(unknown)}")
    _check_fields(payload, schema.fields, errors)
    for rule in schema.rules:
        rule(payload, errors)
    if errors or occurred_at is None:
        return result
    return ValidEvent(
        event_id=cast(str, event_id),  # checked by _string above: no errors
        event_type=cast(str, event_type),  # a str, or SCHEMAS.get would not have run
        family=schema.family,
        username=raw["user_id"],
        occurred_at=occurred_at,
        payload=payload,
    )
