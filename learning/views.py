"""Server-rendered pages of the learning engine: the reviewers' workflow, the learning
dashboard and the candidate's weekly insights. Mutations are POST only; htmx requests get
the changed fragment, others a redirect with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from experiments.selectors import experiment_list
from learning.dashboard import learning_dashboard
from learning.evidence import (
    EvidenceRow,
    ValueRow,
    evidence_rows,
    recommendation_chart,
    refusal_message,
    value_rows,
)
from learning.insights.build import LOOKBACK_WEEKS, RESPONSE_WAIT_DAYS
from learning.models import Recommendation, RecommendationStatus
from learning.parameter_timeline import parameter_timeline_chart
from learning.selectors import recommendation_decided_list, recommendation_list, weekly_insight_list
from learning.services import (
    RecommendationDecisionError,
    recommendation_approve,
    recommendation_approve_as_test,
    recommendation_reject,
)
from profiles.activity import activity_chart
from profiles.selectors import candidate_profile_get
from recruitly.charts import bars_with_rate
from recruitly.http import AuthenticatedHttpRequest
from recruitly.ids import parse_id
from recruitly.roles import is_reviewer
from recruitly.spine.models import ParameterVersion
from recruitly.spine.resolver import resolve
from recruitly.spine.selectors import parameter_active_version_list, parameter_version_list
from recruitly.spine.services import ParameterRollbackError, parameter_restore
from recruitly.spine.specs import REGISTRY, spec

DECIDED_SHOWN = 30
FINDINGS_SHOWN = 5
View = Callable[..., HttpResponse]


def reviewer_required(view: View) -> View:
    """Sign-in first (302 to the login page), then membership of Reviewers (403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_reviewer(request.user):
            raise PermissionDenied("reviewers only")
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class RecommendationCard:
    rec: Recommendation
    chart: SafeString
    evidence: list[EvidenceRow]
    values: list[ValueRow]


def _card(rec: Recommendation) -> RecommendationCard:
    return RecommendationCard(rec, recommendation_chart(rec), evidence_rows(rec), value_rows(rec))


@reviewer_required
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = [_card(r) for r in recommendation_list(status=RecommendationStatus.PENDING)]
    active = {v.component: v for v in parameter_active_version_list()}
    components = [(name, REGISTRY[name], active.get(name)) for name in sorted(REGISTRY)]
    findings = recommendation_list(status=RecommendationStatus.INFORMATIONAL)[:FINDINGS_SHOWN]
    context = {
        "pending": pending,
        "findings": [_card(r) for r in findings],
        "components": components,
        "decided": recommendation_decided_list()[:DECIDED_SHOWN],
    }
    return render(request, "learning/review.html", context)


DECISIONS: dict[str, Callable[..., Recommendation]] = {
    "approve": recommendation_approve,
    "test": recommendation_approve_as_test,
    "reject": recommendation_reject,
}


@require_POST
@reviewer_required
def recommendation_decide(
    request: AuthenticatedHttpRequest, pk: int, decision: str
) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404("unknown decision")
    rec = get_object_or_404(Recommendation, pk=pk)
    error = ""
    try:
        rec = DECISIONS[decision](
            recommendation=rec, acting_user=request.user, reason=request.POST.get("reason", "")
        )
    except RecommendationDecisionError as exc:
        error = refusal_message(str(exc))
    if request.htmx:
        rec = recommendation_list().get(pk=pk)
        # the heading's "Pending (n)" is swapped out of band, so it follows the decision
        pending = recommendation_list(status=RecommendationStatus.PENDING).count()
        context = {"card": _card(rec), "error": error, "pending_count": pending}
        return render(request, "learning/partials/_recommendation.html", context)
    if error:
        messages.error(request, f"Recommendation {pk}: {error}")
    else:
        messages.success(request, f"Recommendation {pk}: {rec.get_status_display().lower()}.")
    return redirect("learning:review")


def _component_or_404(component: str) -> str:
    if component not in REGISTRY:
        raise Http404("unknown parameter component")
    return component


@reviewer_required
def parameter_history(request: AuthenticatedHttpRequest, component: str) -> HttpResponse:
    _component_or_404(component)
    versions = list(parameter_version_list(component=component).order_by("-version"))
    experiments = list(experiment_list().filter(component=component, started_at__isnull=False))
    context = {
        "component": component,
        "spec": spec(component),
        "versions": versions,
        "active": versions[0] if versions else None,
        "experiments": experiments,
        "timeline": parameter_timeline_chart(
            component=component, versions=versions[::-1], experiments=experiments
        ),
    }
    return render(request, "learning/parameter_history.html", context)


def _rollback_target(component: str, version_number: str | None) -> tuple[Any, str]:
    """The value a rollback would restore, and how to describe it."""
    versions = list(parameter_version_list(component=component).order_by("-version")[:2])
    if version_number:
        target = get_object_or_404(ParameterVersion, component=component, version=version_number)
        return target.value, f"version {target.version}"
    if not versions:
        return None, ""
    if len(versions) == 1:
        return spec(component).default, "the code default"
    return versions[1].value, f"version {versions[1].version}"


@reviewer_required
def parameter_rollback_confirm(request: AuthenticatedHttpRequest, component: str) -> HttpResponse:
    _component_or_404(component)
    version = request.GET.get("version") or None
    if version is not None and parse_id(version) is None:
        raise Http404("bad version")
    value, described = _rollback_target(component, version)
    active = parameter_version_list(component=component).order_by("-version").first()
    context = {
        "component": component,
        "version": version,
        "active": active,
        "target_value": value,
        "target": described,
    }
    return render(request, "learning/parameter_rollback_confirm.html", context)


@require_POST
@reviewer_required
def parameter_rollback(request: AuthenticatedHttpRequest, component: str) -> HttpResponse:
    _component_or_404(component)
    reason = request.POST.get("reason", "").strip()
    number = request.POST.get("version", "").strip()
    history = reverse("learning:parameter-history", args=[component])
    if not reason:
        messages.error(request, "A rollback needs a reason.")
        return redirect(history)
    if number and parse_id(number) is None:
        raise Http404("no such version")
    try:
        created = parameter_restore(
            component=component,
            version_number=int(number) if number else None,
            acting_user=request.user,
            reason=reason,
        )
    except ParameterVersion.DoesNotExist:
        raise Http404(f"{component} has no such version") from None
    except ParameterRollbackError as exc:
        messages.error(request, str(exc))
        return redirect(history)
    messages.success(request, f"{component} is now at version {created.version}.")
    return redirect(history)


@reviewer_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = learning_dashboard()
    trend = [t for t in data["trend"] if t["feedback_count"]]
    chart = bars_with_rate(
        [t["date"][5:] for t in trend],
        [t["feedback_count"] for t in trend],
        [t["approval_rate"] / 100 for t in trend],
        count_label="rated answers",
        rate_label="approval rate",
    )
    return render(request, "learning/dashboard.html", {"data": data, "chart": chart})


PERSONAL_COMPONENTS = (
    ("personalization.min_fit_score_to_apply", "Minimum fit score to apply"),
    ("personalization.applications_per_week", "Applications per week"),
    ("personalization.follow_up_days", "Follow up after (days)"),
)
INSIGHT_WEEKS_LISTED = 12


@login_required
def insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in candidate's weekly insights (their own only) and personal settings."""
    weeks = list(weekly_insight_list(user=request.user)[:INSIGHT_WEEKS_LISTED])
    chosen = request.GET.get("week")
    current = next((w for w in weeks if w.week_start.isoformat() == chosen), None)
    current = current or (weeks[0] if weeks else None)
    personal = [
        (label, resolve(component, request.user)) for component, label in PERSONAL_COMPONENTS
    ]
    trend = None
    profile = candidate_profile_get(user=request.user)
    if current is not None and profile is not None:
        # the weeks the chosen Monday's analysis looked at, up to that week's end
        until = datetime.combine(current.week_start, time(), tzinfo=UTC) + timedelta(days=7)
        since = until - timedelta(weeks=LOOKBACK_WEEKS)
        trend, _ = activity_chart(candidate=profile, since=since, until=until)
    context = {
        "insight": current,
        "trend": trend,
        "content": current.content if current else {},
        "weeks": weeks,
        "personal": personal,
        "lookback_weeks": LOOKBACK_WEEKS,
        "response_wait_days": RESPONSE_WAIT_DAYS,
    }
    return render(request, "learning/insights.html", context)
