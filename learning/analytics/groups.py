"""Mergeable exact statistics of the cohort and market analytics (the streamed nightly run).

The two analyses report counts, sums and distinct counts per group, so they can be computed
over shards of users and merged instead of over one frame of every application:

* **cohorts**: a segment is a set of users and every figure is built from per-user figures
  (applications, interviews, first application, first offer, and per trait its applications
  and interviews), so :func:`cohort_user_stats` keeps one row per user; users are disjoint
  across shards, the rows concatenate, and :func:`cohorts_from_user_stats` gives
  :func:`~learning.analytics.cohorts.cohorts_analyze`'s result exactly (same numbers, same
  float operations in the same order);
* **market**: per group (industry, location, seniority, month, skill) applications,
  responses, interviews and distinct users add across shards (users are disjoint); distinct
  jobs do not (two shards' users apply to the same job), so the distinct ``(group, job)``
  pairs are kept and unioned: they grow with the jobs applied to, not with the log.
  :func:`market_partial` is one shard's state, :func:`market_merge` adds states and
  :func:`market_from_partial` reports like :func:`~learning.analytics.market.market_analyze`.
  The means over rows (days to first response, a skill's salary) are sums and counts; they
  equal the in-memory ones exactly when the summands are whole numbers (salaries in whole
  currency units, days) and up to the rounding of the summation order otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from learning.analytics.cohorts import (
    _COHORT_COLUMNS,
    DEFAULT_K,
    PITFALL_ALPHA,
    SegmentResult,
    SegmentSpec,
    _traits,
    default_segments,
    segment_members,
    user_attributes,
)
from learning.analytics.market import (
    MarketInsights,
    insights_of,
    months_apart,
    skill_rows,
    week_of,
)
from learning.analytics.rates import MIN_SAMPLE, rate, two_proportion_test

ATTRIBUTES = ("seniority", "role", "industry", "location")


# --- cohorts -------------------------------------------------------------------------------


def cohort_user_stats(apps: pd.DataFrame) -> pd.DataFrame:
    """One row per user of ``apps`` (index ``user_id``, ascending): the modal attributes, the
    user's applications ``n``, interviews ``hits``, first application and first offer, and
    per trait (``strategies`` and ``pitfalls`` of the cohort analysis) its applications
    ``<kind>|<trait>|n`` and interviews ``<kind>|<trait>|k``. Users with no attribute known
    are kept with their counts; :func:`cohorts_from_user_stats` leaves them out of segments
    as the in-memory analysis does."""
    attrs = user_attributes(apps)
    apps = apps[[c for c in _COHORT_COLUMNS if c in apps.columns]]
    grouped = apps.groupby("user_id")
    table = pd.DataFrame(
        {
            "n": grouped["interviewed"].size(),
            "hits": grouped["interviewed"].sum(),
            "first": grouped["submitted_at"].min(),
            "offer": grouped["offer_at"].min(),
        }
    )
    y = apps["interviewed"].to_numpy()
    users = apps["user_id"].to_numpy()
    for kind, traits in _traits(apps).items():
        for name, series in traits.items():
            mask = series.to_numpy(dtype=bool)
            codes = pd.Series(mask.astype("int64"), index=users)
            table[f"{kind}|{name}|n"] = codes.groupby(level=0).sum()
            table[f"{kind}|{name}|k"] = (
                pd.Series((mask & y.astype(bool)).astype("int64"), index=users)
                .groupby(level=0)
                .sum()
            )
    table = table.join(attrs, how="left")
    table["has_attributes"] = table.index.isin(attrs.index)
    table.index.name = "user_id"
    return table


def _trait_names(table: pd.DataFrame, kind: str) -> list[str]:
    prefix = f"{kind}|"
    return [c[len(prefix) : -2] for c in table.columns if c.startswith(prefix) and c.endswith("|n")]


def _segment_from_stats(
    spec: SegmentSpec, table: pd.DataFrame, attrs: pd.DataFrame, k: int, min_sample: int
) -> SegmentResult:
    members = segment_members(spec, attrs)
    if len(members) < k:
        return SegmentResult(spec.segment_id, spec.criteria(), len(members), suppressed=True)
    mine = table[table.index.isin(members)]
    weeks = (mine["offer"] - mine["first"]).dt.total_seconds() / (7 * 86400)
    interviews = int(mine["hits"].sum())
    applications = int(mine["n"].sum())
    pooled = rate(interviews, applications, min_sample=min_sample)
    offered = weeks.dropna()
    strategies = []
    for name in _trait_names(table, "strategies"):
        n, hits = mine[f"strategies|{name}|n"], mine[f"strategies|{name}|k"]
        if int((n > 0).sum()) < k:
            continue
        r = rate(int(hits.sum()), int(n.sum()), min_sample=min_sample)
        if r.claimable:
            strategies.append({"strategy": name, "success_rate": r.value, **r.as_dict()})
    pitfalls = []
    for name in _trait_names(table, "pitfalls"):
        n = mine[f"pitfalls|{name}|n"]
        n1 = int(n.sum())
        n0 = applications - n1
        if min(n1, n0) < min_sample or int((n > 0).sum()) < k:
            continue
        k1 = int(mine[f"pitfalls|{name}|k"].sum())
        k0 = interviews - k1
        diff, p_value = two_proportion_test(k1, n1, k0, n0)
        if diff < 0 and p_value < PITFALL_ALPHA:
            pitfalls.append(
                {
                    "pattern": name,
                    "negative_impact": f"{diff * 100:+.1f} pp interview rate "
                    f"({k1 / n1:.1%} vs {k0 / n0:.1%} otherwise)",
                    "frequency": n1 / applications,
                    "effect": diff,
                    "p_value": p_value,
                    "sample_size": n1,
                }
            )
    return SegmentResult(
        segment_id=spec.segment_id,
        criteria=spec.criteria(),
        user_count=len(members),
        suppressed=False,
        avg_interview_rate=float((mine["hits"] / mine["n"]).mean()),
        interview_rate=pooled.as_dict(),
        avg_applications_to_interview=applications / interviews if interviews else None,
        avg_time_to_offer_weeks=float(offered.mean()) if len(offered) >= k else None,
        successful_strategies=sorted(strategies, key=lambda r: r["success_rate"], reverse=True),
        common_pitfalls=sorted(pitfalls, key=lambda r: r["effect"]),
    )


def cohorts_from_user_stats(
    table: pd.DataFrame,
    *,
    profiles: pd.DataFrame | None = None,
    segments: list[SegmentSpec] | None = None,
    k: int = DEFAULT_K,
    min_sample: int = MIN_SAMPLE,
) -> list[SegmentResult]:
    """:func:`~learning.analytics.cohorts.cohorts_analyze` from the merged per-user rows
    (``table``: :func:`cohort_user_stats` of shards of disjoint users, concatenated)."""
    table = table.sort_index(kind="stable")
    attrs = table.loc[table["has_attributes"].to_numpy(bool), list(ATTRIBUTES)]
    if profiles is not None and len(profiles):
        attrs = attrs.join(profiles.set_index("user_id"), how="left")
    return [
        _segment_from_stats(spec, table, attrs, k, min_sample)
        for spec in segments or default_segments(attrs)
    ]


# --- market --------------------------------------------------------------------------------

GROUPS = ("industry", "job_location", "seniority", "month")


@dataclass
class MarketPartial:
    """A shard's market state: every field adds (or unions) with another shard's."""

    users: int = 0
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    applications: int = 0
    interviews: int = 0
    decided: int = 0
    ghosted: int = 0
    response_days_sum: float = 0.0
    response_days_n: int = 0
    # per group column: applications, users, responded, interviewed (index: group value)
    groups: dict[str, pd.DataFrame] = field(default_factory=dict)
    # per group column: distinct (group value, job_id) pairs
    jobs: dict[str, pd.DataFrame] = field(default_factory=dict)
    # per skill: users, rows, salary_sum, salary_n; distinct (skill, job_id); distinct job ids
    skills: pd.DataFrame | None = None
    skill_jobs: pd.DataFrame | None = None
    skill_job_ids: pd.Index | None = None


def market_partial(apps: pd.DataFrame, postings: pd.DataFrame | None = None) -> MarketPartial:
    """One shard's :class:`MarketPartial` (``apps``: the shard's aggregate applications)."""
    out = MarketPartial()
    if apps.empty:
        return out
    out.users = int(apps["user_id"].nunique())
    out.first, out.last = apps["submitted_at"].min(), apps["submitted_at"].max()
    out.applications = len(apps)
    out.interviews = int(apps["interviewed"].sum())
    decided = apps[apps["final_status"] != "pending"]
    out.decided, out.ghosted = len(decided), int(decided["ghosted"].sum())
    days = apps["first_response_days"].dropna()
    out.response_days_sum, out.response_days_n = float(days.sum()), len(days)
    job_codes, job_ids = pd.factorize(apps["job_id"])  # once for the four groupings' pairs
    for by in GROUPS:
        grouped = apps.groupby(by, observed=True)
        out.groups[by] = pd.DataFrame(
            {
                "applications": grouped.size(),
                "users": grouped["user_id"].nunique(),
                "responded": grouped["responded"].sum(),
                "interviewed": grouped["interviewed"].sum(),
            }
        )
        out.jobs[by] = _distinct_pairs(apps[by], job_codes, job_ids)
    if postings is not None:
        exploded = postings[["job_id", "skills", *(["salary"] if "salary" in postings else [])]]
        exploded = exploded.explode("skills").dropna(subset=["skills"])
        joined = apps[["job_id", "user_id"]].astype({"job_id": str}).merge(exploded, on="job_id")
        if len(joined):
            grouped = joined.groupby("skills")
            stats = pd.DataFrame({"users": grouped["user_id"].nunique()})
            if "salary" in joined:
                stats["salary_sum"] = grouped["salary"].sum()
                stats["salary_n"] = grouped["salary"].count()
            out.skills = stats
            out.skill_jobs = joined[["skills", "job_id"]].drop_duplicates()
            out.skill_job_ids = pd.Index(joined["job_id"].dropna().unique())
    return out


def _distinct_pairs(values: pd.Series, job_codes: np.ndarray, job_ids: pd.Index) -> pd.DataFrame:
    """The distinct ``(value, job_id)`` pairs of the rows where both are known, in the order
    of their first row (what ``frame[[by, "job_id"]].dropna().drop_duplicates()`` gives),
    found on integer codes rather than by hashing the two columns' values again."""
    codes, uniques = pd.factorize(values)
    known = (codes >= 0) & (job_codes >= 0)
    pairs = pd.unique(codes[known].astype(np.int64) * len(job_ids) + job_codes[known])
    return pd.DataFrame(
        {
            values.name: uniques.take(pairs // len(job_ids)),
            "job_id": job_ids.take(pairs % len(job_ids)),
        }
    )


def _union(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)


# Distinct pairs are unioned once this many shards' pairs are pending: one union per shard
# re-read every pair found so far (a tenth of the 1 M-event night's load), one at the end
# would hold every shard's pairs; the pending pairs stay bounded by this many shards' worth.
UNION_EVERY = 8


def _pending(frames: list[pd.DataFrame], part: pd.DataFrame) -> list[pd.DataFrame]:
    frames.append(part)
    return [_union(frames)] if len(frames) > UNION_EVERY else frames


def market_merge(partials: Iterable[MarketPartial]) -> MarketPartial:
    """The sum of shards' partial states (users disjoint across shards)."""
    out = MarketPartial()
    groups: dict[str, list[pd.DataFrame]] = {by: [] for by in GROUPS}
    jobs: dict[str, list[pd.DataFrame]] = {by: [] for by in GROUPS}
    skills: list[pd.DataFrame] = []
    skill_jobs: list[pd.DataFrame] = []
    skill_job_ids: list[np.ndarray] = []
    for part in partials:
        if not part.applications:
            continue
        out.users += part.users
        out.first = _earliest(out.first, part.first)
        out.last = _latest(out.last, part.last)
        out.applications += part.applications
        out.interviews += part.interviews
        out.decided += part.decided
        out.ghosted += part.ghosted
        out.response_days_sum += part.response_days_sum
        out.response_days_n += part.response_days_n
        for by in GROUPS:
            groups[by].append(part.groups[by])
            # distinct pairs: the union is bounded by the jobs, not by the shards
            jobs[by] = _pending(jobs[by], part.jobs[by])
        if part.skills is not None and part.skill_jobs is not None:
            skills.append(part.skills)
            skill_jobs = _pending(skill_jobs, part.skill_jobs)
            skill_job_ids.append(np.asarray(part.skill_job_ids))
    if not out.applications:
        return out
    for by in GROUPS:
        out.groups[by] = pd.concat(groups[by]).groupby(level=0, observed=True).sum()
        out.jobs[by] = _union(jobs[by])
    if skills:
        out.skills = pd.concat(skills).groupby(level=0).sum()
        out.skill_jobs = _union(skill_jobs)
        out.skill_job_ids = pd.Index(np.unique(np.concatenate(skill_job_ids)))
    return out


def _earliest(a: pd.Timestamp | None, b: pd.Timestamp | None) -> pd.Timestamp | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: pd.Timestamp | None, b: pd.Timestamp | None) -> pd.Timestamp | None:
    return b if a is None else a if b is None else max(a, b)


