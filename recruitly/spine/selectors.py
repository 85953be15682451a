"""Reading parameter versions, overrides and the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import OuterRef, QuerySet, Subquery

from recruitly.spine.models import AuditEntry, ParameterOverride, ParameterVersion


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


def audit_entry_list(*, target_type: str | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    return qs.filter(target_type=target_type) if target_type else qs


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
