from django.contrib import admin

from experiments.models import Assignment, Experiment, Variant


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "name",
        "component",
        "status",
        "coverage",
        "rollout_stage",
        "primary_metric",
        "started_at",
    )
    list_filter = ("status", "component", "namespace")
    search_fields = ("key", "name", "hypothesis")
    readonly_fields = ("created_at", "updated_at", "started_at", "ended_at")
    inlines = [VariantInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("experiment", "variant", "user", "bucket", "first_exposed_at", "created_at")
    list_filter = ("experiment",)
    search_fields = ("user__username", "experiment__key")
    list_select_related = ("experiment", "variant", "user")
    raw_id_fields = ("user",)
