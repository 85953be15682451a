"""The frames the prediction engines read, from the nightly's data and the profiles.

Pure engines live in :mod:`learning.predict`; this module only gathers their inputs:
per-application history with salary and days to offer, the candidates' day-1 facts and
first-month outcomes, the insights a candidate was (or would have been) given.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from learning.insights.build import MIN_SAMPLE, RESPONSE_WAIT_DAYS, pattern_effects
from learning.personalization import learn_applications_per_week
from learning.predict.coldstart import HORIZON_DAYS
from learning.predict.features import SENIORITIES
from profiles.selectors import candidate_list, job_listing_skill_rows

if TYPE_CHECKING:  # the step list imports this module: types only, no cycle
    from learning.services.analysis_steps import AnalysisData

STAGE_CAP = 3  # "3 or more" kinds of company, cities
REPLAY_EVERY_WEEKS = 8
REPLAY_AFTER_WEEKS = 8  # the first replayed insight needs some history to speak of


def resolved_flags(apps: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """An outcome is known, or the application waited long enough to count as none."""
    waited = apps["submitted_at"] <= as_of - pd.Timedelta(days=RESPONSE_WAIT_DAYS)
    return (apps["final_status"] != "pending") | waited


def strategy_history(data: AnalysisData) -> pd.DataFrame:
    """Mature applications with posted salary and days from application to offer."""
    apps = data.mature.copy()
    numeric = pd.to_numeric(pd.Series(apps["job_id"].dropna().unique()), errors="coerce")
    ids = [int(i) for i in numeric.dropna()]
    salary = {
        str(job_id): (lo + hi) / 2 if lo and hi else (lo or hi or np.nan)
        for job_id, _, lo, hi in (job_listing_skill_rows(ids=ids) if ids else [])
    }
    apps["salary"] = apps["job_id"].astype(str).map(salary).astype(float)
    offer_at = pd.to_datetime(apps["offer_at"], utc=True, errors="coerce")
    apps["days_to_offer"] = (offer_at - apps["submitted_at"]).dt.total_seconds() / 86400
    return apps


def profiles_frame() -> pd.DataFrame:
    """Day-1 facts of every candidate (what the resume and the profile form say)."""
    rows = []
    for p in candidate_list():
        skills = [*p.programming_languages, *p.frameworks_libraries, *p.tools_platforms]
        rows.append(
            {
                "user_id": p.user_id,
                "joined_at": pd.Timestamp(p.user.date_joined),
                "segment": p.career_level or "unknown",
                "track": (p.industries or ["unknown"])[0],
                "seniority_level": (
                    SENIORITIES.index(p.career_level) if p.career_level in SENIORITIES else np.nan
                ),
                "years_experience": p.years_of_experience,
                "skill_count": len(skills),
                "salary_ask": p.salary_range_min,
                "answer_remote": "yes" if p.open_to_remote else "no",
                "answer_locations": _capped(len(p.preferred_locations)),
                "answer_stages": _capped(len(p.company_size_preference)),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    ask = pd.to_numeric(frame["salary_ask"], errors="coerce")
    ratio = ask / ask.groupby(frame["segment"]).transform("median")
    frame["answer_salary"] = [_salary_answer(float(r)) for r in ratio.to_numpy(float)]
    return frame.drop(columns=["salary_ask"])


def _salary_answer(ratio: float) -> str | float:
    """The ask against the median ask of the same level (unknown: unanswered)."""
    if not np.isfinite(ratio):
        return np.nan
    return "below" if ratio < 0.95 else ("above" if ratio > 1.05 else "near")


def _capped(count: int) -> str | float:
    return np.nan if count == 0 else str(min(count, STAGE_CAP))


def cold_start_frame(data: AnalysisData, profiles: pd.DataFrame) -> pd.DataFrame:
    """Candidates whose first ``HORIZON_DAYS`` days have matured, with that month's outcome.

    Day 1 is the earlier of sign-up and the first application; the resume score is the
    first one known (before any edit).
    """
    if profiles.empty or data.apps.empty:
        return profiles.iloc[0:0]
    first = data.apps.groupby("user_id")["submitted_at"].min()
    frame = profiles[profiles["user_id"].isin(first.index)].copy()
    start = np.minimum(frame["joined_at"].to_numpy(), frame["user_id"].map(first).to_numpy())
    frame["joined_at"] = pd.to_datetime(start, utc=True)
    cutoff = pd.Timestamp(data.window_end - timedelta(days=2 * HORIZON_DAYS))
    frame = frame[
        (frame["joined_at"] <= cutoff) & (frame["joined_at"] >= pd.Timestamp(data.window_start))
    ]
    apps = data.apps.merge(frame[["user_id", "joined_at"]], on="user_id")
    month = apps[apps["submitted_at"] < apps["joined_at"] + pd.Timedelta(days=HORIZON_DAYS)]
    outcome = month.groupby("user_id")["interviewed"].agg(["size", "sum"])
    baseline = data.apps.groupby("user_id")["baseline_score"].first()
    frame["resume_score"] = frame["user_id"].map(baseline)
    frame["n"] = frame["user_id"].map(outcome["size"]).fillna(0).astype(int)
    frame["k"] = frame["user_id"].map(outcome["sum"]).fillna(0).astype(int)
    return frame.reset_index(drop=True)


def replayed_insights(data: AnalysisData, target_per_week: float) -> pd.DataFrame:
    """The focus / stop / pace insights the weekly builder would have given each candidate
    every ``REPLAY_EVERY_WEEKS`` weeks, from the history resolved by then. The pace is the
    candidate's personal target as the weekly insights learn it (their median weekly count so
    far), else ``target_per_week`` (the platform's)."""
    apps = data.apps
    rows: list[tuple[Any, ...]] = []
    step = pd.Timedelta(weeks=REPLAY_EVERY_WEEKS)
    end = pd.Timestamp(data.window_end)
    for user_id, mine in apps.groupby("user_id"):
        at = mine["submitted_at"].min() + pd.Timedelta(weeks=REPLAY_AFTER_WEEKS)
        while at < end:
            history = mine[mine["submitted_at"] < at]
            history = history[resolved_flags(history, at)]
            # a pattern needs MIN_SAMPLE applications in the group and as many outside it
            enough = len(history) >= 2 * MIN_SAMPLE
            worked, didnt = pattern_effects(history) if enough else ([], [])
            for kind, effects in (("focus", worked), ("stop", didnt)):
                for e in effects:
                    rows.append((user_id, at, f"{kind}:{e.dimension}", e.dimension, e.value, None))
            learned = learn_applications_per_week(mine[mine["submitted_at"] < at], as_of=at)
            pace = float(learned.value) if learned is not None else target_per_week
            rows.append((user_id, at, "pace", None, None, pace))
            at += step
    return pd.DataFrame(
        rows, columns=["user_id", "issued_at", "kind", "dimension", "value", "target"]
    )


def insight_apps(data: AnalysisData) -> pd.DataFrame:
    """The applications frame with the ``resolved`` flag as of the window's end."""
    return data.apps.assign(resolved=resolved_flags(data.apps, pd.Timestamp(data.window_end)))
