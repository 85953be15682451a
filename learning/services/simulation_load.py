"""Write a generated world to the database (the only module of the package that uses Django).

Profiles, resume versions, postings and applications go through the profiles bulk services;
events go through :func:`recruitly.eventlog.ingest.events_ingest`, the API's own validation, and any
rejected simulated event aborts the whole load: it would be a simulator bug.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from learning.simulation import catalog, events, resumes
from learning.simulation.jobs import Job
from learning.simulation.people import Candidate
from learning.simulation.progress import Progress, no_progress
from learning.simulation.records import Application, ResumeVersionRecord
from learning.simulation.world import World
from profiles.services import bulk
from recruitly.eventlog.ingest import events_ingest

SOURCE = "simulator"
JOB_TYPES = ["full-time"]
MAX_REPORTED_ERRORS = 5


class SimulationLoadError(RuntimeError):
    """The world cannot be written: its users exist already or an event was rejected."""


@dataclass(frozen=True)
class LoadSummary:
    candidates: int
    resume_versions: int
    jobs: int
    applications: int
    events: int


def simulated_users_exist(prefix: str) -> bool:
    return get_user_model().objects.filter(username__startswith=f"{prefix}-").exists()


@transaction.atomic
def world_load(*, world: World, progress: Progress = no_progress) -> LoadSummary:
    """Insert the world in one transaction; raises SimulationLoadError and writes nothing
    if its usernames are taken or any event fails validation."""
    prefix = world.config.prefix
    if simulated_users_exist(prefix):
        raise SimulationLoadError(f"simulated users with the prefix {prefix!r} already exist")
    saved = _rows(world, progress)
    profiles, versions = saved["profiles"], saved["resume_versions"]
    jobs, apps = saved["jobs"], saved["applications"]
    ids = events.primary_key_ids(
        applications=[a.pk for a in apps],
        jobs=[j.pk for j in jobs],
        resume_versions=[v.pk for v in versions],
    )
    stored = _ingest(events.world_events(world, ids), progress)
    return LoadSummary(len(profiles), len(versions), len(jobs), len(apps), stored)


def _rows(world: World, progress: Progress) -> dict[str, list[Any]]:
    """Insert the rows table by table; each table's rows point at the ones saved before."""
    saved: dict[str, list[Any]] = {}
    writers: dict[str, Callable[[], list[Any]]] = {
        "profiles": lambda: bulk.candidates_bulk_create(rows=_candidate_rows(world)),
        "resume_versions": lambda: bulk.resume_versions_bulk_create(
            rows=[_version_row(v, saved["profiles"][v.candidate].pk) for v in world.resume_versions]
        ),
        "jobs": lambda: bulk.job_listings_bulk_create(rows=[_job_row(j) for j in world.jobs]),
        "applications": lambda: bulk.applications_bulk_create(
            rows=[_application_row(a, saved) for a in world.applications]
        ),
    }
    for table in progress(list(writers), desc="rows", total=len(writers)):
        saved[table] = writers[table]()
    return saved


def _ingest(items: list[dict[str, Any]], progress: Progress) -> int:
    size = settings.EVENT_BATCH_LIMIT
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    stored = 0
    for chunk in progress(chunks, desc="events", total=len(chunks)):
        result = events_ingest(
            items=chunk, submitted_by=None, may_post_for_others=True, source=SOURCE
        )
        rejected = [r for r in result.results if r.status != "stored"]
        if rejected:
            details = "; ".join(f"{r.event_id}: {r.errors}" for r in rejected[:MAX_REPORTED_ERRORS])
            raise SimulationLoadError(f"{len(rejected)} simulated events not stored: {details}")
        stored += len(chunk)
    return stored


def _final_modes(world: World) -> dict[int, str]:
    modes: dict[int, str] = {}
    for change in sorted(world.mode_changes, key=lambda m: m.at):
        modes[change.candidate] = change.to_mode
    return modes


def _last_upload(world: World) -> dict[int, Any]:
    latest: dict[int, Any] = {}
    for version in world.resume_versions:
        latest[version.candidate] = version.created_at
    return latest


