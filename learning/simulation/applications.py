# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""When candidates apply, to which postings, and the fit components the platform stores.

Components (0–100) of candidate ``i`` and posting ``j``:

* skills = 100 · |required ∩ candidate skills| / |required|
* experience = 100 inside the posting's years range, −18 a year short, −8 a year over (≥ 0)
* location = 100 for the same city or a remote posting and a remote-open candidate, 70 for
  another preferred city, 25 otherwise
* salary = 100 when the posted maximum reaches the ask, −4 per % short (≥ 0); 50 undisclosed
* culture = 90 for a preferred company stage, 55 for a neighbouring stage, 25 otherwise, plus
  N(0, CULTURE_NOISE²), clipped to 0–100

Schedule: a Poisson number of applications (``applications_per_week`` over the search) on
uniform days; each falls on the preferred weekday with the candidate's
``weekday_preference`` (rising with quality) and otherwise on a weekday drawn from
``BASE_WEEKDAY_SHARES``; hours follow :data:`HOUR_SHARES`. Choice: among postings of the
candidate's track from the last ``CHOICE_WINDOW_DAYS`` not yet applied to, with probability
∝ exp(fit_platform / CHOICE_TEMPERATURE). The choice depends on the components only, so the
components are independent of latent quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from learning.simulation import catalog, model
from learning.simulation.jobs import JobTable
from learning.simulation.people import Candidate
from learning.simulation.progress import Progress, no_progress

CHOICE_WINDOW_DAYS = 45.0
CHOICE_TEMPERATURE = 15.0  # fit points per e-fold of choice weight
FIRST_APPLICATION_AFTER_DAYS = 2
CULTURE_NOISE = 8.0
TAILORING_SHARE = 0.35
EXPERIENCE_SHORT_PENALTY = 18.0  # points per missing year
EXPERIENCE_OVER_PENALTY = 8.0  # points per surplus year
SALARY_SHORTFALL_PENALTY = 400.0  # points per unit of relative shortfall (4 per %)
LOCATION_SCORES = (100.0, 70.0, 25.0)  # same city or remote, other preferred city, elsewhere
CULTURE_SCORES = (90.0, 55.0, 25.0)  # preferred stage, neighbouring stage, other
UNDISCLOSED_SALARY_SCORE = 50.0
_HOUR_WEIGHTS = (
    1, 1, 1, 1, 1, 1, 2, 4, 10, 18, 20, 18, 12, 12, 14, 12, 10, 8, 8, 10, 12, 10, 6, 3,
)  # fmt: skip
HOUR_SHARES = np.array(_HOUR_WEIGHTS) / sum(_HOUR_WEIGHTS)
_YEARS = np.array([catalog.SENIORITY_YEARS[s] for s in catalog.SENIORITIES])


@dataclass(frozen=True)
class PlannedApplications:
    """Applications before outcomes and strategy modes, as parallel arrays."""

    candidate: np.ndarray
    job: np.ndarray
    day: np.ndarray  # days since the window start (fraction = time of day)
    components: np.ndarray  # (n, 5)
    category: np.ndarray
    tailoring: np.ndarray


def applications_plan(
    rng: np.random.Generator,
    candidates: list[Candidate],
    table: JobTable,
    *,
    start: datetime,
    platform_weights: dict[str, float],
    progress: Progress = no_progress,
) -> PlannedApplications:
    default_vector = np.array([platform_weights[k] for k in model.FIT_COMPONENTS])
    by_track = [np.flatnonzero(table.track == t) for t in range(len(catalog.TRACKS))]
    rows: list[tuple[int, int, float, np.ndarray]] = []
    for candidate in progress(candidates, desc="applications", total=len(candidates)):
        jobs = by_track[catalog.TRACK_KEYS.index(candidate.track)]
        days = _days(rng, candidate, start)
        rows += _choose(rng, candidate, table, jobs, days, default_vector)
    return _planned(rng, candidates, table, rows)


def _days(rng: np.random.Generator, candidate: Candidate, start: datetime) -> np.ndarray:
    first = (candidate.joined_at - start).days + FIRST_APPLICATION_AFTER_DAYS
    last = (candidate.active_until - start).days
    if last <= first:
        return np.empty(0)
    count = rng.poisson(candidate.applications_per_week * (last - first) / 7.0)
    raw = rng.integers(first, last + 1, count)
    monday = raw - (start.weekday() + raw) % 7
    preferred = rng.random(count) < candidate.weekday_preference
    other = rng.choice(7, count, p=model.BASE_WEEKDAY_SHARES)
    day = monday + np.where(preferred, model.PREFERRED_WEEKDAY, other)
    day = np.where((day >= first) & (day <= last), day, raw)
    hours = rng.choice(24, count, p=HOUR_SHARES) + rng.random(count)
    return np.sort(day + hours / 24.0)


