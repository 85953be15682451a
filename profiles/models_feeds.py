"""Job sources (feeds and ATS boards) and the postings they refused."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


class FeedKind(models.TextChoices):
    """One value per connector in ``profiles.sources`` (the registry is keyed by these)."""

    AUTO = "auto", "RSS or Atom (detected)"
    JSON = "json", "JSON export"
    CSV = "csv", "CSV export"
    GREENHOUSE = "greenhouse", "Greenhouse job board"
    LEVER = "lever", "Lever job board"
    ASHBY = "ashby", "Ashby job board"
    SMARTRECRUITERS = "smartrecruiters", "SmartRecruiters job board"
    RECRUITEE = "recruitee", "Recruitee careers site"
    PERSONIO = "personio", "Personio XML feed"
    SCHEMA_ORG = "schema_org", "Page with schema.org JobPosting"


class FeedStatus(models.TextChoices):
    NEVER = "never", "Never fetched"
    OK = "ok", "OK"
    EMPTY = "empty", "Fetched, no items"
    FAILING = "failing", "Failing"
    GONE = "gone", "Board gone (404/410)"


class JobClosedReason(models.TextChoices):
    REMOVED = "removed", "Gone from its board"
    EXPIRED = "expired", "Past its validThrough"
    BOARD_GONE = "board_gone", "Its board disappeared"


class FeedSource(TimestampedModel):
    """A job feed and how its last fetches went, so an empty or failing feed is visible."""

    name = models.CharField(max_length=100, unique=True)
    url = models.CharField(
        max_length=500, help_text="http(s):// or file:// URL read (a board's API endpoint)"
    )
    kind = models.CharField(max_length=20, choices=FeedKind.choices, default=FeedKind.AUTO)
    board = models.CharField(
        max_length=200, blank=True, help_text="The ATS board's company slug or token"
    )
    company = models.CharField(
        max_length=255, blank=True, help_text="Company name, for boards that do not state it"
    )
    fetch_every_minutes = models.PositiveIntegerField(
        default=60, help_text="Schedule: not fetched again sooner than this"
    )
    filters = models.JSONField(
        default=dict,
        blank=True,
        help_text="include / exclude (title words), locations, remote_only",
    )
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=FeedStatus.choices, default=FeedStatus.NEVER)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Backoff: not fetched again before this time"
    )
    items_seen = models.PositiveIntegerField(default=0)
    items_new = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_skipped = models.PositiveIntegerField(default=0)
    items_closed = models.PositiveIntegerField(default=0)
    items_quarantined = models.PositiveIntegerField(default=0)
    last_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # URL -> {"etag": ..., "last_modified": ...} of the last 200, sent back as conditions.
    http_validators = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fetch_every_minutes__gte=1), name="feed_schedule_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class QuarantinedPosting(TimestampedModel):
    """An item a source returned that could not be read as a posting, and why (kept for review).

    One row per (feed, item key): the same broken item seen again updates its row.
    """

    feed = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="quarantined")
    item_key = models.CharField(max_length=255, help_text="Its id, or a hash of its content")
    reason = models.CharField(max_length=500)
    raw = models.TextField(blank=True, help_text="The item as received (cut to a few kB)")
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "item_key"], name="quarantine_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.feed}: {self.item_key} ({self.reason})"
