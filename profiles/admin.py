from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from profiles.feeds.fetch import FeedError
from profiles.models import (
    Application,
    CandidateProfile,
    DailyDigest,
    FeedSource,
    JobListing,
    JobScore,
    QuarantinedPosting,
    ResumeVersion,
)
from profiles.services.feeds import feed_fetch
from profiles.services.feeds_sources import SourceConfigError, filters_clean, source_resolve


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "full_name",
        "career_level",
        "years_of_experience",
        "location",
        "strategy_mode",
        "experimentation_opt_out",
        "updated_at",
    )
    list_filter = ("career_level", "strategy_mode", "experimentation_opt_out", "open_to_remote")
    search_fields = ("user__username", "full_name", "email", "location")
    list_select_related = ("user",)
    readonly_fields = ("created_at", "updated_at", "last_resume_upload")
    raw_id_fields = ("user",)


@admin.register(ResumeVersion)
class ResumeVersionAdmin(admin.ModelAdmin):
    list_display = ("candidate", "version", "resume_score", "source_type", "created_at")
    list_filter = ("source_type",)
    search_fields = ("candidate__user__username", "candidate__full_name", "source_hash")
    list_select_related = ("candidate__user",)
    readonly_fields = ("source_hash", "created_at", "updated_at")
    raw_id_fields = ("candidate",)


@admin.register(JobListing)
class JobListingAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "company",
        "industry",
        "seniority",
        "location",
        "remote",
        "salary_min",
        "salary_max",
        "source",
        "posted_at",
    )
    list_filter = ("industry", "seniority", "company_stage", "remote", "source", "is_active")
    search_fields = ("title", "company", "location", "external_id")
    date_hierarchy = "posted_at"
    readonly_fields = ("content_hash", "created_at", "updated_at")


@admin.register(JobScore)
class JobScoreAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "job",
        "compatibility_score",
        "confidence_score",
        "parameter_version",
        "user_applied",
        "scored_at",
    )
    list_filter = ("user_applied", "user_interested", "score_version")
    search_fields = ("candidate__user__username", "job__title", "job__company")
    list_select_related = ("candidate__user", "job", "parameter_version")
    raw_id_fields = ("candidate", "job", "parameter_version")
    readonly_fields = ("created_at", "updated_at")


@admin.register(DailyDigest)
class DailyDigestAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "digest_date",
        "total_new_jobs",
        "total_matches",
        "email_sent",
        "email_opened",
        "email_clicked",
        "generation_time_seconds",
    )
    list_filter = ("email_sent", "email_opened", "email_clicked", "digest_date")
    search_fields = ("candidate__user__username", "digest_title")
    list_select_related = ("candidate__user",)
    raw_id_fields = ("candidate",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "job",
        "category",
        "fit_score",
        "strategy_mode",
        "submitted_at",
        "outcome_status",
        "days_to_response",
    )
    list_filter = ("category", "strategy_mode", "outcome_status", "tailoring_applied")
    search_fields = ("candidate__user__username", "job__title", "job__company")
    list_select_related = ("candidate__user", "job")
    raw_id_fields = ("candidate", "job", "resume_version")
    date_hierarchy = "submitted_at"
    readonly_fields = ("created_at", "updated_at")


class FeedSourceAdminForm(forms.ModelForm):
    """Kind plus a board slug or URL; the endpoint read is worked out from them on save."""

    target = forms.CharField(
        label="Board slug or URL",
        required=False,
        help_text="acme, https://jobs.lever.co/acme, or the page/feed URL. Empty keeps the "
        "current board and URL.",
    )

    class Meta:
        model = FeedSource
        fields = (
            "name",
            "kind",
            "target",
            "company",
            "fetch_every_minutes",
            "filters",
            "is_active",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False  # default: kind-board, or the URL

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = (data.get("target") or "").strip()
        if not target and not self.instance.pk:
            raise forms.ValidationError("give the board slug or the URL")
        try:
            if target:
                resolved = source_resolve(kind=data.get("kind") or "", target=target)
                self.instance.board, self.instance.url = resolved.board, resolved.url
                data["name"] = data.get("name") or resolved.name
            data["filters"] = filters_clean(data.get("filters") or {})
        except SourceConfigError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(QuarantinedPosting)
class QuarantinedPostingAdmin(admin.ModelAdmin):
    list_display = ("feed", "item_key", "reason", "last_seen_at")
    list_filter = ("feed",)
    search_fields = ("item_key", "reason")
    list_select_related = ("feed",)
    readonly_fields = (
        "feed",
        "item_key",
        "reason",
        "raw",
        "last_seen_at",
        "created_at",
        "updated_at",
    )


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    form = FeedSourceAdminForm
    list_display = (
        "name",
        "kind",
        "board",
        "is_active",
        "status",
        "last_http_status",
        "last_success_at",
        "consecutive_failures",
        "next_attempt_at",
        "fetch_every_minutes",
        "items_seen",
        "items_new",
        "items_updated",
        "items_closed",
        "items_quarantined",
    )
    list_filter = ("status", "kind", "is_active")
    search_fields = ("name", "url", "board", "company")
    readonly_fields = (
        "board",
        "url",
        "status",
        "last_fetched_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "last_http_status",
        "last_duration_ms",
        "consecutive_failures",
        "next_attempt_at",
        "items_seen",
        "items_new",
        "items_updated",
        "items_skipped",
        "items_closed",
        "items_quarantined",
        "http_validators",
        "created_at",
        "updated_at",
    )
    actions = ["fetch_now"]

    @admin.action(description="Fetch the selected feeds now")
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[FeedSource]) -> None:
        fetched = failed = 0
        for feed in queryset:
            try:
                feed_fetch(feed=feed, force=True)
                fetched += 1
            except FeedError:
                failed += 1
        self.message_user(request, f"Fetched {fetched} feed(s); {failed} failed (see status).")
