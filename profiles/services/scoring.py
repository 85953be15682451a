"""Score candidates against jobs with the local engine and store what clears the threshold."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from learning.parameters import Resolved, resolve
from profiles.matching.engine import COMPONENTS, score_matrix
from profiles.matching.explain import TOP_MATCHES_FOR_ADVICE, explain, top_missing_skill
from profiles.matching.features import CandidateFeatures, JobFeatures, years_band
from profiles.models import CandidateProfile, JobListing, JobScore
from recruitly.domain import CompanyStage

SCORE_VERSION = "local-1"
# Candidates scored per matrix: 250 x 10,000 jobs keeps each component array near 20 MB.
CANDIDATE_BATCH = 250
# Rows per upsert statement (SQLite's variable limit allows ~1,500 rows of these columns).
WRITE_BATCH = 500
_STAGES = set(CompanyStage.values)
_UPDATED = (
    "compatibility_score",
    "confidence_score",
    "ai_reasoning",
    "match_factors",
    "mismatch_factors",
    "matched_skills",
    "missing_skills",
    "next_step",
    "skills_match_score",
    "location_match_score",
    "experience_match_score",
    "salary_match_score",
    "culture_match_score",
    "scored_at",
    "score_version",
    "parameter_version",
    "weights_used",
    "updated_at",
)


@dataclass
class ScoringSummary:
    candidates: int = 0
    jobs: int = 0
    pairs: int = 0
    stored: int = 0
    by_candidate: dict[int, int] = field(default_factory=dict)


def candidate_features(profile: CandidateProfile) -> CandidateFeatures:
    return CandidateFeatures(
        key=profile.pk,
        skills=tuple(profile.all_skills),
        skill_sources=dict(profile.skill_sources or {}),
        years=float(profile.years_of_experience or 0.0),
        location=profile.location,
        preferred_locations=tuple(profile.preferred_locations or ()),
        open_to_remote=profile.open_to_remote,
        salary_min=profile.salary_range_min,
        salary_max=profile.salary_range_max,
        preferred_stages=tuple(s for s in (profile.company_size_preference or ()) if s in _STAGES),
        industries=tuple(profile.industries or ()),
    )


def job_features(job: JobListing) -> JobFeatures:
    low, high = years_band(job.seniority, job.description)
    return JobFeatures(
        key=job.pk,
        title=job.title,
        company=job.company,
        required_skills=tuple(job.required_skills or ()),
        nice_to_have_skills=tuple(job.nice_to_have_skills or ()),
        seniority=job.seniority,
        min_years=low,
        max_years=high,
        location=job.location,
        remote=job.remote,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        company_stage=job.company_stage,
        industry=job.industry,
    )


def jobs_for_scoring(
    *, days_back: float | None = None, job_limit: int | None = None, now: datetime | None = None
) -> QuerySet[JobListing]:
    jobs = JobListing.objects.filter(is_active=True).order_by("-posted_at", "id")
    if days_back is not None:  # new to us (imported or changed), whatever the posting date
        jobs = jobs.filter(updated_at__gte=(now or timezone.now()) - timedelta(days=days_back))
    return jobs[:job_limit] if job_limit else jobs


def job_scores_compute(
    *,
    candidates: Iterable[CandidateProfile],
    jobs: Sequence[JobListing] | QuerySet[JobListing] | None = None,
    now: datetime | None = None,
) -> ScoringSummary:
    """Score each candidate against ``jobs`` (default: every active job); upsert the results.

    Idempotent: a pair is stored once (unique candidate x job) and re-scoring updates it in
    place, keeping the candidate's own marks (interested, applied, feedback). Only scores at
    or above the candidate's ``job_scoring.min_stored_score`` are written.
    """
    now = now or timezone.now()
    job_rows = list(jobs if jobs is not None else jobs_for_scoring())
    job_feats = [job_features(j) for j in job_rows]
    summary = ScoringSummary(jobs=len(job_rows))
    groups: dict[str, list[CandidateProfile]] = {}
    settings_of: dict[str, tuple] = {}
    for profile in candidates:
        weights = resolve("job_scoring.weights", profile.user)
        threshold = resolve("job_scoring.min_stored_score", profile.user)
        key = json.dumps(
            [weights.value, threshold.value, getattr(weights.version, "pk", None)], sort_keys=True
        )
        groups.setdefault(key, []).append(profile)
        settings_of[key] = (weights, float(threshold.value))
    if not job_rows:
        summary.candidates = sum(len(g) for g in groups.values())
        return summary
    for key, profiles in groups.items():
        weights, threshold = settings_of[key]
        for start in range(0, len(profiles), CANDIDATE_BATCH):
            batch = profiles[start : start + CANDIDATE_BATCH]
            rows = _score_batch(batch, job_rows, job_feats, weights, threshold, now, summary)
            _upsert(rows)
    return summary


def _score_batch(
    profiles: list[CandidateProfile],
    job_rows: list[JobListing],
    job_feats: list[JobFeatures],
    weights: Resolved,
    threshold: float,
    now: datetime,
    summary: ScoringSummary,
) -> list[JobScore]:
    feats = [candidate_features(p) for p in profiles]
    matrix = score_matrix(feats, job_feats, weights.value)
    out: list[JobScore] = []
    for row, (profile, cand) in enumerate(zip(profiles, feats, strict=True)):
        scores = matrix.compatibility[row]
        keep = np.flatnonzero(scores >= threshold)
        # Highest first; ties broken by job order so the result never depends on sort luck.
        keep = keep[np.lexsort((keep, -scores[keep]))]
        top = [job_feats[j] for j in keep[:TOP_MATCHES_FOR_ADVICE]]
        advice = top_missing_skill(cand, top)
        for j in keep:
            comps = {k: round(float(matrix.components[k][row, j]), 1) for k in COMPONENTS}
            out.append(
                _job_score(profile, job_rows[j], cand, job_feats[j], comps, float(scores[j]),
                           float(matrix.confidence[row, j]), advice, weights, now)
            )  # fmt: skip
        summary.candidates += 1
        summary.pairs += len(job_rows)
        summary.stored += len(keep)
        summary.by_candidate[profile.pk] = len(keep)
    return out


def _job_score(
    profile: CandidateProfile,
    job: JobListing,
    cand: CandidateFeatures,
    feats: JobFeatures,
    comps: dict[str, float],
    total: float,
    confidence: float,
    advice: tuple[str, int, int] | None,
    weights: Resolved,
    now: datetime,
) -> JobScore:
    why = explain(cand, feats, comps, total, advice)
    return JobScore(
        candidate=profile,
        job=job,
        compatibility_score=total,
        confidence_score=confidence,
        ai_reasoning=why.reasoning,
        match_factors=why.match_factors,
        mismatch_factors=why.mismatch_factors,
        matched_skills=why.matched_skills,
        missing_skills=why.missing_skills,
        next_step=why.next_step[:255],
        skills_match_score=comps["skills"],
        location_match_score=comps["location"],
        experience_match_score=comps["experience"],
        salary_match_score=comps["salary"],
        culture_match_score=comps["culture"],
        scored_at=now,
        score_version=SCORE_VERSION,
        parameter_version=weights.version,
        weights_used=dict(weights.value),
    )


@transaction.atomic
def _upsert(rows: list[JobScore]) -> None:
    now = timezone.now()
    for row in rows:
        row.updated_at = now
        row.created_at = now
    JobScore.objects.bulk_create(
        rows,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["candidate", "job"],
        update_fields=list(_UPDATED),
    )


def job_scores_cleanup(*, older_than_days: int, now: datetime | None = None) -> int:
    """Delete scores not refreshed for ``older_than_days`` that nobody acted on; idempotent."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    stale = JobScore.objects.filter(
        scored_at__lt=cutoff, user_applied=False, user_interested__isnull=True, user_feedback=""
    )
    deleted, _ = stale.delete()
    return deleted
