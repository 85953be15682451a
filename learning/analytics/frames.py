"""The columnar contract between the event-log reader and the analyses.

The reader (``learning/event_reader.py``) flattens each family of the event log into a
DataFrame whose columns are named by the ``*_FIELDS`` maps below (column → path inside the
payload). Everything here works on those frames with pandas/numpy and knows nothing of Django,
so the event store can move (e.g. to ClickHouse) behind the same reader.

:func:`applications_from_events` collapses the application events into one row per
application: context from its submission, outcome from its status changes::

    interviewed = any status ∈ {interview, offer}
    offered     = any status = offer
    first_response_days = min days_to_response over statuses ∈ {interview, offer, rejected}
    responded   = status other than ghosted was ever recorded
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
import pandas as pd

from recruitly.eventlog.columns import (
    APPLICATION_FIELDS,
    BOOLEAN_COLUMNS,
    FAMILY_FIELDS,
    FIT_COLUMNS,
    NUMERIC_COLUMNS,
)
from recruitly.eventlog.schemas import EDIT_TYPES, FIT_COMPONENTS  # noqa: F401

# The components every application has carried since the first scorer; the later ones
# (text, title) and any unknown component are null in older events.
CORE_FIT_COLUMNS = FIT_COLUMNS[:5]


def usable_fit_columns(frame: pd.DataFrame) -> list[str]:
    """Fit columns with information in ``frame``: the core ones, plus each later component that
    is known somewhere and varies (a constant column would make a regression singular)."""
    extra = [
        c
        for c in FIT_COLUMNS[5:]
        if c in frame and frame[c].notna().any() and frame[c].nunique() > 1
    ]
    return [*CORE_FIT_COLUMNS, *extra]


def fit_matrix(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """The fit components as the score used them: an unknown component carried 0 points."""
    return frame[columns].fillna(0.0).to_numpy(float)


ENVELOPE_COLUMNS = ("event_type", "user_id", "occurred_at")

INTERVIEW_STATUSES = ("interview", "offer")
RESPONSE_STATUSES = ("interview", "offer", "rejected")
_NAT = np.iinfo(np.int64).min
_SUBMISSION_PRIORITY = {"APPLICATION_SUBMITTED": 0, "APPLICATION_CREATED": 1}
_CONTEXT_COLUMNS = [c for c in APPLICATION_FIELDS if c not in ("status", "days_to_response")]


def coerce_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a raw flattened frame (text or JSON values) the dtypes the analyses expect."""
    for column in frame.columns:
        if column in NUMERIC_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        elif column in BOOLEAN_COLUMNS:
            frame[column] = _to_bool(frame[column])
        elif column == "occurred_at":
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        elif column == "user_id":
            frame[column] = frame[column].astype("int64")
    return frame


def _to_bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    text = series.astype("string").str.lower()
    return text.isin(["true", "t", "1"]).astype(bool)


def empty_frame(family: str) -> pd.DataFrame:
    columns = [*ENVELOPE_COLUMNS, *FAMILY_FIELDS[family]]
    return coerce_types(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))


def concat_batches(batches: Iterable[pd.DataFrame], family: str) -> pd.DataFrame:
    frames = [b for b in batches if len(b)]
    return pd.concat(frames, ignore_index=True) if frames else empty_frame(family)


