"""Score candidates against jobs with the local engine and store what clears the threshold."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
from django.db import connection, transaction
from django.db.models import Field, QuerySet
from django.utils import timezone

from profiles.matching.engine import COMPONENTS, JobSet, prepare_jobs, score_matrix
from profiles.matching.explain import (
    TOP_MATCHES_FOR_ADVICE,
    Explanation,
    explain,
    top_missing_skill,
)
from profiles.matching.features import CandidateFeatures, JobFeatures, years_band
from profiles.models import CandidateProfile, JobListing, JobScore, ResumeVersion
from profiles.occupations import text_occupations, title_occupations
from profiles.skills import implied_skills
from recruitly.domain import CompanyStage
from recruitly.spine.resolver import Resolved, resolve

SCORE_VERSION = "local-1"
# Candidates scored per matrix: 250 x 10,000 jobs keeps each component array near 20 MB.
CANDIDATE_BATCH = 250
# Matches kept per candidate per run, best first. At the default threshold of 35 about one
# job in six clears the bar on the simulated world (bench/score_bench.py): 1,700 of 10,000
# postings per candidate, rows nobody reads, ~2 KB and ~60 µs of explanation each. The
# digest shows 10 and the match list pages 25 at a time. Every stored row is still at or
# above the threshold.
MAX_STORED_PER_CANDIDATE = 100
# Rows per upsert statement (SQLite's variable limit allows ~1,500 rows of these columns).
WRITE_BATCH = 500
_STAGES = set(CompanyStage.values)
SCORE_FIELDS = {name: f"{name}_match_score" for name in COMPONENTS}  # JobScore columns
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
    "text_match_score",
    "title_match_score",
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


def candidate_features(
    profile: CandidateProfile, resume_text: str = "", occupations: dict[str, float] | None = None
) -> CandidateFeatures:
    """What the scorer knows of a candidate; ``occupations`` default to those of the text."""
    skills = tuple(profile.all_skills)
    return CandidateFeatures(
        key=profile.pk,
        skills=skills,
        skill_sources=dict(profile.skill_sources or {}),
        # 0 years is what a profile holds when no dated experience was found: unknown
        years=float(profile.years_of_experience) if profile.years_of_experience else None,
        location=profile.location,
        preferred_locations=tuple(profile.preferred_locations or ()),
        open_to_remote=profile.open_to_remote,
        salary_min=profile.salary_range_min,
        salary_max=profile.salary_range_max,
        preferred_stages=tuple(s for s in (profile.company_size_preference or ()) if s in _STAGES),
        industries=tuple(profile.industries or ()),
        related_skills=implied_skills(skills),
        titles=tuple(dict.fromkeys([*(profile.desired_roles or ()), *(profile.job_titles or ())])),
        occupations=occupations if occupations is not None else text_occupations(resume_text),
        text=resume_text,
    )


def resume_texts(
    profiles: Sequence[CandidateProfile],
) -> dict[int, tuple[str, dict[str, float] | None]]:
    """The newest resume of each profile, in one query: its text and the occupations read
    from it at upload (None for versions stored before they were)."""
    rows = (
        ResumeVersion.objects.filter(candidate__in=profiles)
        .order_by("candidate_id", "-version")
        .values_list("candidate_id", "text", "parsed_data__occupations")
    )
    texts: dict[int, tuple[str, dict[str, float] | None]] = {}
    for candidate_id, text, occupations in rows:
        found = occupations if isinstance(occupations, dict) else None
        texts.setdefault(candidate_id, (text, found))
    return texts


def candidates_features(profiles: Sequence[CandidateProfile]) -> list[CandidateFeatures]:
    texts = resume_texts(profiles)
    return [candidate_features(p, *texts.get(p.pk, ("", None))) for p in profiles]


def job_features(job: JobListing) -> JobFeatures:
    low, high = years_band(
        job.seniority, job.description, min_years=job.min_years, max_years=job.max_years
    )
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
        skill_sources=dict(job.skill_sources or {}),
        education=job.education_requirement,
        text=f"{job.title}\n{job.requirements_text or job.description}",
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
    job_feats = prepare_jobs([job_features(j) for j in job_rows], occupations=title_occupations)
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
    job_feats: JobSet,
    weights: Resolved,
    threshold: float,
    now: datetime,
    summary: ScoringSummary,
) -> list[dict[str, Any]]:
    feats = candidates_features(profiles)
    matrix = score_matrix(feats, job_feats, weights.value)
    common = {
        "scored_at": now,
        "score_version": SCORE_VERSION,
        "parameter_version_id": getattr(weights.version, "pk", None),
        "weights_used": dict(weights.value),
        "user_applied": False,
        "user_feedback": "",
    }
    out: list[dict[str, Any]] = []
    for row, (profile, cand) in enumerate(zip(profiles, feats, strict=True)):
        scores = matrix.compatibility[row]
        above = np.flatnonzero(scores >= threshold)
        # Highest first; ties broken by job order so the result never depends on sort luck.
        ranked = above[np.lexsort((above, -scores[above]))][:MAX_STORED_PER_CANDIDATE]
        keep = [int(j) for j in ranked]
        top = [job_feats.jobs[j] for j in keep[:TOP_MATCHES_FOR_ADVICE]]
        advice = top_missing_skill(cand, top)
        for j, comps in zip(keep, matrix.components_of(row, keep), strict=True):
            out.append(
                _row(common, profile.pk, job_rows[j].pk, comps, float(scores[j]),
                     float(matrix.confidence[row, j]), explain(cand, job_feats.jobs[j], comps,
                     float(scores[j]), advice))
            )  # fmt: skip
        summary.candidates += 1
        summary.pairs += len(job_rows)
        summary.stored += len(keep)
        summary.by_candidate[profile.pk] = len(keep)
    return out


def _row(
    common: dict[str, Any],
    candidate_id: int,
    job_id: int,
    comps: dict[str, float | None],
    total: float,
    confidence: float,
    why: Explanation,
) -> dict[str, Any]:
    return {
        **common,
        "candidate_id": candidate_id,
        "job_id": job_id,
        "compatibility_score": total,
        "confidence_score": confidence,
        "ai_reasoning": why.reasoning,
        "match_factors": why.match_factors,
        "mismatch_factors": why.mismatch_factors,
        "matched_skills": why.matched_skills,
        "missing_skills": why.missing_skills,
        "next_step": why.next_step[:255],
        **{SCORE_FIELDS[k]: comps[k] for k in COMPONENTS},
    }


def score_components(job_score: JobScore) -> dict[str, float | None]:
    """A stored score's components by name; None where the component was unknown."""
    return {k: getattr(job_score, field) for k, field in SCORE_FIELDS.items()}


