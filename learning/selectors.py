from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from learning.models import Recommendation, RecommendationStatus, WeeklyInsight


def recommendation_list(*, status: str | None = None) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.select_related(
        "decided_by", "resulting_version", "analysis_run"
    ).order_by("-created_at", "-id")
    return qs.filter(status=status) if status else qs


def recommendation_decided_list() -> QuerySet[Recommendation]:
    return (
        recommendation_list()
        .exclude(status__in=[RecommendationStatus.PENDING, RecommendationStatus.INFORMATIONAL])
        .order_by("-decided_at", "-id")
    )


def weekly_insight_list(*, user: User) -> QuerySet[WeeklyInsight]:
    return WeeklyInsight.objects.select_related("user").filter(user=user).order_by("-week_start")
