"""Market intelligence and temporal glue: the platform as a :class:`MarketSource`.

Postings are the platform's ``JobListing`` rows (``posted_at``, company, title → role,
industry, required skills); outcomes are the nightly frame of mature applications. Another
source (an import, a partner's export) is added to :data:`SOURCE_FACTORIES`: a callable
taking the night's applications frame and returning an object with ``name``,
``postings(start, end)`` and ``applications(start, end)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from learning.advanced.market import (
    APPLICATION_COLUMNS,
    MarketReport,
    MarketSource,
    market_report,
    role_of,
)
from learning.advanced.temporal import VolumeAnalysis, volume_analyze
from profiles.models import JobListing

TEMPORAL_DAYS = 3 * 365 + 1  # three years: two full seasons are needed, three are better
TEMPORAL_GROUPS = 4  # largest industries and roles analysed besides the whole platform
MIN_GROUP_POSTINGS = 100


def postings_read(start: datetime, end: datetime) -> pd.DataFrame:
    rows = (
        JobListing.objects.filter(posted_at__gte=start, posted_at__lt=end)
        .order_by()
        .values_list("posted_at", "company", "title", "industry", "required_skills")
    )
    frame = pd.DataFrame(
        list(rows), columns=["posted_at", "company", "title", "industry", "skills"]
    )
    frame["role"] = frame["title"].map(role_of)
    frame["posted_at"] = pd.to_datetime(frame["posted_at"], utc=True)
    return frame


@dataclass(frozen=True)
class PlatformSource:
    """The platform's own listings and the night's mature applications."""

    apps: pd.DataFrame
    name: str = "platform"

    def postings(self, start: datetime, end: datetime) -> pd.DataFrame:
        return postings_read(start, end)

    def applications(self, start: datetime, end: datetime) -> pd.DataFrame:
        apps = self.apps
        if apps.empty:
            return pd.DataFrame(columns=list(APPLICATION_COLUMNS))
        at = apps["submitted_at"]
        frame = apps[(at >= start) & (at < end)]
        return frame.assign(role=frame["title"].map(role_of))


def platform_source(apps: pd.DataFrame) -> MarketSource:
    return PlatformSource(apps)


SOURCE_FACTORIES: list[Callable[[pd.DataFrame], MarketSource]] = [platform_source]


def market_build(mature: pd.DataFrame, *, end: datetime, k: int) -> MarketReport:
    sources = [factory(mature) for factory in SOURCE_FACTORIES]
    return market_report(sources, end=end, k=k)


def temporal_build(end: datetime) -> list[VolumeAnalysis]:
    """The whole platform, then the largest industries and roles with enough postings."""
    start = end - timedelta(days=TEMPORAL_DAYS)
    postings = postings_read(start, end)
    if postings.empty:
        return []
    # the platform's history starts with its first posting, not with the window
    first = postings["posted_at"].min().tz_convert("UTC").normalize().to_pydatetime()
    start = max(start, first)
    out = [volume_analyze(postings["posted_at"], start=start, end=end, label="All postings")]
    for column, prefix in (("industry", "Industry"), ("role", "Role")):
        sizes = postings[column].replace("", pd.NA).dropna().value_counts()
        for key in sizes[sizes >= MIN_GROUP_POSTINGS].index[:TEMPORAL_GROUPS]:
            rows = postings[postings[column] == key]
            label = f"{prefix}: {key}"
            out.append(volume_analyze(rows["posted_at"], start=start, end=end, label=label))
    return out


def temporal_summary(analyses: list[VolumeAnalysis]) -> dict[str, Any]:
    return {"series": [a.as_dict() for a in analyses]}
