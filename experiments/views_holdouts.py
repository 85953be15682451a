"""Reviewer pages of holdouts: the cumulative effect of everything shipped, and rotation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from experiments.charts import Interval, interval_plot
from experiments.models import Holdout, HoldoutStatus
from experiments.selectors import holdout_active, holdout_audit_list, holdout_list
from experiments.services import (
    ExperimentError,
    holdout_end,
    holdout_report,
    holdout_rotate,
    holdout_start,
)
from experiments.services.holdouts import MAX_SHARE, MIN_SHARE, default_share
from recruitly.http import AuthenticatedHttpRequest
from recruitly.roles import is_reviewer

HISTORY = 20  # earlier holdouts listed on the page


def _reviewer(request: AuthenticatedHttpRequest) -> None:
    if not is_reviewer(request.user):
        raise PermissionDenied("Holdouts are for reviewers.")


def report_for(holdout: Holdout) -> dict[str, Any]:
    """An ended holdout's stored final report, or the live report of the active one."""
    if holdout.status == HoldoutStatus.ENDED and holdout.final_report:
        return holdout.final_report
    return holdout_report(holdout=holdout)


def _chart(report: dict[str, Any]) -> Any:
    rows = [
        Interval(m["label"], *(m["relative"][k] for k in ("estimate", "ci_low", "ci_high",
                 "sequential_ci_low", "sequential_ci_high")))
        for m in report["metrics"]
        if m["relative"] and None not in m["relative"].values()
    ]  # fmt: skip
    return interval_plot(rows) if rows else None


def _page(request: AuthenticatedHttpRequest, holdout: Holdout | None) -> HttpResponse:
    report = report_for(holdout) if holdout is not None else None
    return render(
        request,
        "experiments/holdout.html",
        {
            "holdout": holdout,
            "report": report,
            "chart": _chart(report) if report else None,
            "history": [h for h in holdout_list()[:HISTORY] if h != holdout],
            "decisions": holdout_audit_list(holdout=holdout)[:50] if holdout else [],
            "can_start": holdout_active() is None,
            "default_share": default_share(),
            "min_share": MIN_SHARE,
            "max_share": MAX_SHARE,
        },
    )


@login_required
def holdout_current_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reviewer(request)
    return _page(request, holdout_active() or holdout_list().first())


@login_required
def holdout_detail_view(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _reviewer(request)
    return _page(request, get_object_or_404(holdout_list(), key=key))


HOLDOUT_ACTIONS = ("start", "rotate", "end")


def _share(raw: str) -> float | None:
    if not raw.strip():
        return None
    try:
        return float(raw) / 100
    except ValueError:
        raise ExperimentError(f"share must be a percentage, got {raw!r}") from None


def _act(request: AuthenticatedHttpRequest, action: str) -> str:
    user, reason = request.user, request.POST.get("reason", "").strip()
    if action == "start":
        holdout = holdout_start(
            acting_user=user, reason=reason, share=_share(request.POST.get("share", ""))
        )
        return f"holdout {holdout.key} started with {holdout.share:.0%} of candidates"
    if action == "rotate":
        holdout = holdout_rotate(
            acting_user=user, reason=reason, share=_share(request.POST.get("share", ""))
        )
        return f"rotated: {holdout.key} now holds back {holdout.share:.0%} of candidates"
    current = holdout_active()
    if current is None:
        raise ExperimentError("no active holdout to end")
    holdout_end(holdout=current, acting_user=user, reason=reason)
    return f"holdout {current.key} ended; its members get the shipped values"


@login_required
@require_POST
def holdout_action_view(request: AuthenticatedHttpRequest, action: str) -> HttpResponse:
    _reviewer(request)
    if action not in HOLDOUT_ACTIONS:
        raise PermissionDenied(f"unknown action {action}")
    try:
        messages.success(request, _act(request, action))
    except ExperimentError as exc:
        messages.error(request, f"{action} refused: " + "; ".join(exc.reasons))
    return redirect("experiments:holdout")
