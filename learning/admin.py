from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from learning.models import AuditEntry, Event, ParameterOverride, ParameterVersion, QuarantinedEvent
from learning.services import parameter_version_activate


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
                acting_user=request.user,
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
