from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Reviewers"
INTEGRATIONS = "Integrations"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make this app's exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=REVIEWERS)
    integrations, _ = Group.objects.get_or_create(name=INTEGRATIONS)
    ingest_any = Permission.objects.get(
        codename="ingest_any_event", content_type__app_label="learning"
    )
    integrations.permissions.add(ingest_any)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[REVIEWERS, INTEGRATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