def applications_from_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per application: submission context, outcome flags and timing.

    Adds ``submitted_at``, ``weekday`` (0 = Monday, UTC), ``hour``, ``month``, ``interviewed``,
    ``offered``, ``rejected``, ``ghosted``, ``responded``, ``first_response_days``,
    ``offer_at`` and ``final_status`` (``"pending"`` when no outcome was recorded yet).
    """
    if events.empty:
        return _empty_applications()
    codes, _ = pd.factorize(events["application_id"])
    count = int(codes.max()) + 1
    stamps = events["occurred_at"].array.asi8  # integer time: sorting Timestamps is slow
    priority = _by_value(
        *pd.factorize(events["event_type"]), lambda t: _SUBMISSION_PRIORITY.get(t, 2), 2
    )
    order = np.lexsort((stamps, priority, codes))
    sorted_codes = codes[order]
    firsts = order[np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]]
    apps = events.iloc[firsts][["user_id", "occurred_at", *_CONTEXT_COLUMNS]]
    apps = apps.rename(columns={"occurred_at": "submitted_at"}).reset_index(drop=True)
    for column, values in _outcomes(events, codes, stamps, count).items():
        apps[column] = values
    submitted = apps["submitted_at"].dt
    apps["weekday"] = submitted.day_of_week.astype("int8")
    apps["hour"] = submitted.hour.astype("int8")
    apps["month"] = submitted.month.astype("int8")
    return apps


def _outcomes(
    events: pd.DataFrame, codes: np.ndarray, stamps: np.ndarray, count: int
) -> dict[str, Any]:
    status = events["status"]
    status_codes, statuses = pd.factorize(status)  # a missing status is -1
    has = status_codes >= 0
    flags = {
        name: _by_value(status_codes, statuses, values.__contains__, False)
        for name, values in (
            ("interviewed", INTERVIEW_STATUSES),
            ("offered", ("offer",)),
            ("rejected", ("rejected",)),
            ("ghosted", ("ghosted",)),
            ("responded", RESPONSE_STATUSES),
        )
    }
    out: dict[str, Any] = {
        name: np.bincount(codes, weights=flag, minlength=count) > 0 for name, flag in flags.items()
    }
    out["ghosted"] = out["ghosted"] & ~out["responded"]
    days = np.full(count, np.inf)
    responded = flags["responded"]
    np.minimum.at(days, codes[responded], events["days_to_response"].to_numpy(float)[responded])
    out["first_response_days"] = np.where(np.isfinite(days), days, np.nan)
    never = np.iinfo(np.int64).max
    offer = np.full(count, never, dtype=np.int64)
    np.minimum.at(offer, codes[flags["offered"]], stamps[flags["offered"]])
    unit = cast(pd.DatetimeTZDtype, events["occurred_at"].dtype).unit
    offer_at = pd.to_datetime(np.where(offer == never, np.iinfo(np.int64).min, offer), unit=unit)
    out["offer_at"] = pd.Series(offer_at).dt.tz_localize("UTC").array
    final = np.full(count, "pending", dtype=object)
    rows = np.flatnonzero(has)
    if len(rows):
        last = rows[np.lexsort((stamps[rows], codes[rows]))]
        ends = np.r_[codes[last][1:] != codes[last][:-1], True]
        final[codes[last][ends]] = status.to_numpy(dtype=object)[last][ends]
    out["final_status"] = final
    return out


def _by_value(codes: np.ndarray, uniques: Any, value_of: Any, missing: Any) -> np.ndarray:
    """``value_of(u)`` for every row of a factorized column (``codes``, ``uniques``: what
    ``pd.factorize`` gives; ``missing`` where the value is NA), computed once per distinct
    value (one hash pass over the rows instead of one per comparison)."""
    table = np.array([*(value_of(u) for u in uniques), missing])
    return table[codes]  # a missing value's code, -1, takes the last entry


def _empty_applications() -> pd.DataFrame:
    columns: dict[str, str | type] = {
        "user_id": "int64",
        "submitted_at": "datetime64[ns, UTC]",
        **dict.fromkeys(_CONTEXT_COLUMNS, object),
        "interviewed": bool,
        "offered": bool,
        "rejected": bool,
        "ghosted": bool,
        "responded": bool,
        "first_response_days": float,
        "offer_at": "datetime64[ns, UTC]",
        "final_status": object,
        "weekday": "int8",
        "hour": "int8",
        "month": "int8",
    }
    frame = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})
    for column in NUMERIC_COLUMNS & set(frame.columns):
        frame[column] = frame[column].astype(float)
    return frame


def add_edit_exposure(
    apps: pd.DataFrame, resume: pd.DataFrame, edit_types: Iterable[str] = EDIT_TYPES
) -> pd.DataFrame:
    """Add ``edit_<type>``: the application was sent after the user accepted that edit.

    A resume keeps an edit once made, so every later application carries it.
    """
    accepted = resume[resume["user_accepted"] & resume["edit_type"].notna()]
    submitted_ns = (
        # DatetimeArray.asi8 exists (pandas' own integer view) but pandas-stubs omits it
        apps["submitted_at"].astype("datetime64[ns, UTC]").array.asi8  # type: ignore[attr-defined]
        if len(apps)
        else None
    )
    for edit in edit_types:
        first = accepted.loc[accepted["edit_type"] == edit].groupby("user_id")["occurred_at"].min()
        if first.empty:
            apps[f"edit_{edit}"] = False
            continue
        # integer nanoseconds: comparing tz-aware arrays element-wise goes through objects
        since = first.astype("datetime64[ns, UTC]").reindex(apps["user_id"].to_numpy())
        since_ns = since.array.asi8  # type: ignore[attr-defined]  # missing from pandas-stubs
        sent_ns = submitted_ns if submitted_ns is not None else since_ns
        apps[f"edit_{edit}"] = (since_ns != _NAT) & (sent_ns >= since_ns)
    return apps


def baseline_resume_scores(apps: pd.DataFrame, resume: pd.DataFrame) -> pd.Series:
    """Each user's first known resume score, before any edit (a pre-treatment covariate)."""
    parts = [
        apps[["user_id", "submitted_at", "resume_score"]].set_axis(
            ["user_id", "at", "score"], axis=1
        )
    ]
    if len(resume):
        parts.append(
            resume[["user_id", "occurred_at", "before_score"]].set_axis(
                ["user_id", "at", "score"], axis=1
            )
        )
    scores = pd.concat(parts, ignore_index=True).dropna(subset=["score"])
    return scores.sort_values("at", kind="stable").groupby("user_id")["score"].first()


