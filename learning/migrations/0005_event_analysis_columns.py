"""The fields the analyses read as typed generated columns of the event log, and a BRIN
index on its time (PostgreSQL).

All columns are added by one ALTER TABLE on PostgreSQL, so an existing log is rewritten once,
not once per column. SQLite rebuilds the table (it cannot add stored generated columns).
"""

from typing import Any

from django.db import migrations, models

import recruitly.eventlog.models

COLUMNS: list[tuple[str, Any]] = [
    (
        "col_action_type",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("action_type",), ("ai_feedback",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_after_score",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("after_score",), ("resume",), "number"),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_application_id",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("application_id",), ("application",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_before_score",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("before_score",), ("resume",), "number"),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_category",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "category"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_company",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "company"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_company_stage",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "company_stage"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_days_to_response",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("outcome", "days_to_response"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_edit_type",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("edit_type",), ("resume",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_fit_culture",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "culture"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_experience",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "experience"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_location",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "location"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_salary",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "salary"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_score",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_score"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_skills",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "skills"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_text",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "text"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_fit_title",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "fit_components", "title"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_from_mode",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("from_mode",), ("strategy",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_industry",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "industry"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_job_id",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("job_id",), ("application",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_job_location",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "location"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_metric_interview_rate",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("metrics", "interview_rate"), ("strategy",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_metric_resume_score",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("metrics", "resume_score"), ("strategy",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_metric_total_applications",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("metrics", "total_applications"), ("strategy",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_rating",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("rating",), ("ai_feedback",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_rejection_reason",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("rejection_reason",), ("feedback",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_resume_score",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "resume_score"), ("application",), "number"
            ),
            output_field=models.FloatField(null=True),
        ),
    ),
    (
        "col_resume_version_id",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("resume_version_id",), ("application", "resume"), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_rewrite_type",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("rewrite_type",), ("resume",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_seniority",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "seniority"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_status",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("outcome", "status"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_strategy_mode",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "strategy_mode"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_suggested_edit_type",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("suggested_content", "edit_type"), ("feedback",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_suggestion_id",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("suggestion_id",), ("feedback",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_suggestion_type",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("suggestion_type",), ("feedback",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_tailoring_applied",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "tailoring_applied"), ("application",), "boolean"
            ),
            output_field=models.BooleanField(null=True),
        ),
    ),
    (
        "col_title",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(
                ("context", "job_characteristics", "title"), ("application",), "text"
            ),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_to_mode",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("to_mode",), ("strategy",), "text"),
            output_field=models.TextField(null=True),
        ),
    ),
    (
        "col_user_accepted",
        models.GeneratedField(
            db_persist=True,
            expression=recruitly.eventlog.models.PayloadColumn(("user_accepted",), ("resume",), "boolean"),
            output_field=models.BooleanField(null=True),
        ),
    ),
]
BRIN = "learning_event_occurred_brin"


class AddGeneratedColumns(migrations.operations.base.Operation):
    """AddField for several generated columns, in one table rewrite on PostgreSQL."""

    reversible = True

    def __init__(self, model_name: str, fields: list[tuple[str, Any]]) -> None:
        self.model_name, self.fields = model_name, fields

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.fields], {}

    def state_forwards(self, app_label, state):
        for name, field in self.fields:
            state.add_field(app_label, self.model_name, name, field.clone(), True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        fields = [model._meta.get_field(name) for name, _ in self.fields]
        if schema_editor.connection.vendor != "postgresql":
            for field in fields:
                schema_editor.add_field(model, field)
            return
        quote = schema_editor.quote_name
        clauses = []
        for field in fields:
            definition, params = schema_editor.column_sql(model, field, include_default=False)
            assert not params, params  # literal SQL only (PayloadColumn)
            clauses.append(f"ADD COLUMN {quote(field.column)} {definition}")
        schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} {', '.join(clauses)}")
        schema_editor.execute(
            f"CREATE INDEX {BRIN} ON {quote(model._meta.db_table)} USING brin (occurred_at)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {BRIN}")
        for name, _ in self.fields:
            schema_editor.remove_field(model, model._meta.get_field(name))

    def describe(self):
        return f"Add {len(self.fields)} generated columns to {self.model_name}"


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_learning_engine"),
    ]

    operations = [AddGeneratedColumns("event", COLUMNS)]
