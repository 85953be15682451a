"""Edits a candidate makes to their own profile."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from profiles.models import CandidateProfile
from profiles.signals import candidate_changed
from profiles.skills import category_of, normalize
from profiles.skills.taxonomy import CATEGORIES

SKILL_LISTS = ("programming_languages", "frameworks_libraries", "tools_platforms", "soft_skills")
EDITABLE = (
    "full_name",
    "email",
    "phone",
    "location",
    "work_authorization",
    "years_of_experience",
    "career_level",
    "professional_summary",
    "job_titles",
    "companies",
    "industries",
    "degrees",
    "institutions",
    "graduation_years",
    "desired_roles",
    "preferred_locations",
    "open_to_remote",
    "salary_range_min",
    "salary_range_max",
    "job_types",
    "company_size_preference",
)
ADDED_BY_YOU = "added by you"


@transaction.atomic
def profile_update(
    *, candidate: CandidateProfile, data: dict[str, Any], skills: list[str] | None = None
) -> CandidateProfile:
    """Apply the candidate's edits; ``skills`` replaces the skill lists (names normalised).

    Skills the resume did not contain are marked "added by you" so matches can say so.
    """
    for field in EDITABLE:
        if field in data:
            setattr(candidate, field, data[field])
    if skills is not None:
        _skills_apply(candidate, skills)
    candidate.full_clean(exclude=["user"])
    candidate.save()
    candidate_changed.send(sender=CandidateProfile, candidate_id=candidate.pk)
    return candidate


def _skills_apply(candidate: CandidateProfile, names: list[str]) -> None:
    lists: dict[str, list[str]] = {field: [] for field in SKILL_LISTS}
    sources = dict(candidate.skill_sources or {})
    kept_sources = {}
    for raw in names:
        name = normalize(raw) or raw.strip()
        category = category_of(name)
        field = CATEGORIES[category] if category else "tools_platforms"
        if name and name not in lists[field]:
            lists[field].append(name)
            kept_sources[name] = sources.get(name, ADDED_BY_YOU)
    for field, values in lists.items():
        setattr(candidate, field, values)
    candidate.skill_sources = kept_sources
