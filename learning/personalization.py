"""Personalisation (seed 001 §7.1): per-candidate thresholds learned from their own history,
and their match list re-ranked by what worked for them.

The learning functions are pure (applications frame in, values with evidence out); the
learned values are stored as append-only ``ParameterOverride`` rows by
:func:`learning.services.personal_config.personalized_config_learn`, so every consumer gets
them through ``resolve(component, user)``. Each rule needs a minimum of evidence, and says
nothing (keeps the platform's value) below it:

* ``min_fit_score_to_apply``: over thresholds t ∈ {50, 55, …, 85}, the one that best separates
  the candidate's interview rate at fit ≥ t from fit < t, among those where both sides hold
  ``min_sample`` resolved applications and Fisher's exact test stays significant after
  Holm's correction over the thresholds tried.
* ``applications_per_week``: the median of the candidate's weekly application counts over at
  least ``MIN_WEEKS`` weeks since their first application — a target they meet half the time.
* ``follow_up_days``: the 75th percentile of their employers' response delays (at least
  ``MIN_RESPONSES`` responses), rounded up: follow up once most answers would have come.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.utils import timezone

from learning.insights.build import (
    MIN_SAMPLE,
    PatternEffect,
    exact_test,
    holm_reject,
    pattern_effects,
    resolved,
)
from learning.insights.reader import application_frame
from recruitly.spine.resolver import resolve_value

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MIN_FIT = "personalization.min_fit_score_to_apply"
APPS_PER_WEEK = "personalization.applications_per_week"
FOLLOW_UP = "personalization.follow_up_days"

FIT_THRESHOLDS = tuple(range(50, 90, 5))
MIN_WEEKS = 4
MIN_RESPONSES = 10
FOLLOW_UP_QUANTILE = 0.75
HISTORY_DAYS = 365

# Priority points of seed 001 §7.1's re-ranking: boosts for groups that worked for the
# candidate, a larger penalty for groups that significantly did not.
BOOSTS = {
    "company_stage": 10.0,
    "title": 10.0,
    "industry": 5.0,
    "job_location": 5.0,
    "seniority": 5.0,
    "category": 0.0,  # reach/target/safety is a property of the score, not of the job
}
PENALTY = -15.0


@dataclass(frozen=True)
class LearnedValue:
    component: str
    value: float | int
    evidence: dict[str, Any]


def learn_min_fit_score(apps: pd.DataFrame, *, min_sample: int = MIN_SAMPLE) -> LearnedValue | None:
    fits = apps["fit_score"].to_numpy(dtype=float)
    hits = apps["interviewed"].to_numpy(dtype=bool)
    tried = []
    for t in FIT_THRESHOLDS:
        above = fits >= t
        n_hi, n_lo = int(above.sum()), int((~above).sum())
        if min(n_hi, n_lo) < min_sample:
            continue
        k_hi, k_lo = int(hits[above].sum()), int(hits[~above].sum())
        diff, p = exact_test(k_hi, n_hi, k_lo, n_lo)
        tried.append((t, diff, p, n_hi, n_lo, k_hi / n_hi, k_lo / n_lo))
    if not tried:
        return None
    significant = [
        row
        for row, ok in zip(tried, holm_reject([r[2] for r in tried]), strict=True)
        if ok and row[1] > 0
    ]
    if not significant:
        return None
    t, diff, p, n_hi, n_lo, r_hi, r_lo = max(significant, key=lambda r: r[1])
    return LearnedValue(
        MIN_FIT,
        float(t),
        {
            "metric": "interview_rate",
            "rate_at_or_above": round(r_hi, 4),
            "rate_below": round(r_lo, 4),
            "improvement": round(diff, 4),
            "sample_size": n_hi + n_lo,
            "p_value": round(p, 6),
            "thresholds_tried": [r[0] for r in tried],
            "method": "Fisher's exact test per threshold, Holm-corrected",
        },
    )


def learn_applications_per_week(apps: pd.DataFrame, *, as_of: pd.Timestamp) -> LearnedValue | None:
    if apps.empty:
        return None
    first = apps["submitted_at"].min()
    weeks = int((as_of - first) / pd.Timedelta(weeks=1))
    if weeks < MIN_WEEKS:
        return None
    since = as_of - pd.Timedelta(weeks=weeks)
    recent = apps[apps["submitted_at"] >= since]
    index = ((recent["submitted_at"] - since) / pd.Timedelta(weeks=1)).astype(int)
    counts = index.value_counts().reindex(range(weeks), fill_value=0)
    median = float(counts.median())
    value = int(min(100, max(1, round(median))))
    return LearnedValue(
        APPS_PER_WEEK,
        value,
        {
            "metric": "applications per week",
            "weeks": weeks,
            "median": median,
            "weekly_counts": [int(c) for c in counts.tolist()[-12:]],
            "method": "median weekly count since the first application",
        },
    )


def learn_follow_up_days(apps: pd.DataFrame) -> LearnedValue | None:
    delays = apps.loc[apps["responded"], "first_response_days"].dropna()
    if len(delays) < MIN_RESPONSES:
        return None
    quantile = float(delays.quantile(FOLLOW_UP_QUANTILE))
    value = int(min(60, max(1, math.ceil(quantile))))
    return LearnedValue(
        FOLLOW_UP,
        value,
        {
            "metric": "days to first response",
            "sample_size": len(delays),
            "quantile": FOLLOW_UP_QUANTILE,
            "quantile_days": round(quantile, 2),
            "method": "75th percentile of response delays, rounded up",
        },
    )


def learn_config(
    apps: pd.DataFrame, *, as_of: pd.Timestamp, min_sample: int = MIN_SAMPLE
) -> list[LearnedValue]:
    """Every personal value the candidate's history supports (none when it supports none)."""
    history = resolved(apps, as_of)
    learned = [
        learn_min_fit_score(history, min_sample=min_sample),
        learn_applications_per_week(apps, as_of=as_of),
        learn_follow_up_days(history),
    ]
    return [v for v in learned if v is not None]


