# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Per-user analytics (seed 001 §4.1): performance and the patterns that work for one user.

:func:`user_performance_table` computes every user's counts in one columnar pass (groupby
over the applications frame); :func:`user_performance` turns one row into the seed's
``UserPerformance`` with each rate as a :class:`~learning.analytics.rates.Rate`::

    interview_rate = interviews / applications          (interview or offer reached)
    offer_rate     = offers / interviews
    rejection_rate = rejections / applications
    ghosting_rate  = ghosted / applications
    interview_rate_by_mode[m] = interviews in mode m / applications in mode m

:func:`user_patterns` ranks one user's own groups (roles, locations, company stages,
seniority, weekday, hour, resume version) by interview rate, keeping only groups with at
least ``min_sample`` applications; ``confidence`` of the timing pattern is ``1 − p`` of a
pooled two-proportion test of the best weekday against the user's other days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import numpy as np
import pandas as pd

from learning.analytics.rates import MIN_SAMPLE, Rate, rate, two_proportion_test
from recruitly.eventlog.schemas import CATEGORIES, STRATEGY_MODES

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Two-hour windows of the day, as in seed 001 §5.4's "10:00-12:00".
HOUR_WINDOW = 2


@dataclass(frozen=True)
class UserPerformance:
    user_id: int
    period_start: datetime | None
    period_end: datetime | None
    total_applications: int
    applications_by_category: dict[str, int]
    interview_requests: int
    interview_rate: Rate
    offers: int
    offer_rate: Rate
    rejections: int
    rejection_rate: Rate
    ghosted: int
    ghosting_rate: Rate
    avg_days_to_response: float | None
    fastest_response_days: float | None
    strategy_distribution: dict[str, int]
    interview_rate_by_mode: dict[str, Rate]
    resume_score_start: float | None
    resume_score_current: float | None
    score_improvement: float | None
    rewrites_accepted: int
    rewrites_rejected: int

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, Rate):
                out[key] = value.as_dict()
            elif isinstance(value, dict):
                out[key] = {k: v.as_dict() if isinstance(v, Rate) else v for k, v in value.items()}
            elif isinstance(value, datetime):
                out[key] = value.isoformat()
            else:
                out[key] = value
        return out


@dataclass(frozen=True)
class GroupRate:
    label: str
    rate: Rate


@dataclass(frozen=True)
class TimingPattern:
    best_day_of_week: str | None
    best_time_of_day: str | None
    confidence: float | None


@dataclass(frozen=True)
class UserPatterns:
    user_id: int
    best_performing_roles: list[GroupRate]
    best_locations: list[GroupRate]
    best_companies: list[GroupRate]
    best_seniority: str | None
    optimal_application_timing: TimingPattern
    best_resume_version: str | None
    typical_edit_patterns: list[str]
    rejection_patterns: list[str]
    acceptance_patterns: list[str]
    notes: list[str] = field(default_factory=list)


def _count(apps: pd.DataFrame, by: str, flag: str | None = None) -> pd.Series:
    if flag is None:
        return apps.groupby(by).size()
    return apps.groupby(by)[flag].sum()


def user_performance_table(apps: pd.DataFrame, resume: pd.DataFrame) -> pd.DataFrame:
    """Every user's counts, one row per user (index ``user_id``)."""
    grouped = apps.groupby("user_id")
    table = pd.DataFrame(
        {
            "applications": grouped.size(),
            "interviews": grouped["interviewed"].sum(),
            "offers": grouped["offered"].sum(),
            "rejections": grouped["rejected"].sum(),
            "ghosted": grouped["ghosted"].sum(),
            "avg_days_to_response": grouped["first_response_days"].mean(),
            "fastest_response_days": grouped["first_response_days"].min(),
            "period_start": grouped["submitted_at"].min(),
            "period_end": grouped["submitted_at"].max(),
        }
    )
    by_time = apps.sort_values("submitted_at", kind="stable").groupby("user_id")["resume_score"]
    table["resume_score_start"] = by_time.first()
    table["resume_score_current"] = by_time.last()
    for value, prefix, column in [
        *((c, "category", "category") for c in CATEGORIES),
        *((m, "mode", "strategy_mode") for m in STRATEGY_MODES),
    ]:
        mask = apps[column].eq(value)
        table[f"{prefix}_{value}"] = mask.groupby(apps["user_id"]).sum()
        if prefix == "mode":
            hits = (mask & apps["interviewed"]).groupby(apps["user_id"]).sum()
            table[f"mode_interviews_{value}"] = hits
    table["rewrites_accepted"] = 0
    table["rewrites_rejected"] = 0
    if len(resume):
        rewrites = resume[resume["event_type"] == "RESUME_REWRITTEN"]
        accepted = rewrites.groupby("user_id")["user_accepted"].agg(["sum", "size"])
        table["rewrites_accepted"] = accepted["sum"].reindex(table.index).fillna(0)
        rejected = (accepted["size"] - accepted["sum"]).reindex(table.index).fillna(0)
        table["rewrites_rejected"] = rejected
        latest = resume[resume["user_accepted"]].sort_values("occurred_at").groupby("user_id")
        last_after = latest[["after_score", "occurred_at"]].last()
        newer = last_after["occurred_at"] > table["period_end"].reindex(last_after.index)
        update = last_after.loc[newer, "after_score"]
        table.loc[update.index, "resume_score_current"] = update
    count_columns = [c for c in table.columns if c.startswith(("category_", "mode_"))]
    table[count_columns] = table[count_columns].fillna(0).astype("int64")
    return table


