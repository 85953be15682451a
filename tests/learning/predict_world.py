"""Simulated worlds as the frames the prediction engines read (no database)."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from learning.simulation.world import World, WorldConfig, generate_world

END = date(2026, 11, 1)


@cache
def world(candidates: int = 1200, jobs: int = 2500, months: int = 12, seed: int = 7) -> World:
    return generate_world(
        WorldConfig(candidates=candidates, jobs=jobs, months=months, seed=seed, end_date=END)
    )


def applications_frame(w: World) -> pd.DataFrame:
    """One row per application: features, the drawn outcome and the true probability."""
    rows = []
    for a in w.applications:
        job = w.jobs[a.job]
        offer = next((s for s in a.stages if s.status == "offer"), None)
        furthest = a.furthest_stage
        rows.append(
            {
                "user_id": a.candidate,
                "submitted_at": pd.Timestamp(a.submitted_at),
                "fit_skills": a.components[0],
                "fit_experience": a.components[1],
                "fit_location": a.components[2],
                "fit_salary": a.components[3],
                "fit_culture": a.components[4],
                "fit_score": a.fit_score,
                "resume_score": a.resume_score,
                "seniority": job.seniority,
                "category": a.category,
                "title": job.title,
                "company_stage": job.company_stage,
                "industry": job.industry,
                "job_location": job.location,
                "final_status": "pending" if furthest is None else furthest.status,
                "salary": np.nan
                if job.salary_max is None
                else (job.salary_min + job.salary_max) / 2,
                "interviewed": a.interviewed,
                "offered": offer is not None,
                "days_to_offer": np.nan if offer is None else offer.days_to_response,
                "true_p": a.interview_probability,
                "resolved": bool(a.stages),
            }
        )
    return pd.DataFrame(rows)


SENIORITY_LEVELS = ("intern", "entry", "mid", "senior", "lead", "executive")


def coldstart_frame(w: World, horizon_days: int = 30) -> pd.DataFrame:
    """Per candidate: day-1 facts, onboarding answers (their true traits) and the outcome of
    their first ``horizon_days`` days (only candidates whose month had time to resolve)."""
    apps = applications_frame(w)
    apps = apps.assign(
        joined=apps["user_id"].map({c.index: pd.Timestamp(c.joined_at) for c in w.candidates})
    )
    apps = apps[apps["submitted_at"] < apps["joined"] + pd.Timedelta(days=horizon_days)]
    by_user = dict(tuple(apps.groupby("user_id")))
    empty = apps.iloc[0:0]
    rows = []
    last_join = pd.Timestamp(w.end) - pd.Timedelta(days=2 * horizon_days)
    for c in w.candidates:
        joined = pd.Timestamp(c.joined_at)
        if joined > last_join:
            continue
        mine = by_user.get(c.index, empty)
        ask = c.salary_min
        rows.append(
            {
                "user_id": c.index,
                "joined_at": joined,
                "segment": c.seniority,
                "track": c.track,
                "seniority_level": SENIORITY_LEVELS.index(c.seniority),
                "years_experience": c.years_of_experience,
                "skill_count": len(c.skills),
                "resume_score": c.base_resume_score,
                "answer_pace": "<1"
                if c.applications_per_week < 1
                else ("1-2" if c.applications_per_week < 2 else "2+"),
                "answer_remote": "yes" if c.open_to_remote else "no",
                "salary_ask": ask,
                "answer_locations": str(min(len(c.preferred_locations), 3)),
                "answer_stages": str(min(len(c.preferred_stages), 3)),
                "n": len(mine),
                "k": int(mine["interviewed"].sum()),
                "true_rate": float(mine["true_p"].mean()) if len(mine) else np.nan,
            }
        )
    frame = pd.DataFrame(rows)
    median = frame.groupby("segment")["salary_ask"].transform("median")
    ratio = frame["salary_ask"] / median
    frame["answer_salary"] = np.where(
        ratio < 0.95, "below", np.where(ratio > 1.05, "above", "near")
    )
    return frame.drop(columns=["salary_ask"])
