"""Reviewer pages for job sources: add one (with a preview of what it returns) and its health.

Adding and previewing are POST only; a fetch is queued for a worker, never run in the request.
The preview reads the board in the request (one try, a short timeout) and stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from profiles.feeds_forms import SourceForm
from profiles.feeds_selectors import feed_source_detail, feed_source_list
from profiles.models import FeedSource
from profiles.services.feeds_sources import (
    SourceConfigError,
    SourcePreview,
    source_add,
    source_kinds,
    source_preview,
)
from profiles.sources import SourceError
from profiles.tasks import feed_fetch
from recruitly.roles import is_reviewer

View = Callable[..., HttpResponse]
JOBS_SHOWN = 50
QUARANTINE_SHOWN = 50


def reviewer_required(view: View) -> View:
    """Sign-in first (302 to the login page), then membership of Reviewers (403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_reviewer(request.user):
            raise PermissionDenied("reviewers only")
        return view(request, *args, **kwargs)

    return wrapper


def _page(
    request: HttpRequest,
    form: SourceForm,
    preview: SourcePreview | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "sources": feed_source_list(),
        "form": form,
        "kinds": source_kinds(),
        "preview": preview,
        "error": error,
    }
    return render(request, "profiles/sources.html", context, status=status)


@reviewer_required
def sources(request: HttpRequest) -> HttpResponse:
    return _page(request, SourceForm())


@require_POST
@reviewer_required
def source_preview_page(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        preview = source_preview(
            kind=data["kind"],
            target=data["target"],
            company=data["company"],
            filters=form.filters(),
        )
    except SourceConfigError as exc:
        return _page(request, form, error=str(exc), status=400)
    except SourceError as exc:
        return _page(request, form, error=f"The source could not be read: {exc}", status=502)
    return _page(request, form, preview=preview)


@require_POST
@reviewer_required
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        feed = source_add(
            kind=data["kind"],
            target=data["target"],
            name=data["name"],
            company=data["company"],
            fetch_every_minutes=data["every"],
            filters=form.filters(),
        )
    except SourceConfigError as exc:
        return _page(request, form, error=str(exc), status=400)
    messages.success(request, f"Added {feed.name}; it is fetched at the next refresh.")
    return redirect("sources:detail", pk=feed.pk)


@reviewer_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(feed_source_detail(), pk=pk)
    context = {
        "feed": feed,
        "jobs": feed.jobs.order_by("-is_active", "-posted_at", "id")[:JOBS_SHOWN],
        "quarantined": feed.quarantined.all()[:QUARANTINE_SHOWN],
    }
    return render(request, "profiles/source_detail.html", context)


@require_POST
@reviewer_required
def source_fetch(request: HttpRequest, pk: int) -> HttpResponse:

    feed = get_object_or_404(FeedSource, pk=pk)
    transaction.on_commit(lambda: feed_fetch.delay(feed.pk, True))
    messages.success(request, f"A fetch of {feed.name} is queued.")
    return redirect("sources:detail", pk=feed.pk)
