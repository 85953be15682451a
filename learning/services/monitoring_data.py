"""The frames one day's monitoring reads: applications, new postings, matches shown.

All "as of" a window end (midnight UTC): nothing at or after it is read, so a run for a past
day sees what the platform saw that night (the simulated-world tests replay 90 days so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import pandas as pd

from learning.analytics import applications_from_events
from learning.event_reader import event_frame
from profiles.models import JobListing, JobScore
from profiles.occupations import title_occupations

# The longest look-back of any check: calibration reads 60 days of applications that are
# at least 30 days old (their outcome is in), concept drift 90.
READ_DAYS = 125
UNKNOWN = "unknown"


@dataclass(frozen=True)
class MonitoringData:
    window_end: datetime
    apps: pd.DataFrame  # one row per application submitted before window_end
    postings: pd.DataFrame  # postings of the last POSTING_DAYS days, one row each
    matches: pd.DataFrame  # matches shown: candidate, week, occupation, company


POSTING_DAYS = 29


@lru_cache(maxsize=20_000)
def occupation_of(title: str) -> str:
    """The occupation code a title reads as most strongly ("unknown" when none)."""
    vector = {k: v for k, v in title_occupations(title or "").items() if ":" not in k}
    return max(vector, key=lambda k: (vector[k], k)) if vector else UNKNOWN


@lru_cache(maxsize=20_000)
def occupation_family(title: str) -> str:
    vector = {k: v for k, v in title_occupations(title or "").items() if k.startswith("family:")}
    return max(vector, key=lambda k: (vector[k], k)).removeprefix("family:") if vector else UNKNOWN


def applications_load(window_end: datetime, days: int = READ_DAYS) -> pd.DataFrame:
    events = event_frame(
        family="application", start=window_end - timedelta(days=days), end=window_end
    )
    return applications_from_events(events)


def postings_load(window_end: datetime, days: int = POSTING_DAYS) -> pd.DataFrame:
    rows = JobListing.objects.filter(
        posted_at__gte=window_end - timedelta(days=days), posted_at__lt=window_end
    ).values_list(
        "posted_at", "title", "industry", "seniority", "remote", "salary_max", "required_skills"
    )
    frame = pd.DataFrame(
        list(rows),
        columns=["posted_at", "title", "industry", "seniority", "remote", "salary_max", "skills"],
    )
    frame["occupation_family"] = [occupation_family(t) for t in frame["title"]]
    frame["industry"] = frame["industry"].replace("", UNKNOWN)
    frame["seniority"] = frame["seniority"].replace("", UNKNOWN)
    frame["remote"] = frame["remote"].astype(str)
    frame["salary_max"] = pd.to_numeric(frame["salary_max"], errors="coerce").astype(float)
    frame["required_skills"] = [float(len(s or [])) for s in frame["skills"]]
    return frame.drop(columns=["skills"])


def week_of(moment: datetime) -> str:
    """The ISO date of the Monday starting ``moment``'s week (UTC)."""
    day = moment.date()
    return (day - timedelta(days=day.weekday())).isoformat()


def matches_load(window_end: datetime, weeks: int) -> pd.DataFrame:
    """Matches shown in the ``weeks`` whole weeks before the one holding ``window_end``."""
    this_monday = window_end.date() - timedelta(days=window_end.date().weekday())
    start = this_monday - timedelta(weeks=weeks)
    rows = JobScore.objects.filter(
        scored_at__date__gte=start, scored_at__date__lt=this_monday
    ).values_list("candidate__user_id", "scored_at", "job__title", "job__company")
    frame = pd.DataFrame(list(rows), columns=["candidate", "scored_at", "title", "company"])
    frame["week"] = [week_of(m) for m in frame["scored_at"]]
    frame["occupation"] = [occupation_of(t) for t in frame["title"]]
    return frame[["candidate", "week", "occupation", "company"]]


def monitoring_data_load(
    window_end: datetime, *, apps: pd.DataFrame | None = None, weeks: int = 8
) -> MonitoringData:
    """Everything the checks read; ``apps`` reuses the nightly analysis's frame."""
    if apps is None:
        apps = applications_load(window_end)
    return MonitoringData(
        window_end, apps, postings_load(window_end), matches_load(window_end, weeks)
    )
