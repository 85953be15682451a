# ruff: noqa: RUF001
"""Reviewers' monitoring and fairness pages, and the exploration switch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from learning.models import MonitoringCheck
from learning.services.exploration import EPSILON
from learning.services.fairness import METRICS, fairness_report
from learning.services.monitoring import exploration_switch_off
from learning.views import reviewer_required
from recruitly.charts import effect_with_ci
from recruitly.spine.models import ParameterVersion
from recruitly.spine.resolver import resolve
from recruitly.timecharts import Mark, Series, value_timeline

SERIES_DAYS = 90
# check → (title, legend name of its figure, legend name of its threshold)
LABELS = {
    "calibration": ("ECE of the resume-score rates", "ECE", "noise floor (99th pct)"),
    "concept_drift": ("Page–Hinkley detections", "detections", None),
    "fit_accuracy": ("AUC of the fit score", "AUC", "chance (0.5)"),
    "feature_drift.postings": ("posting features drifted", "features drifted", None),
    "feature_drift.applications": ("application inputs drifted", "features drifted", None),
    "diversity": ("occupation entropy trend (bits/week)", "slope", "alert below"),
    "exploration": ("exploration epsilon", "epsilon", None),
}


@dataclass(frozen=True)
class CheckPanel:
    latest: MonitoringCheck
    title: str
    chart: SafeString
    days: int
    alerts: int


def _midnight(day: Any) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _panel(name: str, rows: list[MonitoringCheck]) -> CheckPanel:
    title, value_name, threshold_name = LABELS.get(name, (name, name, None))
    values = tuple((_midnight(r.day), r.value) for r in rows if r.value is not None)
    series = [Series(value_name, values)]
    thresholds = tuple((_midnight(r.day), r.threshold) for r in rows if r.threshold is not None)
    if threshold_name and thresholds:
        series.append(Series(threshold_name, thresholds))
    component = rows[-1].component
    versions = (
        ParameterVersion.objects.filter(
            component=component, created_at__gte=_midnight(rows[0].day)
        ).order_by("version")
        if component
        else []
    )
    marks = [Mark(v.created_at, f"v{v.version}", v.source) for v in versions]
    chart = value_timeline(
        [s for s in series if s.steps],
        versions=marks,
        experiments=[],
        start=_midnight(rows[0].day),
        end=_midnight(rows[-1].day) + timedelta(days=1),
    )
    alerts = sum(r.severity in ("warning", "critical") for r in rows)
    return CheckPanel(rows[-1], title, chart, len(rows), alerts)


@reviewer_required
def monitoring(request: HttpRequest) -> HttpResponse:
    latest = MonitoringCheck.objects.order_by("-day").values_list("day", flat=True).first()
    panels: list[CheckPanel] = []
    if latest is not None:
        since = latest - timedelta(days=SERIES_DAYS - 1)
        rows = list(MonitoringCheck.objects.filter(day__gte=since).order_by("name", "day"))
        by_name: dict[str, list[MonitoringCheck]] = {}
        for row in rows:
            by_name.setdefault(row.name, []).append(row)
        order = list(LABELS)
        for name in sorted(by_name, key=lambda n: (order.index(n) if n in order else 99, n)):
            panels.append(_panel(name, by_name[name]))
    exploration = next((p.latest for p in panels if p.latest.name == "exploration"), None)
    return render(
        request,
        "learning/monitoring.html",
        {
            "latest": latest,
            "panels": panels,
            "epsilon": resolve(EPSILON),
            "exploration": exploration,
            "series_days": SERIES_DAYS,
        },
    )


@reviewer_required
@require_POST
def exploration_off(request: HttpRequest) -> HttpResponse:
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, "Say why exploration is switched off: the reason is audited.")
        return redirect("learning:monitoring")
    if float(resolve(EPSILON).value) <= 0:
        messages.info(request, "Exploration is already off.")
        return redirect("learning:monitoring")
    exploration_switch_off(acting_user=request.user, reason=reason[:2000])  # type: ignore[arg-type]
    messages.success(request, "Exploration switched off; the change is in the audit trail.")
    return redirect("learning:monitoring")


def _shown(row: dict[str, Any]) -> dict[str, str]:
    """Rates as percentages and their differences in percentage points; scores as points."""
    if row["metric"] == "interviewed":
        return {
            "shown_mean": f"{row['mean']:.1%}",
            "shown_rest": f"{row['mean_rest']:.1%}",
            "shown_difference": f"{100 * row['difference']:+.1f} pp "
            f"[{100 * row['ci_low']:+.1f}, {100 * row['ci_high']:+.1f}]",
        }
    return {
        "shown_mean": f"{row['mean']:.1f}",
        "shown_rest": f"{row['mean_rest']:.1f}",
        "shown_difference": f"{row['difference']:+.2f} "
        f"[{row['ci_low']:+.2f}, {row['ci_high']:+.2f}]",
    }


@reviewer_required
def fairness(request: HttpRequest) -> HttpResponse:
    today = timezone.now().astimezone(UTC).date()
    report = fairness_report(window_end=_midnight(today))
    rows = [{**r, **_shown(r)} for r in report["disparities"]]
    charts = []
    for metric, label in METRICS.items():
        chosen = [r for r in rows if r["metric"] == metric]
        scale = 100.0 if metric == "interviewed" else 1.0
        charts.append(
            {
                "label": label,
                "unit": "percentage points" if metric == "interviewed" else "score points",
                "chart": effect_with_ci(
                    [f"{r['attribute']}: {r['level']}" for r in chosen],
                    [r["difference"] * scale for r in chosen],
                    [r["ci_low"] * scale for r in chosen],
                    [r["ci_high"] * scale for r in chosen],
                ),
            }
        )
    return render(
        request,
        "learning/fairness.html",
        {"report": report, "rows": rows, "charts": charts, "metrics": METRICS},
    )
