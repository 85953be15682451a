from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


class EventFamily(models.TextChoices):
    APPLICATION = "application", "Application"
    STRATEGY = "strategy", "Strategy"
    RESUME = "resume", "Resume"
    FEEDBACK = "feedback", "Suggestion feedback"
    AI_FEEDBACK = "ai_feedback", "AI response feedback"


class Event(models.Model):
    """One entry of the append-only outcome log (seed 001 §3).

    Rows are only ever inserted; ``event_id`` is chosen by the client so that retrying a
    batch stores each event once.
    """

    event_id = models.CharField(max_length=100, unique=True)
    event_type = models.CharField(max_length=40, db_index=True)
    family = models.CharField(max_length=20, choices=EventFamily.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(db_index=True)
    payload = models.JSONField(help_text="The type's own fields, as validated")
    source = models.CharField(max_length=40, default="api")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["family", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]
        permissions = [("ingest_any_event", "Can ingest events on behalf of any user")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class QuarantinedEvent(TimestampedModel):
    """A rejected input, kept verbatim with the reasons it was refused."""

    event_id = models.CharField(max_length=100, blank=True, db_index=True)
    event_type = models.CharField(max_length=60, blank=True, db_index=True)
    raw = models.JSONField(help_text="The item exactly as received")
    errors = models.JSONField(default=list)
    source = models.CharField(max_length=40, default="api")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event_type or '?'} {self.event_id or '(no id)'}"


class VersionSource(models.TextChoices):
    RECOMMENDATION = "recommendation", "Approved recommendation"
    EXPERIMENT = "experiment", "Finished experiment"
    MANUAL = "manual", "Reviewer's manual edit"
    ROLLBACK = "rollback", "Rollback"


class ParameterVersion(TimestampedModel):
    """An immutable value of one parameter component.

    The active version of a component is its highest ``version``: activating an earlier value
    or rolling back appends a new row that copies it (``restored_from``), so history is never
    rewritten.
    """

    component = models.CharField(max_length=100, db_index=True)
    version = models.PositiveIntegerField()
    value = models.JSONField()
    source = models.CharField(max_length=20, choices=VersionSource.choices)
    reason = models.TextField()
    evidence = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    restored_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["component", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "version"], name="parameter_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="parameter_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.component} v{self.version}"


class ParameterOverride(TimestampedModel):
    """A per-candidate value (personalisation). The newest row for a user and component wins."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    component = models.CharField(max_length=100)
    value = models.JSONField()
    reason = models.TextField(blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "component", "-created_at"]
        indexes = [models.Index(fields=["user", "component", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.component}"


class AuditEntry(models.Model):
    """Append-only record of every decision, human or automatic, with its justification."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for automatic decisions taken by the system",
    )
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=100)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"
