"""Flat tables of a world for analysis: one row per application, per posting, per rating."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from learning.simulation import model
from learning.simulation.records import Application
from learning.simulation.world import World

# Every first response (interview, rejection, ghosting) arrives within this many days, so an
# application at least this old has its interview outcome recorded.
MATURE_AFTER_DAYS = model.GHOSTED_AFTER_DAYS


def applications_frame(world: World) -> pd.DataFrame:
    apps = world.applications
    candidate = np.array([a.candidate for a in apps], dtype=int)
    quality = np.array([c.quality for c in world.candidates])
    suggested = np.array([c.suggested_metrics for c in world.candidates])
    base = np.array([c.base_resume_score for c in world.candidates])
    signals = {
        name: np.array([getattr(c, name) for c in world.candidates])
        for name in model.SIGNUP_SIGNALS
    }
    mature_before = world.end - timedelta(days=MATURE_AFTER_DAYS)
    frame = pd.DataFrame(
        {
            "candidate": candidate,
            "job": [a.job for a in apps],
            "submitted_at": [a.submitted_at for a in apps],
            "weekday": [a.submitted_at.weekday() for a in apps],
            "hour": [a.submitted_at.hour for a in apps],
            "quality": quality[candidate],
            "suggested": suggested[candidate].astype(int),
            "has_metrics": [int(a.has_metrics) for a in apps],
            "base_score": base[candidate],
            **{name: values[candidate] for name, values in signals.items()},
            "resume_score": [a.resume_score for a in apps],
            "fit_score": [a.fit_score for a in apps],
            "true_fit": [a.true_fit for a in apps],
            "p": [a.interview_probability for a in apps],
            "interviewed": [int(a.interviewed) for a in apps],
            "observed_interview": [int(_reached_interview(a)) for a in apps],
            "mature": [a.submitted_at <= mature_before for a in apps],
            "category": [a.category for a in apps],
            "strategy_mode": [a.strategy_mode for a in apps],
            "tailoring": [int(a.tailoring_applied) for a in apps],
        }
    )
    components = np.array([a.components for a in apps]).reshape(-1, 5)
    for k, name in enumerate(model.FIT_COMPONENTS):
        frame[name] = components[:, k]
    frame["bucket"] = model.score_bucket(frame["resume_score"].to_numpy())
    return frame


def _reached_interview(application: Application) -> bool:
    return any(s.status in ("interview", "offer") for s in application.stages)


def postings_frame(world: World) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "posted_at": [j.posted_at for j in world.jobs],
            "day": [j.posted_at.date() for j in world.jobs],
            "track": [j.track for j in world.jobs],
            "industry": [j.industry for j in world.jobs],
            "seniority": [j.seniority for j in world.jobs],
            "company_stage": [j.company_stage for j in world.jobs],
        }
    )


def ratings_frame(world: World) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "action_type": [r.action_type for r in world.ai_ratings],
            "up": [int(r.rating == "up") for r in world.ai_ratings],
        }
    )
