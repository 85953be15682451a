from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from profiles.selectors import (
    application_list,
    application_outcome_counts,
    candidate_profile_get,
    resume_version_list,
)

RECENT_APPLICATIONS = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = candidate_profile_get(user=request.user)
    context: dict[str, object] = {"profile": profile}
    if profile is not None:
        context |= {
            "counts": application_outcome_counts(candidate=profile),
            "applications": application_list(candidate=profile)[:RECENT_APPLICATIONS],
            "resumes": resume_version_list(candidate=profile)[:10],
        }
    return render(request, "profiles/dashboard.html", context)
