"""Reviewers' data-quality pages: the daily report, the quarantine and its review."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from learning.views import reviewer_required
from recruitly.eventlog.models import (
    DataQualityReport,
    Event,
    EventAnomaly,
    QuarantinedEvent,
    QuarantineStatus,
)
from recruitly.eventlog.review import ReviewError, quarantined_discard, quarantined_replay
from recruitly.eventlog.schemas import EVENT_TYPES

PER_PAGE = 50
RECENT_REPORTS = 14
FIX_MAX_CHARS = 200_000
FILTER_MAX_CHARS = 200


@reviewer_required
def report(request: HttpRequest) -> HttpResponse:
    reports = DataQualityReport.objects.all()
    chosen = request.GET.get("day", "")
    if chosen:
        try:
            shown = reports.filter(day=date.fromisoformat(chosen)).first()
        except ValueError:
            shown = None
        if shown is None:
            raise Http404("no report for that day")
    else:
        shown = reports.first()
    return render(
        request,
        "learning/quality/report.html",
        {
            "report": shown,
            "body": shown.body if shown else None,
            "recent": reports.values_list("day", flat=True)[:RECENT_REPORTS],
            "open_count": QuarantinedEvent.objects.filter(status=QuarantineStatus.OPEN).count(),
        },
    )


def _filters(request: HttpRequest) -> dict[str, str]:
    status = request.GET.get("status", QuarantineStatus.OPEN)
    if status not in (*QuarantineStatus.values, "all"):
        status = QuarantineStatus.OPEN
    event_type = request.GET.get("event_type", "")
    return {
        "status": status,
        "event_type": event_type if event_type in EVENT_TYPES else "",
        "q": request.GET.get("q", "").strip()[:FILTER_MAX_CHARS],
        "source": request.GET.get("source", "").strip()[:40],
    }


def _filtered(filters: dict[str, str]) -> QuerySet[QuarantinedEvent]:
    items = QuarantinedEvent.objects.select_related("submitted_by", "resolved_by")
    if filters["status"] != "all":
        items = items.filter(status=filters["status"])
    if filters["event_type"]:
        items = items.filter(event_type=filters["event_type"])
    if filters["source"]:
        items = items.filter(source=filters["source"])
    if filters["q"]:
        # the reasons are a JSON list of strings: search its text, or the item's id
        items = items.filter(errors__icontains=filters["q"]) | items.filter(
            event_id__icontains=filters["q"]
        )
    return items.order_by("-created_at", "-id")


@reviewer_required
def quarantine(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(_filtered(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "learning/quality/quarantine.html",
        {
            "page": page,
            "filters": filters,
            "query": f"{query}&" if query else "",
            "statuses": [*QuarantineStatus.choices, ("all", "All")],
            "event_types": EVENT_TYPES,
            "sources": QuarantinedEvent.objects.order_by()
            .values_list("source", flat=True)
            .distinct(),
        },
    )


def _pretty(raw: Any) -> str:
    return json.dumps(raw, indent=2, ensure_ascii=False, sort_keys=False)


@reviewer_required
def quarantine_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        QuarantinedEvent.objects.select_related("submitted_by", "resolved_by", "replayed_event"),
        pk=pk,
    )
    return _item_page(request, item, fix_text=_pretty(item.raw), replay_errors=[])


def _item_page(
    request: HttpRequest,
    item: QuarantinedEvent,
    *,
    fix_text: str,
    replay_errors: list[str],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "learning/quality/quarantine_item.html",
        {
            "item": item,
            "raw_text": _pretty(item.raw),
            "fix_text": fix_text,
            "replay_errors": replay_errors,
            "is_open": item.status == QuarantineStatus.OPEN,
        },
        status=status,
    )


@require_POST
@reviewer_required
def quarantine_replay(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(QuarantinedEvent, pk=pk)
    text = request.POST.get("raw", "")
    if len(text) > FIX_MAX_CHARS:
        errors = [f"the fixed event must be at most {FIX_MAX_CHARS:,} characters"]
        return _item_page(request, item, fix_text="", replay_errors=errors, status=400)
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        errors = [f"not valid JSON: {exc}"]
        return _item_page(request, item, fix_text=text, replay_errors=errors, status=400)
    try:
        result = quarantined_replay(item_id=item.pk, raw=raw, acting_user=cast(User, request.user))
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("quality:quarantine-item", pk=item.pk)
    if not result.stored:
        item.refresh_from_db()
        return _item_page(request, item, fix_text=text, replay_errors=result.errors, status=400)
    event_id = result.event.event_id if result.event else ""
    messages.success(request, f"Replayed: event {event_id} is stored.")
    return redirect("quality:quarantine-item", pk=item.pk)


@require_POST
@reviewer_required
def quarantine_discard(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(QuarantinedEvent, pk=pk)
    try:
        quarantined_discard(
            item_id=item.pk,
            reason=request.POST.get("reason", ""),
            acting_user=cast(User, request.user),
        )
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Discarded.")
    return redirect(reverse("quality:quarantine-item", kwargs={"pk": item.pk}))


@reviewer_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("user", "submitted_by"), pk=pk)
    return render(
        request,
        "learning/quality/event.html",
        {
            "event": event,
            "payload_text": _pretty(event.payload),
            "anomalies": EventAnomaly.objects.filter(event=event),
            "replayed_from": QuarantinedEvent.objects.filter(replayed_event=event).first(),
        },
    )
