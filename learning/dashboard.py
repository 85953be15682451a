"""The learning dashboard (seed 004): AI feedback totals, trend and approval by action type,
with the engine's pending recommendations and recent parameter changes. Read-only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from learning.ai_health import health_of
from learning.analytics.rates import wilson_interval
from learning.models import Recommendation, RecommendationStatus, WeeklyInsight
from learning.selectors import recommendation_list
from recruitly.eventlog.models import Event
from recruitly.spine.models import ParameterVersion
from recruitly.spine.selectors import parameter_version_list

RATED = "AI_RESPONSE_RATED"
TREND_DAYS = 14
LIST_LIMIT = 10
# Seed 004's thresholds: ready to train from 500 rated answers, optimal from 1,000;
# health is "excellent" from 85 % approval, "good" from 75 %.
TRAINING_MIN_FEEDBACK = 500
TRAINING_OPTIMAL_FEEDBACK = 1000


def _percent(up: int, total: int) -> float:
    return round(100.0 * up / total, 1) if total else 0.0


def _health(up: int, total: int) -> str:
    """The band of the Wilson interval (learning.ai_health), "no_data" before any rating."""
    return health_of(up, total).health if total else "no_data"


def _counts() -> dict[str, int]:
    return Event.objects.filter(event_type=RATED).aggregate(
        total=Count("id"), up=Count("id", filter=Q(payload__rating="up"))
    )


def _trend(since: datetime, days: int, today: date) -> list[dict[str, Any]]:
    rows = {
        row["day"]: row
        for row in Event.objects.filter(event_type=RATED, occurred_at__gte=since)
        .annotate(day=TruncDate("occurred_at"))
        .values("day")
        .annotate(n=Count("id"), up=Count("id", filter=Q(payload__rating="up")))
    }
    trend = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        row = rows.get(day, {"n": 0, "up": 0})
        trend.append(
            {
                "date": day.isoformat(),
                "feedback_count": row["n"],
                # no ratings that day: no rate, rather than a misleading 0 %
                "approval_rate": _percent(row["up"], row["n"]) if row["n"] else None,
            }
        )
    return trend


def _by_action() -> list[dict[str, Any]]:
    rows = (
        Event.objects.filter(event_type=RATED)
        .values(action_type=KT("payload__action_type"))
        .annotate(n=Count("id"), up=Count("id", filter=Q(payload__rating="up")))
        .order_by("-n", "action_type")
    )
    return [
        {
            "action_type": row["action_type"],
            "count": row["n"],
            "approval_rate": _percent(row["up"], row["n"]),
            "approval_ci": [
                round(float(bound) * 100, 1) for bound in wilson_interval(row["up"], row["n"])
            ],
        }
        for row in rows
    ]


def _pending() -> list[dict[str, Any]]:
    return [
        {
            "id": rec.pk,
            "kind": rec.kind,
            "component": rec.component,
            "parameter": rec.parameter,
            "route": rec.route,
            "risk_level": rec.risk_level,
            "reasoning": rec.reasoning,
            "created_at": rec.created_at.isoformat(),
        }
        for rec in recommendation_list(status=RecommendationStatus.PENDING)[:LIST_LIMIT]
    ]


def _recent_changes() -> list[dict[str, Any]]:
    return [
        {
            "component": v.component,
            "version": v.version,
            "source": v.source,
            "reason": v.reason,
            "created_by": v.created_by.get_username() if v.created_by else None,
            "created_at": v.created_at.isoformat(),
        }
        for v in parameter_version_list().order_by("-created_at", "-id")[:LIST_LIMIT]
    ]


def _totals(feedback: int) -> dict[str, Any]:
    by_status = dict(
        Recommendation.objects.values_list("status").annotate(n=Count("id")).order_by()
    )
    return {
        "events": Event.objects.count(),
        "ai_feedback": feedback,
        "recommendations": {s: by_status.get(s, 0) for s in RecommendationStatus.values},
        "parameter_versions": ParameterVersion.objects.count(),
        "weekly_insights": WeeklyInsight.objects.count(),
    }


def learning_dashboard(*, days: int = TREND_DAYS, now: datetime | None = None) -> dict[str, Any]:
    """Everything the dashboard shows, JSON-ready, in seed 004's shape plus the engine's lists."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = _counts()
    total, up = counts["total"], counts["up"]
    approval = _percent(up, total)
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
    )
    return {
        "totals": _totals(total),
        "current": {
            "total_feedback": total,
            "thumbs_up": up,
            "thumbs_down": total - up,
            "approval_rate": approval,
            "approval_ci": [round(float(b) * 100, 1) for b in wilson_interval(up, total)]
            if total
            else None,
        },
        "trend": _trend(since, days, today),
        "by_action": _by_action(),
        "learning_status": {
            "ready_for_training": total >= TRAINING_MIN_FEEDBACK,
            "optimal_for_training": total >= TRAINING_OPTIMAL_FEEDBACK,
            "feedback_count": total,
            "needed_for_training": max(0, TRAINING_MIN_FEEDBACK - total),
            "approval_rate": approval,
            "health": _health(up, total),
        },
        "pending_recommendations": _pending(),
        "recent_parameter_changes": _recent_changes(),
    }
