"""Resume DNA glue: resumes and their applications in, pattern library and matches out.

The pure engine is :mod:`learning.advanced.dna`; here resumes are read from
``ResumeVersion`` (the parser's stored output when it has the structure, else the text is
parsed, at most ``MAX_PARSED`` a night) and joined to the nightly frame of mature
applications.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import pandas as pd

from learning.advanced.dna import (
    FEATURES,
    Match,
    PatternLibrary,
    ResumeFacts,
    features_of,
    match_resume,
    patterns_build,
)
from profiles.models import CandidateProfile, ResumeVersion
from profiles.parsing.resume import ParsedResume, ResumeTextError, parse_resume

# Parsing a resume takes 17-60 ms here; a night parses at most this many texts that have no
# stored structure (uploads store it; simulated resumes do not), chosen by a stable hash.
MAX_PARSED = 200
STRUCTURE_KEYS = ("jobs", "experience_descriptions", "sections_found")
HARD_SKILL_KEYS = ("programming_languages", "frameworks_libraries", "tools_platforms")


def facts_from_parsed(parsed: ParsedResume | Mapping[str, Any], text: str) -> ResumeFacts:
    data: Mapping[str, Any] = parsed.as_dict() if isinstance(parsed, ParsedResume) else parsed
    jobs = data.get("jobs") or []
    return ResumeFacts(
        hard_skills=[str(s) for key in HARD_SKILL_KEYS for s in data.get(key) or []],
        soft_skills=[str(s) for s in data.get("soft_skills") or []],
        bullets=[str(b) for b in data.get("experience_descriptions") or []],
        roles=[(str(j.get("title", "")), int(j.get("months") or 0)) for j in jobs],
        sections=[str(s) for s in data.get("sections_found") or []],
        words=len(text.split()),
    )


def facts_of_version(version: ResumeVersion, *, parse: bool = True) -> ResumeFacts | None:
    """The facts of one stored resume; None if it has no structure and ``parse`` is False
    or the text cannot be read."""
    stored = version.parsed_data or {}
    if all(key in stored for key in STRUCTURE_KEYS):
        return facts_from_parsed(stored, version.text)
    if not parse:
        return None
    try:
        return facts_from_parsed(parse_resume(version.text), version.text)
    except ResumeTextError:
        return None


def readable(facts: ResumeFacts) -> bool:
    """Enough structure for the features to mean something (a role and a bullet)."""
    return bool(facts.roles) and bool(facts.bullets)


def _stable_order(version_id: int) -> str:
    return hashlib.sha256(str(version_id).encode()).hexdigest()


def member_frame(mature: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per candidate: the resume version used most, its features and outcomes."""
    rows = mature.dropna(subset=["resume_version_id"])
    counts: dict[str, int] = {"candidates": int(rows["user_id"].nunique()) if len(rows) else 0}
    if rows.empty:
        return pd.DataFrame(columns=[*FEATURES, "applications", "interviews"]), counts
    rows = rows.assign(version=pd.to_numeric(rows["resume_version_id"], errors="coerce"))
    rows = rows.dropna(subset=["version"])
    used = rows.groupby(["user_id", "version"]).agg(
        applications=("interviewed", "size"), interviews=("interviewed", "sum")
    )
    used = used.reset_index().sort_values(["user_id", "applications"], ascending=[True, False])
    chosen = used.drop_duplicates("user_id")
    ids = [int(v) for v in chosen["version"].to_numpy()]
    versions = {v.pk: v for v in ResumeVersion.objects.filter(pk__in=ids)}
    parse_budget = set(
        sorted(
            (i for i in ids if i in versions and not _has_structure(versions[i])),
            key=_stable_order,
        )[:MAX_PARSED]
    )
    out = []
    unreadable = skipped = 0
    columns = ["user_id", "version", "applications", "interviews"]
    for user_id, version_id, applications, interviews in chosen[columns].to_numpy().tolist():
        version = versions.get(int(version_id))
        if version is None:
            continue
        facts = facts_of_version(version, parse=version.pk in parse_budget)
        if facts is None:
            skipped += 1
            continue
        if not readable(facts):
            unreadable += 1
            continue
        out.append(
            {
                **features_of(facts),
                "applications": int(applications),
                "interviews": int(interviews),
                "user_id": int(user_id),
            }
        )
    counts.update(members=len(out), not_parsed_tonight=skipped, unreadable=unreadable)
    return pd.DataFrame(out), counts


def _has_structure(version: ResumeVersion) -> bool:
    stored = version.parsed_data or {}
    return all(key in stored for key in STRUCTURE_KEYS)


def library_build(mature: pd.DataFrame, *, k: int) -> tuple[PatternLibrary | None, dict[str, Any]]:
    frame, counts = member_frame(mature)
    if frame.empty:
        return None, counts
    library = patterns_build(frame, min_members=max(k, 20))
    return library, counts


def candidate_match(
    library: PatternLibrary, candidate: CandidateProfile
) -> tuple[Match | None, dict[str, float] | None, ResumeVersion | None]:
    """The candidate's latest resume matched to the library (their own data only)."""
    version = ResumeVersion.objects.filter(candidate=candidate).order_by("-version").first()
    if version is None:
        return None, None, None
    facts = facts_of_version(version)
    if facts is None or not readable(facts):
        return None, None, version
    features = features_of(facts)
    return match_resume(library, features), features, version
