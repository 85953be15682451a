import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # ParameterVersion moved to the spine app with its table: only the state changes.
    dependencies = [
        ("profiles", "0012_digest_mail_cancelled"),
        ("spine", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="jobscore",
                    name="parameter_version",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Weights version that produced this score; empty means the code default.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="spine.parameterversion",
                    ),
                ),
            ],
        ),
    ]
