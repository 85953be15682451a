"""Digest mails sent in batches: one claim for the batch, one mail connection, one statement
per mail; each mail once across double runs and failures; the HTML part is the stored page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import DailyDigest, DigestMail, DigestMailStatus
from profiles.services.digest_outbox import digest_mails_send_many, digest_sent_flags_repair
from profiles.services.digests import (
    digest_deliver,
    digest_email_html,
    digests_deliverer,
    digests_generate,
)
from profiles.tasks import digest_mails_send
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def queue(count: int, start: int = 0) -> list[int]:
    for i in range(start, start + count):
        CandidateProfileFactory(email=f"c{i}@example.org")
    digests_generate(day=DAY, send=True)  # on_commit callbacks are not run: nothing sent
    return list(
        DigestMail.objects.filter(status=DigestMailStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send(ids: list[int]) -> tuple[int, list[int]]:
    return digest_mails_send_many(mail_ids=ids, deliver=digest_deliver)


def test_statements_grow_by_one_per_mail() -> None:
    small = queue(3)
    with CaptureQueriesContext(connection) as first:
        assert send(small) == (3, [])
    large = queue(6, start=3)
    with CaptureQueriesContext(connection) as second:
        assert send(large) == (6, [])
    assert len(second) - len(first) == 3  # the batch's claim, read and flags are constant
    assert len(mail.outbox) == 9
    assert DailyDigest.objects.filter(email_sent=True).count() == 9


def test_a_second_sender_of_the_same_batch_sends_nothing_and_held_rows_are_skipped() -> None:
    ids = queue(4)
    # a live sender (this process) holds the first mail right now
    DigestMail.objects.filter(pk=ids[0]).update(
        status=DigestMailStatus.SENDING,
        claimed_by="elsewhere:1",
        claimed_at=DigestMail.objects.get(pk=ids[0]).created_at,
    )
    assert send(ids) == (3, [])
    assert send(ids) == (0, [])
    assert sorted(m.to[0] for m in mail.outbox) == [f"c{i}@example.org" for i in (1, 2, 3)]


def test_a_failed_mail_goes_back_to_pending_and_its_neighbours_go_out() -> None:
    ids = queue(3)

    def flaky(digest: DailyDigest, address: str) -> None:
        if address == "c1@example.org":
            raise ConnectionRefusedError("smtp down")
        digest_deliver(digest, address)

    assert digest_mails_send_many(mail_ids=ids, deliver=flaky) == (2, [ids[1]])
    failed = DigestMail.objects.get(pk=ids[1])
    assert failed.status == DigestMailStatus.PENDING and "smtp down" in failed.last_error
    assert not failed.digest.email_sent
    assert digest_mails_send(ids) == 1  # the retry sends only what is left
    assert sorted(m.to[0] for m in mail.outbox) == [f"c{i}@example.org" for i in range(3)]


def test_unsubscribed_candidates_mails_are_cancelled() -> None:
    ids = queue(2)
    first = DigestMail.objects.select_related("digest__candidate").get(pk=ids[0])
    first.digest.candidate.digest_emails = False
    first.digest.candidate.save(update_fields=["digest_emails"])
    assert send(ids) == (1, [])
    assert DigestMail.objects.get(pk=ids[0]).status == DigestMailStatus.CANCELLED


@time_machine.travel(datetime(2026, 11, 22, 6, 0, tzinfo=UTC), tick=False)
def test_the_html_part_is_the_page_rendered_for_the_digest() -> None:
    # the clock stands still: the unsubscribe token is signed with the current second
    ids = queue(2)
    with mail.get_connection() as backend:
        assert digest_mails_send_many(mail_ids=ids, deliver=digests_deliverer(backend)) == (2, [])
    for message in mail.outbox:
        digest = DailyDigest.objects.get(candidate__email=message.to[0])
        assert message.alternatives[0][0] == digest_email_html(digest) == digest.digest_html


def test_flags_a_killed_batch_left_unset_are_repaired_from_the_outbox() -> None:
    ids = queue(2)
    # a worker sent and marked the first mail, then died before the batch's flags
    sent_at = DigestMail.objects.get(pk=ids[0]).created_at
    DigestMail.objects.filter(pk=ids[0]).update(status=DigestMailStatus.SENT, sent_at=sent_at)
    assert digest_sent_flags_repair(now=sent_at) == 1
    digest = DigestMail.objects.get(pk=ids[0]).digest
    assert digest.email_sent and digest.email_sent_at == sent_at
    assert DailyDigest.objects.filter(email_sent=True).count() == 1
