"""The digest mail outbox: every digest mailed exactly once, across SMTP failures, double runs
and a worker killed between the commit and the send."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from profiles.models import DailyDigest, DigestMail, DigestMailStatus
from profiles.services.digest_outbox import (
    CLAIM_TIMEOUT,
    MAX_ATTEMPTS,
    DigestMailError,
    digest_mail_send,
    digest_mails_due,
)
from profiles.services.digests import digest_deliver, digests_generate
from profiles.tasks import digest_mails_flush, digest_mails_send
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)
CANDIDATES = 4


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queued(db):
    """Four candidates whose digests were committed but whose send task never ran (a crash)."""
    for i in range(CANDIDATES):
        CandidateProfileFactory(email=f"c{i}@example.org")
    digests_generate(day=DAY, send=True)  # on_commit callbacks are not run: nothing sent
    return list(DigestMail.objects.order_by("pk"))


def mails_per_address() -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in mail.outbox:
        counts[message.to[0]] = counts.get(message.to[0], 0) + 1
    return counts


def test_each_digest_gets_one_pending_mail_row_in_its_transaction(queued) -> None:
    assert len(queued) == DailyDigest.objects.count() == CANDIDATES
    assert {m.status for m in queued} == {DigestMailStatus.PENDING}
    assert mail.outbox == []


def test_the_next_flush_sends_what_a_crash_left_pending_and_a_second_flush_nothing(
    queued,
) -> None:
    assert digest_mails_flush() == CANDIDATES
    assert digest_mails_flush() == 0
    assert mails_per_address() == {f"c{i}@example.org": 1 for i in range(CANDIDATES)}
    assert DailyDigest.objects.filter(email_sent=True).count() == CANDIDATES


def test_two_senders_of_the_same_mails_send_each_once(queued) -> None:
    ids = [m.pk for m in queued]
    digest_mails_send(ids)
    digest_mails_send(ids)
    assert len(mail.outbox) == CANDIDATES


def test_an_smtp_failure_keeps_the_mail_pending_and_its_neighbours_go_out(queued) -> None:
    # given a mail server that refuses the second address once
    refused: set[str] = set()

    def flaky(digest: DailyDigest, address: str) -> None:
        if address == "c1@example.org" and address not in refused:
            refused.add(address)
            raise ConnectionRefusedError("smtp down")
        digest_deliver(digest, address)

    outcomes = []
    for m in queued:
        try:
            outcomes.append(digest_mail_send(mail_id=m.pk, deliver=flaky))
        except DigestMailError:
            outcomes.append(None)
    # then
    assert outcomes == [True, None, True, True]
    failed = DigestMail.objects.get(address="c1@example.org")
    assert failed.status == DigestMailStatus.PENDING and "smtp down" in failed.last_error
    # when the next run comes
    digest_mails_flush()
    assert mails_per_address() == {f"c{i}@example.org": 1 for i in range(CANDIDATES)}


def test_a_claim_abandoned_by_a_killed_worker_is_taken_again_only_after_the_timeout(
    queued,
) -> None:
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    DigestMail.objects.filter(pk=queued[0].pk).update(
        status=DigestMailStatus.SENDING, claimed_at=now, created_at=now
    )
    DigestMail.objects.update(created_at=now)
    assert queued[0].pk not in digest_mails_due(now=now + CLAIM_TIMEOUT / 2)
    assert queued[0].pk in digest_mails_due(now=now + CLAIM_TIMEOUT + timedelta(seconds=1))
    assert (
        digest_mail_send(mail_id=queued[0].pk, deliver=digest_deliver, now=now + CLAIM_TIMEOUT / 2)
        is False
    )
    assert (
        digest_mail_send(mail_id=queued[0].pk, deliver=digest_deliver, now=now + 2 * CLAIM_TIMEOUT)
        is True
    )


def test_a_mail_failing_every_attempt_ends_failed(queued) -> None:
    def down(digest: DailyDigest, address: str) -> None:
        raise TimeoutError("smtp timeout")

    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(DigestMailError):
            digest_mail_send(mail_id=queued[0].pk, deliver=down)
    assert DigestMail.objects.get(pk=queued[0].pk).status == DigestMailStatus.FAILED
    assert queued[0].pk not in digest_mails_due(now=queued[0].created_at)


def test_the_message_id_is_stable_for_a_resend(queued) -> None:
    digest = queued[0].digest
    digest_deliver(digest, "x@example.org")
    digest_deliver(digest, "x@example.org")
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == f"<digest-{digest.pk}-{digest.tracking_token}@recruitly>"


def test_a_claim_of_a_process_that_died_is_taken_over_at_once(queued) -> None:
    # given a mail claimed by a process of this host that has since exited (a SIGKILLed child)
    import socket
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    DigestMail.objects.update(created_at=now)
    DigestMail.objects.filter(pk=queued[0].pk).update(
        status=DigestMailStatus.SENDING, claimed_at=now, claimed_by=f"{socket.gethostname()}:{dead}"
    )
    # then it is due and claimable long before the timeout
    assert queued[0].pk in digest_mails_due(now=now + timedelta(seconds=1))
    assert digest_mail_send(
        mail_id=queued[0].pk, deliver=digest_deliver, now=now + timedelta(seconds=1)
    )


def test_a_mail_queued_before_an_unsubscribe_is_cancelled_not_sent(queued) -> None:
    from profiles.services.mail_preferences import candidate_digest_emails_set

    first, second = queued[0], queued[1]
    # one candidate unsubscribes while their mail waits in the outbox
    candidate_digest_emails_set(candidate=first.digest.candidate, enabled=False)
    # another unsubscribes after a sender claimed the mail (the flag is read after the claim)
    second.digest.candidate.__class__.objects.filter(pk=second.digest.candidate_id).update(
        digest_emails=False
    )
    digest_mails_flush.delay()
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == sorted(m.address for m in queued[2:])
    statuses = dict(DigestMail.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == DigestMailStatus.CANCELLED
    # a second flush sends nothing more
    digest_mails_flush.delay()
    assert len(mail.outbox) == CANDIDATES - 2