# --- re-ranking ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankedJob:
    item: Any  # what the caller passed in (a JobScore, usually)
    fit_score: float
    priority_score: float
    should_apply: bool
    adjustments: tuple[str, ...] = field(default_factory=tuple)


JOB_ATTRIBUTES = {
    "company_stage": "company_stage",
    "title": "title",
    "industry": "industry",
    "job_location": "location",
    "seniority": "seniority",
}


def _fit(item: Any) -> float:
    for name in ("compatibility_score", "fit_score", "score"):
        value = getattr(item, name, None)
        if isinstance(value, int | float):
            return float(value)
    return 0.0


def rank_jobs(
    items: Iterable[Any],
    *,
    worked: Sequence[PatternEffect],
    didnt: Sequence[PatternEffect],
    min_fit: float,
) -> list[RankedJob]:
    """Pure re-ranking: the fit score plus boosts and penalties from the candidate's patterns.

    Stable: jobs with equal priority keep the order they came in.
    """
    effects = {(e.dimension, e.value): (BOOSTS.get(e.dimension, 0.0), e) for e in worked}
    effects |= {(e.dimension, e.value): (PENALTY, e) for e in didnt}
    ranked = []
    for item in items:
        job = getattr(item, "job", item)
        fit = _fit(item)
        priority, notes = fit, []
        for dimension, attribute in JOB_ATTRIBUTES.items():
            value = getattr(job, attribute, None)
            hit = effects.get((dimension, str(value))) if value not in (None, "") else None
            if hit and hit[0]:
                priority += hit[0]
                notes.append(f"{hit[0]:+.0f} {hit[1].pattern} ({hit[1].rate:.0%} interview rate)")
        ranked.append(RankedJob(item, fit, priority, fit >= min_fit, tuple(notes)))
    return sorted(ranked, key=lambda r: -r.priority_score)


def personalize_ranking(user: User, scored_jobs: Iterable[Any]) -> list[RankedJob]:
    """Re-rank a candidate's scored jobs by what worked for them (seed 001 §7.1).

    ``scored_jobs`` are objects with a ``compatibility_score`` (or ``fit_score``) and a
    ``job`` (or are the job) carrying ``company_stage``, ``title``, ``industry``, ``location``
    and ``seniority``. ``should_apply`` compares the fit with the candidate's resolved
    ``personalization.min_fit_score_to_apply``. One query for the history, one for the value.
    """

    now = timezone.now()
    apps = application_frame(
        since=now - timedelta(days=HISTORY_DAYS), until=now, user_ids=[user.pk]
    )
    worked: list[PatternEffect] = []
    didnt: list[PatternEffect] = []
    if not apps.empty:
        worked, didnt = pattern_effects(resolved(apps, pd.Timestamp(now)), limit=None)
    min_fit = float(resolve_value(MIN_FIT, user))
    return rank_jobs(scored_jobs, worked=worked, didnt=didnt, min_fit=min_fit)


def personalized_order(user: User, scored_jobs: Iterable[Any]) -> list[Any]:
    """The same objects in the candidate's personal order, for templates that list them.

    Each object gets ``personal_priority``, ``should_apply`` and ``personal_adjustments``
    (display annotations, like a queryset's); nothing is saved. A drop-in for a match list:
    ``Paginator(personalized_order(request.user, job_score_list(...)), PER_PAGE)``.
    """
    ordered = []
    for ranked in personalize_ranking(user, scored_jobs):
        item = ranked.item
        item.personal_priority = ranked.priority_score
        item.should_apply = ranked.should_apply
        item.personal_adjustments = list(ranked.adjustments)
        ordered.append(item)
    return ordered
