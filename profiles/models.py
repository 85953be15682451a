from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

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


class FeedKind(models.TextChoices):
    """One value per connector in ``profiles.sources`` (the registry is keyed by these)."""

    AUTO = "auto", "RSS or Atom (detected)"
    JSON = "json", "JSON export"
    CSV = "csv", "CSV export"
    GREENHOUSE = "greenhouse", "Greenhouse job board"
    LEVER = "lever", "Lever job board"
    ASHBY = "ashby", "Ashby job board"
    SMARTRECRUITERS = "smartrecruiters", "SmartRecruiters job board"
    RECRUITEE = "recruitee", "Recruitee careers site"
    PERSONIO = "personio", "Personio XML feed"
    SCHEMA_ORG = "schema_org", "Page with schema.org JobPosting"


class FeedStatus(models.TextChoices):
    NEVER = "never", "Never fetched"
    OK = "ok", "OK"
    EMPTY = "empty", "Fetched, no items"
    FAILING = "failing", "Failing"
    GONE = "gone", "Board gone (404/410)"


class JobClosedReason(models.TextChoices):
    REMOVED = "removed", "Gone from its board"
    EXPIRED = "expired", "Past its validThrough"
    BOARD_GONE = "board_gone", "Its board disappeared"


class FeedSource(TimestampedModel):
    """A job feed and how its last fetches went, so an empty or failing feed is visible."""

    name = models.CharField(max_length=100, unique=True)
    url = models.CharField(
        max_length=500, help_text="http(s):// or file:// URL read (a board's API endpoint)"
    )
    kind = models.CharField(max_length=20, choices=FeedKind.choices, default=FeedKind.AUTO)
    board = models.CharField(
        max_length=200, blank=True, help_text="The ATS board's company slug or token"
    )
    company = models.CharField(
        max_length=255, blank=True, help_text="Company name, for boards that do not state it"
    )
    fetch_every_minutes = models.PositiveIntegerField(
        default=60, help_text="Schedule: not fetched again sooner than this"
    )
    filters = models.JSONField(
        default=dict,
        blank=True,
        help_text="include / exclude (title words), locations, remote_only",
    )
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=FeedStatus.choices, default=FeedStatus.NEVER)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Backoff: not fetched again before this time"
    )
    items_seen = models.PositiveIntegerField(default=0)
    items_new = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_skipped = models.PositiveIntegerField(default=0)
    items_closed = models.PositiveIntegerField(default=0)
    items_quarantined = models.PositiveIntegerField(default=0)
    last_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # URL -> {"etag": ..., "last_modified": ...} of the last 200, sent back as conditions.
    http_validators = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fetch_every_minutes__gte=1), name="feed_schedule_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class QuarantinedPosting(TimestampedModel):
    """An item a source returned that could not be read as a posting, and why (kept for review).

    One row per (feed, item key): the same broken item seen again updates its row.
    """

    feed = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="quarantined")
    item_key = models.CharField(max_length=255, help_text="Its id, or a hash of its content")
    reason = models.CharField(max_length=500)
    raw = models.TextField(blank=True, help_text="The item as received (cut to a few kB)")
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "item_key"], name="quarantine_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.feed}: {self.item_key} ({self.reason})"


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


class JobScore(models.Model):
    """How well one job fits one candidate, with the breakdown and the weights that made it."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="job_scores"
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
    scored_at = models.DateTimeField(db_index=True)
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


class DailyDigest(TimestampedModel):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="digests"
    )
    digest_date = models.DateField()
    digest_title = models.CharField(max_length=255, blank=True)
    digest_summary = models.TextField(blank=True)
    digest_html = models.TextField(blank=True)
    top_jobs = models.JSONField(default=list, blank=True)
    total_new_jobs = models.PositiveIntegerField(default=0)
    total_matches = models.PositiveIntegerField(default=0)
    market_trends = models.JSONField(default=dict, blank=True)
    skill_recommendations = models.JSONField(default=list, blank=True)
    email_sent = models.BooleanField(default=False)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_opened = models.BooleanField(default=False)
    email_clicked = models.BooleanField(default=False)
    user_viewed = models.BooleanField(default=False)
    user_viewed_at = models.DateTimeField(null=True, blank=True)
    jobs_clicked = models.JSONField(default=list, blank=True)
    generation_time_seconds = models.FloatField(null=True, blank=True)
    tracking_token = models.CharField(max_length=32, unique=True, null=True, blank=True)
    summary_interaction = models.ForeignKey(
        "profiles.AIInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-digest_date", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "digest_date"], name="digest_one_per_candidate_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.digest_date}"


class DigestMailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"  # the candidate unsubscribed before it went out


class DigestMail(TimestampedModel):
    """The outbox row of one digest's e-mail: written with the digest, sent after the commit.

    One per digest (so one per candidate per day). A sender claims the row with a conditional
    UPDATE (pending → sending); a row left in ``sending`` by a killed worker is claimed again
    at once when its process is known dead, else after the claim timeout.
    """

    digest = models.OneToOneField(DailyDigest, on_delete=models.CASCADE, related_name="mail")
    address = models.EmailField()
    status = models.CharField(
        max_length=10, choices=DigestMailStatus.choices, default=DigestMailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # "host:pid" of the claiming process: a claim whose process is gone is taken over at once.
    claimed_by = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="digest_mail_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DigestMailStatus.values), name="digest_mail_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"mail {self.digest_id} {self.status}"


class BatchClaim(TimestampedModel):
    """The claim of one periodic batch job's window (``score_all`` of one hour, say).

    Created once per (job, window): a second beat delivery of the same window finds it and
    does nothing. ``cursor`` is the last id processed; a batch is claimed by a conditional
    UPDATE on (cursor, claimed_at), so a redelivered batch message runs it once, and a batch
    whose worker died is taken over after the claim goes stale.
    """

    job = models.CharField(max_length=60)
    window = models.CharField(max_length=40)
    cursor = models.BigIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The Celery worker (``name@host``) that claimed the batch last: who did the work.
    claimed_by = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "window"], name="batch_claim_one_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.window} @{self.cursor}"


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


# AI calls, resume optimization (seed 000) and interview likelihoods live in their own modules;
# imported here so Django sees them.
from profiles.models_ai import AIInteraction as AIInteraction  # noqa: E402
from profiles.models_ai import AIModelPrice as AIModelPrice  # noqa: E402
from profiles.models_ai import AITask as AITask  # noqa: E402
from profiles.models_optimize import ResumeOptimization as ResumeOptimization  # noqa: E402
from profiles.models_optimize import ResumeSuggestion as ResumeSuggestion  # noqa: E402
from profiles.models_optimize import SuggestionStatus as SuggestionStatus  # noqa: E402
from profiles.models_predict import InterviewLikelihood as InterviewLikelihood  # noqa: E402
