"""Every AI call (task, prompt version, model, tokens, cost, rating) and the model prices.

Written by the AI layer (``profiles.ai``). The tables keep the names they had when these
models lived in ``learning`` (the move was state-only), so no data migrates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.spine.models import ParameterVersion
from recruitly.timestamps import TimestampedModel


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
        db_table = "learning_aimodelprice"
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
        db_index=False,  # (user, created_at) below serves every look-up by user
    )
    # Every digest and parse writes a row, and each index is written with it: the columns
    # looked up have one index each ((task, created_at) serves task; nothing filters by
    # provider or success alone, the admin's filters scan), and no LIKE ``_like`` copies.
    task = models.CharField(max_length=30, choices=AITask.choices)
    provider = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    prompt_version = models.CharField(
        max_length=40, help_text="'default' or 'v<N>' of the prompts.<task> parameter"
    )
    prompt_parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    input_hash = models.CharField(max_length=64, help_text="SHA-256 of the input")
    input_data = models.JSONField(default=dict, blank=True)
    output = models.JSONField(null=True, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=8, default=0)
    latency_ms = models.FloatField(default=0.0)
    success = models.BooleanField(default=True)
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
        db_table = "learning_aiinteraction"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["task", "created_at"]),
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["input_hash"], name="ai_input_hash"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(cost_usd__gte=0), name="ai_cost_non_negative"),
        ]

    def __str__(self) -> str:
        state = "ok" if self.success else "failed"
        return f"{self.task} via {self.provider}/{self.model} ({state})"


# --- The learning engine: analysis runs, recommendations, insights
