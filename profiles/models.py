from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from profiles.models_feeds import FeedSource, JobClosedReason
from recruitly.domain import (
    ApplicationCategory,
    CompanyStage,
    OutcomeStatus,
    Seniority,
    StrategyMode,
)
from recruitly.timestamps import TimestampedModel


class CandidateProfile(TimestampedModel):
    """A candidate's structured profile (seed 003 ``user_profiles``); lists are JSON arrays."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    # Personal information
    full_name = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    location = models.CharField(max_length=255, blank=True)
    work_authorization = models.CharField(max_length=100, blank=True)
    # Professional summary
    years_of_experience = models.FloatField(default=0.0)
    career_level = models.CharField(max_length=50, choices=Seniority.choices, blank=True)
    professional_summary = models.TextField(blank=True)
    # Skills
    programming_languages = models.JSONField(default=list, blank=True)
    frameworks_libraries = models.JSONField(default=list, blank=True)
    tools_platforms = models.JSONField(default=list, blank=True)
    soft_skills = models.JSONField(default=list, blank=True)
    # Experience
    job_titles = models.JSONField(default=list, blank=True)
    companies = models.JSONField(default=list, blank=True)
    industries = models.JSONField(default=list, blank=True)
    experience_descriptions = models.JSONField(default=list, blank=True)
    # Education
    degrees = models.JSONField(default=list, blank=True)
    institutions = models.JSONField(default=list, blank=True)
    graduation_years = models.JSONField(default=list, blank=True)
    relevant_coursework = models.JSONField(default=list, blank=True)
    # Preferences
    desired_roles = models.JSONField(default=list, blank=True)
    preferred_locations = models.JSONField(default=list, blank=True)
    salary_range_min = models.PositiveIntegerField(null=True, blank=True)
    salary_range_max = models.PositiveIntegerField(null=True, blank=True)
    job_types = models.JSONField(default=list, blank=True)
    company_size_preference = models.JSONField(default=list, blank=True)
    open_to_remote = models.BooleanField(default=True)
    # AI insights
    ai_profile_summary = models.TextField(blank=True)
    ai_strengths = models.JSONField(default=list, blank=True)
    ai_improvement_areas = models.JSONField(default=list, blank=True)
    ai_career_advice = models.TextField(blank=True)
    # Strategy and consent
    strategy_mode = models.CharField(
        max_length=30, choices=StrategyMode.choices, default=StrategyMode.IMPROVE_RESUME_FIRST
    )
    experimentation_opt_out = models.BooleanField(
        default=False, help_text="Never enrol this candidate in experiments."
    )
    market_insights_opt_out = models.BooleanField(
        default=False, help_text="Leave this candidate out of anonymised market analytics."
    )
    digest_emails = models.BooleanField(
        default=True, help_text="Send the daily digest by e-mail (off after an unsubscribe)."
    )
    last_resume_upload = models.DateTimeField(null=True, blank=True)
    skill_sources = models.JSONField(
        default=dict, blank=True, help_text="Skill → where it came from (resume section or you)"
    )
    linkedin = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years_of_experience__gte=0), name="profile_years_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(salary_range_min__isnull=True)
                | Q(salary_range_max__isnull=True)
                | Q(salary_range_min__lte=models.F("salary_range_max")),
                name="profile_salary_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.user.username

    @property
    def all_skills(self) -> list[str]:
        return [
            *self.programming_languages,
            *self.frameworks_libraries,
            *self.tools_platforms,
            *self.soft_skills,
        ]


class ResumeVersion(TimestampedModel):
    """One immutable version of a candidate's resume: its text, hash and what was parsed."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="resume_versions"
    )
    version = models.PositiveIntegerField()
    text = models.TextField()
    source_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the source")
    source_name = models.CharField(max_length=255, blank=True)
    source_type = models.CharField(max_length=10, default="txt")
    parsed_data = models.JSONField(default=dict, blank=True)
    resume_score = models.FloatField(null=True, blank=True)
    score_reasons = models.JSONField(default=list, blank=True)
    edit_types = models.JSONField(
        default=list, blank=True, help_text="Kinds of edit that produced this version"
    )
    raw_file = models.BinaryField(
        null=True, blank=True, help_text="Kept only when RESUME_KEEP_RAW_FILES is on"
    )
    parse_interaction = models.ForeignKey(
        "profiles.AIInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["candidate", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "version"], name="resume_version_unique"),
            models.CheckConstraint(
                condition=Q(resume_score__isnull=True)
                | Q(resume_score__gte=0, resume_score__lte=100),
                name="resume_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} v{self.version}"


class JobListing(TimestampedModel):
    title = models.CharField(max_length=255)
    company = models.CharField(max_length=255, db_index=True)
    company_size = models.CharField(max_length=30, blank=True, help_text="e.g. 1-10, 51-200")
    company_stage = models.CharField(
        max_length=20, choices=CompanyStage.choices, default=CompanyStage.UNKNOWN
    )
    industry = models.CharField(max_length=100, blank=True, db_index=True)
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True)
    location = models.CharField(max_length=255, blank=True)
    remote = models.BooleanField(default=False)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    required_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    # What the posting parser read out of the text (profiles/parsing/postings.py).
    min_years = models.FloatField(null=True, blank=True, help_text="years asked, if stated")
    max_years = models.FloatField(null=True, blank=True)
    education_requirement = models.CharField(max_length=30, blank=True)
    requirements_text = models.TextField(
        blank=True, help_text="The requirement sections only (no company blurb or benefits)"
    )
    skill_sources = models.JSONField(
        default=dict, blank=True, help_text="skill → where in the posting it was asked"
    )
    url = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=100, db_index=True)
    external_id = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    posted_at = models.DateTimeField(db_index=True)
    is_active = models.BooleanField(default=True)
    feed = models.ForeignKey(
        FeedSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    employment_type = models.CharField(max_length=50, blank=True)
    valid_through = models.DateTimeField(null=True, blank=True)
    # Closed postings stay (applications and scores point at them); only the matcher skips them.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=20, choices=JobClosedReason.choices, blank=True)
    # Company, title and location normalised and hashed: the cross-source duplicate key.
    dedupe_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-posted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="job_source_id_unique"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["seniority", "industry"])]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


