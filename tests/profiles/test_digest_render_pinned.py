"""The batch path's digest pages and mails equal a plain rendering: the templates rendered with
links from reverse(), the styles inlined by a fresh inliner (the same document: the batch inlines
them once, on the template's markup), the mail assembled from those parts
(names with quotes, ampersands, markup and unicode, exploration labels, a candidate without
matches, more matches than a digest lists). The templates are rendered through their Python
translation (``template_code``; checked against Django over random inputs in
``test_template_code.py``); the reference here is Django's own render."""

from __future__ import annotations

from datetime import UTC, date, datetime

import css_inline
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from profiles.models import DailyDigest, DigestMail, JobScore
from profiles.services.digest_outbox import digest_mails_send_many
from profiles.services.digests import digests_deliverer, digests_generate
from profiles.services.mail_preferences import unsubscribe_token
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def clock_stands_still():
    """The unsubscribe token is signed with the current second: a re-render a second later
    would differ in the token, not in anything under test."""
    with time_machine.travel(datetime(2026, 11, 22, 6, 0, tzinfo=UTC), tick=False):
        yield


def _reference(digest: DailyDigest) -> tuple[str, str]:
    base = settings.SITE_URL.rstrip("/")
    token = digest.tracking_token
    click = {
        item["job_id"]: base + reverse("profiles:digest_click", args=[token, item["job_id"]])
        for item in digest.top_jobs
    }
    context = {
        "digest": digest,
        "candidate": digest.candidate,
        "site_url": base,
        "open_pixel": base + reverse("profiles:digest_open", args=[token]),
        "click_urls": click,
        "jobs": [{**item, "link": click[item["job_id"]]} for item in digest.top_jobs],
        "page_url": base + reverse("profiles:digest_page", args=[token]),
        "unsubscribe_url": base
        + reverse("profiles:unsubscribe", args=[unsubscribe_token(candidate=digest.candidate)]),
        "preferences_url": base + reverse("profiles:preferences"),
    }
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    html = inliner.inline(render_to_string("profiles/digest_email.html", context))
    text = render_to_string("profiles/digest_email.txt", context)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"
    return html, text


def _document(html: str) -> str:
    """A page as the HTML5 parser reads it, serialised again with nothing inlined."""
    return css_inline.CSSInliner(
        inline_style_tags=False, keep_style_tags=True, load_remote_stylesheets=False
    ).inline(html)


def _bytes(message: EmailMultiAlternatives) -> bytes:
    """The mail as sent, with the two parts that differ per call (Date, boundary) fixed."""
    raw = message.message()
    del raw["Date"]
    raw["Date"] = "Sun, 22 Nov 2026 06:00:00 -0000"
    raw.set_boundary("BOUNDARY")
    return raw.as_bytes()


def test_pages_and_mails_equal_the_plain_rendering() -> None:
    names = ["Zoë O'Brien", "Ann & <Bob>", "Quiet Person"]
    candidates = [
        CandidateProfileFactory(full_name=n, email=f"c{i}@example.org") for i, n in enumerate(names)
    ]
    jobs = [
        JobListingFactory(
            title=f'Backend Engineer {i} & "Lead"' if i else '<script>"x"</script> Zoë \u2013 東京',
            company="O'Reilly & Sons" if i % 2 else "Ünïcode &amp; <b>Co</b>",
            required_skills=[["Python", "Django"], ["Go"], ["Rust", "Python"]][i % 3],
        )
        for i in range(13)
    ]
    job_scores_compute(candidates=candidates[:2], jobs=jobs)
    JobScore.objects.filter(candidate=candidates[0], job__in=jobs[:2]).update(
        exploration_note="outside your usual <occupations> & 'why'"
    )
    digests_generate(day=DAY, send=True)  # on_commit callbacks are not run: nothing sent
    digests = {d.pk: d for d in DailyDigest.objects.select_related("candidate__user")}
    assert len(digests) == 3
    assert any(item.get("exploration") for d in digests.values() for item in d.top_jobs)
    ids = list(DigestMail.objects.order_by("pk").values_list("pk", flat=True))
    with mail.get_connection() as backend:
        assert digest_mails_send_many(mail_ids=ids, deliver=digests_deliverer(backend)) == (3, [])
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        digest = next(d for d in digests.values() if d.candidate.email == message.to[0])
        html, text = _reference(digest)
        # the same document: styles are inlined once on the template's markup, so the values
        # keep the template's escaping where a page inlined after rendering is re-serialised
        assert _document(digest.digest_html) == _document(html)
        reference = EmailMultiAlternatives(
            subject=f"recruitly: {digest.digest_title}",
            body=text,
            to=message.to,
            headers={
                "Message-ID": f"<digest-{digest.pk}-{digest.tracking_token}@recruitly>",
                "List-Unsubscribe": "<{}{}>".format(
                    settings.SITE_URL.rstrip("/"),
                    reverse(
                        "profiles:unsubscribe",
                        args=[unsubscribe_token(candidate=digest.candidate)],
                    ),
                ),
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        reference.attach_alternative(digest.digest_html, "text/html")
        assert message.body == text
        assert _bytes(message) == _bytes(reference)


def test_mails_sent_from_memory_after_the_commit_equal_those_read_back(
    django_capture_on_commit_callbacks,
) -> None:
    """The batch's mails go out right after its commit from the digests still in memory; the
    same mails sent from the database (a retry, the flush) are the same bytes, and the stored
    text part is the template's."""
    candidates = [
        CandidateProfileFactory(full_name=n, email=f"m{i}@example.org")
        for i, n in enumerate(["Zoë O'Brien", "Ann & <Bob>"])
    ]
    jobs = [
        JobListingFactory(
            title=f"Engineer {i} & <Lead>", required_skills=[["Python"], ["Go"]][i % 2]
        )
        for i in range(12)
    ]
    job_scores_compute(candidates=candidates, jobs=jobs)
    with django_capture_on_commit_callbacks(execute=True):
        digests_generate(day=DAY, send=True)
    from_memory = {m.to[0]: _bytes(m) for m in mail.outbox}
    assert len(from_memory) == 2
    assert set(DigestMail.objects.values_list("status", flat=True)) == {"sent"}
    for digest in DailyDigest.objects.select_related("candidate__user"):
        assert digest.digest_text == _reference(digest)[1]
    DigestMail.objects.update(status="pending", attempts=0)
    mail.outbox.clear()
    ids = list(DigestMail.objects.values_list("pk", flat=True))
    with mail.get_connection() as backend:
        assert digest_mails_send_many(mail_ids=ids, deliver=digests_deliverer(backend)) == (2, [])
    assert {m.to[0]: _bytes(m) for m in mail.outbox} == from_memory


def test_a_batch_whose_mail_server_is_down_keeps_its_digests_and_leaves_the_mails_pending(
    django_capture_on_commit_callbacks, monkeypatch
) -> None:
    import profiles.tasks

    def refused(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(profiles.tasks, "get_connection", refused)
    CandidateProfileFactory(email="down@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        digests_generate(day=DAY, send=True)
    assert DailyDigest.objects.count() == 1
    # nothing claimed, nothing lost: the retrying task or the flush sends it
    assert list(DigestMail.objects.values_list("status", "attempts")) == [("pending", 0)]
    assert mail.outbox == []
