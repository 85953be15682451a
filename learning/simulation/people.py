"""Simulated candidates: who they are (the truth a resume parser must recover) and their search.

Each :class:`Candidate` holds the facts written into their resume (name, contact, skills with
canonical names, positions with dates, education) plus latent traits that are never stored in
the platform (``quality``, ``weekday_preference``), the schedule of their job search, and
their writing style (spellings, PDF layout: :mod:`learning.simulation.noise`). Styles come
from a stream spawned off the candidates' one, so they never shift the other draws. What the
platform records at signup about their quality (an assessment score and the profile's
completeness, :data:`model.SIGNUP_SIGNALS`) is drawn by :func:`signup_signals_add` from the
world's ``signals`` stream, so it too leaves every other draw as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

import numpy as np

from learning.simulation import catalog, model, noise
from learning.simulation.catalog import Bullet, Track

CANDIDATE_SENIORITY_SHARES = {
    "intern": 0.06,
    "entry": 0.24,
    "mid": 0.32,
    "senior": 0.24,
    "lead": 0.11,
    "executive": 0.03,
}
CANDIDATE_YEARS = {
    "intern": (0.0, 0.5),
    "entry": (0.5, 2.0),
    "mid": (2.0, 5.0),
    "senior": (5.0, 9.0),
    "lead": (9.0, 14.0),
    "executive": (14.0, 22.0),
}
SKILLS_PER_CANDIDATE = (6, 11)  # inclusive range of hard skills
SOFT_SKILLS_PER_CANDIDATE = (2, 4)
MIN_TOOL_SKILLS = 2  # bullets name tools, so everyone lists a few
EXPECTATION_SPREAD = 0.12  # log-sd of a candidate's salary ask around the market
SALARY_RANGE_WIDTH = 1.25  # max ask / min ask
EMPLOYED_SHARE = 0.7
REMOTE_OPENNESS = {
    "tech": 0.75,
    "healthcare": 0.1,
    "finance": 0.5,
    "marketing": 0.6,
    "business": 0.5,
    "creative": 0.6,
    "education": 0.1,
    "hospitality": 0.05,
    "trades": 0.05,
}
ACTIVE_DAYS = (60, 240)  # length of a job search, uniform
MIN_ACTIVE_DAYS = 30
APPS_PER_WEEK_MEDIAN = 1.2
APPS_PER_WEEK_LOG_SD = 0.5
PHONE_FORMATS = ("({a}) 555-01{n:02d}", "+1 {a}-555-01{n:02d}", "{a}.555.01{n:02d}")
LAYOUTS = ("classic", "compact", "professional", "grouped", "markdown")


@dataclass(frozen=True, slots=True)
class BulletFact:
    bullet: Bullet
    tool: str
    number: int


@dataclass(frozen=True, slots=True)
class Position:
    title: str
    company: str
    location: str
    start: date
    end: date | None  # None: current job
    bullets: tuple[BulletFact, ...]


@dataclass(frozen=True, slots=True)
class Education:
    degree: str
    institution: str
    graduation_year: int


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int
    username: str
    full_name: str
    email: str
    phone: str
    location: str
    track: str
    industry: str
    seniority: str
    years_of_experience: float
    skills: tuple[str, ...]  # canonical hard skills (languages, frameworks, tools, domain)
    soft_skills: tuple[str, ...]
    positions: tuple[Position, ...]  # most recent first
    education: tuple[Education, ...]
    summary: str
    desired_roles: tuple[str, ...]
    preferred_locations: tuple[str, ...]
    open_to_remote: bool
    salary_min: int
    salary_max: int
    preferred_stages: tuple[str, ...]
    layout: str
    strong_verbs: bool
    base_resume_score: float
    # latent traits and the search schedule (never stored in the platform)
    quality: float
    weekday_preference: float
    suggested_metrics: bool  # the instrument Z: randomly suggested the added_metrics rewrite
    joined_at: datetime
    active_until: datetime
    applications_per_week: float
    style: noise.WritingStyle = noise.PLAIN_STYLE
    # recorded at signup (model.SIGNUP_SIGNALS): noisy measurements of quality; NaN = not drawn
    assessment_score: float = float("nan")
    profile_completeness: float = float("nan")

    @property
    def skills_by_category(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for skill in (*self.skills, *self.soft_skills):
            grouped.setdefault(catalog.SKILL_CATEGORY[skill], []).append(skill)
        return grouped


@dataclass(frozen=True)
class Company:
    name: str
    industry: str
    stage: str


def companies_make(rng: np.random.Generator, *, per_industry: int) -> list[Company]:
    """A pool of fictional employers, each in one industry at one stage."""
    companies: list[Company] = []
    for industry, suffixes in catalog.INDUSTRY_SUFFIXES.items():
        names: set[str] = set()
        while len(names) < per_industry:
            word = catalog.COMPANY_WORDS[rng.integers(len(catalog.COMPANY_WORDS))]
            names.add(f"{word} {suffixes[rng.integers(len(suffixes))]}")
        for name in sorted(names):
            stage = _stage_for(rng, industry)
            companies.append(Company(name, industry, stage))
    return companies


def _stage_for(rng: np.random.Generator, industry: str) -> str:
    if industry in ("healthcare", "senior care", "public health"):
        return str(rng.choice(["enterprise", "nonprofit", "public", "growth"]))
    return str(rng.choice(catalog.COMPANY_STAGES[:6], p=[0.1, 0.15, 0.2, 0.2, 0.2, 0.15]))


def candidates_make(
    rng: np.random.Generator,
    *,
    count: int,
    prefix: str,
    start: datetime,
    end: datetime,
    companies: list[Company],
) -> list[Candidate]:
    styles = noise.Dice(rng.spawn(1)[0])
    quality = rng.standard_normal(count)
    suggested = rng.random(count) < model.INSTRUMENT_SHARE
    by_industry: dict[str, list[Company]] = {}
    for company in companies:
        by_industry.setdefault(company.industry, []).append(company)
    made = [
        _candidate(rng, i, prefix, float(quality[i]), bool(suggested[i]), start, end, by_industry)
        for i in range(count)
    ]
    return [
        replace(c, style=noise.style_draw(styles, skills=c.skills, soft_skills=c.soft_skills))
        for c in made
    ]


def _pick(rng: np.random.Generator, values: tuple[str, ...] | list[str]) -> str:
    return values[int(rng.integers(len(values)))]


def _track(rng: np.random.Generator) -> Track:
    shares = np.array([t.share for t in catalog.TRACKS])
    return catalog.TRACKS[int(rng.choice(len(shares), p=shares / shares.sum()))]


def _candidate(
    rng: np.random.Generator,
    index: int,
    prefix: str,
    quality: float,
    suggested: bool,
    start: datetime,
    end: datetime,
    by_industry: dict[str, list[Company]],
) -> Candidate:
    track = _track(rng)
    seniority = str(
        rng.choice(list(CANDIDATE_SENIORITY_SHARES), p=list(CANDIDATE_SENIORITY_SHARES.values()))
    )
    years = round(float(rng.uniform(*CANDIDATE_YEARS[seniority])), 1)
    first, last = _pick(rng, catalog.FIRST_NAMES), _pick(rng, catalog.LAST_NAMES)
    city, cost = catalog.CITIES[int(rng.integers(len(catalog.CITIES)))]
    industry = _pick(rng, track.industries)
    joined_at, active_until = _schedule(rng, start, end)
    skills = _skills(rng, track, seniority)
    tools = [s for s in skills if catalog.SKILL_CATEGORY[s] != "domain"]
    positions = _positions(
        rng, track, seniority, years, joined_at.date(), city, by_industry[industry], tools
    )
    salary_min = _salary_ask(rng, track, seniority, cost)
    return Candidate(
        index=index,
        username=f"{prefix}-{index + 1:05d}",
        full_name=f"{first} {last}",
        email=f"{first}.{last}{index + 1}@{_pick(rng, catalog.EMAIL_DOMAINS)}".lower(),
        phone=_phone(rng),
        location=city,
        track=track.key,
        industry=industry,
        seniority=seniority,
        years_of_experience=years,
        skills=skills,
        soft_skills=tuple(
            rng.choice(catalog.SOFT_SKILLS, rng.integers(2, 5), replace=False).tolist()
        ),
        positions=positions,
        education=_education(rng, track, seniority, positions, joined_at.date()),
        summary=_summary(rng, track, seniority, years, industry, skills),
        desired_roles=_desired_roles(track, seniority),
        preferred_locations=_preferred_locations(rng, city),
        open_to_remote=bool(rng.random() < REMOTE_OPENNESS[track.family]),
        salary_min=salary_min,
        salary_max=int(round(salary_min * SALARY_RANGE_WIDTH, -3)),
        preferred_stages=tuple(
            rng.choice(catalog.COMPANY_STAGES, rng.integers(1, 4), replace=False).tolist()
        ),
        layout=_pick(rng, LAYOUTS),
        strong_verbs=bool(rng.random() < 0.5),
        base_resume_score=_base_score(rng, quality),
        quality=quality,
        weekday_preference=float(model.weekday_preference(np.array(quality))),
        suggested_metrics=suggested,
        joined_at=joined_at,
        active_until=active_until,
        applications_per_week=float(
            APPS_PER_WEEK_MEDIAN * np.exp(APPS_PER_WEEK_LOG_SD * rng.standard_normal())
        ),
    )


def _schedule(
    rng: np.random.Generator, start: datetime, end: datetime
) -> tuple[datetime, datetime]:
    span = max((end - start).days - MIN_ACTIVE_DAYS, 1)
    joined = start + timedelta(days=int(rng.integers(span)), hours=float(rng.uniform(7, 22)))
    active = timedelta(days=int(rng.integers(*ACTIVE_DAYS)))
    return joined, min(joined + active, end - timedelta(days=1))


def _skills(rng: np.random.Generator, track: Track, seniority: str) -> tuple[str, ...]:
    low, high = SKILLS_PER_CANDIDATE
    extra = catalog.SENIORITIES.index(seniority) // 2
    count = min(int(rng.integers(low, high + 1)) + extra, len(track.skills))
    chosen = list(rng.permutation(track.skills)[:count])
    tools = [s for s in track.skills if catalog.SKILL_CATEGORY[s] != "domain" and s not in chosen]
    while sum(catalog.SKILL_CATEGORY[s] != "domain" for s in chosen) < MIN_TOOL_SKILLS and tools:
        chosen.append(tools.pop(int(rng.integers(len(tools)))))
    return tuple(str(s) for s in chosen)


def _positions(
    rng: np.random.Generator,
    track: Track,
    seniority: str,
    years: float,
    joined: date,
    city: str,
    companies: list[Company],
    tools: list[str],
) -> tuple[Position, ...]:
    count = 1 if years < 2.5 else 2 if years < 6 else 3 if years < 11 else 4
    months = max(round(years * 12), 3)
    shares = rng.dirichlet(np.full(count, 3.0))
    lengths = np.maximum(np.round(shares * months).astype(int), 1)
    employed = rng.random() < EMPLOYED_SHARE
    cursor = _month_start(joined) if employed else _months_before(joined, int(rng.integers(1, 8)))
    level = catalog.SENIORITIES.index(seniority)
    positions = []
    for n, length in enumerate(lengths):
        begin = _months_before(cursor, int(length))
        title_level = catalog.SENIORITIES[max(level - n, 1 if level >= 1 else 0)]
        positions.append(
            Position(
                title=_pick(rng, track.titles[title_level]),
                company=companies[int(rng.integers(len(companies)))].name,
                location=city if rng.random() < 0.7 else _pick(rng, catalog.CITY_NAMES),
                start=begin,
                end=None if (n == 0 and employed) else cursor,
                bullets=_bullets(rng, track, tools, 4 if n == 0 else 3),
            )
        )
        cursor = _months_before(begin, int(rng.integers(0, 3)))
    return tuple(positions)


def _bullets(
    rng: np.random.Generator, track: Track, tools: list[str], count: int
) -> tuple[BulletFact, ...]:
    order = rng.permutation(len(track.bullets))[:count]
    return tuple(
        BulletFact(track.bullets[int(k)], _pick(rng, tools), int(rng.integers(12, 61)))
        for k in order
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _education(
    rng: np.random.Generator,
    track: Track,
    seniority: str,
    positions: tuple[Position, ...],
    joined: date,
) -> tuple[Education, ...]:
    if seniority == "intern":
        year = joined.year + 1  # expected graduation
    else:
        year = positions[-1].start.year - int(rng.integers(0, 2))
    first = Education(_pick(rng, track.degrees[:2]), _pick(rng, catalog.INSTITUTIONS), year)
    if seniority in ("intern", "entry") or rng.random() > 0.2:
        return (first,)
    later = min(year + int(rng.integers(2, 6)), joined.year)
    second = Education(_pick(rng, track.degrees[2:]), _pick(rng, catalog.INSTITUTIONS), later)
    return (second, first)


_SUMMARIES = (
    "{title} with {years} years of experience in {industry}. Skilled in {a}, {b} and {c}.",
    "Results-driven {title_lower} bringing {years} years in {industry}; strongest in {a} "
    "and {b}, comfortable with {c}.",
    "{title} focused on {industry}, {years} years of hands-on work with {a}, {b} and {c}.",
)


def _summary(
    rng: np.random.Generator,
    track: Track,
    seniority: str,
    years: float,
    industry: str,
    skills: tuple[str, ...],
) -> str:
    title = track.titles[seniority][0]
    a, b, c = (skills * 3)[:3]
    years_text = "less than one" if years < 1 else f"{years:g}"
    return _pick(rng, _SUMMARIES).format(
        title=title, title_lower=title.lower(), years=years_text, industry=industry, a=a, b=b, c=c
    )


def _desired_roles(track: Track, seniority: str) -> tuple[str, ...]:
    level = catalog.SENIORITIES.index(seniority)
    upper = catalog.SENIORITIES[min(level + 1, len(catalog.SENIORITIES) - 1)]
    return tuple(dict.fromkeys((track.titles[seniority][0], track.titles[upper][0])))


def _preferred_locations(rng: np.random.Generator, city: str) -> tuple[str, ...]:
    if rng.random() < 0.3:
        other = _pick(rng, [c for c in catalog.CITY_NAMES if c != city])
        return (city, other)
    return (city,)


def _salary_ask(rng: np.random.Generator, track: Track, seniority: str, cost: float) -> int:
    market = track.mid_salary * catalog.SENIORITY_PAY[seniority] * cost
    ask = market * 0.92 * float(np.exp(EXPECTATION_SPREAD * rng.standard_normal()))
    return int(round(ask, -3))


def _phone(rng: np.random.Generator) -> str:
    area = int(rng.integers(201, 990))
    return _pick(rng, PHONE_FORMATS).format(a=area, n=int(rng.integers(0, 100)))


def _base_score(rng: np.random.Generator, quality: float) -> float:
    rho = model.BASE_SCORE_QUALITY_CORRELATION
    latent = rho * quality + np.sqrt(1 - rho**2) * rng.standard_normal()
    score = model.BASE_SCORE_MEAN + model.BASE_SCORE_SD * latent
    return round(float(np.clip(score, *model.BASE_SCORE_RANGE)), 1)


def signup_signals_add(rng: np.random.Generator, candidates: list[Candidate]) -> list[Candidate]:
    """Each candidate with the signals :data:`model.SIGNUP_SIGNALS` drawn from ``rng``."""
    quality = np.array([c.quality for c in candidates])
    drawn: dict[str, np.ndarray] = {}
    for name, (mean, sd, rho, (low, high)) in model.SIGNUP_SIGNALS.items():
        latent = rho * quality + np.sqrt(1 - rho**2) * rng.standard_normal(len(candidates))
        drawn[name] = np.round(np.clip(mean + sd * latent, low, high), 1)
    return [
        replace(c, **cast(dict[str, Any], {k: float(v[i]) for k, v in drawn.items()}))
        for i, c in enumerate(candidates)
    ]
