"""Resume uploads and pasted text → a new ResumeVersion and an updated profile."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Field, Max
from django.utils import timezone

from profiles.ai import ai_run
from profiles.models import CandidateProfile, ResumeVersion
from profiles.occupations import text_occupations
from profiles.parsing.documents import ResumeDocumentError
from profiles.parsing.resume import ResumeTextError, parse_resume
from profiles.parsing.upload_guard import read_document_bounded
from profiles.services.event_emit import event_emit
from profiles.signals import candidate_changed

MAX_PASTED_CHARS = 200_000
# Fields the resume fills; a field the resume leaves empty keeps what the profile had
# (the candidate may have typed it), never a made-up value.
TEXT_FIELDS = ("full_name", "email", "phone", "location", "linkedin", "professional_summary")
LIST_FIELDS = (
    "programming_languages",
    "frameworks_libraries",
    "tools_platforms",
    "soft_skills",
    "job_titles",
    "companies",
    "industries",
    "experience_descriptions",
    "degrees",
    "institutions",
    "graduation_years",
)
SENIORITIES = ("intern", "entry", "mid", "senior", "lead", "executive")


@dataclass(frozen=True)
class ResumeInput:
    text: str
    source_type: str
    source_name: str
    source_hash: str
    raw: bytes | None = None


def resume_upload(
    *, candidate: CandidateProfile, data: bytes, filename: str, acting_user: User
) -> ResumeVersion:
    """Parse an uploaded file into a new resume version.

    Raises ResumeDocumentError (with ``code`` and a readable ``message``) for files that are
    too large, of an unsupported type, encrypted, scanned, corrupt or empty.
    """
    document = read_document_bounded(
        data, max_bytes=settings.RESUME_MAX_BYTES, seconds=settings.RESUME_PARSE_SECONDS
    )
    keep = data if settings.RESUME_KEEP_RAW_FILES else None
    source = ResumeInput(
        document.text, document.kind, filename[:255], hashlib.sha256(data).hexdigest(), keep
    )
    return _resume_store(candidate=candidate, source=source, acting_user=acting_user)


def resume_text_parse(
    *, candidate: CandidateProfile, text: str, acting_user: User
) -> ResumeVersion:
    """Parse pasted resume text into a new resume version; raises ResumeDocumentError."""
    if len(text) > MAX_PASTED_CHARS:
        raise ResumeDocumentError(
            "too_large", f"The text is longer than {MAX_PASTED_CHARS:,} characters."
        )
    digest = hashlib.sha256(text.encode()).hexdigest()
    source = ResumeInput(text, "txt", "pasted text", digest)
    return _resume_store(candidate=candidate, source=source, acting_user=acting_user)


@transaction.atomic
def _resume_store(
    *, candidate: CandidateProfile, source: ResumeInput, acting_user: User
) -> ResumeVersion:
    today = timezone.now().date()
    try:
        local = parse_resume(source.text, today=today)  # also the reference resume score
    except ResumeTextError as exc:
        raise ResumeDocumentError("too_short", str(exc)) from exc
    result = ai_run(
        task="resume_parse",
        payload={"text": source.text, "today": today.isoformat()},
        user=candidate.user,
        target_type="resume",
        target_id=str(candidate.pk),
    )
    parsed = _with_local_extras(result.output, local.as_dict())
    # read once here, not at every scoring run: the title component's body occupations
    parsed["occupations"] = text_occupations(source.text)
    previous = candidate.resume_versions.order_by("-version").first()
    number = (candidate.resume_versions.aggregate(n=Max("version"))["n"] or 0) + 1
    version = ResumeVersion.objects.create(
        candidate=candidate,
        version=number,
        text=source.text,
        source_hash=source.source_hash,
        source_name=source.source_name,
        source_type=source.source_type,
        parsed_data=parsed,
        resume_score=local.resume_score,
        score_reasons=local.score_reasons,
        raw_file=source.raw,
        parse_interaction=result.interaction,
    )
    _profile_apply(candidate, parsed)
    if previous is not None and previous.resume_score is not None:
        _score_changed_emit(candidate, previous, version, acting_user)
    transaction.on_commit(lambda: _after_resume(candidate.pk))
    return version


def _with_local_extras(output: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """A remote answer lacks what only the local parser computes (sources, dated jobs)."""
    merged = dict(output)
    for key in ("skill_sources", "jobs", "industries", "experience_descriptions", "linkedin"):
        merged.setdefault(key, local.get(key))
    merged.setdefault("years_source", local.get("years_source", ""))
    return merged


def _profile_apply(candidate: CandidateProfile, parsed: dict[str, Any]) -> None:
    for field in TEXT_FIELDS:
        value = str(parsed.get(field) or "").strip()
        if value:
            setattr(
                candidate,
                field,
                value[: cast(Field, CandidateProfile._meta.get_field(field)).max_length or None],
            )
    for field in LIST_FIELDS:
        if field in parsed and parsed[field] is not None:
            setattr(candidate, field, list(parsed[field]))
    candidate.years_of_experience = max(0.0, float(parsed.get("years_of_experience") or 0.0))
    if parsed.get("career_level") in SENIORITIES:
        candidate.career_level = parsed["career_level"]
    manual = {k: v for k, v in candidate.skill_sources.items() if v == "added by you"}
    candidate.skill_sources = {**(parsed.get("skill_sources") or {}), **manual}
    if not candidate.desired_roles:  # the candidate's own choice is never overwritten
        wanted = parsed.get("desired_roles") or parsed.get("job_titles") or []
        candidate.desired_roles = list(wanted[:1])
    candidate.last_resume_upload = timezone.now()
    candidate.save()


def _score_changed_emit(
    candidate: CandidateProfile,
    before: ResumeVersion,
    after: ResumeVersion,
    acting_user: User,
) -> None:
    before_score, after_score = float(before.resume_score or 0), float(after.resume_score or 0)
    event_emit(
        user=candidate.user,
        event_type="SCORE_CHANGED",
        payload={
            "resume_version_id": str(after.pk),
            "before_score": before_score,
            "after_score": after_score,
            "score_delta": round(after_score - before_score, 2),
            "user_accepted": True,
        },
        submitted_by=acting_user if acting_user.is_authenticated else None,
        event_id=f"resume-score-{after.pk}",
    )


def _after_resume(candidate_id: int) -> None:
    candidate_changed.send(sender=CandidateProfile, candidate_id=candidate_id)
