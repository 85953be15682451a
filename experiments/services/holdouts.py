"""Holdouts: a small share of candidates kept on the spine as it stood when the holdout began.

Start, end and rotate are reviewer decisions, audited in the same transaction. Membership is
the salted hash of :func:`experiments.allocation.in_holdout`: deterministic, stable across
processes, independent of every experiment's own hash. Members

* get the frozen value of every component from the resolver (after their own personal
  overrides, which are the candidate's settings, and after a variant they already held in an
  experiment that was running when the holdout began: a sticky assignment never moves);
* are never enrolled in an experiment while the holdout is active.

Candidates who opted out of experimentation are never members: they get the shipped values
and take part in no comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from experiments.allocation import in_holdout
from experiments.metrics import metric_get
from experiments.models import Holdout, HoldoutStatus
from experiments.selectors import holdout_active, user_opted_out
from experiments.services.errors import ExperimentError, ExperimentStateError
from experiments.services.holdout_report import holdout_report
from experiments.services.jsonsafe import json_safe
from recruitly.spine.audit import audit_record
from recruitly.spine.selectors import parameter_active_version_list
from recruitly.spine.specs import REGISTRY, ParameterValueError, validate_value

# A holdout larger than this costs the shipped wins to too many candidates for too long;
# below 1 % it measures nothing on this platform's traffic.
MIN_SHARE, MAX_SHARE = 0.01, 0.20


def default_share() -> float:
    return float(getattr(settings, "EXPERIMENTS_HOLDOUT_SHARE", 0.05))


def spine_snapshot() -> dict[str, dict[str, Any]]:
    """Every component's value candidates get today, and the version it comes from."""
    active = {v.component: v for v in parameter_active_version_list()}
    return {
        component: (
            {"value": active[component].value, "version": active[component].version}
            if component in active
            else {"value": spec.default, "version": None}
        )
        for component, spec in REGISTRY.items()
    }


def holdout_member(holdout: Holdout, user: User) -> bool:
    """Whether the user's hash puts them in the holdout (opt-out not considered here)."""
    return in_holdout(holdout.salt, holdout.share, user.get_username())


def holdout_excludes(user: User, holdout: Holdout | None = None) -> bool:
    """True when an active holdout keeps ``user`` out of new experiment enrolments."""
    holdout = holdout if holdout is not None else holdout_active()
    return holdout is not None and holdout_member(holdout, user)


@dataclass(frozen=True)
class HoldoutValue:
    value: Any
    holdout_id: int
    version: int | None


def holdout_value(*, component: str, user: User) -> HoldoutValue | None:
    """The frozen value of ``component`` for a member of the active holdout (resolver hook).

    None when no holdout is active, the user is not a member (or opted out), the component
    did not exist at the start, or its frozen value no longer fits the component's current
    declaration (the code changed the schema; members then get the shipped value).
    """
    if not user.is_authenticated:
        return None
    holdout = holdout_active()
    if holdout is None or component not in holdout.frozen_values:
        return None
    if not holdout_member(holdout, user) or user_opted_out(user):
        return None
    entry = holdout.frozen_values[component]
    try:
        validate_value(component, entry["value"])
    except ParameterValueError:
        return None
    return HoldoutValue(entry["value"], holdout.pk, entry.get("version"))


def _validate(key: str, share: float, primary: str, secondary: list[str]) -> list[str]:
    errors = []
    if not MIN_SHARE <= share <= MAX_SHARE:
        errors.append(f"share must lie in [{MIN_SHARE:.0%}, {MAX_SHARE:.0%}], got {share:g}")
    for metric in [primary, *secondary]:
        try:
            metric_get(metric)
        except ValueError as exc:
            errors.append(str(exc))
    if Holdout.objects.filter(key=key).exists():
        errors.append(f"a holdout with key {key!r} exists")
    return errors


