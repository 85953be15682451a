"""The weekly AI learning report (seed 000): patterns found, improvements deployed, score and
cost impact — for the seven days before ``end`` against the seven days before those.

Shown on the AI feedback loop page and e-mailed to reviewers on Mondays (beat entry "learning:
weekly AI report"). Every figure comes from the log: thumbs (``AI_RESPONSE_RATED``), issues
reported (``ai.issues_notified`` audit rows), prompt and model versions, shipped or rolled-back
experiments, automatic rollbacks, resume optimizations (overall score after, cost, stars) and
the callback rate after optimization against without (:mod:`learning.ai.callbacks`, 90 days).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Q

from experiments.models import Experiment, ExperimentStatus
from experiments.services.notify import reviewers_notify
from learning.ai.callbacks import callback_comparison, callback_text
from learning.ai.pipeline import ISSUES_ACTION, ROLLBACK_ACTION
from learning.ai_health import health_of
from profiles.models_optimize import ResumeOptimization
from recruitly.eventlog.models import Event
from recruitly.spine.models import AuditEntry, ParameterVersion

WEEK = timedelta(days=7)
COMPONENTS = r"^(prompts|ai\.model)\."


def _approval(start: datetime, end: datetime) -> dict[str, Any]:
    row = Event.objects.filter(
        event_type="AI_RESPONSE_RATED", occurred_at__gte=start, occurred_at__lt=end
    ).aggregate(n=Count("id"), up=Count("id", filter=Q(payload__rating="up")))
    return health_of(row["up"], row["n"]).as_dict()


def _optimizations(start: datetime, end: datetime) -> dict[str, Any]:

    runs = ResumeOptimization.objects.filter(created_at__gte=start, created_at__lt=end)
    stats = runs.aggregate(n=Count("id"), cost=Avg("cost_usd"), stars=Avg("rating"))
    scores = [
        float(s["overall"])
        for s in runs.values_list("scores_after", flat=True)
        if isinstance(s.get("overall"), int | float)
    ]
    return {
        "n": stats["n"],
        "average_cost_usd": float(stats["cost"]) if stats["cost"] is not None else None,
        "average_stars": round(float(stats["stars"]), 2) if stats["stars"] is not None else None,
        "average_overall_score": round(fmean(scores), 2) if scores else None,
    }


def _change(now: Any, before: Any) -> float | None:
    return None if now is None or before is None else round(now - before, 4)


def ai_weekly_report(*, end: datetime) -> dict[str, Any]:

    start, previous = end - WEEK, end - 2 * WEEK
    this_opt, last_opt = _optimizations(start, end), _optimizations(previous, start)
    in_week = {"created_at__gte": start, "created_at__lt": end}
    issues = [
        key
        for details in AuditEntry.objects.filter(action=ISSUES_ACTION, **in_week).values_list(
            "details", flat=True
        )
        for key in details.get("keys", [])
    ]
    shipped = Experiment.objects.filter(
        component__regex=COMPONENTS, ended_at__gte=start, ended_at__lt=end
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "approval": {"this_week": _approval(start, end), "last_week": _approval(previous, start)},
        "patterns_found": issues,
        "improvements_deployed": [
            {
                "component": v.component,
                "version": v.version,
                "source": v.source,
                "reason": v.reason[:300],
            }
            for v in ParameterVersion.objects.filter(component__regex=COMPONENTS, **in_week)
            .exclude(source="rollback")
            .order_by("created_at")
        ],
        "experiments": [
            {"key": e.key, "component": e.component, "status": e.status}
            for e in shipped.filter(
                status__in=[ExperimentStatus.COMPLETED, ExperimentStatus.ROLLED_BACK]
            ).order_by("ended_at")
        ],
        "rollbacks": list(
            AuditEntry.objects.filter(action=ROLLBACK_ACTION, **in_week).values_list(
                "reason", flat=True
            )
        ),
        "optimization": {
            "this_week": this_opt,
            "last_week": last_opt,
            "score_change": _change(
                this_opt["average_overall_score"], last_opt["average_overall_score"]
            ),
            "cost_change_usd": _change(this_opt["average_cost_usd"], last_opt["average_cost_usd"]),
        },
        "callbacks": callback_comparison(end=end),
    }


def _pct(row: dict[str, Any]) -> str:
    return f"{row['approval_rate']} % [{row['ci_low']}-{row['ci_high']}], n={row['n']}"


def report_text(report: dict[str, Any]) -> str:
    opt = report["optimization"]
    lines = [
        f"AI learning report, {report['start'][:10]} to {report['end'][:10]}",
        "",
        f"Approval this week: {_pct(report['approval']['this_week'])}; "
        f"last week: {_pct(report['approval']['last_week'])}",
        "",
        f"Patterns found ({len(report['patterns_found'])}):",
        *[f"- {k}" for k in report["patterns_found"]],
        "",
        f"Improvements deployed ({len(report['improvements_deployed'])}):",
        *[
            f"- {d['component']} v{d['version']} ({d['source']}): {d['reason']}"
            for d in report["improvements_deployed"]
        ],
        *[
            f"- experiment {e['key']} on {e['component']}: {e['status']}"
            for e in report["experiments"]
        ],
        *[f"- automatic rollback: {r}" for r in report["rollbacks"]],
        "",
        f"Resume optimizations: {opt['this_week']['n']} this week, {opt['last_week']['n']} last; "
        f"average overall score {opt['this_week']['average_overall_score']} "
        f"(change {opt['score_change']}); average cost ${opt['this_week']['average_cost_usd']} "
        f"(change {opt['cost_change_usd']}); average stars {opt['this_week']['average_stars']}.",
        callback_text(report["callbacks"]),
    ]
    return "\n".join(lines)


def ai_weekly_report_send(*, end: datetime) -> dict[str, Any]:

    report = ai_weekly_report(end=end)
    with transaction.atomic():
        reviewers_notify(subject=f"AI learning report to {end:%Y-%m-%d}", body=report_text(report))
    return report
