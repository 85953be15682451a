from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from profiles.models import Application, CandidateProfile, ResumeVersion


def candidate_profile_get(*, user: AbstractBaseUser) -> CandidateProfile | None:
    return CandidateProfile.objects.select_related("user").filter(user=user).first()


def application_list(*, candidate: CandidateProfile) -> QuerySet[Application]:
    return Application.objects.select_related("job", "resume_version").filter(candidate=candidate)


def resume_version_list(*, candidate: CandidateProfile) -> QuerySet[ResumeVersion]:
    return ResumeVersion.objects.filter(candidate=candidate).order_by("-version")


def application_outcome_counts(*, candidate: CandidateProfile) -> dict[str, int]:
    return Application.objects.filter(candidate=candidate).aggregate(
        total=Count("id"),
        interviews=Count("id", filter=Q(outcome_status__in=["interview", "offer"])),
        offers=Count("id", filter=Q(outcome_status="offer")),
        rejected=Count("id", filter=Q(outcome_status="rejected")),
        ghosted=Count("id", filter=Q(outcome_status="ghosted")),
        pending=Count("id", filter=Q(outcome_status="")),
    )
