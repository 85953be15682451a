"""Parameter versions, per-candidate overrides and the audit trail.

The tables keep the names they had when these models lived in ``learning`` (the move was
state-only), so no data migrates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


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
        db_table = "learning_parameterversion"
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
        db_table = "learning_parameteroverride"
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
        db_table = "learning_auditentry"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"
