"""Admin: experiments with their variants; actions are one service call each, audited."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from experiments.models import Analysis, Assignment, Experiment, Variant
from experiments.services import (
    ExperimentError,
    experiment_pause,
    experiment_resume,
    experiment_rollback,
    experiment_ship_leader,
    experiment_start,
    experiment_stop,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services (validation, power plan, audit); the admin may look.

    Experiments are created through the API; changes go through the actions below.
    """

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ("key", "name", "value", "weight", "is_control", "position")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _apply(
    admin_: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Experiment],
    verb: str,
    service: Callable[..., Experiment],
    **kwargs: object,
) -> None:
    done, refused = 0, []
    for experiment in queryset:
        try:
            service(experiment=experiment, acting_user=request.user, **kwargs)
            done += 1
        except ExperimentError as exc:
            refused.append(f"{experiment.key}: {'; '.join(exc.reasons)}")
    admin_.message_user(request, f"{verb} {done} experiment(s).", messages.SUCCESS)
    for line in refused:
        admin_.message_user(request, f"not {verb.lower()}: {line}", messages.ERROR)


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = (
        "key",
        "name",
        "component",
        "status",
        "rollout_stage",
        "primary_metric",
        "planned_sample_size",
        "winner",
        "started_at",
    )
    list_filter = ("status", "component", "namespace")
    search_fields = ("key", "name", "hypothesis", "component")
    list_select_related = ("winner", "created_by")
    readonly_fields = (
        "status",
        "rollout_stage",
        "stage_changed_at",
        "power_analysis",
        "planned_sample_size",
        "started_at",
        "ended_at",
        "last_analysed_at",
        "winner",
        "shipped_version_id",
        "previous_version_id",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [VariantInline]
    actions = ["start", "pause", "resume", "stop", "ship_leader", "rollback"]

    @admin.action(description="Start (after the ethics checks)")
    def start(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(self, request, queryset, "Started", experiment_start)

    @admin.action(description="Pause")
    def pause(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(self, request, queryset, "Paused", experiment_pause, reason="paused in the admin")

    @admin.action(description="Resume")
    def resume(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(self, request, queryset, "Resumed", experiment_resume, reason="resumed in the admin")

    @admin.action(description="Stop without shipping")
    def stop(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(self, request, queryset, "Stopped", experiment_stop, reason="stopped in the admin")

    @admin.action(description="Ship the treatment leading in the latest analysis")
    def ship_leader(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(
            self,
            request,
            queryset,
            "Shipped",
            experiment_ship_leader,
            reason=f"shipped in the admin by {request.user}",
        )

    @admin.action(description="Roll back (shipped: restore the earlier parameter value)")
    def rollback(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        _apply(
            self,
            request,
            queryset,
            "Rolled back",
            experiment_rollback,
            reason=f"rolled back in the admin by {request.user}",
        )


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("experiment", "variant", "user", "bucket", "first_exposed_at", "source")
    list_filter = ("experiment", "source")
    search_fields = ("user__username", "experiment__key")
    list_select_related = ("experiment", "variant", "user")
    show_full_result_count = False


@admin.register(Analysis)
class AnalysisAdmin(ReadOnlyAdmin):
    list_display = ("experiment", "window", "stage", "action", "srm_p_value")
    list_filter = ("action", "experiment")
    search_fields = ("experiment__key",)
    list_select_related = ("experiment",)
    date_hierarchy = "window"


@admin.register(Variant)
class VariantAdmin(ReadOnlyAdmin):
    list_display = ("experiment", "key", "name", "is_control", "weight", "value", "created_at")
    list_filter = ("is_control", "experiment__status", "experiment__component")
    search_fields = ("experiment__key", "key", "name")
    list_select_related = ("experiment",)
