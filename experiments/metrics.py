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
    kind: str  # "binomial" | "mean" | "ratio"
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


def user_aggregates(
    assignments: pd.DataFrame, events: pd.DataFrame, *, start: pd.Series, end: pd.Series
) -> pd.DataFrame:
    """Per assigned user: counts of their events with start ≤ occurred_at < end.

    ``start``/``end`` are aligned with ``assignments`` (per-user windows).
    """
    users = assignments[["user_id", "variant_id"]].copy()
    users["start"], users["end"] = start.to_numpy(), end.to_numpy()
    joined = events.merge(users[["user_id", "start", "end"]], on="user_id", how="inner")
    inside = (joined["occurred_at"] >= joined["start"]) & (joined["occurred_at"] < joined["end"])
    joined = joined[inside]
    status_changed = joined["event_type"] == "STATUS_CHANGED"
    interviews = joined[status_changed & joined["status"].isin(INTERVIEW_STATUSES)]
    interviews = interviews.drop_duplicates(["user_id", "application_id"])
    responses = joined[status_changed & joined["days"].notna()]
    rated = joined[joined["event_type"] == "AI_RESPONSE_RATED"]
    counts = pd.DataFrame(
        {
            "applications": joined[joined["event_type"] == "APPLICATION_SUBMITTED"]
            .groupby("user_id")
            .size(),
            "interviews": interviews.groupby("user_id").size(),
            "responses": responses.groupby("user_id").size(),
            "days_sum": responses.groupby("user_id")["days"].sum(),
            "ratings": rated.groupby("user_id").size(),
            "ups": rated[rated["rating"] == "up"].groupby("user_id").size(),
        }
    )
    frame = users.set_index("user_id").join(counts).fillna({c: 0 for c in COUNT_COLUMNS})
    span = pd.to_datetime(frame["end"], utc=True) - pd.to_datetime(frame["start"], utc=True)
    frame["exposure_seconds"] = span.dt.total_seconds()
    return frame


def _sums(values: pd.Series, groups: pd.Series) -> pd.DataFrame:
    data = pd.DataFrame({"v": values, "g": groups}).dropna()
    data["v2"] = data["v"] ** 2
    return data.groupby("g").agg(n=("v", "size"), s=("v", "sum"), ss=("v2", "sum"))


def arm_statistics(
    metric: MetricDefinition, frame: pd.DataFrame, pre: pd.DataFrame | None = None
) -> dict[int, SampleStats | RatioStats | CupedStats]:
    """Sufficient statistics per variant id; CUPED statistics when ``pre`` is given."""
    groups = frame["variant_id"]
    if metric.kind == "ratio":
        assert metric.numerator is not None and metric.denominator is not None
        m, d = metric.numerator(frame), metric.denominator(frame)
        data = pd.DataFrame({"g": groups, "m": m, "d": d, "m2": m**2, "d2": d**2, "md": m * d})
        agg = data.groupby("g").agg(
            n=("m", "size"),
            m=("m", "sum"),
            m2=("m2", "sum"),
            d=("d", "sum"),
            d2=("d2", "sum"),
            md=("md", "sum"),
        )
        return {
            int(g): RatioStats(int(r.n), *(float(r[c]) for c in ("m", "m2", "d", "d2", "md")))
            for g, r in agg.iterrows()
        }
    assert metric.value is not None
    y = metric.value(frame)
    if pre is None:
        agg = _sums(y, groups)
        return {int(g): SampleStats(int(r.n), float(r.s), float(r.ss)) for g, r in agg.iterrows()}
    x = metric.value(pre).reindex(frame.index)
    data = pd.DataFrame({"g": groups, "y": y, "x": x}).dropna()
    data["y2"], data["x2"], data["xy"] = data["y"] ** 2, data["x"] ** 2, data["x"] * data["y"]
    agg = data.groupby("g").agg(
        n=("y", "size"),
        y=("y", "sum"),
        y2=("y2", "sum"),
        x=("x", "sum"),
        x2=("x2", "sum"),
        xy=("xy", "sum"),
    )
    return {
        int(g): CupedStats(int(r.n), float(r.y), float(r.y2), float(r.x), float(r.x2), float(r.xy))
        for g, r in agg.iterrows()
    }


def experiment_frames(
    assignments: pd.DataFrame, events: pd.DataFrame, *, now: datetime
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(post-exposure aggregates, pre-exposure aggregates) for one experiment's users."""
    exposed = assignments["exposed_at"]
    post = user_aggregates(
        assignments, events, start=exposed, end=pd.Series(pd.Timestamp(now), index=exposed.index)
    )
    pre = user_aggregates(assignments, events, start=exposed - PRE_PERIOD, end=exposed)
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