def _choose(
    rng: np.random.Generator,
    candidate: Candidate,
    table: JobTable,
    jobs: np.ndarray,
    days: np.ndarray,
    default_vector: np.ndarray,
) -> list[tuple[int, int, float, np.ndarray]]:
    components = components_for(rng, candidate, table, jobs)
    log_weight = components @ default_vector / CHOICE_TEMPERATURE
    posted = table.posted_days[jobs]
    used = np.zeros(len(jobs), dtype=bool)
    chosen = []
    for day in days:
        low, high = np.searchsorted(posted, [day - CHOICE_WINDOW_DAYS, day])
        if low >= high:
            continue
        score = log_weight[low:high] + rng.gumbel(size=high - low)
        score[used[low:high]] = -np.inf
        k = int(np.argmax(score))
        if np.isfinite(score[k]):
            used[low + k] = True
            chosen.append((candidate.index, int(jobs[low + k]), float(day), components[low + k]))
    return chosen


def components_for(
    rng: np.random.Generator, candidate: Candidate, table: JobTable, jobs: np.ndarray
) -> np.ndarray:
    """The (len(jobs), 5) component array of the module docstring."""
    return np.column_stack(
        [
            _skills(candidate, table, jobs),
            _experience(candidate, table, jobs),
            _location(candidate, table, jobs),
            _salary(candidate, table, jobs),
            _culture(rng, candidate, table, jobs),
        ]
    )


def _skills(candidate: Candidate, table: JobTable, jobs: np.ndarray) -> np.ndarray:
    mine = np.zeros(table.skills.shape[1], dtype=np.int8)
    mine[[catalog.SKILL_INDEX[s] for s in candidate.skills]] = 1
    required = table.skills[jobs]
    return 100.0 * (required @ mine) / np.maximum(required.sum(axis=1), 1)


def _experience(candidate: Candidate, table: JobTable, jobs: np.ndarray) -> np.ndarray:
    low, high = _YEARS[table.seniority[jobs]].T
    years = candidate.years_of_experience
    short = np.clip(low - years, 0, None)
    over = np.clip(years - high, 0, None)
    penalty = EXPERIENCE_SHORT_PENALTY * short + EXPERIENCE_OVER_PENALTY * over
    return np.clip(100.0 - penalty, 0.0, 100.0)


def _location(candidate: Candidate, table: JobTable, jobs: np.ndarray) -> np.ndarray:
    city = table.city[jobs]
    home = catalog.CITY_NAMES.index(candidate.location)
    preferred = [catalog.CITY_NAMES.index(c) for c in candidate.preferred_locations]
    same = (city == home) | (table.remote[jobs] & candidate.open_to_remote)
    best, other, elsewhere = LOCATION_SCORES
    return np.where(same, best, np.where(np.isin(city, preferred), other, elsewhere))


def _salary(candidate: Candidate, table: JobTable, jobs: np.ndarray) -> np.ndarray:
    posted = table.salary_max[jobs]
    shortfall = np.clip((candidate.salary_min - posted) / candidate.salary_min, 0, None)
    score = np.clip(100.0 - SALARY_SHORTFALL_PENALTY * shortfall, 0.0, 100.0)
    return np.where(np.isnan(posted), UNDISCLOSED_SALARY_SCORE, score)


def _culture(
    rng: np.random.Generator, candidate: Candidate, table: JobTable, jobs: np.ndarray
) -> np.ndarray:
    preferred = np.array([catalog.COMPANY_STAGES.index(s) for s in candidate.preferred_stages])
    distance = np.abs(table.stage[jobs][:, None] - preferred[None, :]).min(axis=1)
    best, near, far = CULTURE_SCORES
    base = np.where(distance == 0, best, np.where(distance == 1, near, far))
    return np.clip(base + CULTURE_NOISE * rng.standard_normal(len(jobs)), 0.0, 100.0)


def _planned(
    rng: np.random.Generator,
    candidates: list[Candidate],
    table: JobTable,
    rows: list[tuple[int, int, float, np.ndarray]],
) -> PlannedApplications:
    candidate = np.array([r[0] for r in rows], dtype=int)
    job = np.array([r[1] for r in rows], dtype=int)
    level = np.array([catalog.SENIORITIES.index(c.seniority) for c in candidates])[candidate]
    job_level = table.seniority[job]
    category = np.where(job_level > level, "reach", np.where(job_level < level, "safety", "target"))
    return PlannedApplications(
        candidate=candidate,
        job=job,
        day=np.array([r[2] for r in rows], dtype=float),
        components=np.round(np.array([r[3] for r in rows]).reshape(-1, 5), 1),
        category=category,
        tailoring=rng.random(len(rows)) < TAILORING_SHARE,
    )