def _optional(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def user_performance(
    user_id: int, row: pd.Series, *, min_sample: int = MIN_SAMPLE
) -> UserPerformance:
    """The seed's ``UserPerformance`` of one row of :func:`user_performance_table`."""
    n = int(row["applications"])
    interviews = int(row["interviews"])
    start, current = _optional(row["resume_score_start"]), _optional(row["resume_score_current"])
    return UserPerformance(
        user_id=int(user_id),
        period_start=row["period_start"].to_pydatetime() if n else None,
        period_end=row["period_end"].to_pydatetime() if n else None,
        total_applications=n,
        applications_by_category={c: int(row[f"category_{c}"]) for c in CATEGORIES},
        interview_requests=interviews,
        interview_rate=rate(interviews, n, min_sample=min_sample),
        offers=int(row["offers"]),
        offer_rate=rate(int(row["offers"]), interviews, min_sample=max(1, min_sample // 4)),
        rejections=int(row["rejections"]),
        rejection_rate=rate(int(row["rejections"]), n, min_sample=min_sample),
        ghosted=int(row["ghosted"]),
        ghosting_rate=rate(int(row["ghosted"]), n, min_sample=min_sample),
        avg_days_to_response=_optional(row["avg_days_to_response"]),
        fastest_response_days=_optional(row["fastest_response_days"]),
        strategy_distribution={m: int(row[f"mode_{m}"]) for m in STRATEGY_MODES},
        interview_rate_by_mode={
            m: rate(int(row[f"mode_interviews_{m}"]), int(row[f"mode_{m}"]), min_sample=min_sample)
            for m in STRATEGY_MODES
        },
        resume_score_start=start,
        resume_score_current=current,
        score_improvement=None if start is None or current is None else current - start,
        rewrites_accepted=int(row["rewrites_accepted"]),
        rewrites_rejected=int(row["rewrites_rejected"]),
    )


def user_performance_for(
    user_id: int, apps: pd.DataFrame, resume: pd.DataFrame, *, min_sample: int = MIN_SAMPLE
) -> UserPerformance | None:
    """``UserPerformance`` of one user from frames that may hold other users too."""
    mine = apps[apps["user_id"] == user_id]
    if mine.empty:
        return None
    table = user_performance_table(mine, resume[resume["user_id"] == user_id])
    # one label on the unique user index: a row
    return user_performance(user_id, cast(pd.Series, table.loc[user_id]), min_sample=min_sample)


def _ranked(apps: pd.DataFrame, column: str, min_sample: int, top: int = 3) -> list[GroupRate]:
    grouped = apps.dropna(subset=[column]).groupby(column)["interviewed"].agg(["sum", "size"])
    grouped = grouped[grouped["size"] >= min_sample]
    grouped = grouped.assign(r=grouped["sum"] / grouped["size"]).sort_values("r", ascending=False)
    return [
        GroupRate(str(label), rate(int(r["sum"]), int(r["size"]), min_sample=min_sample))
        for label, r in grouped.head(top).iterrows()
    ]


def _timing(apps: pd.DataFrame, min_sample: int) -> TimingPattern:
    days = _ranked(
        apps.assign(day=apps["weekday"].map(dict(enumerate(WEEKDAY_NAMES)))), "day", min_sample, 1
    )
    window = (apps["hour"] // HOUR_WINDOW) * HOUR_WINDOW
    hours = _ranked(
        apps.assign(window=window.map(lambda h: f"{h:02d}:00-{h + HOUR_WINDOW:02d}:00")),
        "window",
        min_sample,
        1,
    )
    if not days:
        return TimingPattern(None, hours[0].label if hours else None, None)
    best = days[0]
    rest = apps[apps["weekday"] != WEEKDAY_NAMES.index(best.label)]
    _, p_value = two_proportion_test(
        best.rate.successes, best.rate.n, rest["interviewed"].sum(), len(rest)
    )
    confidence = None if np.isnan(p_value) else round(1.0 - p_value, 4)
    return TimingPattern(best.label, hours[0].label if hours else None, confidence)


def _top_values(series: pd.Series, top: int = 3) -> list[str]:
    return [str(v) for v in series.dropna().value_counts().head(top).index]


def user_patterns(
    user_id: int,
    apps: pd.DataFrame,
    resume: pd.DataFrame,
    feedback: pd.DataFrame,
    *,
    min_sample: int = MIN_SAMPLE,
) -> UserPatterns:
    """What works for one user; groups under ``min_sample`` applications are left out."""
    mine = apps[apps["user_id"] == user_id]
    edits = resume[(resume["user_id"] == user_id) & resume["user_accepted"]]
    fb = feedback[feedback["user_id"] == user_id] if len(feedback) else feedback
    seniority = _ranked(mine, "seniority", min_sample, 1)
    version = _ranked(mine, "resume_version_id", min_sample, 1)
    notes = [] if len(mine) >= min_sample else [f"fewer than {min_sample} applications"]
    rejected = fb[fb["event_type"] == "SUGGESTION_REJECTED"] if len(fb) else fb
    accepted = fb[fb["event_type"] != "SUGGESTION_REJECTED"] if len(fb) else fb
    return UserPatterns(
        user_id=int(user_id),
        best_performing_roles=_ranked(mine, "title", min_sample),
        best_locations=_ranked(mine, "job_location", min_sample),
        best_companies=_ranked(mine, "company_stage", min_sample),
        best_seniority=seniority[0].label if seniority else None,
        optimal_application_timing=_timing(mine, min_sample),
        best_resume_version=version[0].label if version else None,
        typical_edit_patterns=_top_values(edits["edit_type"]) if len(edits) else [],
        rejection_patterns=_top_values(rejected["rejection_reason"]) if len(rejected) else [],
        acceptance_patterns=_top_values(accepted["suggestion_type"]) if len(accepted) else [],
        notes=notes,
    )