def _key_for(now: datetime) -> str:
    base = f"holdout-{now:%Y-%m-%d}"
    taken = set(Holdout.objects.filter(key__startswith=base).values_list("key", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{i}" for i in range(2, len(taken) + 3) if f"{base}-{i}" not in taken)


def _audit(holdout: Holdout, action: str, acting_user: User | None, reason: str, **details: Any):
    audit_record(
        acting_user=acting_user,
        action=f"holdout.{action}",
        target=holdout,
        reason=reason,
        details=json_safe({"holdout": holdout.key, "share": holdout.share, **details}),
    )


@transaction.atomic
def holdout_start(
    *,
    acting_user: User | None,
    reason: str,
    key: str = "",
    name: str = "",
    share: float | None = None,
    primary_metric: str = "interview_rate",
    secondary_metrics: list[str] | None = None,
    now: datetime | None = None,
    previous: Holdout | None = None,
) -> Holdout:
    """Freeze today's spine for a new holdout of ``share`` of the candidates.

    Raises ExperimentStateError while another holdout is active, ExperimentError listing
    every invalid field (share outside [1 %, 20 %], unknown metric, taken key, no reason).
    """
    now = now or timezone.now()
    share = default_share() if share is None else float(share)
    secondary = [m for m in (secondary_metrics or []) if m != primary_metric]
    key = key or _key_for(now)
    if holdout_active() is not None:
        raise ExperimentStateError("a holdout is already active: rotate or end it first")
    errors = _validate(key, share, primary_metric, secondary)
    if not reason.strip():
        errors.append("a reason is required to start a holdout")
    if errors:
        raise ExperimentError(errors)
    try:
        with transaction.atomic():
            holdout = Holdout.objects.create(
                key=key,
                name=name or f"Holdout from {now:%Y-%m-%d}",
                share=share,
                salt=key,
                primary_metric=primary_metric,
                secondary_metrics=secondary,
                frozen_values=json_safe(spine_snapshot()),
                started_at=now,
                created_by=acting_user if acting_user and acting_user.is_authenticated else None,
                previous=previous,
            )
    except IntegrityError:
        # Another reviewer started one at the same moment; theirs stands.
        raise ExperimentStateError("a holdout is already active: rotate or end it first") from None
    _audit(
        holdout,
        "start",
        acting_user,
        reason,
        frozen_versions={c: v["version"] for c, v in holdout.frozen_values.items()},
        previous=previous.key if previous else None,
    )
    return holdout


@transaction.atomic
def holdout_end(
    *, holdout: Holdout, acting_user: User | None, reason: str, now: datetime | None = None
) -> Holdout:
    """Release the members to the shipped values, keeping the final report with the holdout.

    Idempotent for a holdout already ended.
    """
    holdout = Holdout.objects.select_for_update().get(pk=holdout.pk)
    if holdout.status == HoldoutStatus.ENDED:
        return holdout
    if not reason.strip():
        raise ExperimentError("a reason is required to end a holdout")
    now = now or timezone.now()
    holdout.status = HoldoutStatus.ENDED
    holdout.ended_at = now
    holdout.final_report = holdout_report(holdout=holdout, now=now)
    report = holdout.final_report
    holdout.save(update_fields=["status", "ended_at", "final_report", "updated_at"])
    _audit(holdout, "end", acting_user, reason, final=_summary(report))
    return holdout


@transaction.atomic
def holdout_rotate(
    *,
    acting_user: User | None,
    reason: str,
    key: str = "",
    share: float | None = None,
    now: datetime | None = None,
) -> Holdout:
    """End the active holdout and start a new one on today's spine, with a fresh hash.

    A fresh salt draws a new set of members, so no candidate stays held back for good.
    Raises ExperimentStateError when no holdout is active.
    """
    current = holdout_active()
    if current is None:
        raise ExperimentStateError("no active holdout to rotate: start one")
    if not reason.strip():
        raise ExperimentError("a reason is required to rotate a holdout")
    now = now or timezone.now()
    ended = holdout_end(
        holdout=current, acting_user=acting_user, reason=f"rotated: {reason}", now=now
    )
    new = holdout_start(
        acting_user=acting_user,
        reason=f"rotation of {ended.key}: {reason}",
        key=key,
        share=current.share if share is None else share,
        primary_metric=current.primary_metric,
        secondary_metrics=list(current.secondary_metrics),
        now=now,
        previous=ended,
    )
    _audit(new, "rotate", acting_user, reason, replaced=ended.key)
    return new


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    primary = report["metrics"][0] if report.get("metrics") else {}
    return {
        "verdict": primary.get("verdict"),
        "relative": primary.get("relative"),
        "sizes": report.get("sizes"),
        "shipped": len(report.get("shipped", [])),
    }