def _group_stats(part: MarketPartial, by: str, k: int) -> tuple[pd.DataFrame, int]:
    counts = part.groups[by]
    pairs = part.jobs[by]
    jobs = pairs.groupby(by, observed=True)["job_id"].size()
    stats = pd.DataFrame(
        {
            "applications": counts["applications"].astype("int64"),
            "users": counts["users"].astype("int64"),
            "jobs": jobs.reindex(counts.index, fill_value=0).astype("int64"),
            "response_rate": counts["responded"] / counts["applications"],
            "interview_rate": counts["interviewed"] / counts["applications"],
        }
    )
    kept = stats[stats["users"] >= k]
    return kept, int(len(stats) - len(kept))


def _months(part: MarketPartial, k: int) -> tuple[list[str], list[str], int]:
    stats, suppressed = _group_stats(part, "month", k)
    if len(stats) < 2:
        return [], [], suppressed
    return (*months_apart(stats, part.interviews / part.applications), suppressed)


def _skills(part: MarketPartial, k: int) -> tuple[list, int]:
    if part.skills is None or part.skill_jobs is None or part.skill_job_ids is None:
        return [], 0
    demand = part.skill_jobs.groupby("skills")["job_id"].size()
    stats = pd.DataFrame(
        {"users": part.skills["users"].astype("int64"), "demand": demand.astype("int64")}
    )
    if "salary_sum" in part.skills:
        n = part.skills["salary_n"]
        stats["avg_salary"] = (part.skills["salary_sum"] / n).where(n > 0)
    return skill_rows(stats, len(part.skill_job_ids), k)


def market_from_partial(part: MarketPartial, *, k: int = DEFAULT_K) -> MarketInsights:
    """:func:`~learning.analytics.market.market_analyze` from merged shard states."""
    start = week_of(part.first) if part.first is not None else None
    end = week_of(part.last) if part.last is not None else None
    if part.users < k:
        return MarketInsights(start, end, k, part.users, suppressed=True)
    industries, s1 = _group_stats(part, "industry", k)
    locations, s2 = _group_stats(part, "job_location", k)
    levels, s3 = _group_stats(part, "seniority", k)
    best, worst, s4 = _months(part, k)
    skills, s5 = _skills(part, k)
    return insights_of(
        start, end, k, part.users,
        groups=(industries, locations, levels), months=(best, worst), skills=skills,
        suppressed=s1 + s2 + s3 + s4 + s5,
        avg_days_to_first_response=(
            part.response_days_sum / part.response_days_n if part.response_days_n else None
        ),
        ghosting_rate=part.ghosted / part.decided if part.decided else None,
    )  # fmt: skip
