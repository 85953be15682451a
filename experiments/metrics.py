"""Metrics defined over the event log, aggregated per user, reduced to per-arm sufficient stats.

Pure pandas, no Django: :mod:`experiments.selectors` loads the frames. Every metric counts
only what a user did after their first exposure (and before the analysis time); the CUPED
covariate is the same metric over the :data:`PRE_PERIOD` before exposure.

Frames:
* assignments: ``user_id, variant_id, exposed_at``
* events: ``user_id, event_type, occurred_at, status, application_id, days, rating``
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from experiments.stats import CupedStats, RatioStats, SampleStats
from experiments.stats.compare import MetricKind

PRE_PERIOD = timedelta(days=30)
INTERVIEW_STATUSES = ("interview", "offer")
EVENT_TYPES = ("APPLICATION_SUBMITTED", "STATUS_CHANGED", "AI_RESPONSE_RATED")
# A week of exposure is the unit of "per week" metrics; a user exposed for less than a day
# counts as exposed for one day so a single early application is not read as 7 per week.
MIN_EXPOSURE = timedelta(days=1)

UserValue = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class MetricDefinition:
    key: str
    label: str
    kind: MetricKind
    higher_is_better: bool
    description: str
    value: UserValue | None = None  # per-user value (NaN: the user has no value)
    numerator: UserValue | None = None  # ratio metrics
    denominator: UserValue | None = None


def _per_week(frame: pd.DataFrame) -> pd.Series:
    weeks = frame["exposure_seconds"].clip(lower=MIN_EXPOSURE.total_seconds()) / (7 * 86400)
    return frame["applications"] / weeks


def _mean_days(frame: pd.DataFrame) -> pd.Series:
    return (frame["days_sum"] / frame["responses"]).where(frame["responses"] > 0)


METRICS: dict[str, MetricDefinition] = {
    m.key: m
    for m in (
        MetricDefinition(
            "interview_rate",
            "Interview rate",
            "binomial",
            True,
            "Share of enrolled candidates invited to at least one interview (or offer).",
            value=lambda f: (f["interviews"] > 0).astype(float),
        ),
        MetricDefinition(
            "jobs_applied_rate",
            "Jobs-applied rate",
            "binomial",
            True,
            "Share of enrolled candidates who submitted at least one application.",
            value=lambda f: (f["applications"] > 0).astype(float),
        ),
        MetricDefinition(
            "thumbs_up_rate",
            "Thumbs-up rate",
            "binomial",
            True,
            "Share of enrolled candidates who rated at least one AI response thumbs-up.",
            value=lambda f: (f["ups"] > 0).astype(float),
        ),
        MetricDefinition(
            "days_to_response",
            "Days to response",
            "mean",
            False,
            "Mean days from application to the employer's response, per candidate with one.",
            value=_mean_days,
        ),
        MetricDefinition(
            "applications_per_week",
            "Applications per week",
            "mean",
            True,
            "Applications submitted per week of exposure.",
            value=_per_week,
        ),
        MetricDefinition(
            "interviews_per_application",
            "Interviews per application",
            "ratio",
            True,
            "Interviews (or offers) over applications, pooled per arm (delta method).",
            numerator=lambda f: f["interviews"].astype(float),
            denominator=lambda f: f["applications"].astype(float),
        ),
        MetricDefinition(
            "thumbs_up_share",
            "Thumbs-up share of ratings",
            "ratio",
            True,
            "Thumbs-up ratings over all ratings of AI responses, pooled per arm.",
            numerator=lambda f: f["ups"].astype(float),
            denominator=lambda f: f["ratings"].astype(float),
        ),
    )
}


def metric_get(key: str) -> MetricDefinition:
    try:
        return METRICS[key]
    except KeyError:
        raise ValueError(f"unknown metric {key!r}; known: {', '.join(METRICS)}") from None


COUNT_COLUMNS = ("applications", "interviews", "responses", "days_sum", "ratings", "ups")


FLAG_COLUMNS = ("is_application", "is_interview", "is_response", "is_rating", "is_up")


def events_prepare(events: pd.DataFrame) -> pd.DataFrame:
    """Add boolean flags and an integer application code, once for all experiments.

    String comparisons on hundreds of thousands of rows are the expensive part of an
    analysis; doing them once instead of once per experiment and window keeps 100
    experiments within seconds.
    """
    if "is_application" in events:
        return events
    events = events.copy()
    event_type = events["event_type"].astype(object)
    status_changed = (event_type == "STATUS_CHANGED").to_numpy(bool)
    rated = (event_type == "AI_RESPONSE_RATED").to_numpy(bool)
    events["is_application"] = (event_type == "APPLICATION_SUBMITTED").to_numpy(bool)
    events["is_interview"] = status_changed & events["status"].isin(INTERVIEW_STATUSES).to_numpy()
    events["is_response"] = status_changed & events["days"].notna().to_numpy()
    events["is_rating"] = rated
    events["is_up"] = rated & (events["rating"].astype(object) == "up").to_numpy(bool)
    events["application_code"] = pd.factorize(events["application_id"])[0]
    return events


def user_aggregates(
    assignments: pd.DataFrame, joined: pd.DataFrame, *, start: pd.Series, end: pd.Series
) -> pd.DataFrame:
    """Per assigned user: counts of their events inside their window.

    ``joined`` holds the users' prepared events (:func:`events_prepare`), already restricted
    to each user's window; ``start``/``end`` (aligned with ``assignments``) give its length.
    """
    users = assignments[["user_id", "variant_id"]].copy()
    # Assign by index alignment: converting tz-aware columns to numpy makes object arrays.
    users["start"], users["end"] = start, end
    user = joined["user_id"]
    interviews = joined.loc[joined["is_interview"], ["user_id", "application_code"]]
    responses = joined.loc[joined["is_response"], ["user_id", "days"]]
    counts = pd.DataFrame(
        {
            "applications": user[joined["is_application"]].value_counts(),
            "interviews": interviews.drop_duplicates()["user_id"].value_counts(),
            "responses": responses["user_id"].value_counts(),
            "days_sum": responses.groupby("user_id")["days"].sum(),
            "ratings": user[joined["is_rating"]].value_counts(),
            "ups": user[joined["is_up"]].value_counts(),
        }
    )
    frame = users.set_index("user_id").join(counts).fillna({c: 0 for c in COUNT_COLUMNS})
    span = pd.to_datetime(frame["end"], utc=True) - pd.to_datetime(frame["start"], utc=True)
    frame["exposure_seconds"] = span.dt.total_seconds()
    return frame


def _group_sums(
    groups: pd.Series, columns: dict[str, pd.Series]
) -> dict[int, tuple[int, dict[str, float]]]:
    """Per group: (rows without a missing value, column sums), with numpy bincount."""
    data = pd.DataFrame({"g": groups, **columns}).dropna()
    codes, keys = pd.factorize(data["g"])
    counts = np.bincount(codes, minlength=len(keys))
    sums = {
        name: np.bincount(codes, weights=data[name].to_numpy(float), minlength=len(keys))
        for name in columns
    }
    return {
        int(key): (int(counts[i]), {name: float(sums[name][i]) for name in columns})
        for i, key in enumerate(keys)
    }


def arm_statistics(
    metric: MetricDefinition, frame: pd.DataFrame, pre: pd.DataFrame | None = None
) -> dict[int, SampleStats | RatioStats | CupedStats]:
    """Sufficient statistics per variant id; CUPED statistics when ``pre`` is given."""
    groups = frame["variant_id"]
    if metric.kind == "ratio":
        assert metric.numerator is not None and metric.denominator is not None
        m, d = metric.numerator(frame), metric.denominator(frame)
        sums = _group_sums(groups, {"m": m, "m2": m**2, "d": d, "d2": d**2, "md": m * d})
        return {
            g: RatioStats(n, s["m"], s["m2"], s["d"], s["d2"], s["md"])
            for g, (n, s) in sums.items()
        }
    assert metric.value is not None
    y = metric.value(frame)
    if pre is None:
        sums = _group_sums(groups, {"y": y, "y2": y**2})
        return {g: SampleStats(n, s["y"], s["y2"]) for g, (n, s) in sums.items()}
    x = metric.value(pre).reindex(frame.index)
    sums = _group_sums(groups, {"y": y, "y2": y**2, "x": x, "x2": x**2, "xy": x * y})
    return {
        g: CupedStats(n, s["y"], s["y2"], s["x"], s["x2"], s["xy"]) for g, (n, s) in sums.items()
    }


def experiment_frames(
    assignments: pd.DataFrame,
    events: pd.DataFrame,
    *,
    now: datetime,
    window: timedelta | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(post-exposure aggregates, pre-exposure aggregates) for one experiment's users.

    One join of the users' events with their exposure time serves both windows. With an
    outcome ``window``, only users exposed at least that long before ``now`` are analysed,
    on their events within the window after exposure, so a user's value no longer changes
    once they count.
    """
    cutoff = pd.Timestamp(now)
    if window:
        assignments = assignments[assignments["exposed_at"] <= cutoff - window]
    exposed = assignments["exposed_at"]
    events = events_prepare(events)
    mine = events[events["user_id"].isin(assignments["user_id"])]
    joined = mine.merge(assignments[["user_id", "exposed_at"]], on="user_id", how="inner")
    at, seen = joined["occurred_at"], joined["exposed_at"]
    close = seen + window if window else pd.Series(cutoff, index=joined.index)
    post = user_aggregates(
        assignments,
        joined[(at >= seen) & (at < cutoff) & (at < close)],
        start=exposed,
        end=exposed + window if window else pd.Series(cutoff, index=exposed.index),
    )
    pre = user_aggregates(
        assignments,
        joined[(at >= seen - PRE_PERIOD) & (at < seen)],
        start=exposed - PRE_PERIOD,
        end=exposed,
    )
    return post, pre


def empty_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user_id": pd.Series(dtype=np.int64),
            "event_type": pd.Series(dtype=object),
            "occurred_at": pd.Series(dtype="datetime64[ns, UTC]"),
            "status": pd.Series(dtype=object),
            "application_id": pd.Series(dtype=object),
            "days": pd.Series(dtype=float),
            "rating": pd.Series(dtype=object),
        }
    )
