from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import OuterRef, QuerySet, Subquery

from learning.models import (
    AuditEntry,
    Event,
    ParameterOverride,
    ParameterVersion,
    QuarantinedEvent,
    Recommendation,
    RecommendationStatus,
    WeeklyInsight,
)


def parameter_active_version(*, component: str) -> ParameterVersion | None:
    return (
        ParameterVersion.objects.select_related("created_by")
        .filter(component=component)
        .order_by("-version")
        .first()
    )


def parameter_version_list(*, component: str | None = None) -> QuerySet[ParameterVersion]:
    qs = ParameterVersion.objects.select_related("created_by", "restored_from")
    return qs.filter(component=component) if component else qs


def parameter_override_get(*, user: User, component: str) -> ParameterOverride | None:
    latest = (
        ParameterOverride.objects.filter(user=user, component=component)
        .order_by("-created_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.active else None


def event_list(*, family: str | None = None) -> QuerySet[Event]:
    qs = Event.objects.select_related("user")
    return qs.filter(family=family) if family else qs


def quarantined_event_list() -> QuerySet[QuarantinedEvent]:
    return QuarantinedEvent.objects.select_related("submitted_by")


def audit_entry_list(*, target_type: str | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    return qs.filter(target_type=target_type) if target_type else qs


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


def parameter_active_version_list() -> QuerySet[ParameterVersion]:
    """The active (highest) version of every component that has one, in one query."""
    latest = (
        ParameterVersion.objects.filter(component=OuterRef("component"))
        .order_by("-version")
        .values("version")[:1]
    )
    return (
        ParameterVersion.objects.select_related("created_by")
        .filter(version=Subquery(latest))
        .order_by("component")
    )


def weekly_insight_list(*, user: User) -> QuerySet[WeeklyInsight]:
    return WeeklyInsight.objects.select_related("user").filter(user=user).order_by("-week_start")
