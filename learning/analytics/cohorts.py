# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Cohort analytics (seed 001 §4.2): configurable segments with benchmarks and lessons.

A user's attributes come from their own applications (modal job seniority, title, industry
and location) plus, when given, profile columns (``years_experience``). A segment is a
conjunction of optional criteria; a user belongs when every given criterion matches.

For the members' applications::

    avg_interview_rate            = mean over users of interviews_u / applications_u
    pooled interview rate         = Σ interviews / Σ applications   (Wilson CI)
    avg_applications_to_interview = Σ applications / Σ interviews
    avg_time_to_offer_weeks       = mean over users with an offer of
                                    (first offer − first application) / 7 days

Successful strategies are the application traits (strategy mode, category, tailoring, high
fit) ranked by interview rate; a pitfall is a trait whose interview rate is below the rest of
the segment's with a pooled two-proportion test at ``alpha``. Segments with fewer than ``k``
users are suppressed (k-anonymity), as are strategies and pitfalls seen in fewer than ``k``
users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from learning.analytics.rates import MIN_SAMPLE, rate, two_proportion_test
from recruitly.eventlog.schemas import CATEGORIES, STRATEGY_MODES

DEFAULT_K = 10
PITFALL_ALPHA = 0.05
HIGH_FIT = 80.0
LOW_FIT = 60.0
LOW_RESUME_SCORE = 60.0
BURST_PER_WEEK = 15  # applications in one ISO week beyond which quality usually suffers
_COHORT_COLUMNS = (
    "user_id",
    "submitted_at",
    "offer_at",
    "interviewed",
    "strategy_mode",
    "category",
    "tailoring_applied",
    "fit_score",
    "resume_score",
)


@dataclass(frozen=True)
class SegmentSpec:
    segment_id: str
    seniority: tuple[str, ...] | None = None
    target_roles: tuple[str, ...] | None = None
    years_experience_range: tuple[float, float] | None = None
    industries: tuple[str, ...] | None = None
    locations: tuple[str, ...] | None = None

    def criteria(self) -> dict[str, Any]:
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in self.__dict__.items()
            if k != "segment_id" and v is not None
        }


@dataclass(frozen=True)
class SegmentResult:
    segment_id: str
    criteria: dict[str, Any]
    user_count: int
    suppressed: bool
    avg_interview_rate: float | None = None
    interview_rate: dict[str, Any] | None = None
    avg_applications_to_interview: float | None = None
    avg_time_to_offer_weeks: float | None = None
    successful_strategies: list[dict[str, Any]] = field(default_factory=list)
    common_pitfalls: list[dict[str, Any]] = field(default_factory=list)


def _mode(users: np.ndarray, values: pd.Series) -> pd.Series:
    """Each user's most frequent value (ties: the value seen first)."""
    codes, uniques = pd.factorize(values)
    known = codes >= 0
    pairs = pd.DataFrame({"u": users[known], "v": codes[known]})
    best = pairs.value_counts(sort=True).reset_index().drop_duplicates("u")
    return pd.Series(np.asarray(uniques)[best["v"].to_numpy()], index=best["u"].to_numpy())


