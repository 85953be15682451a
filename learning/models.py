from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.spine.models import ParameterVersion
from recruitly.timestamps import TimestampedModel


class AnalysisStatus(models.TextChoices):
    STARTED = "started", "Started"
    # shards handed to Celery tasks: the last shard to finish takes the run back and merges
    SHARDED = "sharded", "Shards running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class AnalysisRun(TimestampedModel):
    """One run of a periodic analysis over a window of the event log.

    ``(kind, window_end)`` is unique: a second run of the same window finds the row and either
    resumes (STARTED, stale) or stops (DONE); two runs never overlap.
    """

    kind = models.CharField(max_length=40, default="nightly")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.STARTED
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    progress = models.JSONField(default=dict, blank=True, help_text="Completed steps, for resume")
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-window_end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "window_end"], name="analysis_run_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.window_end:%Y-%m-%d} ({self.status})"


class ShardStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    STARTED = "started", "Started"
    DONE = "done", "Done"


class AnalysisShard(TimestampedModel):
    """One shard of a fanned-out analysis run (``learning.services.analysis_shards``).

    ``(run, index)`` is unique: a shard's range is planned once per run, claimed by one worker
    at a time (a dead worker's claim is taken over once its heartbeat is stale) and its state
    stored once (DONE is final: a redelivered or re-dispatched task finds it and stops). The
    rows are deleted when the run is DONE.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="shards")
    index = models.PositiveIntegerField()
    user_low = models.BigIntegerField()
    user_high = models.BigIntegerField(help_text="Exclusive")
    sampled = models.BinaryField(
        null=True, blank=True, help_text="The sample's user ids in the range (int64); null: all"
    )
    status = models.CharField(max_length=10, choices=ShardStatus.choices, default="pending")
    claimed_by = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    state = models.BinaryField(null=True, blank=True, help_text="The shard's state, compressed")
    state_bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["run", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="analysis_shard_unique"),
        ]

    def __str__(self) -> str:
        return f"shard {self.index} of run {self.run_id} ({self.status})"


class RecommendationKind(models.TextChoices):
    STRATEGY_THRESHOLDS = "strategy_thresholds", "Strategy thresholds"
    CALIBRATION = "calibration", "Resume score calibration"
    FIT_WEIGHTS = "fit_weights", "Fit-score weights"
    TIMING = "timing", "Timing"
    RESUME_EDIT = "resume_edit", "Resume edits"
    PROMPT = "prompt", "Prompt or model"


class RecommendationRoute(models.TextChoices):
    AUTO_APPLY = "auto_apply", "Auto apply"
    A_B_TEST = "a_b_test", "A/B test"
    MANUAL_REVIEW = "manual_review", "Manual review"


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    APPROVED = "approved", "Approved (new version)"
    TESTING = "testing", "Approved as A/B test"
    REJECTED = "rejected", "Rejected"
    AUTO_APPLIED = "auto_applied", "Applied automatically"
    INFORMATIONAL = "informational", "Informational (no parameter change)"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Recommendation(TimestampedModel):
    """A proposed change to one parameter, in the shape of seed 001 §5.1, with its evidence."""

    kind = models.CharField(max_length=30, choices=RecommendationKind.choices, db_index=True)
    component = models.CharField(max_length=100, db_index=True, help_text="Parameter component")
    parameter = models.CharField(max_length=100, help_text="Field within the component, if any")
    current_value = models.JSONField(null=True)
    recommended_value = models.JSONField(null=True)
    change_key = models.CharField(
        max_length=64, help_text="Hash of component + recommended value: one pending per change"
    )
    reasoning = models.TextField()
    # {metric, improvement, sample_size, confidence_interval: [lo, hi], p_value, method, ...}
    evidence = models.JSONField(default=dict)
    # {users_affected, expected_benefit, risk_level}
    impact = models.JSONField(default=dict)
    risk_level = models.CharField(
        max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    route = models.CharField(max_length=20, choices=RecommendationRoute.choices)
    status = models.CharField(
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PENDING,
        db_index=True,
    )
    chart = models.JSONField(default=dict, blank=True, help_text="Data for the evidence chart")
    analysis_run = models.ForeignKey(
        AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    resulting_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    experiment_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_key"],
                condition=Q(status="pending"),
                name="recommendation_one_pending_per_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component}: {self.get_kind_display()} ({self.status})"


class WeeklyInsight(TimestampedModel):
    """A candidate's weekly insights (seed 001 §8.1 shape), one row per user and week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    content = models.JSONField(default=dict)
    sample_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="weekly_insight_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week_start}"


# Monitoring (issue 17) lives in its own module; imported here so Django sees it.
from learning.models_monitoring import ExplorationMatch as ExplorationMatch  # noqa: E402
from learning.models_monitoring import MonitoringCheck as MonitoringCheck  # noqa: E402
