"""Anonymised market analytics (seed 001 §4.3) from the platform's own applications.

Every reported group (industry, location, skill, month, seniority level) carries the number
of distinct users behind it; a group with fewer than ``k`` users is **suppressed** — left out
and only counted in ``suppressed_groups`` — so no statistic can be traced to a small set of
people (k-anonymity over the quasi-identifier of the group). The whole report is empty when
the period has fewer than ``k`` users.

    response rate  = applications with an interview, offer or rejection / applications
    interview rate = applications reaching an interview / applications
    ghosting rate  = ghosted / applications with a recorded outcome
    competition    = applications per distinct job of a level

Time is carried at week level only: the period is given by the Mondays (00:00 UTC) of the
weeks of its first and last application, so no figure dates one application more finely.

Skill demand needs job postings, which the event log does not carry: pass ``postings``
(``job_id``, ``skills`` list, optional ``salary``) from any source — the platform's own
listings today, a market feed later — and skills are counted over the postings applied to.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from learning.analytics.cohorts import DEFAULT_K
from learning.analytics.rates import wilson_interval

TOP = 5
MONTHS_REPORTED = 3
_EPS = 1e-9  # a Wilson bound at 0 or n successes is exact only up to rounding


@dataclass(frozen=True)
class MarketInsights:
    period_start: datetime | None
    period_end: datetime | None
    k: int
    user_count: int
    suppressed: bool
    suppressed_groups: int = 0
    most_active_industries: list[dict[str, Any]] = field(default_factory=list)
    hottest_skills: list[dict[str, Any]] = field(default_factory=list)
    hottest_locations: list[dict[str, Any]] = field(default_factory=list)
    best_months_to_apply: list[str] = field(default_factory=list)
    worst_months_to_apply: list[str] = field(default_factory=list)
    avg_days_to_first_response: float | None = None
    ghosting_rate: float | None = None
    demand_by_level: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("period_start", "period_end"):
            out[key] = out[key].isoformat() if out[key] is not None else None
        return out


def group_stats(apps: pd.DataFrame, by: str, k: int) -> tuple[pd.DataFrame, int]:
    """Per-group counts and rates, with groups under ``k`` distinct users removed."""
    grouped = apps.groupby(by, observed=True)
    stats = pd.DataFrame(
        {
            "applications": grouped.size(),
            "users": grouped["user_id"].nunique(),
            "jobs": grouped["job_id"].nunique(),
            "response_rate": grouped["responded"].mean(),
            "interview_rate": grouped["interviewed"].mean(),
        }
    )
    kept = stats[stats["users"] >= k]
    return kept, int(len(stats) - len(kept))


def _records(stats: pd.DataFrame, label: str, top: int = TOP) -> list[dict[str, Any]]:
    ordered = stats.sort_values("applications", ascending=False).head(top)
    return [
        {
            label: str(index),
            "job_postings": int(row["jobs"]),
            "applications": int(row["applications"]),
            "users": int(row["users"]),
            "avg_response_rate": float(row["response_rate"]),
        }
        for index, row in ordered.iterrows()
    ]


def _skills(apps: pd.DataFrame, postings: pd.DataFrame, k: int) -> tuple[list, int]:
    exploded = postings[["job_id", "skills", *(["salary"] if "salary" in postings else [])]]
    exploded = exploded.explode("skills").dropna(subset=["skills"])
    joined = apps[["job_id", "user_id"]].astype({"job_id": str}).merge(exploded, on="job_id")
    if joined.empty:
        return [], 0
    grouped = joined.groupby("skills")
    stats = pd.DataFrame(
        {"users": grouped["user_id"].nunique(), "demand": grouped["job_id"].nunique()}
    )
    if "salary" in joined:
        stats["avg_salary"] = grouped["salary"].mean()
    return skill_rows(stats, joined["job_id"].nunique(), k)


def skill_rows(stats: pd.DataFrame, jobs: int, k: int) -> tuple[list, int]:
    """The top skills by demand among those of at least ``k`` users, and how many fewer.

    ``stats`` has, per skill, ``users``, ``demand`` (distinct jobs asking for it) and maybe
    ``avg_salary``; ``jobs`` is the number of distinct jobs applied to."""
    kept = stats[stats["users"] >= k].sort_values("demand", ascending=False).head(TOP)
    total_jobs = max(jobs, 1)
    rows = [
        {
            "skill": str(skill),
            "demand_score": float(row["demand"] / total_jobs),
            "avg_salary": None if pd.isna(row.get("avg_salary")) else float(row["avg_salary"]),
            "users": int(row["users"]),
        }
        for skill, row in kept.iterrows()
    ]
    return rows, int((stats["users"] < k).sum())


def _months(apps: pd.DataFrame, k: int) -> tuple[list[str], list[str], int]:
    """Months whose interview rate is credibly above (below) the period's overall rate.

    A month counts as best when its Wilson interval lies entirely above the overall rate
    (worst: entirely below), so noise between similar months is not reported as a season.
    """
    stats, suppressed = group_stats(apps, "month", k)
    if len(stats) < 2:
        return [], [], suppressed
    return (*months_apart(stats, float(apps["interviewed"].mean())), suppressed)


def months_apart(stats: pd.DataFrame, overall: float) -> tuple[list[str], list[str]]:
    """The names of the months (rows of ``stats``: applications and interview rate) whose
    interval lies above, and below, the ``overall`` rate."""
    hits = (stats["interview_rate"] * stats["applications"]).round()
    low, high = wilson_interval(hits.to_numpy(), stats["applications"].to_numpy())
    ordered = stats.assign(low=low, high=high).sort_values("interview_rate", ascending=False)
    best = ordered[ordered["low"] > overall + _EPS].head(MONTHS_REPORTED)
    worst = ordered[ordered["high"] < overall - _EPS].iloc[::-1].head(MONTHS_REPORTED)
    names = [[calendar.month_name[int(m)] for m in part.index] for part in (best, worst)]
    return names[0], names[1]


def week_of(at: pd.Timestamp) -> datetime:
    """The Monday 00:00 UTC of ``at``'s ISO week."""
    at = at.tz_convert("UTC") if at.tzinfo is not None else at.tz_localize("UTC")
    return (at.normalize() - pd.Timedelta(days=at.weekday())).to_pydatetime()