_COLUMNS = (
    "candidate_id", "job_id", "compatibility_score", "confidence_score", "ai_reasoning",
    "match_factors", "mismatch_factors", "matched_skills", "missing_skills", "next_step",
    "skills_match_score", "location_match_score", "experience_match_score",
    "salary_match_score", "culture_match_score", "text_match_score", "title_match_score",
    "user_applied", "user_feedback", "scored_at",
    "score_version", "parameter_version_id", "weights_used", "created_at", "updated_at",
)  # fmt: skip
_JSON = ("match_factors", "mismatch_factors", "matched_skills", "missing_skills", "weights_used")
_DATES = ("scored_at", "created_at", "updated_at")
_KEEP_ON_UPDATE = ("candidate_id", "job_id", "user_applied", "user_feedback", "created_at")


def _upsert(rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE in plain SQL (SQLite and PostgreSQL).

    The ORM's bulk_create spent ~0.5 ms per row building model instances and SQL (measured
    with bench/score_bench.py); here only the JSON and datetime columns are adapted, through
    their fields on PostgreSQL and with json.dumps on SQLite (which stores JSON as text).
    """
    if not rows:
        return
    now = timezone.now()
    fields = {f: cast("Field[Any, Any]", JobScore._meta.get_field(f)) for f in _JSON}
    fast_json = connection.vendor == "sqlite"
    adapt_time = connection.ops.adapt_datetimefield_value
    stamp, scored = adapt_time(now), adapt_time(rows[0]["scored_at"])
    quote = connection.ops.quote_name
    updates = ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in _COLUMNS if c not in _KEEP_ON_UPDATE
    )
    sql = (
        f"INSERT INTO {quote(JobScore._meta.db_table)} ({', '.join(quote(c) for c in _COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
        f"ON CONFLICT ({quote('candidate_id')}, {quote('job_id')}) DO UPDATE SET {updates}"
    )
    params = []
    for row in rows:
        values = []
        for column in _COLUMNS:
            if column in ("created_at", "updated_at"):
                values.append(stamp)
            elif column == "scored_at":
                values.append(scored)
            elif column in fields:
                value = row[column]
                values.append(
                    json.dumps(value)
                    if fast_json
                    else fields[column].get_db_prep_save(value, connection)
                )
            else:
                values.append(row[column])
        params.append(values)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(params), WRITE_BATCH):
            cursor.executemany(sql, params[start : start + WRITE_BATCH])


def job_scores_cleanup(*, older_than_days: int, now: datetime | None = None) -> int:
    """Delete scores not refreshed for ``older_than_days`` that nobody acted on; idempotent."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    stale = JobScore.objects.filter(
        scored_at__lt=cutoff, user_applied=False, user_interested__isnull=True, user_feedback=""
    )
    deleted, _ = stale.delete()
    return deleted
