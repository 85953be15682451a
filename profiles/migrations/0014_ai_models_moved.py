import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # AIInteraction and AIModelPrice moved here from ``learning`` with their tables (indexes
    # and constraints included): the state changes, the database does not.
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("profiles", "0013_jobscore_parameter_version_in_spine"),
        ("learning", "0008_eventlog_models_moved"),
        ("spine", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AIInteraction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "task",
                            models.CharField(
                                choices=[
                                    ("resume_parse", "Parse a resume"),
                                    ("job_score", "Score a job"),
                                    ("job_reasoning", "Explain a match"),
                                    ("digest_summary", "Summarise a digest"),
                                    ("resume_optimize", "Optimize a resume"),
                                ],
                                db_index=True,
                                max_length=30,
                            ),
                        ),
                        ("provider", models.CharField(db_index=True, max_length=20)),
                        ("model", models.CharField(max_length=100)),
                        (
                            "prompt_version",
                            models.CharField(
                                help_text="'default' or 'v<N>' of the prompts.<task> parameter",
                                max_length=40,
                            ),
                        ),
                        (
                            "input_hash",
                            models.CharField(
                                db_index=True, help_text="SHA-256 of the input", max_length=64
                            ),
                        ),
                        ("input_data", models.JSONField(blank=True, default=dict)),
                        ("output", models.JSONField(blank=True, null=True)),
                        ("tokens_in", models.PositiveIntegerField(default=0)),
                        ("tokens_out", models.PositiveIntegerField(default=0)),
                        (
                            "cost_usd",
                            models.DecimalField(decimal_places=8, default=0, max_digits=12),
                        ),
                        ("latency_ms", models.FloatField(default=0.0)),
                        ("success", models.BooleanField(db_index=True, default=True)),
                        ("error", models.TextField(blank=True)),
                        ("target_type", models.CharField(blank=True, max_length=40)),
                        ("target_id", models.CharField(blank=True, max_length=100)),
                        (
                            "rating",
                            models.CharField(
                                blank=True,
                                help_text="Latest thumbs rating (up/down); the event log has all",
                                max_length=4,
                            ),
                        ),
                        (
                            "fallback_of",
                            models.ForeignKey(
                                blank=True,
                                help_text="The failed call this local answer replaced",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="fallbacks",
                                to="profiles.aiinteraction",
                            ),
                        ),
                        (
                            "prompt_parameter_version",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="spine.parameterversion",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                help_text="The candidate the call was made for, if any",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learning_aiinteraction",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.AlterField(
                    model_name="dailydigest",
                    name="summary_interaction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="profiles.aiinteraction",
                    ),
                ),
                migrations.AlterField(
                    model_name="jobscore",
                    name="reasoning_interaction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="profiles.aiinteraction",
                    ),
                ),
                migrations.AlterField(
                    model_name="resumeoptimization",
                    name="interaction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="profiles.aiinteraction",
                    ),
                ),
                migrations.AlterField(
                    model_name="resumeversion",
                    name="parse_interaction",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="profiles.aiinteraction",
                    ),
                ),
                migrations.CreateModel(
                    name="AIModelPrice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("provider", models.CharField(max_length=20)),
                        ("model", models.CharField(max_length=100)),
                        ("effective_from", models.DateField()),
                        (
                            "input_usd_per_million",
                            models.DecimalField(decimal_places=6, max_digits=12),
                        ),
                        (
                            "output_usd_per_million",
                            models.DecimalField(decimal_places=6, max_digits=12),
                        ),
                    ],
                    options={
                        "db_table": "learning_aimodelprice",
                        "ordering": ["provider", "model", "-effective_from"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("provider", "model", "effective_from"),
                                name="ai_price_unique_per_date",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("input_usd_per_million__gte", 0),
                                    ("output_usd_per_million__gte", 0),
                                ),
                                name="ai_price_non_negative",
                            ),
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="aiinteraction",
                    index=models.Index(
                        fields=["user", "created_at"], name="learning_ai_user_id_509927_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="aiinteraction",
                    index=models.Index(
                        fields=["task", "created_at"], name="learning_ai_task_2a6b16_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="aiinteraction",
                    index=models.Index(
                        fields=["target_type", "target_id"], name="learning_ai_target__43039c_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="aiinteraction",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("cost_usd__gte", 0)), name="ai_cost_non_negative"
                    ),
                ),
            ],
        ),
    ]
