"""What the scorer knows about a candidate and a job, as plain frozen dataclasses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SENIORITY_ORDER = ("intern", "entry", "mid", "senior", "lead", "executive")
# Years of experience each seniority usually asks for (min, max), inclusive.
SENIORITY_YEARS = {
    "intern": (0.0, 1.0),
    "entry": (0.0, 2.0),
    "mid": (2.0, 5.0),
    "senior": (5.0, 9.0),
    "lead": (8.0, 14.0),
    "executive": (12.0, 30.0),
}
_YEARS_ASKED_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:years|yrs)", re.IGNORECASE)


@dataclass(frozen=True)
class CandidateFeatures:
    key: int
    skills: tuple[str, ...]
    skill_sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    years: float = 0.0
    location: str = ""
    preferred_locations: tuple[str, ...] = ()
    open_to_remote: bool = True
    salary_min: int | None = None
    salary_max: int | None = None
    preferred_stages: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobFeatures:
    key: int
    title: str
    company: str
    required_skills: tuple[str, ...]
    nice_to_have_skills: tuple[str, ...] = ()
    seniority: str = ""
    min_years: float | None = None
    max_years: float | None = None
    location: str = ""
    remote: bool = False
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    company_stage: str = ""
    industry: str = ""


def years_band(seniority: str, description: str = "") -> tuple[float | None, float | None]:
    """(min, max) years a job asks for: a stated "5+ years" beats the seniority's usual band."""
    band = SENIORITY_YEARS.get(seniority)
    stated = [
        int(m.group(1)) for m in _YEARS_ASKED_RE.finditer(description) if int(m.group(1)) < 40
    ]
    if stated:
        low = float(min(stated))
        return low, max(low + 4.0, band[1] if band else low + 4.0)
    return band if band else (None, None)


def city_of(location: str) -> str:
    return location.split("(")[0].strip().lower()


def state_of(location: str) -> str:
    parts = [p.strip() for p in location.split("(")[0].split(",")]
    return parts[-1].lower() if len(parts) >= 2 else ""
