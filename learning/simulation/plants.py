"""Faults planted in a generated world, to check that monitoring notices them (issue 17).

Options on top of :func:`learning.simulation.world.generate_world`; a world without plants
is exactly the world it was, so every other test and figure is unchanged.

* :class:`PostingSurge` — from ``at`` on, for ``days`` days, postings of one track are added
  until they make ``share`` of each day's postings (a hiring wave in one occupation: the
  posting *mix* drifts, volume rises with it). Surge postings are drawn by the generator's own
  posting code from a stream of their own, so they read like every other posting; nobody
  applies to them, so applications and outcomes are unchanged.
* :class:`Miscalibration` — a learned version of ``resume_scoring.expected_interview_rates``
  that promises ``factor`` times the world's true interview rate per resume-score bucket,
  created at ``at`` on top of a calibrated one (the true rates) created at the world's start.
  The values are computed here; :func:`learning.services.monitoring_plants` writes the
  versions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from learning.simulation import catalog, jobs, model, noise, people
from learning.simulation.world import COMPANIES_PER_INDUSTRY, STREAMS, World

SURGE_STREAM = 9001  # spawn key of the surge's own random stream
MAX_DRAWS_PER_JOB = 400
BUCKETS = tuple(model.CLAIMED_RATE_BY_BUCKET)


@dataclass(frozen=True)
class PostingSurge:
    at: date
    track: str = "nursing"
    share: float = 0.5
    days: int = 14

    def __post_init__(self) -> None:
        if not 0 < self.share < 1:
            raise ValueError("share must be between 0 and 1")
        if self.days < 1:
            raise ValueError("a surge lasts at least one day")
        if self.track not in catalog.TRACK_KEYS:
            raise ValueError(
                f"unknown track {self.track!r}: one of {', '.join(catalog.TRACK_KEYS)}"
            )


@dataclass(frozen=True)
class Miscalibration:
    at: datetime
    factor: float = 0.4

    def __post_init__(self) -> None:
        if not 0 < self.factor <= 3:
            raise ValueError("factor must be in (0, 3]")


def posting_surge_plant(world: World, surge: PostingSurge) -> World:
    """``world`` with the surge's postings appended (indices continue after the last job)."""
    rng = np.random.default_rng(
        np.random.SeedSequence(world.config.seed, spawn_key=(SURGE_STREAM,))
    )
    companies_rng = np.random.default_rng(
        np.random.SeedSequence(world.config.seed).spawn(len(STREAMS))[0]
    )
    companies = people.companies_make(companies_rng, per_industry=COMPANIES_PER_INDUSTRY)
    by_industry: dict[str, list[people.Company]] = {}
    for company in companies:
        by_industry.setdefault(company.industry, []).append(company)
    per_day: dict[date, int] = {}
    for job in world.jobs:
        per_day[job.posted_at.date()] = per_day.get(job.posted_at.date(), 0) + 1
    dice = noise.Dice(rng.spawn(1)[0])
    added: list[jobs.Job] = []
    for offset in range(surge.days):
        day = surge.at + timedelta(days=offset)
        moment = datetime.combine(day, time(), tzinfo=UTC)
        if not world.start <= moment < world.end:
            continue
        count = round(per_day.get(day, 0) * surge.share / (1 - surge.share))
        for _ in range(count):
            posted = moment + timedelta(seconds=float(rng.uniform(7 * 3600, 19 * 3600)))
            index = len(world.jobs) + len(added)
            added.append(_surge_job(rng, dice, surge.track, index, world, posted, by_industry))
    return replace(world, jobs=(*world.jobs, *added))


def _surge_job(
    rng: np.random.Generator,
    dice: noise.Dice,
    track: str,
    index: int,
    world: World,
    posted: datetime,
    by_industry: dict[str, list[people.Company]],
) -> jobs.Job:
    """A posting of ``track`` drawn by the generator's own code (rejection on the track)."""
    for _ in range(MAX_DRAWS_PER_JOB):
        job = jobs._job(rng, index, world.config.prefix, posted, world.end, by_industry)
        if job.track == track:
            return jobs._written(dice, job)
    raise RuntimeError(f"no {track} posting drawn in {MAX_DRAWS_PER_JOB} tries")


def true_bucket_rates(world: World) -> dict[str, float]:
    """The world's expected interview rate per resume-score bucket (from each application's
    true probability), made non-decreasing as the parameter requires."""
    scores = np.array([a.resume_score for a in world.applications], dtype=float)
    p = np.array([a.interview_probability for a in world.applications], dtype=float)
    labels = model.score_bucket(scores)
    rates = []
    for bucket in BUCKETS:
        inside = labels == bucket
        rates.append(
            float(p[inside].mean()) if inside.any() else model.CLAIMED_RATE_BY_BUCKET[bucket]
        )
    monotone = np.maximum.accumulate(np.round(rates, 4))
    return {b: float(r) for b, r in zip(BUCKETS, monotone, strict=True)}


def miscalibrated_rates(rates: dict[str, float], factor: float) -> dict[str, float]:
    return {b: float(min(1.0, round(rates[b] * factor, 4))) for b in BUCKETS}
