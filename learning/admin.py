from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from learning.models import AnalysisRun, Recommendation, RecommendationStatus, WeeklyInsight
from learning.services import (
    RecommendationDecisionError,
    recommendation_approve,
    recommendation_approve_as_test,
    recommendation_reject,
)
from profiles.models import AIInteraction, AIModelPrice
from recruitly.eventlog.models import Event, QuarantinedEvent
from recruitly.http import authenticated_user
from recruitly.spine.models import AuditEntry, ParameterOverride, ParameterVersion
from recruitly.spine.services import parameter_version_activate


class AppendOnlyAdmin(admin.ModelAdmin):
    """The log is append-only: the admin may look, never change or delete."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Event)
class EventAdmin(AppendOnlyAdmin):
    list_display = ("event_id", "event_type", "family", "user", "occurred_at", "source")
    list_filter = ("family", "event_type", "source")
    search_fields = ("event_id", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(QuarantinedEvent)
class QuarantinedEventAdmin(AppendOnlyAdmin):
    list_display = ("event_id", "event_type", "first_error", "source", "submitted_by", "created_at")
    list_filter = ("event_type", "source")
    search_fields = ("event_id",)
    list_select_related = ("submitted_by",)

    @admin.display(description="reason")
    def first_error(self, obj: QuarantinedEvent) -> str:
        return obj.errors[0] if obj.errors else ""


@admin.register(ParameterVersion)
class ParameterVersionAdmin(AppendOnlyAdmin):
    list_display = ("component", "version", "source", "created_by", "reason", "created_at")
    list_filter = ("component", "source")
    search_fields = ("component", "reason")
    list_select_related = ("created_by",)
    actions = ["reactivate"]

    @admin.action(description="Re-activate the selected versions (appends a copy)")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[ParameterVersion]) -> None:
        count = 0
        for version in queryset.order_by("component", "version"):
            parameter_version_activate(
                version=version,
                acting_user=authenticated_user(request),
                reason=f"re-activated from the admin by {request.user}",
            )
            count += 1
        self.message_user(request, f"Re-activated {count} version(s).", messages.SUCCESS)


@admin.register(ParameterOverride)
class ParameterOverrideAdmin(AppendOnlyAdmin):
    list_display = ("user", "component", "active", "reason", "created_at")
    list_filter = ("component", "active")
    search_fields = ("user__username", "component")
    list_select_related = ("user",)


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = ("created_at", "action", "actor", "target_type", "target_id", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "reason", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"


def _decide_selected(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Recommendation],
    decide: Callable[..., Recommendation],
    verb: str,
) -> None:
    """Apply one decision service to every pending selected row; report counts and refusals."""
    done, refused = 0, []
    for rec in queryset.filter(status=RecommendationStatus.PENDING).order_by("pk"):
        try:
            decide(
                recommendation=rec,
                acting_user=request.user,
                reason=f"{verb} from the admin by {request.user}",
            )
            done += 1
        except (RecommendationDecisionError, PermissionDenied) as exc:
            refused.append(f"#{rec.pk}: {exc}")
    modeladmin.message_user(request, f"{verb.capitalize()} {done} recommendation(s).")
    if refused:
        modeladmin.message_user(request, "Not decided: " + "; ".join(refused), messages.ERROR)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "component",
        "parameter",
        "status",
        "route",
        "risk_level",
        "decided_by",
        "decided_at",
        "created_at",
    )
    list_filter = ("status", "kind", "route", "risk_level", "component")
    search_fields = ("component", "parameter", "reasoning", "decision_reason", "experiment_key")
    list_select_related = ("decided_by", "resulting_version", "analysis_run")
    readonly_fields = (
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "resulting_version",
        "experiment_key",
        "change_key",
        "analysis_run",
        "created_at",
        "updated_at",
    )
    actions = ["approve", "approve_as_test", "reject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recommendations come from the analysis, never by hand

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # decisions go through the actions (services), never a form edit

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # decided ones are history; pending ones are rejected with a reason

    @admin.action(description="Approve the selected recommendations (new parameter version)")
    def approve(self, request: HttpRequest, queryset: QuerySet[Recommendation]) -> None:
        _decide_selected(self, request, queryset, recommendation_approve, "approved")

    @admin.action(description="Approve the selected recommendations as A/B tests")
    def approve_as_test(self, request: HttpRequest, queryset: QuerySet[Recommendation]) -> None:
        _decide_selected(self, request, queryset, recommendation_approve_as_test, "put to test")

    @admin.action(description="Reject the selected recommendations")
    def reject(self, request: HttpRequest, queryset: QuerySet[Recommendation]) -> None:
        _decide_selected(self, request, queryset, recommendation_reject, "rejected")


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ("kind", "window_start", "window_end", "status", "started_at", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("kind", "error")
    date_hierarchy = "window_end"
    readonly_fields = (
        "kind",
        "window_start",
        "window_end",
        "status",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "progress",
        "summary",
        "error",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WeeklyInsight)
class WeeklyInsightAdmin(AppendOnlyAdmin):
    list_display = ("user", "week_start", "sample_size", "created_at")
    list_filter = ("week_start",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    date_hierarchy = "week_start"


@admin.register(AIInteraction)
class AIInteractionAdmin(AppendOnlyAdmin):
    """Every AI call: the record of what was asked, answered, and what it cost."""

    list_display = (
        "created_at",
        "task",
        "provider",
        "model",
        "prompt_version",
        "success",
        "tokens_in",
        "tokens_out",
        "cost_usd",
        "latency_ms",
        "rating",
        "user",
    )
    list_filter = ("task", "provider", "success", "rating", "model")
    search_fields = ("user__username", "=input_hash", "error", "target_id")
    list_select_related = ("user",)
    date_hierarchy = "created_at"


@admin.register(AIModelPrice)
class AIModelPriceAdmin(admin.ModelAdmin):
    """Prices are dated: add a row with a new ``effective_from`` rather than editing one."""

    list_display = (
        "provider",
        "model",
        "effective_from",
        "input_usd_per_million",
        "output_usd_per_million",
    )
    list_filter = ("provider",)
    search_fields = ("model",)
    readonly_fields = ("created_at", "updated_at")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None