def _candidate_rows(world: World) -> list[bulk.CandidateRow]:
    modes, uploads = _final_modes(world), _last_upload(world)
    first_state: dict[int, resumes.ResumeState] = {}
    for version in world.resume_versions:
        first_state.setdefault(version.candidate, version.state)
    return [
        bulk.CandidateRow(
            username=c.username,
            email=c.email,
            profile={
                **_profile_fields(c, first_state[c.index]),
                "strategy_mode": modes[c.index],
                "last_resume_upload": uploads[c.index],
            },
            joined_at=c.joined_at,
        )
        for c in world.candidates
    ]


def _profile_fields(c: Candidate, state: resumes.ResumeState) -> dict[str, Any]:
    """The profile as a perfect parser would read the candidate's first resume."""
    skills = c.skills_by_category
    return {
        "full_name": c.full_name,
        "email": c.email,
        "phone": c.phone,
        "location": c.location,
        "years_of_experience": c.years_of_experience,
        "career_level": c.seniority,
        "professional_summary": c.summary,
        "programming_languages": skills.get("language", []),
        "frameworks_libraries": skills.get("framework", []),
        "tools_platforms": [*skills.get("tool", []), *skills.get("domain", [])],
        "soft_skills": list(c.soft_skills),
        "job_titles": [p.title for p in c.positions],
        "companies": [p.company for p in c.positions],
        "industries": [c.industry],
        "experience_descriptions": resumes.experience_lines(c, state),
        "degrees": [e.degree for e in c.education],
        "institutions": [e.institution for e in c.education],
        "graduation_years": [e.graduation_year for e in c.education],
        "desired_roles": list(c.desired_roles),
        "preferred_locations": list(c.preferred_locations),
        "salary_range_min": c.salary_min,
        "salary_range_max": c.salary_max,
        "job_types": JOB_TYPES,
        "company_size_preference": [catalog.STAGE_SIZE[s] for s in c.preferred_stages],
        "open_to_remote": c.open_to_remote,
    }


def _version_row(version: ResumeVersionRecord, candidate_pk: int) -> dict[str, Any]:
    return {
        "candidate_id": candidate_pk,
        "version": version.version,
        "text": version.text,
        "source_hash": hashlib.sha256(version.text.encode()).hexdigest(),
        "source_name": f"resume-v{version.version}.txt",
        "source_type": "txt",
        "resume_score": version.score,
        "edit_types": [version.edit_type] if version.edit_type else [],
        "created_at": version.created_at,
    }


def _job_row(job: Job) -> dict[str, Any]:
    return {
        "title": job.title,
        "company": job.company,
        "company_size": catalog.STAGE_SIZE[job.company_stage],
        "company_stage": job.company_stage,
        "industry": job.industry,
        "seniority": job.seniority,
        "location": job.location,
        "remote": job.remote,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "salary_currency": "USD" if job.salary_max else "",
        "required_skills": list(job.required_skills),
        "nice_to_have_skills": list(job.preferred_skills),
        "min_years": job.years_required if job.years_stated else None,
        "description": job.description,
        "url": job.url,
        "source": SOURCE,
        "external_id": job.external_id,
        "content_hash": job.content_hash,
        "posted_at": job.posted_at,
        "is_active": job.is_active,
        "created_at": job.posted_at,
    }


def _application_row(app: Application, saved: dict[str, list[Any]]) -> dict[str, Any]:
    stage = app.furthest_stage
    skills, experience, location, salary, culture = app.components
    return {
        "candidate_id": saved["profiles"][app.candidate].pk,
        "job_id": saved["jobs"][app.job].pk,
        "resume_version_id": saved["resume_versions"][app.resume_version].pk,
        "fit_score": app.fit_score,
        "skills_component": skills,
        "experience_component": experience,
        "location_component": location,
        "salary_component": salary,
        "culture_component": culture,
        "category": app.category,
        "strategy_mode": app.strategy_mode,
        "tailoring_applied": app.tailoring_applied,
        "submitted_at": app.submitted_at,
        "outcome_status": stage.status if stage else "",
        "outcome_at": stage.at if stage else None,
        "days_to_response": stage.days_to_response if stage else None,
        "created_at": app.submitted_at,
    }
