"""Fairness report (seed 001 §10.2): outcome and match-score disparities across segments
that must not matter, from the event log and the matches shown.

Segments, read from each candidate's profile and newest resume (unknown when the data do not
say, never guessed):

* ``region`` — US census region of the profile's location ("Austin, TX" → South);
* ``career_gap`` — a gap of more than ``GAP_MONTHS`` months between consecutive dated
  positions of the newest parsed resume (unknown with fewer than two dated positions);
* any profile field a deployment lists in ``settings.FAIRNESS_PROTECTED_ATTRIBUTES`` (e.g.
  ``["work_authorization"]``): a protected attribute it chose to collect.

Metrics: the interview outcome of applications old enough to have one, and the compatibility
score of the matches shown. These segments are measured only here: the scorer
(``profiles.matching``) reads none of them (a test holds that changing them leaves a
candidate's scoring features unchanged).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from django.conf import settings

from learning.monitoring.fairness import ALPHA, disparities
from learning.services.monitoring_data import applications_load
from profiles.models import CandidateProfile, JobScore, ResumeVersion

GAP_MONTHS = 6
WINDOW_DAYS = 180
MATURITY_DAYS = 30
METRICS = {"interviewed": "interview rate", "match_score": "match score"}
_STATE = re.compile(r",\s*([A-Z]{2})\b")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})")
CENSUS_REGIONS = {
    "Northeast": "CT ME MA NH RI VT NJ NY PA",
    "Midwest": "IL IN MI OH WI IA KS MN MO NE ND SD",
    "South": "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
    "West": "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
}
REGION_OF_STATE = {s: region for region, states in CENSUS_REGIONS.items() for s in states.split()}


def region_of(location: str) -> str | None:
    found = _STATE.search(location or "")
    return REGION_OF_STATE.get(found.group(1)) if found else None


def _month(value: Any) -> int | None:
    found = _MONTH.match(str(value or ""))
    return int(found.group(1)) * 12 + int(found.group(2)) - 1 if found else None


def career_gap_of(parsed: dict[str, Any] | None) -> bool | None:
    """True when consecutive dated positions leave more than GAP_MONTHS uncovered."""
    spans = []
    for job in (parsed or {}).get("jobs") or []:
        start, end = _month(job.get("start")), _month(job.get("end"))
        if start is not None and (end is not None or job.get("ongoing")):
            spans.append((start, end if end is not None else 10**6))
    if len(spans) < 2:
        return None
    spans.sort()
    covered = spans[0][1]
    for start, end in spans[1:]:
        if start - covered > GAP_MONTHS:
            return True
        covered = max(covered, end)
    return False


def protected_attributes() -> list[str]:
    names = getattr(settings, "FAIRNESS_PROTECTED_ATTRIBUTES", ()) or ()
    fields = {f.name for f in CandidateProfile._meta.get_fields()}
    return [n for n in names if n in fields]


def segments_frame() -> pd.DataFrame:
    """One row per candidate (user id) with their segment values (None = unknown)."""
    protected = protected_attributes()
    profiles = CandidateProfile.objects.values("pk", "user_id", "location", *protected)
    newest: dict[int, Any] = {}
    for candidate_id, parsed in (
        ResumeVersion.objects.order_by("candidate_id", "-version")
        .values_list("candidate_id", "parsed_data")
        .iterator()
    ):
        newest.setdefault(candidate_id, parsed)
    rows = []
    for p in profiles:
        row = {
            "candidate": p["user_id"],
            "region": region_of(p["location"]),
            "career_gap": career_gap_of(newest.get(p["pk"])),
        }
        row.update({n: (str(p[n]) if p[n] not in ("", None) else None) for n in protected})
        rows.append(row)
    return pd.DataFrame(rows, columns=["candidate", "region", "career_gap", *protected])


def fairness_report(*, window_end: datetime, days: int = WINDOW_DAYS) -> dict[str, Any]:
    segments = segments_frame().set_index("candidate")
    apps = applications_load(window_end, days)
    cutoff = pd.Timestamp(window_end - timedelta(days=MATURITY_DAYS))
    mature = apps[apps["submitted_at"] <= cutoff]
    outcome = pd.DataFrame(
        {"candidate": mature["user_id"], "interviewed": mature["interviewed"].astype(float)}
    )
    scores = JobScore.objects.filter(
        scored_at__gte=window_end - timedelta(days=days), scored_at__lt=window_end
    ).values_list("candidate__user_id", "compatibility_score")
    matches = pd.DataFrame(list(scores), columns=["candidate", "match_score"])
    rows = pd.concat([outcome, matches], ignore_index=True)
    attributes = ["region", "career_gap", *protected_attributes()]
    rows = rows.join(segments, on="candidate")
    found = disparities(rows, attributes=attributes, metrics=list(METRICS))
    return {
        "window_start": (window_end - timedelta(days=days)).date().isoformat(),
        "window_end": window_end.date().isoformat(),
        "applications": len(outcome),
        "matches": len(matches),
        "attributes": attributes,
        "known": {a: int(segments[a].notna().sum()) for a in attributes},
        "segments": [
            {"label": a.replace("_", " "), "known": int(segments[a].notna().sum())}
            for a in attributes
        ],
        "candidates": len(segments),
        "alpha": ALPHA,
        "disparities": [d.as_dict() for d in found],
    }
