"""The digest as a real e-mail (issue 14, point 3): inline styles, a text part with the same
content, one-click unsubscribe (RFC 8058), preferences, and a market of the candidate's own
occupations."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from profiles.models import CandidateProfile, DailyDigest, DigestMail
from profiles.services.digest_market import Market, candidate_occupations
from profiles.services.digests import digests_generate
from profiles.services.mail_preferences import unsubscribe_token
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)


@pytest.fixture
def marketer(db):
    profile = CandidateProfileFactory(
        job_titles=["Marketing Manager"], desired_roles=["Marketing Manager"],
        email="mara@example.com", tools_platforms=["HubSpot", "SEO"],
    )  # fmt: skip
    now = timezone.now()
    marketing = {"title": "Marketing Manager", "required_skills": ["HubSpot", "SEO"]}
    jobs = [
        JobListingFactory(
            **marketing,
            posted_at=now - timedelta(days=1 + i % 5),
            location="Austin, TX",
            company=f"Crescent Retail {i}",
        )
        for i in range(6)
    ]
    jobs += [
        JobListingFactory(
            title="Registered Nurse",
            required_skills=["IV Therapy", "Cerner"],
            posted_at=now - timedelta(days=2),
            industry="healthcare",
        )
        for _ in range(12)
    ]
    job_scores_compute(candidates=[profile], jobs=jobs)
    return profile


def _send(settings, django_capture_on_commit_callbacks, day=DAY):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        digests_generate(day=day, send=True)


def test_the_mail_is_styled_inline_with_a_full_text_part_and_one_click_headers(
    marketer, settings, django_capture_on_commit_callbacks
) -> None:
    _send(settings, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    digest = DailyDigest.objects.get()
    token = unsubscribe_token(candidate=marketer)
    unsubscribe = f"{settings.SITE_URL}/me/unsubscribe/{token}/"
    # RFC 8058 headers, as a receiving server parses them
    parsed = message_from_bytes(message.message().as_bytes())
    assert "".join(parsed["List-Unsubscribe"].split()) == f"<{unsubscribe}>"  # unfolded
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # HTML: a brand bar, inline styles on the elements, no external stylesheet
    html = message.alternatives[0][0]
    assert re.search(r'<td class="brand" style="[^"]*background: #1d2330', html)
    assert re.search(r'<a class="title" href="[^"]+" style="[^"]*font-weight: bold', html)
    assert "<link" not in html and unsubscribe in html and "/me/preferences/" in html
    # company and location are separated, not run together
    assert "Crescent Retail 0 · Austin, TX" in html
    # the text part carries every match with its link, the skills, the market and the links
    text = message.body
    for job in digest.top_jobs:
        assert job["title"] in text and f"/click/{job['job_id']}/" in text
    assert "MARKET" in text and "HubSpot" in text and f"Unsubscribe: {unsubscribe}" in text
    assert "Crescent Retail 0 · Austin, TX" in text


def test_the_market_section_is_the_candidates_occupation(
    marketer, settings, django_capture_on_commit_callbacks
) -> None:
    _send(settings, django_capture_on_commit_callbacks)
    market = DailyDigest.objects.get().market_trends
    assert market["scope"] == "occupations" and "marketing" in market["scope_label"].lower()
    skills = {t["skill"] for t in market["top_skills"]}
    assert skills == {"HubSpot", "SEO"}  # no Cerner or IV Therapy for a marketer
    assert market["postings_this_week"] == 6
    assert "Cerner" not in mail.outbox[0].alternatives[0][0]


def test_a_candidate_without_enough_postings_in_their_occupation_reads_the_whole_market() -> None:
    now = datetime(2026, 11, 22, 12, tzinfo=timezone.get_current_timezone())
    for _ in range(6):
        JobListingFactory(title="Registered Nurse", required_skills=["Cerner"], posted_at=now)
    market = Market.read(now=now)
    profile = CandidateProfileFactory(job_titles=["Pastry Chef"], desired_roles=[])
    summary = market.for_occupations(candidate_occupations(profile, None))
    assert summary["scope"] == "all" and summary["postings_this_week"] == 6


def test_one_click_unsubscribe_needs_no_sign_in_and_no_csrf_and_stops_the_mail(
    marketer, settings, django_capture_on_commit_callbacks
) -> None:
    url = reverse("profiles:unsubscribe", args=[unsubscribe_token(candidate=marketer)])
    browser = Client(enforce_csrf_checks=True)
    # a link scanner's GET changes nothing
    page = browser.get(url)
    assert page.status_code == 200 and "Stop the daily digest e-mail?" in page.content.decode()
    assert CandidateProfile.objects.get(pk=marketer.pk).digest_emails is True
    # the mail client's one-click POST (RFC 8058 body)
    response = browser.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "You will get no more digest e-mails" in response.content.decode()
    assert CandidateProfile.objects.get(pk=marketer.pk).digest_emails is False
    # the next run still makes the digest, but queues and sends no mail for it
    _send(settings, django_capture_on_commit_callbacks)
    assert DailyDigest.objects.count() == 1 and DigestMail.objects.count() == 0
    assert mail.outbox == []


def test_a_forged_unsubscribe_token_is_refused(client, marketer) -> None:
    token = unsubscribe_token(candidate=marketer)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = client.post(reverse("profiles:unsubscribe", args=[forged]))
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert CandidateProfile.objects.get(pk=marketer.pk).digest_emails is True


def test_the_preferences_page_turns_the_digest_back_on(client, marketer) -> None:
    marketer.digest_emails = False
    marketer.save()
    client.force_login(marketer.user)
    page = client.get(reverse("profiles:preferences")).content.decode()
    assert "E-mail me the daily digest" in page and 'name="digest_emails"' in page
    response = client.post(reverse("profiles:preferences"), {"digest_emails": "on"})
    assert response.status_code == 302
    marketer.refresh_from_db()
    assert marketer.digest_emails and not marketer.experimentation_opt_out
