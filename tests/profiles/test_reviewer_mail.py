"""Reviewer notifications go through the mail outbox: a failed send is retried, every
notification reaches each reviewer exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from experiments.services.notify import reviewers_notify
from learning.quality.report import data_quality_daily
from profiles.models import DigestMailStatus, ReviewerMail
from profiles.services.digest_outbox import MAX_ATTEMPTS
from profiles.services.reviewer_mail import ReviewerMailError, reviewer_mail_send
from profiles.tasks import digest_mails_flush
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 3, 1, 15, tzinfo=UTC)


class FlakyBackend(EmailBackend):
    """The locmem backend, failing the next ``failures`` sends (an SMTP outage)."""

    failures = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 0
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_failed_report_mail_is_retried_and_sent_once(django_capture_on_commit_callbacks):
    ReviewerFactory(email="rev@example.com")
    FlakyBackend.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        data_quality_daily(day=DAY)  # queued, then the send after the commit fails
    row = ReviewerMail.objects.get()
    assert (row.status, row.attempts, mail.outbox) == (DigestMailStatus.PENDING, 1, [])
    assert "SMTPServerDisconnected" in row.last_error
    assert digest_mails_flush() == 1  # the outbox flush retries it
    assert digest_mails_flush() == 0
    with django_capture_on_commit_callbacks(execute=True):
        data_quality_daily(day=DAY)  # a second run of the day's job queues nothing
    assert not reviewer_mail_send(mail_id=row.pk)  # nor does a redelivered send task
    assert [m.subject for m in mail.outbox] == ["[recruitly] Data quality 2026-03-02"]
    assert mail.outbox[0].to == ["rev@example.com"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DigestMailStatus.SENT, 2)


def test_each_reviewer_gets_one_row_per_key_and_nothing_from_a_rolled_back_decision(
    django_capture_on_commit_callbacks,
):
    ReviewerFactory(email="a@example.com")
    ReviewerFactory(email="b@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        reviewers_notify(subject="w rolled back", body="why", key="rollback:w:1")
        reviewers_notify(subject="w rolled back", body="why", key="rollback:w:1")
    with pytest.raises(RuntimeError), transaction.atomic():
        reviewers_notify(subject="never decided", body="")
        raise RuntimeError
    assert ReviewerMail.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_a_mail_failing_every_time_is_given_up_after_the_attempts_limit():
    ReviewerFactory(email="rev@example.com")
    (pk,) = reviewers_notify(subject="s", body="b")
    FlakyBackend.failures = MAX_ATTEMPTS
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(ReviewerMailError):
            reviewer_mail_send(mail_id=pk)
    row = ReviewerMail.objects.get(pk=pk)
    assert (row.status, row.attempts) == (DigestMailStatus.FAILED, MAX_ATTEMPTS)
    assert digest_mails_flush() == 0 and mail.outbox == []
