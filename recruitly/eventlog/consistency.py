"""Temporal consistency and referential integrity of a batch of valid events (seed 002 §15.1).

Runs after the schema checks, before anything is stored; an item that fails becomes
``Invalid`` with a reason naming the problem, so it is quarantined like any malformed item.

* An outcome (``STATUS_CHANGED``) must name an application the log knows: an
  ``APPLICATION_CREATED`` or ``APPLICATION_SUBMITTED`` of the same user and
  ``application_id``, stored earlier or valid in the same batch. It must not be dated before
  the application was created ("outcome dated before its application") nor before it was
  submitted ("response before the submission"), and must name the application's job.
* A resume score change (``SCORE_CHANGED``, ``RESUME_REWRITTEN``) must name a resume version
  of that user, asked of the checker the owning app registered (:mod:`.references`).

Applications are read from the log itself, so this floor needs nothing from the apps above.
Batches without outcomes or resume events cost one pass over the items and no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from recruitly.eventlog.models import Event
from recruitly.eventlog.references import RESUME_VERSION, reference_checker
from recruitly.eventlog.schemas import Invalid, ValidEvent

APPLICATION_STARTS = ("APPLICATION_CREATED", "APPLICATION_SUBMITTED")
OUTCOME_TYPES = frozenset({"STATUS_CHANGED"})
RESUME_SCORE_TYPES = frozenset({"SCORE_CHANGED", "RESUME_REWRITTEN"})
CHECKED_TYPES = OUTCOME_TYPES | RESUME_SCORE_TYPES
LOOKUP_CHUNK = 1000

AppKey = tuple[int, str]  # (user id, application_id)


@dataclass
class _Application:
    created_at: datetime
    submitted_at: datetime | None
    job_id: str | None

    def add(self, event_type: str, at: datetime, job_id: str | None) -> None:
        if at < self.created_at:
            self.created_at, self.job_id = at, job_id or self.job_id
        if event_type == "APPLICATION_SUBMITTED" and (
            self.submitted_at is None or at < self.submitted_at
        ):
            self.submitted_at = at


def consistency_check(
    outcomes: Sequence[ValidEvent | Invalid], users: dict[str, int]
) -> list[ValidEvent | Invalid]:
    """The items with every inconsistent valid event replaced by an ``Invalid``."""
    checked = [o for o in outcomes if isinstance(o, ValidEvent) and o.event_type in CHECKED_TYPES]
    if not checked:
        return list(outcomes)
    problems: dict[int, list[str]] = {}  # id() of the event → reasons
    outcome_events = [e for e in checked if e.event_type in OUTCOME_TYPES]
    if outcome_events:
        _check_outcomes(outcome_events, outcomes, users, problems)
    resume_events = [e for e in checked if e.event_type in RESUME_SCORE_TYPES]
    if resume_events:
        _check_resume_versions(resume_events, users, problems)
    if not problems:
        return list(outcomes)
    return [
        Invalid(problems[id(o)], o.event_id, o.event_type)
        if isinstance(o, ValidEvent) and id(o) in problems
        else o
        for o in outcomes
    ]


def _key(event: ValidEvent, users: dict[str, int]) -> AppKey:
    return users[event.username], str(event.payload.get("application_id"))


def _check_outcomes(
    events: list[ValidEvent],
    batch: Sequence[ValidEvent | Invalid],
    users: dict[str, int],
    problems: dict[int, list[str]],
) -> None:
    wanted = {_key(e, users) for e in events}
    known = _stored_applications(wanted)
    for item in batch:
        if isinstance(item, ValidEvent) and item.event_type in APPLICATION_STARTS:
            key = _key(item, users)
            if key in wanted:
                _remember(known, key, item.event_type, item.occurred_at, item.payload.get("job_id"))
    for event in events:
        application_id = event.payload.get("application_id")
        app = known.get(_key(event, users))
        if app is None:
            problems.setdefault(id(event), []).append(
                f"application_id: unknown application {application_id!r}: no "
                "APPLICATION_CREATED or APPLICATION_SUBMITTED of this user for it in the log "
                "or this batch"
            )
            continue
        reasons = problems.setdefault(id(event), [])
        if event.occurred_at < app.created_at:
            reasons.append(
                f"timestamp: outcome dated before its application ({_iso(event.occurred_at)} "
                f"< application {application_id!r} created {_iso(app.created_at)})"
            )
        elif app.submitted_at is not None and event.occurred_at < app.submitted_at:
            reasons.append(
                f"timestamp: response before the submission ({_iso(event.occurred_at)} "
                f"< application {application_id!r} submitted {_iso(app.submitted_at)})"
            )
        job_id = event.payload.get("job_id")
        if app.job_id is not None and job_id != app.job_id:
            reasons.append(
                f"job_id: {job_id!r} is not the job of application {application_id!r} "
                f"({app.job_id!r})"
            )
        if not reasons:
            del problems[id(event)]


def _remember(
    known: dict[AppKey, _Application],
    key: AppKey,
    event_type: str,
    at: datetime,
    job_id: str | None,
) -> None:
    app = known.get(key)
    if app is None:
        submitted = at if event_type == "APPLICATION_SUBMITTED" else None
        known[key] = _Application(at, submitted, job_id)
    else:
        app.add(event_type, at, job_id)


def _stored_applications(keys: set[AppKey]) -> dict[AppKey, _Application]:
    """The applications the log already holds among ``keys`` (indexed look-up, chunked)."""
    known: dict[AppKey, _Application] = {}
    application_ids = sorted({application_id for _, application_id in keys})
    for chunk in _chunks(application_ids):
        rows = Event.objects.filter(
            col_application_id__in=chunk, event_type__in=APPLICATION_STARTS
        ).values_list("user_id", "col_application_id", "event_type", "occurred_at", "col_job_id")
        for user_id, application_id, event_type, at, job_id in rows:
            key = (user_id, application_id)
            if key in keys:
                _remember(known, key, event_type, at, job_id)
    return known


def _check_resume_versions(
    events: list[ValidEvent], users: dict[str, int], problems: dict[int, list[str]]
) -> None:
    checker = reference_checker(RESUME_VERSION)
    if checker is None:
        return
    refs = {(users[e.username], str(e.payload.get("resume_version_id"))) for e in events}
    unknown = checker(refs)
    for event in events:
        ref = (users[event.username], str(event.payload.get("resume_version_id")))
        if ref in unknown:
            problems.setdefault(id(event), []).append(
                f"resume_version_id: score change on an unknown resume version {ref[1]!r} "
                "(no such version of this user)"
            )


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")