def suggested_users(feedback: pd.DataFrame, edit_type: str) -> pd.Index:
    """Users the system suggested ``edit_type`` to (accepted, edited or rejected)."""
    if feedback.empty or "suggested_edit_type" not in feedback:
        return pd.Index([], dtype="int64")
    mask = feedback["suggested_edit_type"].eq(edit_type)
    return pd.Index(feedback.loc[mask, "user_id"].unique())


def _dig(payload: dict, path: tuple[str, ...]) -> object:
    value: object = payload
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def frames_from_events(
    events: Iterable[dict], family_of: dict[str, str], user_ids: dict[str, int] | None = None
) -> dict[str, pd.DataFrame]:
    """Flatten raw events (the ingestion API's JSON objects) into the reader's family frames.

    ``family_of`` maps event type → family (the schemas' table); ``user_ids`` maps the
    envelope's ``user_id`` to an integer (new names get the next free number). This is the
    same contract as the database reader, for exports and for tests without a database.
    """
    ids = dict(user_ids or {})
    rows: dict[str, list[list[object]]] = {family: [] for family in FAMILY_FIELDS}
    for event in events:
        family = family_of[event["event_type"]]
        user = ids.setdefault(event["user_id"], len(ids) + 1)
        fields = FAMILY_FIELDS[family]
        rows[family].append(
            [
                event["event_type"],
                user,
                event["timestamp"],
                *(_dig(event, p) for p in fields.values()),
            ]
        )
    frames = {}
    for family, records in rows.items():
        if not records:
            frames[family] = empty_frame(family)
            continue
        columns = [*ENVELOPE_COLUMNS, *FAMILY_FIELDS[family]]
        frames[family] = coerce_types(pd.DataFrame.from_records(records, columns=columns))
    return frames


# Share of suggestion delays (first event → suggestion) below which a self-made edit counts as
# made before the user could have been suggested it.
SUGGESTION_DELAY_QUANTILE = 0.95


def instrument_ineligible_users(
    apps: pd.DataFrame, resume: pd.DataFrame, feedback: pd.DataFrame, edit_type: str
) -> pd.Index:
    """Users whose own ``edit_type`` edit came before any suggestion could reach them.

    The system never suggests an edit a resume already has, so a user randomised to get the
    suggestion who made the edit early on their own shows no suggestion at all and would be
    counted with the unsuggested — mostly strong candidates, biasing the IV estimate down.
    Dropping, in both arms, users whose unsuggested edit came within the usual suggestion
    delay (``SUGGESTION_DELAY_QUANTILE`` of observed delays since a user's first event)
    restores the comparison. When the log shows suggestions made *after* a user's own edit,
    the system records every randomised suggestion and nobody needs dropping (empty result).
    """
    suggested = feedback[feedback["suggested_edit_type"].eq(edit_type)]
    if suggested.empty:
        return pd.Index([], dtype="int64")
    first_seen = (
        pd.concat(
            [
                apps[["user_id", "submitted_at"]].set_axis(["user_id", "at"], axis=1),
                resume[["user_id", "occurred_at"]].set_axis(["user_id", "at"], axis=1),
                feedback[["user_id", "occurred_at"]].set_axis(["user_id", "at"], axis=1),
            ]
        )
        .groupby("user_id")["at"]
        .min()
    )
    suggested_at = suggested.groupby("user_id")["occurred_at"].min()
    delay = (suggested_at - first_seen.reindex(suggested_at.index)).dt.total_seconds()
    window = float(delay.quantile(SUGGESTION_DELAY_QUANTILE))
    edits = resume[resume["user_accepted"] & resume["edit_type"].eq(edit_type)]
    edited_at = edits.groupby("user_id")["occurred_at"].min()
    after_edit = suggested_at.reindex(edited_at.index) > edited_at
    if after_edit.any():
        return pd.Index([], dtype="int64")  # the log keeps suggestions of edits already made
    early = (edited_at - first_seen.reindex(edited_at.index)).dt.total_seconds() <= window
    prior = suggested_at.reindex(edited_at.index)
    unsuggested = prior.isna() | (edited_at < prior)
    return edited_at.index[(early & unsuggested).to_numpy()]
