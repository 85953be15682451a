from django.db import migrations

# Models that left this app with their tables; their content types (and so the permissions
# granted on them, e.g. ingest_any_event, and admin history) follow them.
MOVED = {
    "spine": ("parameterversion", "parameteroverride", "auditentry"),
    "eventlog": ("event", "quarantinedevent"),
}


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        for model in models:
            if not ContentType.objects.filter(app_label=app_label, model=model).exists():
                ContentType.objects.filter(app_label="learning", model=model).update(
                    app_label=app_label
                )


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model__in=models).update(
            app_label="learning"
        )


class Migration(migrations.Migration):
    # Event and QuarantinedEvent moved to the eventlog app (the ground floor) with their
    # tables: only the state changes.
    dependencies = [
        ("learning", "0007_spine_models_moved"),
        ("eventlog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Event"),
                migrations.DeleteModel(name="QuarantinedEvent"),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
