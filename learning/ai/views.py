"""The reviewers' page of the AI feedback loop (server-rendered; the JSON is
``GET /api/admin/learning-dashboard``): trend, health per action and version with intervals,
issues, training readiness and snapshots, fine-tuning jobs, prompt and model candidates,
prompt versions and the automatic rollback log."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from learning.ai.failure_patterns import failure_pattern_tests
from learning.ai.pipeline import ROLLBACK_ACTION, health_by_action, health_by_version, issues_detect
from learning.ai.training.examples import OPTIMAL, READY
from learning.ai.training.overview import training_overview
from learning.ai.weekly import ai_weekly_report
from learning.dashboard import learning_dashboard
from learning.views import reviewer_required
from recruitly.charts import bars_with_rate
from recruitly.http import AuthenticatedHttpRequest
from recruitly.spine.models import AuditEntry, ParameterVersion

VERSIONS_SHOWN = 30
ROLLBACKS_SHOWN = 20


@reviewer_required
def ai_loop(request: AuthenticatedHttpRequest) -> HttpResponse:
    trend = [t for t in learning_dashboard()["trend"] if t["feedback_count"]]
    chart = bars_with_rate(
        [t["date"][5:] for t in trend],
        [t["feedback_count"] for t in trend],
        [t["approval_rate"] / 100 for t in trend],
        count_label="rated answers",
        rate_label="approval rate",
    )
    by_action = health_by_action()
    versions = ParameterVersion.objects.filter(component__regex=r"^(prompts|ai\.model)\.").order_by(
        "-created_at", "-pk"
    )[:VERSIONS_SHOWN]
    rollbacks = AuditEntry.objects.filter(action=ROLLBACK_ACTION).order_by("-created_at")[
        :ROLLBACKS_SHOWN
    ]
    now = timezone.now()
    context = {
        "chart": chart,
        "by_action": by_action,
        "by_version": health_by_version(),
        "issues": issues_detect(now=now, by_action=by_action),
        "pattern_tests": failure_pattern_tests(now=now),
        "training": training_overview(),
        "ready": READY,
        "optimal": OPTIMAL,
        "versions": versions,
        "rollbacks": rollbacks,
        "weekly": ai_weekly_report(end=now),
    }
    return render(request, "learning/ai_loop.html", context)