def user_attributes(apps: pd.DataFrame, profiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-user seniority, role, industry and location (modal values of their applications)."""
    users = apps["user_id"].to_numpy()
    attrs = pd.DataFrame(
        {
            "seniority": _mode(users, apps["seniority"]),
            "role": _mode(users, apps["title"]),
            "industry": _mode(users, apps["industry"]),
            "location": _mode(users, apps["job_location"]),
        }
    )
    if profiles is not None and len(profiles):
        attrs = attrs.join(profiles.set_index("user_id"), how="left")
    return attrs


def _isin(values: pd.Series, wanted: Iterable[str]) -> pd.Series:
    return values.str.lower().isin([w.lower() for w in wanted]).fillna(False)


def segment_members(spec: SegmentSpec, attrs: pd.DataFrame) -> pd.Index:
    mask = pd.Series(True, index=attrs.index)
    if spec.seniority:
        mask &= _isin(attrs["seniority"].astype("string"), spec.seniority)
    if spec.industries:
        mask &= _isin(attrs["industry"].astype("string"), spec.industries)
    if spec.locations:
        mask &= _isin(attrs["location"].astype("string"), spec.locations)
    if spec.target_roles:
        roles = attrs["role"].astype("string").str.lower()
        hit = pd.Series(False, index=attrs.index)
        for role in spec.target_roles:
            hit |= roles.str.contains(role.lower(), regex=False).fillna(False)
        mask &= hit
    if spec.years_experience_range:
        low, high = spec.years_experience_range
        years = attrs.get("years_experience", pd.Series(np.nan, index=attrs.index))
        mask &= (years >= low) & (years < high)
    return attrs.index[mask.to_numpy()]


def _traits(apps: pd.DataFrame) -> dict[str, dict[str, pd.Series]]:
    week = apps["submitted_at"].dt.tz_localize(None).dt.to_period("W")
    weekly = apps.groupby([apps["user_id"], week])["user_id"].transform("size")
    traits = {f"strategy mode {m}": apps["strategy_mode"].eq(m) for m in STRATEGY_MODES}
    traits |= {f"{c} applications": apps["category"].eq(c) for c in CATEGORIES}
    traits |= {
        "tailored applications": apps["tailoring_applied"].astype(bool),
        f"fit score {HIGH_FIT:g}+": apps["fit_score"].ge(HIGH_FIT),
    }
    pitfalls = {
        "applying to reach jobs": apps["category"].eq("reach"),
        f"applying below fit {LOW_FIT:g}": apps["fit_score"].lt(LOW_FIT),
        "untailored applications": ~apps["tailoring_applied"].astype(bool),
        f"applying with a resume score under {LOW_RESUME_SCORE:g}": apps["resume_score"].lt(
            LOW_RESUME_SCORE
        ),
        f"more than {BURST_PER_WEEK} applications in a week": weekly.gt(BURST_PER_WEEK),
    }
    return {"strategies": traits, "pitfalls": pitfalls}


def _distinct(codes: np.ndarray, mask: np.ndarray) -> int:
    """Distinct users among the masked applications (``codes``: dense user codes)."""
    return int(np.count_nonzero(np.bincount(codes[mask], minlength=1)))


def _strategies(apps: pd.DataFrame, traits: dict[str, pd.Series], k: int, min_sample: int) -> list:
    rows = []
    users, y = pd.factorize(apps["user_id"])[0], apps["interviewed"].to_numpy()
    for name, series in traits.items():
        mask = series.to_numpy(dtype=bool)
        if _distinct(users, mask) < k:
            continue
        r = rate(int(y[mask].sum()), int(mask.sum()), min_sample=min_sample)
        if r.claimable:
            rows.append({"strategy": name, "success_rate": r.value, **r.as_dict()})
    return sorted(rows, key=lambda row: row["success_rate"], reverse=True)


def _pitfalls(apps: pd.DataFrame, traits: dict[str, pd.Series], k: int, min_sample: int) -> list:
    rows = []
    users, y = pd.factorize(apps["user_id"])[0], apps["interviewed"].to_numpy()
    for name, series in traits.items():
        mask = series.to_numpy(dtype=bool)
        n1, n0 = int(mask.sum()), int((~mask).sum())
        if min(n1, n0) < min_sample or _distinct(users, mask) < k:
            continue
        k1, k0 = int(y[mask].sum()), int(y[~mask].sum())
        diff, p_value = two_proportion_test(k1, n1, k0, n0)
        if diff < 0 and p_value < PITFALL_ALPHA:
            rows.append(
                {
                    "pattern": name,
                    "negative_impact": f"{diff * 100:+.1f} pp interview rate "
                    f"({k1 / n1:.1%} vs {k0 / n0:.1%} otherwise)",
                    "frequency": n1 / len(apps),
                    "effect": diff,
                    "p_value": p_value,
                    "sample_size": n1,
                }
            )
    return sorted(rows, key=lambda row: row["effect"])


def segment_analyze(
    spec: SegmentSpec,
    apps: pd.DataFrame,
    attrs: pd.DataFrame,
    *,
    k: int = DEFAULT_K,
    min_sample: int = MIN_SAMPLE,
) -> SegmentResult:
    members = segment_members(spec, attrs)
    if len(members) < k:
        return SegmentResult(spec.segment_id, spec.criteria(), len(members), suppressed=True)
    mine = apps[apps["user_id"].isin(members)]
    per_user = mine.groupby("user_id").agg(
        n=("interviewed", "size"),
        hits=("interviewed", "sum"),
        first=("submitted_at", "min"),
        offer=("offer_at", "min"),
    )
    weeks = (per_user["offer"] - per_user["first"]).dt.total_seconds() / (7 * 86400)
    interviews = int(per_user["hits"].sum())
    traits = _traits(mine)
    pooled = rate(interviews, len(mine), min_sample=min_sample)
    offered = weeks.dropna()
    return SegmentResult(
        segment_id=spec.segment_id,
        criteria=spec.criteria(),
        user_count=len(members),
        suppressed=False,
        avg_interview_rate=float((per_user["hits"] / per_user["n"]).mean()),
        interview_rate=pooled.as_dict(),
        avg_applications_to_interview=len(mine) / interviews if interviews else None,
        avg_time_to_offer_weeks=float(offered.mean()) if len(offered) >= k else None,
        successful_strategies=_strategies(mine, traits["strategies"], k, min_sample),
        common_pitfalls=_pitfalls(mine, traits["pitfalls"], k, min_sample),
    )


EXPERIENCE_RANGES = ((0.0, 2.0), (2.0, 5.0), (5.0, 10.0), (10.0, 60.0))


def default_segments(attrs: pd.DataFrame) -> list[SegmentSpec]:
    """Everyone, one segment per seniority level seen, and years-of-experience bands."""
    levels = sorted(attrs["seniority"].dropna().astype(str).unique())
    segments = [
        SegmentSpec("all"),
        *(SegmentSpec(f"seniority:{s}", seniority=(s,)) for s in levels),
    ]
    if "years_experience" in attrs and attrs["years_experience"].notna().any():
        segments += [
            SegmentSpec(f"experience:{low:g}-{high:g}", years_experience_range=(low, high))
            for low, high in EXPERIENCE_RANGES
        ]
    return segments


def cohorts_analyze(
    apps: pd.DataFrame,
    *,
    segments: list[SegmentSpec] | None = None,
    profiles: pd.DataFrame | None = None,
    k: int = DEFAULT_K,
    min_sample: int = MIN_SAMPLE,
    progress: Callable[[str], None] | None = None,
) -> list[SegmentResult]:
    attrs = user_attributes(apps, profiles)
    apps = apps[[c for c in _COHORT_COLUMNS if c in apps.columns]]
    results = []
    for spec in segments or default_segments(attrs):
        results.append(segment_analyze(spec, apps, attrs, k=k, min_sample=min_sample))
        if progress:
            progress(spec.segment_id)
    return results
