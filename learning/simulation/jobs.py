"""Simulated job postings with yearly seasonality and one market shift.

Posting dates are drawn from a daily intensity::

    λ(d) = SEASONALITY[month(d)] · POSTING_WEEKDAY_FACTOR[weekday(d)]
           · (MARKET_SHIFT_FACTOR if d ≥ shift_date else 1)

normalised over the window, so ``jobs · λ(d) / Σ λ`` postings are expected on day ``d``. The
shift date sits at ``MARKET_SHIFT_FRACTION`` of the window. The shift changes posting volume
only; it has no effect on interview rates. A :class:`PostingMarket` switches the seasonality
off or sets another shift factor (1.0: no shift) for tests of the temporal engine; the
default reproduces the worlds above exactly.

Descriptions are written by :mod:`learning.simulation.postings` (company blurb, duties,
requirements in four shapes, benefits, varied spellings and formats) from a stream spawned
off the jobs' one, after every job's facts are drawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import numpy as np

from learning.simulation import catalog, noise, postings
from learning.simulation.people import Company

# Hiring peaks in late winter and September, dips in summer and December (mean 1).
SEASONALITY = {
    1: 1.25, 2: 1.20, 3: 1.15, 4: 1.05, 5: 1.00, 6: 0.90,
    7: 0.80, 8: 0.85, 9: 1.10, 10: 1.05, 11: 0.90, 12: 0.75,
}  # fmt: skip
POSTING_WEEKDAY_FACTOR = (1.1, 1.15, 1.1, 1.05, 0.9, 0.35, 0.35)  # Monday … Sunday
MARKET_SHIFT_FRACTION = 0.6
MARKET_SHIFT_FACTOR = 0.6  # posting volume after the shift ÷ before: a hiring slowdown
JOB_SENIORITY_SHARES = (0.04, 0.20, 0.34, 0.26, 0.12, 0.04)
REQUIRED_SKILLS = (4, 7)  # inclusive
SALARY_SPREAD = 0.12  # log-sd of a posting's pay around the market
UNDISCLOSED_SALARY_SHARE = 0.2
ACTIVE_DAYS = 45  # a posting older than this at the end date is closed


@dataclass(frozen=True, slots=True)
class PostingMarket:
    """How posting volume moves over the window (the default is the planted world)."""

    seasonal: bool = True
    shift_factor: float = MARKET_SHIFT_FACTOR

    def __post_init__(self) -> None:
        if not 0 < self.shift_factor <= 10:
            raise ValueError("the shift factor must be positive and at most 10")


DEFAULT_MARKET = PostingMarket()


@dataclass(frozen=True, slots=True)
class Job:
    index: int
    external_id: str
    title: str
    company: str
    company_stage: str
    industry: str
    track: str
    seniority: str
    location: str
    remote: bool
    salary_min: int | None
    salary_max: int | None
    required_skills: tuple[str, ...]
    description: str
    url: str
    content_hash: str
    posted_at: datetime
    is_active: bool
    preferred_skills: tuple[str, ...] = ()  # the text's nice-to-have section, if any
    years_required: float = 0.0  # stated unless ``requirements`` is "unstated"
    requirements: str = "section"  # how the text states them: postings.REQUIREMENT_SHAPES
    text_format: str = "lines"  # postings.FORMATS

    @property
    def years_stated(self) -> bool:
        return self.years_required > 0 and self.requirements != "unstated"


@dataclass(frozen=True)
class JobTable:
    """Column arrays of the jobs, for vectorised scoring."""

    track: np.ndarray  # index into catalog.TRACKS
    seniority: np.ndarray  # index into catalog.SENIORITIES
    posted_days: np.ndarray  # days since the window start, float
    skills: np.ndarray  # (jobs, skills) 0/1
    salary_max: np.ndarray  # nan when undisclosed
    city: np.ndarray  # index into catalog.CITY_NAMES
    remote: np.ndarray
    stage: np.ndarray  # index into catalog.COMPANY_STAGES


def shift_date(start: datetime, end: datetime) -> date:
    return (start + (end - start) * MARKET_SHIFT_FRACTION).date()


def daily_intensity(
    start: datetime, end: datetime, market: PostingMarket = DEFAULT_MARKET
) -> tuple[list[date], np.ndarray]:
    """The days of the window and λ(d) of the module docstring for each."""
    days = [(start + timedelta(days=n)).date() for n in range((end - start).days)]
    shift = shift_date(start, end)
    weights = np.array(
        [
            (SEASONALITY[d.month] if market.seasonal else 1.0)
            * POSTING_WEEKDAY_FACTOR[d.weekday()]
            * (market.shift_factor if d >= shift else 1.0)
            for d in days
        ]
    )
    return days, weights


def jobs_make(
    rng: np.random.Generator,
    *,
    count: int,
    prefix: str,
    start: datetime,
    end: datetime,
    companies: list[Company],
    market: PostingMarket = DEFAULT_MARKET,
) -> list[Job]:
    days, weights = daily_intensity(start, end, market)
    picks = rng.choice(len(days), size=count, p=weights / weights.sum())
    seconds = rng.uniform(7 * 3600, 19 * 3600, size=count)
    posted = sorted(
        start + timedelta(days=int(d), seconds=float(s))
        for d, s in zip(picks, seconds, strict=True)
    )
    by_industry: dict[str, list[Company]] = {}
    for company in companies:
        by_industry.setdefault(company.industry, []).append(company)
    texts = noise.Dice(rng.spawn(1)[0])
    made = [_job(rng, j, prefix, posted[j], end, by_industry) for j in range(count)]
    return [_written(texts, job) for job in made]


def _written(dice: noise.Dice, job: Job) -> Job:
    """The job with its description, drawn from the text stream."""
    track = catalog.TRACKS[catalog.TRACK_KEYS.index(job.track)]
    where = (
        f"{job.location} ({postings.REMOTE_WORDS[job.index % 3]})" if job.remote else job.location
    )
    salary = (job.salary_min, job.salary_max) if job.salary_min and job.salary_max else None
    facts = postings.PostingFacts(
        track, job.title, job.company, job.industry, job.company_stage, where,
        job.required_skills, job.years_required, salary,
    )  # fmt: skip
    text = postings.posting_text(dice, facts)
    return replace(
        job,
        description=text.description,
        content_hash=hashlib.sha256(text.description.encode()).hexdigest(),
        preferred_skills=text.preferred_skills,
        requirements=text.requirements,
        text_format=text.text_format,
    )


def _job(
    rng: np.random.Generator,
    index: int,
    prefix: str,
    posted_at: datetime,
    end: datetime,
    by_industry: dict[str, list[Company]],
) -> Job:
    shares = np.array([t.share for t in catalog.TRACKS])
    track = catalog.TRACKS[int(rng.choice(len(shares), p=shares / shares.sum()))]
    seniority = catalog.SENIORITIES[int(rng.choice(6, p=JOB_SENIORITY_SHARES))]
    industry = track.industries[int(rng.integers(len(track.industries)))]
    pool = by_industry[industry]
    company = pool[int(rng.integers(len(pool)))]
    city, cost = catalog.CITIES[int(rng.integers(len(catalog.CITIES)))]
    remote = bool(rng.random() < track.remote_share)
    low, high = REQUIRED_SKILLS
    skills = tuple(str(s) for s in rng.permutation(track.skills)[: rng.integers(low, high + 1)])
    titles = track.titles[seniority]
    title = titles[int(rng.integers(len(titles)))]
    salary = _salary(rng, track.mid_salary * catalog.SENIORITY_PAY[seniority] * cost)
    return Job(
        index=index,
        external_id=f"{prefix}-job-{index + 1:06d}",
        title=title,
        company=company.name,
        company_stage=company.stage,
        industry=industry,
        track=track.key,
        seniority=seniority,
        location=city,
        remote=remote,
        salary_min=salary[0] if salary else None,
        salary_max=salary[1] if salary else None,
        required_skills=skills,
        description="",  # written afterwards from the text stream
        url=f"https://jobs.example.com/{prefix}/{index + 1}",
        content_hash="",
        posted_at=posted_at,
        is_active=(end - posted_at).days <= ACTIVE_DAYS,
        years_required=catalog.SENIORITY_YEARS[seniority][0],
    )


def _salary(rng: np.random.Generator, market: float) -> tuple[int, int] | None:
    if rng.random() < UNDISCLOSED_SALARY_SHARE:
        return None
    centre = market * float(np.exp(SALARY_SPREAD * rng.standard_normal()))
    return int(round(centre * 0.9, -3)), int(round(centre * 1.15, -3))


def job_table(jobs: list[Job], start: datetime) -> JobTable:
    track_index = {key: i for i, key in enumerate(catalog.TRACK_KEYS)}
    city_index = {name: i for i, name in enumerate(catalog.CITY_NAMES)}
    skills = np.zeros((len(jobs), len(catalog.CANONICAL_SKILLS)), dtype=np.int8)
    for j, job in enumerate(jobs):
        skills[j, [catalog.SKILL_INDEX[s] for s in job.required_skills]] = 1
    return JobTable(
        track=np.array([track_index[j.track] for j in jobs], dtype=int),
        seniority=np.array([catalog.SENIORITIES.index(j.seniority) for j in jobs], dtype=int),
        posted_days=np.array([(j.posted_at - start).total_seconds() / 86400 for j in jobs]),
        skills=skills,
        salary_max=np.array([j.salary_max if j.salary_max else np.nan for j in jobs], dtype=float),
        city=np.array([city_index[j.location] for j in jobs], dtype=int),
        remote=np.array([j.remote for j in jobs], dtype=bool),
        stage=np.array([catalog.COMPANY_STAGES.index(j.company_stage) for j in jobs], dtype=int),
    )
