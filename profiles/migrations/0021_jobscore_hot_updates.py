"""Job scores re-scored in place as heap-only (HOT) updates.

A nightly re-score updates every stored pair (its score, explanation and ``scored_at``).
PostgreSQL can write such an update without touching any index when no indexed column
changes and the row's page has room for the new version. ``scored_at`` lost its index (it
changes on every update) and the table leaves half of each page free, which one new
version of a ~1.5 kB row needs. On 100,000 stored pairs (bench/score_bench.py's world) the
server's upsert took 5.8-6.7 s with the index and full pages (0 % HOT, the table growing by
a full copy per run until vacuumed) and 2.0-3.0 s after (100 % HOT, the table's size steady).
"""

from django.db import migrations, models

TABLE, FILLFACTOR = "profiles_jobscore", 50


def _set_fillfactor(value: int):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {value})")

    return apply


class Migration(migrations.Migration):
    dependencies = [("profiles", "0020_write_indexes")]

    operations = [
        migrations.AlterField(
            model_name="jobscore",
            name="scored_at",
            field=models.DateTimeField(),
        ),
        migrations.RunPython(_set_fillfactor(FILLFACTOR), _set_fillfactor(100)),
    ]
