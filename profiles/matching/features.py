"""What the scorer knows about a candidate and a job, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from profiles.parsing.postings.facts import years_asked

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
OPEN_RANGE_YEARS = 4.0  # "5+ years" accepts candidates up to about four years beyond it


@dataclass(frozen=True)
class CandidateFeatures:
    key: int
    skills: tuple[str, ...]
    skill_sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    years: float | None = None  # None: no dated experience, nothing known
    location: str = ""
    preferred_locations: tuple[str, ...] = ()
    open_to_remote: bool = True
    salary_min: int | None = None
    salary_max: int | None = None
    preferred_stages: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    # Skills the held ones imply (MySQL → SQL): skill → the held skill, half credit.
    related_skills: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    titles: tuple[str, ...] = ()  # wanted roles and headline first, then past titles
    # Occupations the resume's text names (profiles.occupations.text_occupations).
    occupations: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    text: str = field(default="", repr=False)  # the resume's full text


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
    skill_sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    education: str = ""
    text: str = field(default="", repr=False)  # title and requirement sections


def years_band(
    seniority: str,
    description: str = "",
    *,
    min_years: float | None = None,
    max_years: float | None = None,
) -> tuple[float | None, float | None]:
    """(min, max) years a job asks for: stated years beat the seniority's usual band.

    Stated years are the posting parser's ``min_years``/``max_years`` when given, else what
    it reads in ``description`` ("5+ years of experience", never "401k" or "for over 20
    years"). An open "5+" gets the band's top or OPEN_RANGE_YEARS more; nothing known gives
    (None, None).
    """
    if min_years is None and description:
        min_years, max_years = years_asked(description)
    band = SENIORITY_YEARS.get(seniority)
    if min_years is None:
        return band if band else (None, None)
    if max_years is None:
        max_years = max(min_years + OPEN_RANGE_YEARS, band[1] if band else 0.0)
    return float(min_years), float(max_years)


PLACE_CACHE = 65_536  # distinct location strings remembered; postings repeat few places


@lru_cache(maxsize=PLACE_CACHE)
def city_of(location: str) -> str:
    return location.split("(")[0].strip().lower()


@lru_cache(maxsize=PLACE_CACHE)
def state_of(location: str) -> str:
    parts = [p.strip() for p in location.split("(")[0].split(",")]
    return parts[-1].lower() if len(parts) >= 2 else ""
