"""Navigation shown in the page header, per audience."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse

from profiles.models import CandidateProfile
from recruitly.roles import is_reviewer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# (label, url name, audience): audience is "candidate", "reviewer" or "all".
# Each app adds its pages here when it adds them.
NAV: list[tuple[str, str, str]] = [
    ("My profile", "profiles:dashboard", "candidate"),
    ("My matches", "profiles:matches", "candidate"),
    ("My digests", "profiles:digests", "candidate"),
    ("My insights", "learning:insights", "candidate"),
    ("Review", "learning:review", "reviewer"),
    ("Learning dashboard", "learning:dashboard", "reviewer"),
    ("Experiments", "experiments:list", "reviewer"),
    ("Job sources", "sources:list", "reviewer"),
    ("Data quality", "quality:report", "reviewer"),
    ("Monitoring", "learning:monitoring", "reviewer"),
]


def _has_candidate_profile(user: User) -> bool:
    return CandidateProfile.objects.filter(user=user).exists()


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "is_reviewer": False, "sees_candidate_pages": True}
    reviewer = is_reviewer(user)
    audiences = {"all"}
    # Reviewers usually have no candidate profile: only show them candidate pages if they do.
    if not reviewer or _has_candidate_profile(user):
        audiences.add("candidate")
    if reviewer:
        audiences.add("reviewer")
    items = [
        {"label": label, "url": reverse(name)}
        for label, name, audience in NAV
        if audience in audiences
    ]
    return {
        "nav_items": items,
        "is_reviewer": reviewer,
        "sees_candidate_pages": "candidate" in audiences,
    }
