from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from learning.models import AuditEntry, Event, ParameterOverride, ParameterVersion, QuarantinedEvent


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


def parameter_override_get(*, user: AbstractBaseUser, component: str) -> ParameterOverride | None:
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
