"""Read-only figures for the landing page: what the platform currently holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from statsmodels.stats.proportion import proportion_confint

from experiments.models import Experiment, ExperimentStatus
from learning.models import Recommendation, RecommendationStatus
from profiles.models import Application, CandidateProfile, JobListing
from recruitly.eventlog.models import Event, QuarantinedEvent
from recruitly.spine.models import ParameterVersion


@dataclass(frozen=True)
class MonthPoint:
    month: str
    applications: int
    interviews: int

    @property
    def interview_rate(self) -> float:
        return self.interviews / self.applications if self.applications else 0.0


@dataclass(frozen=True)
class Overview:
    candidates: int
    users: int
    jobs: int
    open_jobs: int
    applications: int
    interviews: int
    offers: int
    events: int
    quarantined: int
    parameter_versions: int
    experiments: int
    running_experiments: int
    pending_recommendations: int
    months: list[MonthPoint]
    events_by_family: list[tuple[str, int]]

    @property
    def interview_rate(self) -> float:
        return self.interviews / self.applications if self.applications else 0.0

    @property
    def interview_ci(self) -> tuple[float, float] | None:
        """The 95 % Wilson interval of the interview rate, in percent; None without data."""
        if not self.applications:
            return None

        low, high = proportion_confint(self.interviews, self.applications, method="wilson")
        return round(100 * float(low), 1), round(100 * float(high), 1)


def platform_overview() -> Overview:
    outcomes = Application.objects.aggregate(
        total=Count("id"),
        interviews=Count("id", filter=Q(outcome_status__in=["interview", "offer"])),
        offers=Count("id", filter=Q(outcome_status="offer")),
    )
    monthly = (
        Application.objects.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(
            n=Count("id"),
            interviews=Count("id", filter=Q(outcome_status__in=["interview", "offer"])),
        )
        .order_by("month")
    )
    families = Event.objects.values("family").annotate(n=Count("id")).order_by("-n")
    return Overview(
        candidates=CandidateProfile.objects.count(),
        users=get_user_model().objects.count(),
        jobs=JobListing.objects.count(),
        open_jobs=JobListing.objects.filter(is_active=True).count(),
        applications=outcomes["total"],
        interviews=outcomes["interviews"],
        offers=outcomes["offers"],
        events=Event.objects.count(),
        quarantined=QuarantinedEvent.objects.count(),
        parameter_versions=ParameterVersion.objects.count(),
        experiments=Experiment.objects.count(),
        running_experiments=Experiment.objects.filter(status=ExperimentStatus.RUNNING).count(),
        pending_recommendations=Recommendation.objects.filter(
            status=RecommendationStatus.PENDING
        ).count(),
        months=[
            MonthPoint(row["month"].strftime("%Y-%m"), row["n"], row["interviews"])
            for row in monthly
            if row["month"] is not None
        ],
        events_by_family=[(row["family"], row["n"]) for row in families],
    )
