"""Interview likelihood of a match, written by the nightly analysis (learning) for the match
list to read without importing learning. A row exists only where the predictor was calibrated
(its expected calibration error under its noise floor on held-out candidates, and the
prediction's own reliability bin consistent); no row, nothing shown."""

from __future__ import annotations

from django.db import models


class InterviewLikelihood(models.Model):
    job_score = models.OneToOneField(
        "profiles.JobScore",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="interview_likelihood",
    )
    probability = models.FloatField()
    low = models.FloatField(help_text="lowest calibrated prediction of the ensemble's models")
    high = models.FloatField(help_text="highest calibrated prediction of the ensemble's models")
    calibration_error = models.FloatField()
    noise_floor = models.FloatField()
    sample_size = models.PositiveIntegerField(help_text="held-out applications judged")
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low__gte=0, high__lte=1, low__lte=models.F("high")),
                name="interview_likelihood_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_score_id}: {self.probability:.0%}"
