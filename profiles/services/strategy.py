"""Strategy mode per candidate, from the resolver's thresholds; changes become events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from profiles.models import Application, CandidateProfile
from profiles.services.event_emit import event_emit
from recruitly.domain import StrategyMode
from recruitly.spine.resolver import resolve


@dataclass(frozen=True)
class StrategyMetrics:
    resume_score: float
    total_applications: int
    interview_rate: float
    applications_last_7_days: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "resume_score": self.resume_score,
            "total_applications": self.total_applications,
            "interview_rate": self.interview_rate,
            "applications_last_7_days": self.applications_last_7_days,
        }


def strategy_metrics(*, candidate: CandidateProfile, now: datetime) -> StrategyMetrics:
    latest = candidate.resume_versions.order_by("-version").first()
    counts = Application.objects.filter(candidate=candidate).aggregate(
        total=Count("id"),
        interviews=Count("id", filter=Q(outcome_status__in=["interview", "offer"])),
        recent=Count("id", filter=Q(submitted_at__gte=now - timedelta(days=7))),
    )
    total = counts["total"]
    return StrategyMetrics(
        resume_score=float(latest.resume_score or 0.0) if latest else 0.0,
        total_applications=total,
        interview_rate=round(counts["interviews"] / total, 4) if total else 0.0,
        applications_last_7_days=counts["recent"],
    )


def strategy_decide(*, candidate: CandidateProfile, metrics: StrategyMetrics) -> tuple[str, str]:
    """(mode, reason) for these metrics under the candidate's resolved thresholds."""
    user = candidate.user
    improve = float(resolve("strategy.improve_resume_threshold", user).value)
    rethink_after = int(resolve("strategy.rethink_targets_threshold", user).value)
    rethink_rate = float(resolve("strategy.rethink_interview_rate", user).value)
    if metrics.resume_score < improve:
        return (
            StrategyMode.IMPROVE_RESUME_FIRST,
            f"Resume score {metrics.resume_score:.0f} is below {improve:.0f}",
        )
    if metrics.total_applications >= rethink_after and metrics.interview_rate < rethink_rate:
        return (
            StrategyMode.RETHINK_TARGETS,
            f"{metrics.total_applications} applications with a {metrics.interview_rate:.1%} "
            f"interview rate (below {rethink_rate:.1%})",
        )
    return StrategyMode.APPLY_MODE, "Resume is ready and applications are converting"


@transaction.atomic
def candidate_strategy_update(*, candidate: CandidateProfile, now: datetime | None = None) -> str:
    """Recompute the mode; on a change save it and emit MODE_CHANGED. Idempotent."""
    now = now or timezone.now()
    metrics = strategy_metrics(candidate=candidate, now=now)
    mode, reason = strategy_decide(candidate=candidate, metrics=metrics)
    locked = CandidateProfile.objects.select_for_update().get(pk=candidate.pk)
    if locked.strategy_mode == mode:
        return mode
    previous = locked.strategy_mode
    CandidateProfile.objects.filter(pk=candidate.pk).update(strategy_mode=mode, updated_at=now)
    candidate.strategy_mode = mode
    event_emit(
        user=candidate.user,
        event_type="MODE_CHANGED",
        payload={
            "from_mode": previous,
            "to_mode": str(mode),
            "reason": reason[:500],
            "metrics": metrics.as_dict(),
        },
    )
    return mode
