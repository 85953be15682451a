"""A new candidate in a real browser: sign up, upload a DOCX, read what was parsed and the
matches, act on a match from the list and from its page, record an outcome, read a digest."""

from __future__ import annotations

import pytest
from django.utils import timezone

from profiles.models import DailyDigest
from profiles.services.digests import digest_email_html, digests_generate
from tests.browser.conftest import PHONE
from tests.factories import JobListingFactory
from tests.profiles.documents import RESUME_LINES, make_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def jobs():
    return [
        JobListingFactory(title="Backend Engineer", required_skills=["Python", "Django"]),
        JobListingFactory(title="Platform Engineer", required_skills=["Python", "AWS"]),
        JobListingFactory(title="Senior Go Engineer", required_skills=["Go", "Kubernetes"]),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_candidate_signs_up_uploads_and_acts_on_matches(visit, jobs, settings) -> None:
    settings.SITE_URL = visit.base_url  # the e-mail's links and pixel point at this server
    page = visit.goto("/", "landing")
    page.get_by_role("link", name="Sign up").first.click()
    visit.check("sign-up")
    page.fill("#id_username", "dana")
    page.fill("#id_email", "dana@example.com")
    page.fill("#id_password1", "a-Long-passphrase-42")
    page.fill("#id_password2", "a-Long-passphrase-42")
    page.get_by_role("button", name="Sign up").click()

    # upload a real DOCX; the dashboard shows what the parser found
    page.wait_for_url("**/me/resume/")
    visit.check("resume")
    page.set_input_files(
        "#id_file", files=[{"name": "cv.docx", "mimeType": DOCX, "buffer": make_docx(RESUME_LINES)}]
    )
    page.get_by_role("button", name="Parse my resume").click()
    page.wait_for_url("**/me/")
    visit.check("dashboard")
    for text in ("Acme Corp", "Globex Inc.", "University of Texas at Austin", "Jan 2021"):
        assert page.get_by_text(text, exact=False).first.is_visible(), text

    # act on a match from the list (htmx swaps the buttons for the new state)
    visit.goto("/me/matches/", "matches")
    first_row = page.locator("#match-rows tr").first
    first_row.locator("button:text-is('Interested')").click()
    first_row.locator(".badge", has_text="interested").wait_for()

    # ... and from its own page
    first_row.get_by_role("link").first.click()
    page.wait_for_url("**/me/matches/*/")
    visit.check("match")
    page.locator(".action-row button:text-is('I applied')").click()
    page.locator(".action-row .badge", has_text="applied").wait_for()
    page.get_by_role("button", name="Helpful", exact=True).first.click()
    page.get_by_text("You rated this helpful").wait_for()

    # record an outcome
    visit.goto("/me/applications/", "applications")
    row = page.locator("tbody tr").first
    row.get_by_role("combobox").select_option("interview")
    row.get_by_role("button", name="Save").click()
    row.locator(".badge", has_text="Interview").wait_for()

    # read a digest, on the site and as the e-mail
    digests_generate(day=timezone.now().date())
    visit.goto("/me/digests/", "digests")
    page.locator("tbody a").first.click()
    page.wait_for_url("**/me/digests/*/")
    visit.check("digest")
    assert page.get_by_role("heading", name="New matches", exact=True).is_visible()
    # read as a mail client shows it: the HTML alone (no site CSP), its pixel and links live
    html = digest_email_html(DailyDigest.objects.get())
    page.route("**/mail-preview/", lambda route: route.fulfill(body=html, content_type="text/html"))
    visit.goto("/mail-preview/", "digest-email")
    assert page.get_by_role("link", name="Unsubscribe").is_visible()
    visit.goto("/me/preferences/", "preferences")

    # on a phone the candidate can still read matches and act on them
    page.set_viewport_size(PHONE)
    visit.goto("/me/matches/", "matches-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#match-rows tr").nth(1).locator("button:text-is('Not interested')").click()
    page.locator("#match-rows .badge", has_text="not interested").first.wait_for()
    visit.goto("/me/", "dashboard-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    visit.assert_clean()
