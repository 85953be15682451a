"""Resume optimization runs and the candidate's decision on each suggestion (seed 000)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruitly.timestamps import TimestampedModel


class ResumeOptimization(TimestampedModel):
    """One optimization of a resume version for a posting: the three stages and their cost.

    ``offers`` logs the randomised arm of each optional suggestion type (the instrument of the
    resume-edit analysis); ``result_version`` is the newest version its accepted suggestions
    produced, ``scores_after`` its stage-3 scores.
    """

    candidate = models.ForeignKey(
        "profiles.CandidateProfile", on_delete=models.CASCADE, related_name="optimizations"
    )
    job = models.ForeignKey("profiles.JobListing", on_delete=models.PROTECT, related_name="+")
    source_version = models.ForeignKey(
        "profiles.ResumeVersion", on_delete=models.PROTECT, related_name="+"
    )
    result_version = models.ForeignKey(
        "profiles.ResumeVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interaction = models.ForeignKey(
        "profiles.AIInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provider = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    prompt_version = models.CharField(max_length=40)
    analysis = models.JSONField(default=dict)
    offers = models.JSONField(default=dict, help_text="Optional edit type → arm and bucket")
    scores_before = models.JSONField(default=dict)
    scores_after = models.JSONField(default=dict)
    processing_ms = models.FloatField(default=0.0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=8, default=0)
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-5 stars")
    rating_comment = models.TextField(blank=True)
    callback_reported = models.BooleanField(
        null=True, blank=True, help_text="The candidate's later report: a callback came"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="optimization_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"optimization {self.pk} of {self.candidate} for job {self.job_id}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Accepted with changes"
    REJECTED = "rejected", "Rejected"


class ResumeSuggestion(TimestampedModel):
    """One stage-2 suggestion and what the candidate did with it (the final text is kept)."""

    optimization = models.ForeignKey(
        ResumeOptimization, on_delete=models.CASCADE, related_name="suggestions"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, help_text="bullet, summary or section")
    edit_type = models.CharField(max_length=20)
    original = models.TextField(blank=True)
    suggested = models.TextField()
    reason = models.TextField(blank=True)
    anchor = models.TextField(blank=True, help_text="Insertion: the line it goes before")
    needs_input = models.BooleanField(default=False)
    optional = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    final_text = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resulting_version = models.ForeignKey(
        "profiles.ResumeVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["optimization", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["optimization", "position"], name="suggestion_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"suggestion {self.position} of optimization {self.optimization_id} ({self.status})"
