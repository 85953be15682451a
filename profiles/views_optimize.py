"""Candidate pages of resume optimization: pick a match, see the three stages, decide on each
suggestion (htmx swaps the one suggestion), compare before and after, rate the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from profiles.models import JobListing, ResumeOptimization, ResumeSuggestion
from profiles.selectors import job_score_list
from profiles.services.candidates import candidate_for_user
from profiles.services.optimize import (
    OptimizeError,
    accepted_share,
    resume_optimization_callback_report,
    resume_optimization_create,
    resume_optimization_rate,
    resume_suggestion_decide,
)
from recruitly.http import AuthenticatedHttpRequest

MATCHES_TO_PICK = 25
RECENT_OPTIMIZATIONS = 10


def _optimization(request: AuthenticatedHttpRequest, pk: int) -> ResumeOptimization:
    found = (
        ResumeOptimization.objects.select_related("job", "source_version", "result_version")
        .filter(pk=pk, candidate__user=request.user)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def optimize_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = candidate_for_user(user=request.user)
    if request.method == "POST":
        job = JobListing.objects.filter(pk=request.POST.get("job_id") or 0).first()
        if job is None or not job_score_list(candidate=profile).filter(job=job).exists():
            messages.error(request, "Pick one of your matches.")
            return redirect("profiles:optimize_start")
        try:
            optimization = resume_optimization_create(
                candidate=profile, job=job, acting_user=request.user
            )
        except OptimizeError as exc:
            messages.error(request, exc.message)
            return redirect("profiles:resume")
        return redirect("profiles:optimize_detail", pk=optimization.pk)
    context = {
        "profile": profile,
        "matches": job_score_list(candidate=profile)[:MATCHES_TO_PICK],
        "selected": request.GET.get("job", ""),
        "recent": profile.optimizations.select_related("job")[:RECENT_OPTIMIZATIONS],
    }
    return render(request, "profiles/optimize.html", context)


@login_required
def optimize_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    optimization = _optimization(request, pk)
    result = optimization.result_version or optimization.source_version
    context = {
        "optimization": optimization,
        "suggestions": list(optimization.suggestions.all()),
        "before": optimization.scores_before,
        "after": optimization.scores_after,
        "score_names": ("overall", "ats_compatibility", "keyword_density", "readability"),
        "original_text": optimization.source_version.text,
        "result_text": result.text,
        "accepted_share": accepted_share(optimization),
    }
    return render(request, "profiles/optimize_detail.html", context)


@login_required
@require_POST
def optimize_decide(request: AuthenticatedHttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    optimization = _optimization(request, pk)
    suggestion = ResumeSuggestion.objects.filter(
        pk=suggestion_pk, optimization=optimization
    ).first()
    if suggestion is None:
        raise Http404
    error = ""
    try:
        decided = resume_suggestion_decide(
            suggestion=suggestion, decision=request.POST.get("decision", ""),
            text=request.POST.get("text", ""), acting_user=request.user,
        )  # fmt: skip
        suggestion = decided.suggestion
    except OptimizeError as exc:
        error = exc.message
    if request.htmx:
        context = {"optimization": optimization, "s": suggestion, "error": error}
        return render(request, "profiles/optimize_suggestion.html", context)
    if error:
        messages.error(request, error)
    return redirect("profiles:optimize_detail", pk=pk)


@login_required
@require_POST
def optimize_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    optimization = _optimization(request, pk)
    try:
        stars = int(request.POST.get("stars", ""))
        resume_optimization_rate(
            optimization=optimization, stars=stars, comment=request.POST.get("comment", ""),
            acting_user=request.user,
        )  # fmt: skip
        messages.success(request, "Thanks for rating this optimization.")
    except (ValueError, OptimizeError):
        messages.error(request, "Rate from 1 to 5 stars.")
    return redirect("profiles:optimize_detail", pk=pk)


CALLBACK_CHOICES = {"yes": True, "no": False}


@login_required
@require_POST
def optimize_callback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The candidate reports whether the posting's employer invited them to an interview."""
    optimization = _optimization(request, pk)
    answer = CALLBACK_CHOICES.get(request.POST.get("callback", ""))
    if answer is None:
        messages.error(request, "Say whether a callback came: yes or no.")
    else:
        resume_optimization_callback_report(
            optimization=optimization, callback=answer, acting_user=request.user
        )
        messages.success(request, "Thanks: your report helps tell whether optimizing pays off.")
    return redirect("profiles:optimize_detail", pk=pk)
