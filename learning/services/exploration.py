"""Exploration (seed 002 §15.3): when on, a share of new matches comes from outside a
candidate's usual occupations, is logged as such and has its outcome measured.

With ``exploration.epsilon`` = ε > 0 (resolved per candidate, so an experiment may vary it),
for a candidate given ``n`` new matches on a day, ``k = ⌊ε n / (1 − ε)⌋`` more are added (plus
one with the fractional remainder as probability), so exploration makes a share ε of the
day's matches. They are drawn from active postings of the last ``POSTING_DAYS`` days whose
occupation is not among the candidate's matches of the last four weeks: the best-scoring
``3k`` of them under the candidate's own weights, then ``k`` of those at random (a fixed seed
per candidate and day), so exploration is neither the usual ranking nor noise. Each is stored
as a normal match (score, explanation) and logged in
:class:`~learning.models.ExplorationMatch`.

Outcome: interest (thumbs up), application and interview rates of exploration matches
against the usual matches of the same candidates over the same days, with Wilson intervals.
"""

# ruff: noqa: RUF002

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db import transaction

from learning.analytics.rates import wilson_interval
from learning.models import ExplorationMatch
from learning.monitoring.severity import Severity
from learning.services.monitoring_checks import CheckResult
from learning.services.monitoring_data import UNKNOWN, occupation_of
from profiles.matching.engine import prepare_jobs, score_matrix
from profiles.matching.explain import explain
from profiles.models import Application, CandidateProfile, JobListing, JobScore
from profiles.occupations import occupation_label, title_occupations
from profiles.services.scoring import SCORE_FIELDS, candidates_features, job_features
from recruitly.spine.resolver import resolve, resolve_value

EPSILON = "exploration.epsilon"
POSTING_DAYS = 14
USUAL_DAYS = 28
POOL = 300  # outside postings scored per candidate (a random sample when there are more)