# What the match list says of a match exploration added (learning.services.exploration).
EXPLORATION_LABEL = "Outside your usual matches \u2014 exploring"


class JobScore(models.Model):
    """How well one job fits one candidate, with the breakdown and the weights that made it."""

    # No index of its own: the unique (candidate, job) key serves every candidate lookup, and
    # each scoring write would maintain a second index for nothing.
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="job_scores", db_index=False
    )
    job = models.ForeignKey(JobListing, on_delete=models.CASCADE, related_name="scores")
    compatibility_score = models.FloatField()
    confidence_score = models.FloatField(default=0.0)
    ai_reasoning = models.TextField(blank=True)
    match_factors = models.JSONField(default=list, blank=True)
    mismatch_factors = models.JSONField(default=list, blank=True)
    matched_skills = models.JSONField(default=list, blank=True)
    missing_skills = models.JSONField(default=list, blank=True)
    next_step = models.CharField(max_length=255, blank=True)
    # Component scores, 0-100; empty when the inputs say nothing (unknown carries no points).
    skills_match_score = models.FloatField(null=True, blank=True)
    location_match_score = models.FloatField(null=True, blank=True)
    experience_match_score = models.FloatField(null=True, blank=True)
    salary_match_score = models.FloatField(null=True, blank=True)
    culture_match_score = models.FloatField(null=True, blank=True)
    text_match_score = models.FloatField(null=True, blank=True)
    title_match_score = models.FloatField(null=True, blank=True)
    user_interested = models.BooleanField(null=True, blank=True)
    user_applied = models.BooleanField(default=False)
    user_feedback = models.CharField(max_length=20, blank=True)
    # Not indexed: every nightly re-score changes it, and with an index on it each of those
    # updates would write every index of the table; without one, and with the free room the
    # table keeps in its pages (migration 0021), the update is heap-only (HOT). The queries on
    # it read windows that hold most of the table (every row is refreshed each night).
    scored_at = models.DateTimeField()
    score_version = models.CharField(max_length=20, default="1.0")
    parameter_version = models.ForeignKey(
        "spine.ParameterVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Weights version that produced this score; empty means the code default.",
    )
    weights_used = models.JSONField(default=dict, blank=True)
    reasoning_interaction = models.ForeignKey(
        "profiles.AIInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ai_rerank_score = models.FloatField(
        null=True, blank=True, help_text="The openai provider's opinion; never replaces the score"
    )
    exploration_note = models.CharField(
        max_length=255,
        blank=True,
        default="",
        db_default="",  # the scorer's raw upsert names its columns, not this one
        help_text="Set when exploration added the match (outside the candidate's usual "
        "occupations): why, in words the candidate reads.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "-compatibility_score"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="job_score_unique"),
            models.CheckConstraint(
                condition=Q(compatibility_score__gte=0, compatibility_score__lte=100),
                name="job_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} x {self.job_id}: {self.compatibility_score:.0f}"

    @property
    def exploration(self) -> dict[str, str] | None:
        """``{"label", "why"}`` for a match added by exploration, else None."""
        if not self.exploration_note:
            return None
        return {"label": EXPLORATION_LABEL, "why": self.exploration_note}


class Application(TimestampedModel):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="applications"
    )
    job = models.ForeignKey(JobListing, on_delete=models.PROTECT, related_name="applications")
    resume_version = models.ForeignKey(
        ResumeVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fit_score = models.FloatField()
    skills_component = models.FloatField(null=True, blank=True)
    experience_component = models.FloatField(null=True, blank=True)
    location_component = models.FloatField(null=True, blank=True)
    salary_component = models.FloatField(null=True, blank=True)
    culture_component = models.FloatField(null=True, blank=True)
    text_component = models.FloatField(null=True, blank=True)
    title_component = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=10, choices=ApplicationCategory.choices)
    strategy_mode = models.CharField(max_length=30, choices=StrategyMode.choices)
    tailoring_applied = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(db_index=True)
    outcome_status = models.CharField(
        max_length=10, choices=OutcomeStatus.choices, blank=True, db_index=True
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    days_to_response = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fit_score__gte=0, fit_score__lte=100), name="application_fit_range"
            ),
            models.CheckConstraint(
                condition=Q(days_to_response__isnull=True) | Q(days_to_response__gte=0),
                name="application_days_non_negative",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"


# Job sources, digests and their mail, AI calls, resume optimization (seed 000) and interview
# likelihoods live in their own modules; imported here so Django sees them and callers keep
# importing them from profiles.models.
from profiles.models_ai import AIInteraction as AIInteraction  # noqa: E402
from profiles.models_ai import AIModelPrice as AIModelPrice  # noqa: E402
from profiles.models_ai import AITask as AITask  # noqa: E402
from profiles.models_digests import BatchClaim as BatchClaim  # noqa: E402
from profiles.models_digests import DailyDigest as DailyDigest  # noqa: E402
from profiles.models_digests import DigestMail as DigestMail  # noqa: E402
from profiles.models_digests import DigestMailStatus as DigestMailStatus  # noqa: E402
from profiles.models_digests import ReviewerMail as ReviewerMail  # noqa: E402
from profiles.models_feeds import FeedKind as FeedKind  # noqa: E402
from profiles.models_feeds import FeedStatus as FeedStatus  # noqa: E402
from profiles.models_feeds import QuarantinedPosting as QuarantinedPosting  # noqa: E402
from profiles.models_optimize import ResumeOptimization as ResumeOptimization  # noqa: E402
from profiles.models_optimize import ResumeSuggestion as ResumeSuggestion  # noqa: E402
from profiles.models_optimize import SuggestionStatus as SuggestionStatus  # noqa: E402
from profiles.models_predict import InterviewLikelihood as InterviewLikelihood  # noqa: E402
