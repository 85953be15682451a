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
    """An A/B test of one parameter component of the spine.

    ``component`` is the spine parameter the variants set (``strategy.improve_resume_threshold``,
    ``job_scoring.weights``, ``prompts.job_score``, ``ai.model`` ...): while the experiment
    runs, the resolver hands each enrolled user their variant's value.
    """

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    hypothesis = models.TextField(blank=True)
    component = models.CharField(max_length=100, db_index=True)
    namespace = models.CharField(
        max_length=100,
        blank=True,
        help_text="Experiments in one namespace are mutually exclusive",
    )
    namespace_start = models.FloatField(default=0.0, help_text="Share of the namespace, from")
    namespace_end = models.FloatField(default=1.0, help_text="Share of the namespace, to")
    status = models.CharField(
        max_length=20, choices=ExperimentStatus.choices, default=ExperimentStatus.DRAFT
    )
    coverage = models.FloatField(default=1.0, help_text="Share of eligible users enrolled")
    rollout_stage = models.PositiveSmallIntegerField(default=0, help_text="Percent of coverage")
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    primary_metric = models.CharField(max_length=60, default="interview_rate")
    guardrail_metrics = models.JSONField(default=list, blank=True)
    baseline = models.FloatField(
        null=True, blank=True, help_text="Expected control value of the primary metric"
    )
    baseline_variance = models.FloatField(
        null=True, blank=True, help_text="Per-user variance of a mean primary metric"
    )
    mde_relative = models.FloatField(
        default=0.10, help_text="Minimum expected benefit: the relative lift the test must detect"
    )
    expected_daily_users = models.PositiveIntegerField(null=True, blank=True)
    power_analysis = models.JSONField(default=dict, blank=True)
    planned_sample_size = models.PositiveIntegerField(null=True, blank=True)
    max_duration_days = models.PositiveIntegerField(default=28)
    decision_rule = models.JSONField(default=dict, blank=True)
    rollback_plan = models.TextField(blank=True)
    salt = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_analysed_at = models.DateTimeField(null=True, blank=True)
    winner = models.ForeignKey(
        "Variant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shipped_version_id = models.PositiveBigIntegerField(null=True, blank=True)
    previous_version_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The parameter version active before shipping"
    )
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
            models.CheckConstraint(
                condition=Q(namespace_start__gte=0)
                & Q(namespace_end__lte=1)
                & Q(namespace_start__lt=models.F("namespace_end")),
                name="experiment_namespace_range",
            ),
            models.CheckConstraint(
                condition=Q(rollout_stage__lte=100), name="experiment_stage_percent"
            ),
        ]
        permissions = [("assign_any_user", "Can ask for any user's experiment assignment")]

    def __str__(self) -> str:
        return self.key

    @property
    def enrolled_share(self) -> float:
        """The share of eligible users enrolled now: coverage * rollout stage."""
        return self.coverage * self.rollout_stage / 100


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
    """A sticky assignment of one user to one variant, made at the user's first exposure.

    ``first_exposed_at`` is when the user first received the variant's value; metrics count
    only what happened after it.
    """

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="assignments")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    bucket = models.FloatField(help_text="The user's hash position in [0, 1)")
    first_exposed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=40, default="resolver")

    class Meta:
        ordering = ["experiment", "user"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "user"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["user", "experiment"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.variant}"


class AnalysisAction(models.TextChoices):
    CONTINUE = "continue", "Continue"
    HOLD = "hold", "Hold (data-quality problem)"
    ADVANCE = "advance", "Advance rollout stage"
    SHIP = "ship", "Ship winner"
    ROLLBACK = "rollback", "Roll back"
    CONCLUDE = "conclude", "Conclude without a decision"


class Analysis(models.Model):
    """One periodic analysis of an experiment: the statistics and the rule's verdict.

    One row per experiment and 30-minute window, so a job that runs twice in a window
    (two beat workers, a manual command) stores one analysis.
    """

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="analyses")
    window = models.DateTimeField(help_text="Start of the 30-minute window analysed")
    analysed_at = models.DateTimeField()
    stage = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=ExperimentStatus.choices)
    action = models.CharField(max_length=20, choices=AnalysisAction.choices)
    reasons = models.JSONField(default=list)
    checks = models.JSONField(default=dict)
    srm_p_value = models.FloatField(null=True)
    counts = models.JSONField(default=dict, help_text="Enrolled users per variant")
    results = models.JSONField(default=list, help_text="Per metric and variant statistics")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["experiment", "-window"]
        verbose_name_plural = "analyses"
        constraints = [
            models.UniqueConstraint(fields=["experiment", "window"], name="analysis_window_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.experiment.key} @ {self.window:%Y-%m-%d %H:%M}: {self.action}"


class HoldoutStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Holdout(TimestampedModel):
    """A small long-running share of candidates kept on the parameter values of its start.

    Members are chosen by the salted hash (:mod:`experiments.allocation`): a candidate whose
    bucket for ``salt`` lies below ``share`` is in the holdout. ``frozen_values`` is the
    spine as it stood at ``started_at`` (component → value and the version it came from):
    the resolver hands members these values instead of whatever shipped later, and new
    experiments do not enrol them. Comparing members with everyone else measures the
    cumulative effect of everything shipped since. At most one holdout is active.
    """

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=HoldoutStatus.choices, default=HoldoutStatus.ACTIVE
    )
    share = models.FloatField(help_text="Share of candidates held back, e.g. 0.05")
    salt = models.CharField(max_length=64)
    primary_metric = models.CharField(max_length=60, default="interview_rate")
    secondary_metrics = models.JSONField(default=list, blank=True)
    frozen_values = models.JSONField(
        default=dict, help_text="component → {value, version}: the spine at the start"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    final_report = models.JSONField(
        default=dict, blank=True, help_text="The cumulative-effect report when it ended"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The holdout this one replaced (rotation)",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=0.5), name="holdout_share_range"
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="holdout_one_active",
            ),
        ]

    def __str__(self) -> str:
        return self.key
