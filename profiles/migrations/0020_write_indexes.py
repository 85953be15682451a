"""Fewer indexes on the two tables every digest writes: each index is written with each row.

AI interactions: ``task``, ``user`` and ``provider``/``success`` alone had their own indexes
next to (task, created_at) and (user, created_at), and three CharFields had LIKE copies
(``varchar_pattern_ops``) nothing queries with: 15 indexes, now 8. Digests: the candidate's
index duplicated the (candidate, digest_date) key, and the tracking token's LIKE copy goes
with its move to a unique constraint (the same uniqueness).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Each digest row is updated once after its mail goes out (``email_sent``): with room left
# in its page the update is HOT (no index entry written), as none of its columns is indexed.
FILLFACTOR = 80


def _fillfactor(value: int):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE profiles_dailydigest SET (fillfactor = {value})")

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0019_dailydigest_digest_text"),
        ("spine", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_fillfactor(FILLFACTOR), _fillfactor(100)),
        migrations.AlterField(
            model_name="aiinteraction",
            name="input_hash",
            field=models.CharField(help_text="SHA-256 of the input", max_length=64),
        ),
        migrations.AlterField(
            model_name="aiinteraction",
            name="provider",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="aiinteraction",
            name="success",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="aiinteraction",
            name="task",
            field=models.CharField(
                choices=[
                    ("resume_parse", "Parse a resume"),
                    ("job_score", "Score a job"),
                    ("job_reasoning", "Explain a match"),
                    ("digest_summary", "Summarise a digest"),
                    ("resume_optimize", "Optimize a resume"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="aiinteraction",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The candidate the call was made for, if any",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="dailydigest",
            name="candidate",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="digests",
                to="profiles.candidateprofile",
            ),
        ),
        migrations.AlterField(
            model_name="dailydigest",
            name="tracking_token",
            field=models.CharField(blank=True, max_length=32, null=True),
        ),
        migrations.AddIndex(
            model_name="aiinteraction",
            index=models.Index(fields=["input_hash"], name="ai_input_hash"),
        ),
        migrations.AddConstraint(
            model_name="dailydigest",
            constraint=models.UniqueConstraint(
                fields=("tracking_token",), name="digest_tracking_token"
            ),
        ),
    ]
