"""A candidate downloads their data and deletes their account in the browser, at phone and
desktop width: the privacy sections pass axe and never scroll sideways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiles.models import CandidateProfile
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CandidateProfileFactory

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def _sign_in(visit, username: str) -> None:
    page = visit.page
    page.goto(visit.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_candidate_downloads_their_data_and_deletes_the_account(visit) -> None:
    CandidateProfileFactory(user__username="dora", full_name="Dora Privacy", phone="555 0142")
    _sign_in(visit, "dora")
    visit.page.wait_for_url(visit.base_url + "/")
    too_wide = []
    for viewport in (DESKTOP, PHONE):
        visit.page.set_viewport_size(viewport)
        page = visit.goto("/me/preferences/", f"preferences-{viewport['width']}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide.append(f"preferences at {viewport['width']}: {width}px")
    assert too_wide == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["tables"]["profiles.candidateprofile"][0]["full_name"] == "Dora Privacy"

    page.fill("#delete-confirm", "DELETE")
    page.fill("#delete-password", "not my password")
    before = len(visit.console_errors)
    page.get_by_role("button", name="Delete my account").click()
    visit.check("delete-refused")
    # the refusal is a 400 page on purpose; the browser logs its status as a failed load
    assert all("400 (Bad Request)" in e for e in visit.console_errors[before:])
    del visit.console_errors[before:]
    assert "The password is not right." in page.content()

    page.fill("#delete-confirm", "DELETE")
    page.fill("#delete-password", PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    visit.check("deleted")
    assert "Your account is deleted" in page.content()
    profile = CandidateProfile.objects.select_related("user").get()
    assert (
        profile.full_name == "" and profile.phone == "" and not profile.user.has_usable_password()
    )

    _sign_in(visit, "dora")
    assert "/accounts/login/" in page.url  # the old credentials lead nowhere
    visit.assert_clean()
