"""Create, activate and roll back parameter versions; every change leaves an audit row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from recruitly.spine.audit import audit_record
from recruitly.spine.models import ParameterOverride, ParameterVersion, VersionSource
from recruitly.spine.selectors import parameter_active_version
from recruitly.spine.specs import ParameterValueError, spec, validate_value


class ParameterRollbackError(ValueError):
    """There is no earlier version to return to."""


def _next_version_number(component: str) -> int:
    # Lock the component's rows so two concurrent writers cannot both take the same number;
    # the unique constraint is the backstop on databases without row locks (SQLite).
    current = (
        ParameterVersion.objects.select_for_update()
        .filter(component=component)
        .aggregate(m=Max("version"))["m"]
    )
    return (current or 0) + 1


@transaction.atomic
def parameter_version_create(
    *,
    component: str,
    value: Any,
    acting_user: User | None,
    reason: str,
    source: str = VersionSource.MANUAL,
    evidence: dict[str, Any] | None = None,
    restored_from: ParameterVersion | None = None,
) -> ParameterVersion:
    """Append a new version of ``component`` and make it the active one.

    Raises ParameterValueError when the value does not fit the declaration or no reason is given.
    """
    validate_value(component, value)
    if not reason.strip():
        raise ParameterValueError("a reason is required for every parameter change")
    previous = parameter_active_version(component=component)
    version = ParameterVersion.objects.create(
        component=component,
        version=_next_version_number(component),
        value=value,
        source=source,
        reason=reason,
        evidence=evidence or {},
        created_by=acting_user
        if acting_user is not None and acting_user.is_authenticated
        else None,
        restored_from=restored_from,
    )
    audit_record(
        acting_user=acting_user,
        action=f"parameter.{source}",
        target=version,
        reason=reason,
        details={
            "component": component,
            "version": version.version,
            "value": value,
            "previous_version": previous.version if previous else None,
            "previous_value": previous.value if previous else spec(component).default,
            "evidence": evidence or {},
        },
    )
    return version


@transaction.atomic
def parameter_version_activate(
    *, version: ParameterVersion, acting_user: User | None, reason: str
) -> ParameterVersion:
    """Make an earlier version's value active again by appending a copy of it.

    Idempotent: activating the version that is already active returns it unchanged.
    """
    active = parameter_active_version(component=version.component)
    if active is not None and active.pk == version.pk:
        return active
    return parameter_version_create(
        component=version.component,
        value=version.value,
        acting_user=acting_user,
        reason=reason,
        source=VersionSource.ROLLBACK,
        evidence={"restored_version": version.version},
        restored_from=version,
    )


@transaction.atomic
def parameter_version_rollback(
    *, component: str, acting_user: User | None, reason: str
) -> ParameterVersion:
    """Return ``component`` to the value it had before the active version.

    When the active version is the first one, the rollback restores the code default.
    Raises ParameterRollbackError when nothing was ever changed.
    """
    versions = list(ParameterVersion.objects.filter(component=component).order_by("-version")[:2])
    if not versions:
        raise ParameterRollbackError(f"{component} has no versions: it already uses its default")
    if len(versions) == 1:
        return parameter_version_create(
            component=component,
            value=spec(component).default,
            acting_user=acting_user,
            reason=reason,
            source=VersionSource.ROLLBACK,
            evidence={"restored": "code default", "rolled_back_version": versions[0].version},
        )
    return parameter_version_create(
        component=component,
        value=versions[1].value,
        acting_user=acting_user,
        reason=reason,
        source=VersionSource.ROLLBACK,
        evidence={
            "restored_version": versions[1].version,
            "rolled_back_version": versions[0].version,
        },
        restored_from=versions[1],
    )


@transaction.atomic
def parameter_restore(
    *,
    component: str,
    version_number: int | None,
    acting_user: User | None,
    reason: str,
) -> ParameterVersion:
    """Restore version ``version_number`` of ``component``, or the previous value when None.

    Appends a new version either way. Raises ParameterVersion.DoesNotExist for an unknown
    version and ParameterRollbackError when there is nothing to roll back.
    """
    if version_number is None:
        return parameter_version_rollback(
            component=component, acting_user=acting_user, reason=reason
        )
    target = ParameterVersion.objects.get(component=component, version=version_number)
    return parameter_version_activate(version=target, acting_user=acting_user, reason=reason)


@transaction.atomic
def parameter_override_set(
    *,
    user: User,
    component: str,
    value: Any,
    acting_user: User | None,
    reason: str,
    evidence: dict[str, Any] | None = None,
    active: bool = True,
) -> ParameterOverride:
    """Append a personal value for one user (``active=False`` clears it)."""
    validate_value(component, value)
    override = ParameterOverride.objects.create(
        user=user,
        component=component,
        value=value,
        reason=reason,
        evidence=evidence or {},
        active=active,
    )
    audit_record(
        acting_user=acting_user,
        action="parameter.override" if active else "parameter.override_cleared",
        target=override,
        reason=reason,
        details={"component": component, "value": value, "user": user.pk},
    )
    return override
