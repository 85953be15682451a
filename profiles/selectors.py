from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from profiles.models import (
    Application,
    CandidateProfile,
    DailyDigest,
    FeedSource,
    JobListing,
    JobScore,
    ResumeVersion,
)


def candidate_profile_get(*, user: User) -> CandidateProfile | None:
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


def job_score_list(*, candidate: CandidateProfile, min_score: float = 0.0) -> QuerySet[JobScore]:
    return (
        JobScore.objects.select_related("job", "reasoning_interaction", "interview_likelihood")
        .filter(candidate=candidate, compatibility_score__gte=min_score)
        .order_by("-compatibility_score", "job_id")
    )


def job_score_get(*, candidate: CandidateProfile, pk: int) -> JobScore | None:
    return (
        JobScore.objects.select_related("job", "reasoning_interaction", "parameter_version")
        .filter(candidate=candidate, pk=pk)
        .first()
    )


def application_get(*, candidate: CandidateProfile, pk: int) -> Application | None:
    return application_list(candidate=candidate).filter(pk=pk).first()


def digest_list(*, candidate: CandidateProfile) -> QuerySet[DailyDigest]:
    return DailyDigest.objects.filter(candidate=candidate).order_by("-digest_date")


def digest_get(*, candidate: CandidateProfile, pk: int) -> DailyDigest | None:
    return (
        DailyDigest.objects.select_related("summary_interaction")
        .filter(candidate=candidate, pk=pk)
        .first()
    )


def feed_list() -> QuerySet[FeedSource]:
    return FeedSource.objects.order_by("name")


def job_list(*, active_only: bool = True) -> QuerySet[JobListing]:
    jobs = JobListing.objects.select_related("feed").order_by("-posted_at", "id")
    return jobs.filter(is_active=True) if active_only else jobs


def candidate_list() -> QuerySet[CandidateProfile]:
    return CandidateProfile.objects.select_related("user").order_by("user__username")


def aggregate_opted_out_user_ids() -> frozenset[int]:
    """Users whose data may not contribute to figures about other people.

    The one rule of every market, cohort and peer aggregate (the nightly market and cohort
    steps, market intelligence, Resume DNA, cold-start peers, strategy cells, the weekly
    insights' "similar candidates"): a candidate who ticked ``market_insights_opt_out`` is
    left out of them; everyone else counts, a user without a candidate profile included.
    Their own figures (insights, predictions, match list) still read their data.
    """
    return frozenset(
        CandidateProfile.objects.filter(market_insights_opt_out=True).values_list(
            "user_id", flat=True
        )
    )


def job_listing_skill_rows(
    *, ids: list[int]
) -> list[tuple[int, list[str], int | None, int | None]]:
    """(id, required skills, salary min, salary max) of the given listings, for market analytics."""
    return list(
        JobListing.objects.filter(pk__in=ids).values_list(
            "pk", "required_skills", "salary_min", "salary_max"
        )
    )
