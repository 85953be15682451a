from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.spine.models import ParameterVersion
from recruitly.timestamps import TimestampedModel


# --- AI calls (written by the AI layer in recruitly/ai) --------------------------------------
class AITask(models.TextChoices):
    RESUME_PARSE = "resume_parse", "Parse a resume"
    JOB_SCORE = "job_score", "Score a job"
    JOB_REASONING = "job_reasoning", "Explain a match"
    DIGEST_SUMMARY = "digest_summary", "Summarise a digest"
    RESUME_OPTIMIZE = "resume_optimize", "Optimize a resume"


class AIModelPrice(TimestampedModel):
    """Price of a model from a date on: the latest ``effective_from`` not after the call wins."""

    provider = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    effective_from = models.DateField()
    input_usd_per_million = models.DecimalField(max_digits=12, decimal_places=6)
    output_usd_per_million = models.DecimalField(max_digits=12, decimal_places=6)

    class Meta:
        ordering = ["provider", "model", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "model", "effective_from"], name="ai_price_unique_per_date"
            ),
            models.CheckConstraint(
                condition=Q(input_usd_per_million__gte=0, output_usd_per_million__gte=0),
                name="ai_price_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}/{self.model} from {self.effective_from}"


class AIInteraction(TimestampedModel):
    """One call to an AI provider: what was asked, what came back, what it cost, how it went."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The candidate the call was made for, if any",
    )
    task = models.CharField(max_length=30, choices=AITask.choices, db_index=True)
    provider = models.CharField(max_length=20, db_index=True)
    model = models.CharField(max_length=100)
    prompt_version = models.CharField(
        max_length=40, help_text="'default' or 'v<N>' of the prompts.<task> parameter"
    )
    prompt_parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    input_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the input")
    input_data = models.JSONField(default=dict, blank=True)
    output = models.JSONField(null=True, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=8, default=0)
    latency_ms = models.FloatField(default=0.0)
    success = models.BooleanField(default=True, db_index=True)
    error = models.TextField(blank=True)
    fallback_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fallbacks",
        help_text="The failed call this local answer replaced",
    )
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    rating = models.CharField(
        max_length=4, blank=True, help_text="Latest thumbs rating (up/down); the event log has all"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["task", "created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(cost_usd__gte=0), name="ai_cost_non_negative"),
        ]

    def __str__(self) -> str:
        state = "ok" if self.success else "failed"
        return f"{self.task} via {self.provider}/{self.model} ({state})"


# --- The learning engine: analysis runs, recommendations, insights


class AnalysisStatus(models.TextChoices):
    STARTED = "started", "Started"
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