def market_analyze(
    apps: pd.DataFrame, *, k: int = DEFAULT_K, postings: pd.DataFrame | None = None
) -> MarketInsights:
    users = int(apps["user_id"].nunique()) if len(apps) else 0
    start = week_of(apps["submitted_at"].min()) if len(apps) else None
    end = week_of(apps["submitted_at"].max()) if len(apps) else None
    if users < k:
        return MarketInsights(start, end, k, users, suppressed=True)
    industries, s1 = group_stats(apps, "industry", k)
    locations, s2 = group_stats(apps, "job_location", k)
    levels, s3 = group_stats(apps, "seniority", k)
    best, worst, s4 = _months(apps, k)
    skills, s5 = _skills(apps, postings, k) if postings is not None else ([], 0)
    decided = apps[apps["final_status"] != "pending"]
    return insights_of(
        start, end, k, users,
        groups=(industries, locations, levels), months=(best, worst), skills=skills,
        suppressed=s1 + s2 + s3 + s4 + s5,
        avg_days_to_first_response=_mean(apps["first_response_days"]),
        ghosting_rate=float(decided["ghosted"].mean()) if len(decided) else None,
    )  # fmt: skip


def insights_of(
    start: datetime | None,
    end: datetime | None,
    k: int,
    users: int,
    *,
    groups: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    months: tuple[list[str], list[str]],
    skills: list,
    suppressed: int,
    avg_days_to_first_response: float | None,
    ghosting_rate: float | None,
) -> MarketInsights:
    """The insights from their group tables (industries, locations, levels), however these
    were computed (the in-memory rows or merged shard statistics)."""
    industries, locations, levels = groups
    return MarketInsights(
        period_start=start,
        period_end=end,
        k=k,
        user_count=users,
        suppressed=False,
        suppressed_groups=suppressed,
        most_active_industries=_records(industries, "industry"),
        hottest_skills=skills,
        hottest_locations=[
            {"location": r["location"], "openings": r["job_postings"], **r}
            for r in _records(locations, "location")
        ],
        best_months_to_apply=months[0],
        worst_months_to_apply=months[1],
        avg_days_to_first_response=avg_days_to_first_response,
        ghosting_rate=ghosting_rate,
        demand_by_level={
            str(level): {
                "openings": int(row["jobs"]),
                "competition": float(row["applications"] / max(row["jobs"], 1)),
                "avg_response_rate": float(row["response_rate"]),
                "users": int(row["users"]),
            }
            for level, row in levels.iterrows()
        },
    )


def _mean(series: pd.Series) -> float | None:
    values = series.dropna()
    return float(values.mean()) if len(values) else None
