from django.db import migrations

MOVED = ("aiinteraction", "aimodelprice")


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="profiles", model=model).exists():
            ContentType.objects.filter(app_label="learning", model=model).update(
                app_label="profiles"
            )


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="profiles", model__in=MOVED).update(app_label="learning")


class Migration(migrations.Migration):
    # AIInteraction and AIModelPrice moved to profiles (the AI calls are made by profiles.ai)
    # with their tables: only the state changes; content types follow.
    dependencies = [
        ("learning", "0008_eventlog_models_moved"),
        ("profiles", "0014_ai_models_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="aiinteraction", name="fallback_of"),
                migrations.DeleteModel(name="AIInteraction"),
                migrations.DeleteModel(name="AIModelPrice"),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
