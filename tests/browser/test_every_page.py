"""Every page, for each audience, at desktop and phone width: no console error, no serious or
critical axe-core violation, no sideways scrolling on a phone."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import WeeklyInsight
from profiles.models import CandidateProfile, DailyDigest, JobScore
from profiles.services.digests import digests_generate
from profiles.services.mail_preferences import unsubscribe_token
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import JobListingFactory, ReviewerFactory
from tests.learning.recommendation_factories import (
    RecommendationFactory,
    ThresholdRecommendationFactory,
)
from tests.profiles.documents import RESUME_LINES, make_docx

# An error page's own status is logged by the browser as a failed resource: expected there.
ERROR_PAGES = {"not-found", "not-allowed"}


def _candidate_world() -> CandidateProfile:
    for title, skills in (("Backend Engineer", ["Python"]), ("Data Engineer", ["SQL"])):
        JobListingFactory(title=title, required_skills=skills)
    client = Client()
    client.post(
        reverse("signup"),
        {"username": "cleo", "email": "cleo@example.com",
         "password1": "a-Long-passphrase-42", "password2": "a-Long-passphrase-42"},
    )  # fmt: skip
    docx = SimpleUploadedFile("cv.docx", make_docx(RESUME_LINES))
    client.post(reverse("profiles:resume"), {"file": docx})
    profile = CandidateProfile.objects.get(user__username="cleo")
    digests_generate(day=timezone.now().date())
    WeeklyInsight.objects.create(
        user=profile.user, week_start=timezone.now().date(), content={"sample_size": 0}
    )
    return profile


def _sign_in(visit, username: str, password: str) -> None:
    page = visit.page
    page.goto(visit.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visit.base_url + "/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_is_accessible_at_both_widths(visit, settings) -> None:
    settings.SITE_URL = visit.base_url
    profile = _candidate_world()
    ReviewerFactory(username="rex")
    RecommendationFactory()
    ThresholdRecommendationFactory(current_value=None)
    score = JobScore.objects.filter(candidate=profile).first()
    digest = DailyDigest.objects.get()
    anonymous = {
        "home": "/",
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
        "not-found": "/no/such/page/",
        "unsubscribe": reverse("profiles:unsubscribe", args=[unsubscribe_token(candidate=profile)]),
    }
    candidate = {
        "dashboard": "/me/",
        "resume": "/me/resume/",
        "profile": "/me/profile/",
        "matches": "/me/matches/",
        "match": reverse("profiles:match_detail", args=[score.pk]),
        "applications": "/me/applications/",
        "digests": "/me/digests/",
        "digest": reverse("profiles:digest_detail", args=[digest.pk]),
        "preferences": "/me/preferences/",
        "optimize": "/me/optimize/",
        "insights": "/insights/",
        "not-allowed": "/review/",
    }
    reviewer = {
        "review": "/review/",
        "history": "/review/parameters/strategy.improve_resume_threshold/",
        "rollback": "/review/parameters/job_scoring.weights/rollback/confirm/",
        "learning": "/learning/dashboard/",
        "experiments": "/experiments/",
        "holdout": "/experiments/holdouts/",
        "sources": "/sources/",
    }
    too_wide = []
    for who, pages, credentials in (
        ("anonymous", anonymous, None),
        ("candidate", candidate, ("cleo", "a-Long-passphrase-42")),
        ("reviewer", reviewer, ("rex", "correct-horse-battery")),
    ):
        visit.page.context.clear_cookies()
        if credentials:
            _sign_in(visit, *credentials)
        for viewport in (DESKTOP, PHONE):
            visit.page.set_viewport_size(viewport)
            for name, path in pages.items():
                before = len(visit.console_errors)
                page = visit.goto(path, f"{who}-{name}-{viewport['width']}")
                if name in ERROR_PAGES:
                    del visit.console_errors[before:]
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    too_wide.append(f"{who} {name} at {viewport['width']}: {width}px")
    assert too_wide == [], "\n".join(too_wide)
    visit.assert_clean()
