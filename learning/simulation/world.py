"""Assemble a whole simulated world from a configuration; same config ⇒ identical world."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar, cast

import numpy as np

from learning.simulation import applications, feedback, jobs, journeys, model, outcomes, people
from learning.simulation.jobs import DEFAULT_MARKET, PostingMarket
from learning.simulation.progress import Progress, no_progress
from learning.simulation.records import (
    AIRating,
    Application,
    Edit,
    ModeChange,
    ResumeVersionRecord,
    Suggestion,
)
from learning.simulation.strategy import SearchItem, StrategyTrack, Thresholds
from profiles import parameters

T = TypeVar("T")
DAYS_PER_MONTH = 365.25 / 12
MAX_MONTHS = 60
COMPANIES_PER_INDUSTRY = 30
PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
# Independent random streams, one per stage, so adding draws to one stage leaves the others.
STREAMS = (
    "companies", "candidates", "jobs", "journeys", "applications", "outcomes", "ai", "tips",
    "signals",
)  # fmt: skip


def _default_weights() -> dict[str, float]:
    return dict(parameters.JOB_SCORING_WEIGHTS.default)


def _default_thresholds() -> Thresholds:
    return Thresholds(
        improve_resume=float(parameters.IMPROVE_RESUME_THRESHOLD.default),
        rethink_applications=int(parameters.RETHINK_TARGETS_THRESHOLD.default),
        rethink_interview_rate=float(parameters.RETHINK_INTERVIEW_RATE.default),
    )


@dataclass(frozen=True)
class WorldConfig:
    """Size, seed and end date of a world; ``end_date`` None means today (UTC)."""

    candidates: int = 300
    jobs: int = 1500
    months: int = 12
    seed: int = 7
    end_date: date | None = None
    prefix: str = "sim"
    platform_weights: Mapping[str, float] = field(default_factory=_default_weights)
    thresholds: Thresholds = field(default_factory=_default_thresholds)
    # posting seasonality and the market shift; the default is the planted world
    market: PostingMarket = DEFAULT_MARKET

    def __post_init__(self) -> None:
        if self.candidates < 1 or self.jobs < 1:
            raise ValueError("a world needs at least one candidate and one job")
        if not 1 <= self.months <= MAX_MONTHS:
            raise ValueError(f"months must be between 1 and {MAX_MONTHS}")
        if not PREFIX_RE.match(self.prefix):
            raise ValueError("prefix must be a lower-case word of at most 20 characters")

    def window(self) -> tuple[datetime, datetime]:
        """Start and end (UTC midnights) of the simulated period."""
        end_day = self.end_date or datetime.now(UTC).date()
        end = datetime.combine(end_day, time(), tzinfo=UTC)
        return end - timedelta(days=round(self.months * DAYS_PER_MONTH)), end


@dataclass(frozen=True)
class World:
    config: WorldConfig
    start: datetime
    end: datetime
    shift_date: date
    candidates: tuple[people.Candidate, ...]
    jobs: tuple[jobs.Job, ...]
    resume_versions: tuple[ResumeVersionRecord, ...]
    edits: tuple[Edit, ...]
    suggestions: tuple[Suggestion, ...]
    applications: tuple[Application, ...]
    mode_changes: tuple[ModeChange, ...]
    ai_ratings: tuple[AIRating, ...]


def generate_world(config: WorldConfig, *, progress: Progress = no_progress) -> World:
    start, end = config.window()
    seeds = np.random.SeedSequence(config.seed).spawn(len(STREAMS))
    rng = {name: np.random.default_rng(s) for name, s in zip(STREAMS, seeds, strict=True)}
    companies = people.companies_make(rng["companies"], per_industry=COMPANIES_PER_INDUSTRY)
    candidates = people.candidates_make(
        rng["candidates"],
        count=config.candidates,
        prefix=config.prefix,
        start=start,
        end=end,
        companies=companies,
    )
    candidates = people.signup_signals_add(rng["signals"], candidates)
    postings = jobs.jobs_make(
        rng["jobs"],
        count=config.jobs,
        prefix=config.prefix,
        start=start,
        end=end,
        companies=companies,
        market=config.market,
    )
    paths = journeys.journeys_make(rng["journeys"], candidates, progress=progress)
    planned = applications.applications_plan(
        rng["applications"],
        candidates,
        jobs.job_table(postings, start),
        start=start,
        platform_weights=dict(config.platform_weights),
        progress=progress,
    )
    apps, modes = _applications(rng["outcomes"], config, candidates, paths, planned, start, end)
    tips = feedback.other_suggestions_make(
        rng["tips"], candidates, first_index=len(paths.suggestions)
    )
    return World(
        config=config,
        start=start,
        end=end,
        shift_date=jobs.shift_date(start, end),
        candidates=tuple(candidates),
        jobs=tuple(postings),
        resume_versions=tuple(paths.versions),
        edits=tuple(paths.edits),
        suggestions=(*paths.suggestions, *tips),
        applications=tuple(apps),
        mode_changes=tuple(modes),
        ai_ratings=tuple(feedback.ai_ratings_make(rng["ai"], candidates)),
    )


def _applications(
    rng: np.random.Generator,
    config: WorldConfig,
    candidates: list[people.Candidate],
    paths: journeys.Journeys,
    planned: applications.PlannedApplications,
    start: datetime,
    end: datetime,
) -> tuple[list[Application], list[ModeChange]]:
    submitted = [start + timedelta(days=float(d)) for d in planned.day]
    version = _version_at(paths.versions, planned.candidate, submitted)
    has_metrics = np.array([paths.versions[v].has_metrics for v in version], dtype=bool)
    quality = np.array([c.quality for c in candidates])[planned.candidate]
    base_score = np.array([c.base_resume_score for c in candidates])[planned.candidate]
    drawn = outcomes.outcomes_draw(
        rng,
        submitted=submitted,
        components=planned.components,
        quality=quality,
        base_score=base_score,
        has_metrics=has_metrics,
        end=end,
    )
    modes, changes = _modes(
        config.thresholds, candidates, paths.versions, submitted, planned, drawn
    )
    potential = _potential_treatments(candidates, paths, planned, submitted, has_metrics)
    fit = model.weighted_fit(planned.components, dict(config.platform_weights))
    true_fit = model.weighted_fit(planned.components, model.TRUE_FIT_WEIGHTS)
    apps = [
        Application(
            index=a,
            candidate=int(planned.candidate[a]),
            job=int(planned.job[a]),
            resume_version=int(version[a]),
            submitted_at=submitted[a],
            components=cast(
                "tuple[float, float, float, float, float]",
                tuple(float(x) for x in planned.components[a]),
            ),
            fit_score=round(float(fit[a]), 2),
            true_fit=round(float(true_fit[a]), 2),
            category=str(planned.category[a]),
            strategy_mode=modes[a],
            tailoring_applied=bool(planned.tailoring[a]),
            resume_score=paths.versions[version[a]].score,
            has_metrics=bool(has_metrics[a]),
            metrics_if_suggested=potential[a][1],
            metrics_if_not_suggested=potential[a][0],
            interview_probability=float(drawn.probability[a]),
            interviewed=bool(drawn.interviewed[a]),
            stages=drawn.stages[a],
        )
        for a in range(len(submitted))
    ]
    return apps, changes


def _by_candidate(values: list[T], keys: list[int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for key, value in zip(keys, values, strict=True):
        grouped.setdefault(key, []).append(value)
    return grouped


def _version_at(
    versions: list[ResumeVersionRecord], candidate: np.ndarray, submitted: list[datetime]
) -> np.ndarray:
    """Index of the resume version each application used: the latest one made before it."""
    mine = _by_candidate(versions, [v.candidate for v in versions])
    times = {c: [v.created_at for v in vs] for c, vs in mine.items()}
    found = [
        mine[c][bisect.bisect_right(times[c], at) - 1].index
        for c, at in zip(candidate.tolist(), submitted, strict=True)
    ]
    return np.array(found, dtype=int)


def _modes(
    thresholds: Thresholds,
    candidates: list[people.Candidate],
    versions: list[ResumeVersionRecord],
    submitted: list[datetime],
    planned: applications.PlannedApplications,
    drawn: outcomes.Outcomes,
) -> tuple[list[str], list[ModeChange]]:
    changes: list[ModeChange] = []
    modes = [""] * len(submitted)
    version_groups = _by_candidate(versions, [v.candidate for v in versions])
    app_groups = _by_candidate(list(range(len(submitted))), planned.candidate.tolist())
    for candidate in candidates:
        track = StrategyTrack(candidate.index, thresholds, changes)
        timeline = [(v.created_at, 0, v.index) for v in version_groups[candidate.index]]
        timeline += [(submitted[a], 1, a) for a in app_groups.get(candidate.index, [])]
        for at, kind, index in sorted(timeline):
            if kind == 0:
                track.version(versions[index])
            else:
                modes[index] = track.application(SearchItem(index, at, drawn.stages[index]))
    return modes, changes


def _potential_treatments(
    candidates: list[people.Candidate],
    paths: journeys.Journeys,
    planned: applications.PlannedApplications,
    submitted: list[datetime],
    has_metrics: np.ndarray,
) -> list[tuple[bool, bool]]:
    """(D(0), D(1)) of each application: the observed one and its counterfactual."""
    pairs = []
    for a, c in enumerate(planned.candidate.tolist()):
        observed = bool(has_metrics[a])
        suggested = candidates[c].suggested_metrics
        other = paths.potentials[c].made_by(submitted[a], suggested=not suggested)
        pairs.append((other, observed) if suggested else (observed, observed or other))
    return pairs
