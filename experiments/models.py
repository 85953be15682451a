from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


class ExperimentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ROLLED_BACK = "rolled_back", "Rolled back"


class Experiment(TimestampedModel):
    """An A/B test of one parameter component of the spine."""

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    hypothesis = models.TextField(blank=True)
    component = models.CharField(max_length=100, db_index=True)
    namespace = models.CharField(
        max_length=100,
        blank=True,
        help_text="Experiments in one namespace are mutually exclusive",
    )
    status = models.CharField(
        max_length=20, choices=ExperimentStatus.choices, default=ExperimentStatus.DRAFT
    )
    coverage = models.FloatField(default=1.0, help_text="Share of eligible users enrolled")
    rollout_stage = models.PositiveSmallIntegerField(default=0, help_text="Percent of coverage")
    primary_metric = models.CharField(max_length=60, default="interview_rate")
    guardrail_metrics = models.JSONField(default=list, blank=True)
    planned_sample_size = models.PositiveIntegerField(null=True, blank=True)
    max_duration_days = models.PositiveIntegerField(default=28)
    decision_rule = models.JSONField(default=dict, blank=True)
    salt = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_recommendation_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage__gte=0, coverage__lte=1), name="experiment_coverage_range"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Variant(TimestampedModel):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100, blank=True)
    value = models.JSONField(help_text="The component value this arm uses")
    weight = models.FloatField(default=0.5)
    is_control = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["experiment", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "key"], name="variant_key_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="variant_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.experiment.key}:{self.key}"


class Assignment(TimestampedModel):
    """A sticky assignment of one user to one variant; exposure is when they first saw it."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="assignments"
    )
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    bucket = models.FloatField(help_text="The user's hash position in [0, 1)")
    first_exposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["experiment", "user"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "user"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.variant}"
