"""What a candidate does with a match: interested, not interested, applied, outcome, thumbs."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from profiles.ai import ai_run
from profiles.ai.feedback import ai_interaction_rate
from profiles.matching.components import COMPONENTS
from profiles.models import AIInteraction, Application, CandidateProfile, JobScore
from profiles.services.event_emit import event_emit
from profiles.services.scoring import candidate_features, job_features, score_components
from profiles.services.strategy import candidate_strategy_update
from recruitly.domain import ApplicationCategory, OutcomeStatus

MARKS = ("interested", "not_interested", "applied")
# Fit bands of an application's category: a high fit is a safety, a low one a reach.
SAFETY_FIT, TARGET_FIT = 80.0, 60.0


class ActionError(ValueError):
    pass


def _owned(candidate: CandidateProfile, job_score: JobScore) -> None:
    if job_score.candidate_id != candidate.pk:
        raise ActionError("this match belongs to another candidate")


@transaction.atomic
def job_score_mark(
    *, candidate: CandidateProfile, job_score: JobScore, mark: str
) -> Application | None:
    """Record interest, disinterest or an application; emit the matching event.

    Returns the application for ``applied``. Repeating a mark changes nothing.
    """
    _owned(candidate, job_score)
    if mark not in MARKS:
        raise ActionError(f"mark must be one of {', '.join(MARKS)}")
    if mark == "applied":
        return _apply(candidate, job_score)
    interested = mark == "interested"
    if job_score.user_interested is interested:
        return None
    JobScore.objects.filter(pk=job_score.pk).update(
        user_interested=interested, user_feedback=mark, updated_at=timezone.now()
    )
    job_score.user_interested, job_score.user_feedback = interested, mark
    event_emit(
        user=candidate.user,
        event_type="SUGGESTION_ACCEPTED" if interested else "SUGGESTION_REJECTED",
        payload={
            "suggestion_type": "job",
            "suggestion_id": f"job-score-{job_score.pk}",
            "suggested_content": _suggestion(job_score),
            **({} if interested else {"rejection_reason": "not interested"}),
        },
        submitted_by=candidate.user,
    )
    return None


def _suggestion(job_score: JobScore) -> dict[str, Any]:
    return {
        "job_id": str(job_score.job_id),
        "compatibility_score": job_score.compatibility_score,
        "fit_components": _components(job_score),
    }


def _components(job_score: JobScore) -> dict[str, float | None]:
    return score_components(job_score)


def _category(fit: float) -> str:
    if fit >= SAFETY_FIT:
        return ApplicationCategory.SAFETY
    return ApplicationCategory.TARGET if fit >= TARGET_FIT else ApplicationCategory.REACH


def _apply(candidate: CandidateProfile, job_score: JobScore) -> Application:
    existing = Application.objects.filter(candidate=candidate, job_id=job_score.job_id).first()
    if existing is not None:
        return existing
    resume = candidate.resume_versions.order_by("-version").first()
    comps = _components(job_score)
    application = Application.objects.create(
        candidate=candidate,
        job=job_score.job,
        resume_version=resume,
        fit_score=job_score.compatibility_score,
        **{f"{name}_component": value for name, value in comps.items()},
        category=_category(job_score.compatibility_score),
        strategy_mode=candidate.strategy_mode,
        submitted_at=timezone.now(),
    )
    JobScore.objects.filter(pk=job_score.pk).update(user_applied=True, updated_at=timezone.now())
    job_score.user_applied = True
    event_emit(
        user=candidate.user,
        event_type="APPLICATION_SUBMITTED",
        payload=_application_payload(application),
        submitted_by=candidate.user,
        event_id=f"application-submitted-{application.pk}",
    )
    candidate_strategy_update(candidate=candidate)  # the application count feeds the rule
    return application


def _application_payload(application: Application) -> dict[str, Any]:
    job = application.job
    resume = application.resume_version
    return {
        "application_id": str(application.pk),
        "job_id": str(job.pk),
        "resume_version_id": str(resume.pk) if resume else "none",
        "context": {
            "strategy_mode": application.strategy_mode,
            "fit_score": application.fit_score,
            "category": application.category,
            "resume_score": float(resume.resume_score or 0) if resume else 0.0,
            "tailoring_applied": application.tailoring_applied,
            "job_characteristics": {
                "title": job.title,
                "company": job.company,
                "seniority": job.seniority or "unknown",
                "location": job.location or ("Remote" if job.remote else "unknown"),
                "industry": job.industry or "unknown",
                "company_stage": job.company_stage or "unknown",
                "remote": job.remote,
            },
            "fit_components": {
                name: getattr(application, f"{name}_component") for name in COMPONENTS
            },
        },
    }


@transaction.atomic
def application_outcome_record(
    *,
    candidate: CandidateProfile,
    application: Application,
    status: str,
    at: datetime | None = None,
) -> Application:
    """Record what came back from an employer; emit STATUS_CHANGED. Same status twice: no-op."""
    if application.candidate_id != candidate.pk:
        raise ActionError("this application belongs to another candidate")
    if status not in OutcomeStatus.values:
        raise ActionError(f"status must be one of {', '.join(OutcomeStatus.values)}")
    if application.outcome_status == status:
        return application
    at = at or timezone.now()
    days = max(0.0, (at - application.submitted_at).total_seconds() / 86400)
    Application.objects.filter(pk=application.pk).update(
        outcome_status=status, outcome_at=at, days_to_response=round(days, 2), updated_at=at
    )
    application.outcome_status, application.outcome_at = status, at
    application.days_to_response = round(days, 2)
    event_emit(
        user=candidate.user,
        event_type="STATUS_CHANGED",
        payload={
            **_application_payload(application),
            "outcome": {"status": status, "days_to_response": round(days, 2)},
        },
        submitted_by=candidate.user,
    )
    candidate_strategy_update(candidate=candidate)
    return application


@transaction.atomic
def job_score_rate(
    *, candidate: CandidateProfile, job_score: JobScore, rating: str, comment: str = ""
) -> AIInteraction:
    """Thumbs on a match's reasoning. The reasoning is logged as a job_reasoning AI call the
    first time it is rated, so every rated answer has its interaction record."""
    _owned(candidate, job_score)
    interaction = job_score.reasoning_interaction
    if interaction is None:
        result = ai_run(
            task="job_reasoning",
            payload={
                "candidate": _plain(candidate_features(candidate)),
                "job": _plain(job_features(job_score.job)),
                "components": _components(job_score),
                "compatibility": job_score.compatibility_score,
            },
            user=candidate.user,
            target_type="job_score",
            target_id=str(job_score.pk),
            provider="local",
        )
        interaction = result.interaction
        JobScore.objects.filter(pk=job_score.pk).update(reasoning_interaction=interaction)
        job_score.reasoning_interaction = interaction
    return ai_interaction_rate(
        user=candidate.user, interaction=interaction, rating=rating, comment=comment
    )


def _plain(features: Any) -> dict[str, Any]:

    return asdict(features)
