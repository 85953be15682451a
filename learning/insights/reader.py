"""Read candidates' applications from the event log into the analytics' columnar frame.

A bounded set of users (one batch of weekly insights, one candidate's match list) is read
with one indexed query; everyone (the weekly benchmarks) through the analytics' batched
reader, :mod:`learning.event_reader`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd

from learning.analytics.frames import (
    APPLICATION_FIELDS,
    applications_from_events,
    coerce_types,
    empty_frame,
)
from learning.event_reader import event_frame
from recruitly.eventlog.models import Event, EventFamily

# Rows fetched per round trip: bounded memory for the all-candidates benchmark pass.
CHUNK = 5000
SUBMISSIONS = ("APPLICATION_SUBMITTED", "APPLICATION_CREATED")


def _path(payload: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = payload
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _flatten(rows: Iterable[tuple[str, int, datetime, dict[str, Any]]]) -> pd.DataFrame:
    records = [
        {
            "event_type": event_type,
            "user_id": user_id,
            "occurred_at": occurred_at,
            **{column: _path(payload, path) for column, path in APPLICATION_FIELDS.items()},
        }
        for event_type, user_id, occurred_at, payload in rows
    ]
    if not records:
        return empty_frame("application")
    frame = pd.DataFrame.from_records(records)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    return coerce_types(frame)


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain objects with None for missing, whichever reader made them (the
    PostgreSQL reader yields pandas' nullable ``string`` dtype, the ORM one objects)."""
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def application_frame(
    *, since: datetime, until: datetime, user_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    """One row per application submitted in ``[since, until)``, with every later outcome
    recorded before ``until`` (see :func:`learning.analytics.frames.applications_from_events`).
    """
    if user_ids is None:
        # everyone: the analytics' batched columnar reader (COPY on PostgreSQL)
        flat = _plain_text(event_frame(family=EventFamily.APPLICATION, start=since, end=until))
    else:
        events = Event.objects.filter(
            family=EventFamily.APPLICATION,
            occurred_at__gte=since,
            occurred_at__lt=until,
            user_id__in=list(user_ids),
        )
        rows = events.order_by().values_list("event_type", "user_id", "occurred_at", "payload")
        flat = _flatten(rows.iterator(chunk_size=CHUNK))
    # An application submitted before the window only shows its outcome inside it: keep the
    # applications whose submission lies in the window.
    submitted = flat.loc[flat["event_type"].isin(SUBMISSIONS), "application_id"].unique()
    apps = applications_from_events(flat)
    return apps[apps["application_id"].isin(submitted)].reset_index(drop=True)


def users_with_applications(*, since: datetime, until: datetime) -> list[int]:
    return list(
        Event.objects.filter(
            family=EventFamily.APPLICATION, occurred_at__gte=since, occurred_at__lt=until
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
