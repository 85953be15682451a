import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # ParameterVersion, ParameterOverride and AuditEntry moved to the spine app (the ground
    # floor) with their tables: only the state changes.
    dependencies = [
        ("learning", "0006_aiinteraction_task_resume_optimize"),
        ("spine", "0001_initial"),
        ("profiles", "0013_jobscore_parameter_version_in_spine"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="recommendation",
                    name="resulting_version",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="spine.parameterversion",
                    ),
                ),
                migrations.AlterField(
                    model_name="aiinteraction",
                    name="prompt_parameter_version",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="spine.parameterversion",
                    ),
                ),
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="ParameterOverride"),
                migrations.DeleteModel(name="ParameterVersion"),
            ],
        ),
    ]
