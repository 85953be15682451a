"""Daily digests, the mail outbox (digest mails, reviewer notifications) and the chunk claims
of fanned-out batch jobs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


class DailyDigest(TimestampedModel):
    candidate = models.ForeignKey(
        "profiles.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="digests",
        db_index=False,  # the (candidate, digest_date) key below leads with it
    )
    digest_date = models.DateField()
    digest_title = models.CharField(max_length=255, blank=True)
    digest_summary = models.TextField(blank=True)
    digest_html = models.TextField(blank=True)
    # the mail's text part, rendered with the HTML at build time (the send reads both)
    digest_text = models.TextField(blank=True, default="")
    top_jobs = models.JSONField(default=list, blank=True)
    total_new_jobs = models.PositiveIntegerField(default=0)
    total_matches = models.PositiveIntegerField(default=0)
    market_trends = models.JSONField(default=dict, blank=True)
    skill_recommendations = models.JSONField(default=list, blank=True)
    email_sent = models.BooleanField(default=False)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_opened = models.BooleanField(default=False)
    email_clicked = models.BooleanField(default=False)
    user_viewed = models.BooleanField(default=False)
    user_viewed_at = models.DateTimeField(null=True, blank=True)
    jobs_clicked = models.JSONField(default=list, blank=True)
    generation_time_seconds = models.FloatField(null=True, blank=True)
    # unique by the constraint below (a unique field would add a LIKE index nothing uses)
    tracking_token = models.CharField(max_length=32, null=True, blank=True)
    summary_interaction = models.ForeignKey(
        "profiles.AIInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-digest_date", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "digest_date"], name="digest_one_per_candidate_per_day"
            ),
            models.UniqueConstraint(fields=["tracking_token"], name="digest_tracking_token"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.digest_date}"


class DigestMailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"  # the candidate unsubscribed before it went out


class OutboxMail(TimestampedModel):
    """What every outbox row carries: its address and the claim, retry and delivery state
    that ``profiles.services.digest_outbox`` works on."""

    address = models.EmailField()
    status = models.CharField(
        max_length=10, choices=DigestMailStatus.choices, default=DigestMailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # "host:pid" of the claiming process: a claim whose process is gone is taken over at once.
    claimed_by = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True


class DigestMail(OutboxMail):
    """The outbox row of one digest's e-mail: written with the digest, sent after the commit.

    One per digest (so one per candidate per day). A sender claims the row with a conditional
    UPDATE (pending → sending); a row left in ``sending`` by a killed worker is claimed again
    at once when its process is known dead, else after the claim timeout.
    """

    digest = models.OneToOneField(DailyDigest, on_delete=models.CASCADE, related_name="mail")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="digest_mail_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DigestMailStatus.values), name="digest_mail_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"mail {self.digest_id} {self.status}"


class ReviewerMail(OutboxMail):
    """The outbox row of one notification to one reviewer (a data-quality report, a
    rollback): written in the transaction that decides it, sent by the same claim, retry
    and flush machinery as the digest mails (``profiles.services.digest_outbox``).

    ``key`` names the notification (``data-quality:2026-03-02``); one row per (key,
    address), so a second run of the job that sends it queues nothing. Unkeyed
    notifications (empty ``key``) are queued every time they are asked for.
    """

    key = models.CharField(max_length=120, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reviewer_mail_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DigestMailStatus.values), name="reviewer_mail_status_valid"
            ),
            models.UniqueConstraint(
                fields=["key", "address"],
                condition=~Q(key=""),
                name="reviewer_mail_once_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"reviewer mail {self.key or self.pk} {self.status}"


class BatchClaim(TimestampedModel):
    """The claim of one periodic batch job's window (``score_all`` of one hour, say).

    Created once per (job, window): a second beat delivery of the same window finds it and
    does nothing. ``cursor`` is the last id processed; a batch is claimed by a conditional
    UPDATE on (cursor, claimed_at), so a redelivered batch message runs it once, and a batch
    whose worker died is taken over after the claim goes stale.
    """

    job = models.CharField(max_length=60)
    window = models.CharField(max_length=40)
    cursor = models.BigIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The Celery worker (``name@host``) that claimed the batch last: who did the work.
    claimed_by = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "window"], name="batch_claim_one_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.window} @{self.cursor}"
