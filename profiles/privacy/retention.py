"""Retention (seed 001 §10.1): raw resume text and files of candidates who went away, and
old AI inputs and outputs, are removed after a configurable number of days.

- ``PRIVACY_RESUME_RETENTION_DAYS``: a candidate is *inactive* when they have neither signed
  in nor uploaded a resume for that long (never signed in: counted from sign-up). Their resume
  versions older than that lose their text and stored file, and the AI parse calls of those
  versions their input and output. The structured profile, scores and the version rows
  (number, score, hash) stay: the candidate who comes back sees their profile and uploads
  again for new matches.
- ``PRIVACY_AI_OUTPUT_RETENTION_DAYS``: every AI call older than that keeps what the cost and
  quality dashboards read (task, provider, model, tokens, cost, latency, success, rating) and
  loses its input and output.

0 switches either rule off. Idempotent: a second run finds nothing left to remove.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet

from profiles.models import AIInteraction, CandidateProfile, ResumeVersion
from recruitly.spine.audit import audit_record

EXPIRED = {"expired": True}
# Rows per UPDATE: bounded so one statement never holds its locks for long (an update of
# 1,000 resume versions takes a few ms on SQLite).
BATCH = 1000


@dataclass(frozen=True)
class RetentionRun:
    """What a retention run's audit row points at: the run, by its time."""

    pk: str


@dataclass(frozen=True)
class RetentionResult:
    resume_versions: int = 0
    ai_interactions: int = 0


def _inactive_candidates(cutoff: datetime) -> QuerySet[CandidateProfile]:
    gone = Q(user__last_login__lt=cutoff) | Q(
        user__last_login__isnull=True, user__date_joined__lt=cutoff
    )
    fresh_upload = Q(last_resume_upload__gte=cutoff)
    return CandidateProfile.objects.filter(gone).exclude(fresh_upload)


def _in_batches(queryset: QuerySet, **values: object) -> int:  # type: ignore[type-arg]
    done = 0
    while ids := list(queryset.values_list("pk", flat=True)[:BATCH]):
        done += queryset.model._default_manager.filter(pk__in=ids).update(**values)
    return done


def _resumes_expire(cutoff: datetime) -> int:
    versions = ResumeVersion.objects.filter(
        candidate__in=_inactive_candidates(cutoff), created_at__lt=cutoff
    )
    parses = AIInteraction.objects.filter(
        pk__in=versions.exclude(parse_interaction=None).values("parse_interaction")
    ).exclude(input_data=EXPIRED, output=None)
    _in_batches(parses, input_data=EXPIRED, output=None)
    held = versions.filter(~Q(text="") | Q(raw_file__isnull=False))
    return _in_batches(held, text="", raw_file=None)


def _ai_outputs_expire(cutoff: datetime) -> int:
    old = AIInteraction.objects.filter(created_at__lt=cutoff).exclude(
        input_data=EXPIRED, output=None
    )
    return _in_batches(old, input_data=EXPIRED, output=None)


@transaction.atomic
def privacy_retention_apply(
    *, now: datetime, resume_days: int, ai_output_days: int
) -> RetentionResult:
    """Remove what the retention settings say is too old; audited when anything went."""
    result = RetentionResult(
        resume_versions=_resumes_expire(now - timedelta(days=resume_days)) if resume_days else 0,
        ai_interactions=_ai_outputs_expire(now - timedelta(days=ai_output_days))
        if ai_output_days
        else 0,
    )
    if result.resume_versions or result.ai_interactions:
        audit_record(
            acting_user=None,
            action="privacy_retention",
            target=RetentionRun(pk=now.isoformat()),
            reason=f"Retention: resume text after {resume_days} days of inactivity, "
            f"AI inputs and outputs after {ai_output_days} days",
            details={
                "resume_versions": result.resume_versions,
                "ai_interactions": result.ai_interactions,
            },
        )
    return result
