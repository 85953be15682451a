from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from recruitly.spine.models import AuditEntry


def audit_record(
    *,
    acting_user: User | None,
    action: str,
    target: Any,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row; ``acting_user=None`` marks an automatic decision.

    Call it inside the transaction of the change it records.
    """
    return AuditEntry.objects.create(
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        action=action,
        target_type=target._meta.label if hasattr(target, "_meta") else type(target).__name__,
        target_id=str(getattr(target, "pk", target)),
        reason=reason,
        details=details or {},
    )
