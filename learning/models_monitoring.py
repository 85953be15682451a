"""What the daily monitoring measured, and the matches exploration added (issue 17)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from recruitly.timestamps import TimestampedModel


class MonitoringSeverity(models.TextChoices):
    OK = "ok", "OK"
    INSUFFICIENT = "insufficient", "Not enough data"
    WARNING = "warning", "Warning"
    CRITICAL = "critical", "Critical"


class MonitoringCheck(TimestampedModel):
    """One check of one day's monitoring run: its figure, threshold, verdict and evidence.

    ``day`` is the run's window end (midnight UTC): the check saw everything before it.
    One row per day, check (``name``) and component; a repeated run updates it and never repeats an
    action already taken (``action``).
    """

    day = models.DateField(db_index=True)
    name = models.CharField(max_length=60, db_index=True, help_text="The check")
    component = models.CharField(max_length=100, blank=True, help_text="Parameter, if any")
    severity = models.CharField(max_length=20, choices=MonitoringSeverity.choices)
    value = models.FloatField(null=True, blank=True, help_text="The headline figure")
    threshold = models.FloatField(null=True, blank=True, help_text="Where it becomes an alert")
    sample_size = models.PositiveIntegerField(default=0)
    summary = models.TextField()
    evidence = models.JSONField(default=dict, blank=True)
    action = models.CharField(max_length=200, blank=True, help_text="What the platform did")
    notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-day", "name", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "name", "component"], name="monitoring_check_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name} {self.component} {self.severity}"


class ExplorationMatch(TimestampedModel):
    """A match shown because exploration was on: a posting outside the candidate's usual
    occupations, logged so its outcome can be compared with the usual matches."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("profiles.JobListing", on_delete=models.CASCADE, related_name="+")
    shown_on = models.DateField(db_index=True)
    occupation = models.CharField(max_length=120, blank=True)
    usual_occupations = models.JSONField(default=list, blank=True)
    epsilon = models.FloatField()
    compatibility_score = models.FloatField()

    class Meta:
        ordering = ["-shown_on", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="exploration_match_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} x {self.job_id} ({self.shown_on})"