def _rng(user_id: int, day: date) -> np.random.Generator:
    digest = hashlib.sha256(f"explore:{user_id}:{day.isoformat()}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _count(epsilon: float, new: int, rng: np.random.Generator) -> int:
    expected = epsilon * new / (1 - epsilon)
    return int(expected) + int(rng.random() < expected - int(expected))


def exploration_matches_add(*, now: datetime) -> int:
    """Add the exploration matches for the matches made in the 24 hours before ``now``."""
    since = now - timedelta(days=1)
    new = JobScore.objects.filter(scored_at__gte=since, scored_at__lt=now).values_list(
        "candidate_id", flat=True
    )
    done = set(
        ExplorationMatch.objects.filter(shown_on=now.date()).values_list("user_id", flat=True)
    )
    counts: dict[int, int] = {}
    for candidate_id in new:
        counts[candidate_id] = counts.get(candidate_id, 0) + 1
    added = 0
    for profile in CandidateProfile.objects.filter(pk__in=counts).select_related("user"):
        epsilon = float(resolve_value(EPSILON, profile.user))
        if epsilon <= 0 or profile.user_id in done:  # a second run the same night adds none
            continue
        rng = _rng(profile.user_id, now.date())
        k = _count(epsilon, counts[profile.pk], rng)
        if k:
            added += _explore(profile, k, epsilon, now, rng)
    return added


def _usual(profile: CandidateProfile, now: datetime) -> set[str]:
    titles = JobScore.objects.filter(
        candidate=profile, scored_at__gte=now - timedelta(days=USUAL_DAYS)
    ).values_list("job__title", flat=True)
    return {occupation_of(t) for t in titles}


def _label(code: str) -> str:
    try:
        return occupation_label(code)
    except KeyError:  # "unknown": the title reads as no occupation
        return "a kind of job"


def exploration_why(occupation: str, usual: set[str]) -> str:
    """The short why the candidate reads next to an exploration match."""
    known = sorted(_label(code) for code in usual if code != UNKNOWN)
    shown = ", ".join(known[:3]) + (" and others" if len(known) > 3 else "")
    why = (
        f"{_label(occupation)}: not among the occupations of your matches of the last "
        f"{USUAL_DAYS // 7} weeks"
        + (f" ({shown})" if shown else "")
        + ". Added to widen your options; mark whether it interests you."
    )
    return why[:255]


@transaction.atomic
def _explore(
    profile: CandidateProfile, k: int, epsilon: float, now: datetime, rng: np.random.Generator
) -> int:
    usual = _usual(profile, now)
    scored = JobScore.objects.filter(candidate=profile).values("job_id")
    pool = [
        j
        for j in JobListing.objects.filter(
            is_active=True, posted_at__gte=now - timedelta(days=POSTING_DAYS), posted_at__lt=now
        ).exclude(pk__in=scored)
        if occupation_of(j.title) not in usual
    ]
    if not pool:
        return 0
    if len(pool) > POOL:
        pool = [pool[i] for i in sorted(rng.choice(len(pool), POOL, replace=False))]
    cand = candidates_features([profile])[0]
    jobs = prepare_jobs([job_features(j) for j in pool], occupations=title_occupations)
    weights = resolve("job_scoring.weights", profile.user)
    matrix = score_matrix([cand], jobs, weights.value)
    scores = matrix.compatibility[0]
    best = np.argsort(-scores, kind="stable")[: 3 * k]
    chosen = sorted(int(j) for j in rng.choice(best, size=min(k, len(best)), replace=False))
    for j, comps in zip(chosen, matrix.components_of(0, chosen), strict=True):
        job, score = pool[j], float(scores[j])
        why = explain(cand, jobs.jobs[j], comps, score, None)
        JobScore.objects.update_or_create(
            candidate=profile,
            job=job,
            defaults={
                "compatibility_score": score,
                "confidence_score": float(matrix.confidence[0, j]),
                "ai_reasoning": why.reasoning,
                "match_factors": why.match_factors,
                "mismatch_factors": why.mismatch_factors,
                "matched_skills": why.matched_skills,
                "missing_skills": why.missing_skills,
                "next_step": why.next_step[:255],
                "scored_at": now,
                "parameter_version": weights.version,
                "weights_used": dict(weights.value),
                "exploration_note": exploration_why(occupation_of(job.title), usual),
                **{SCORE_FIELDS[name]: comps[name] for name in SCORE_FIELDS},
            },
        )
        ExplorationMatch.objects.create(
            user=profile.user, job=job, shown_on=now.date(), occupation=occupation_of(job.title),
            usual_occupations=sorted(usual), epsilon=epsilon, compatibility_score=score,
        )  # fmt: skip
    return len(chosen)


@dataclass(frozen=True)
class Arm:
    name: str
    matches: int
    rates: dict[str, dict[str, float | int]]


def _rate(k: int, n: int) -> dict[str, float | int]:
    low, high = wilson_interval(k, n)
    return {"k": k, "n": n, "rate": k / n if n else float("nan"),
            "low": float(low), "high": float(high)}  # fmt: skip


def exploration_outcomes(*, since: date, until: date) -> dict[str, Any]:
    """Interest, application and interview rates of exploration vs usual matches, for the
    candidates who were shown exploration matches, over matches scored in [since, until)."""
    explored = ExplorationMatch.objects.filter(shown_on__gte=since, shown_on__lt=until)
    pairs = set(explored.values_list("user_id", "job_id"))
    users = {u for u, _ in pairs}
    rows = JobScore.objects.filter(
        candidate__user_id__in=users, scored_at__date__gte=since, scored_at__date__lt=until
    ).values_list("candidate__user_id", "job_id", "user_interested", "user_applied")
    interviews = set(
        Application.objects.filter(
            candidate__user_id__in=users, outcome_status__in=("interview", "offer")
        ).values_list("candidate__user_id", "job_id")
    )
    tallies = {"exploration": [0, 0, 0, 0], "usual": [0, 0, 0, 0]}
    for user_id, job_id, liked, acted in rows:
        arm = tallies["exploration" if (user_id, job_id) in pairs else "usual"]
        arm[0] += 1
        arm[1] += int(liked is True)
        arm[2] += int(bool(acted))
        arm[3] += int((user_id, job_id) in interviews)
    arms = []
    for name, (n, interested, applied, interviewed) in tallies.items():
        rates = {
            "interested": _rate(interested, n),
            "applied": _rate(applied, n),
            "interviewed": _rate(interviewed, n),
        }
        arms.append(Arm(name, n, rates))
    return {"since": since.isoformat(), "until": until.isoformat(), "candidates": len(users),
            "arms": [a.__dict__ for a in arms]}  # fmt: skip


OUTCOME_DAYS = 28


def exploration_result(*, window_end: datetime) -> CheckResult:
    """The monitoring's view of exploration: ε in force, matches added, their outcomes."""
    until = window_end.date()
    outcomes = exploration_outcomes(since=until - timedelta(days=OUTCOME_DAYS), until=until)
    arms = {a["name"]: a for a in outcomes["arms"]}
    shown = arms["exploration"]["matches"]
    epsilon = float(resolve_value(EPSILON))
    if not shown:
        summary = f"epsilon {epsilon:g}; no exploration matches in the last {OUTCOME_DAYS} days"
    else:
        ex, usual = arms["exploration"]["rates"], arms["usual"]["rates"]
        usual_n = arms["usual"]["matches"]
        summary = (
            f"epsilon {epsilon:g}; {shown} exploration matches to {outcomes['candidates']} "
            f"candidates: interest {ex['interested']['rate']:.1%} "
            f"[{ex['interested']['low']:.1%}, {ex['interested']['high']:.1%}] against "
            f"{usual['interested']['rate']:.1%} for their usual matches (n={usual_n})"
        )
    return CheckResult("exploration", Severity.OK, summary, EPSILON, epsilon, None, shown,
                       {"outcomes": outcomes})  # fmt: skip
