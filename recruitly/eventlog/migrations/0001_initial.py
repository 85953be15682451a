
import django.db.models.deletion
import recruitly.eventlog.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    # The models moved here from ``learning`` with their tables (generated columns and
    # indexes included): the state changes, the database does not.
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("learning", "0007_spine_models_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='QuarantinedEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('event_id', models.CharField(blank=True, db_index=True, max_length=100)),
                ('event_type', models.CharField(blank=True, db_index=True, max_length=60)),
                ('raw', models.JSONField(help_text='The item exactly as received')),
                ('errors', models.JSONField(default=list)),
                ('source', models.CharField(default='api', max_length=40)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'learning_quarantinedevent',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.CharField(max_length=100, unique=True)),
                ('event_type', models.CharField(db_index=True, max_length=40)),
                ('family', models.CharField(choices=[('application', 'Application'), ('strategy', 'Strategy'), ('resume', 'Resume'), ('feedback', 'Suggestion feedback'), ('ai_feedback', 'AI response feedback')], db_index=True, max_length=20)),
                ('occurred_at', models.DateTimeField(db_index=True)),
                ('payload', models.JSONField(help_text="The type's own fields, as validated")),
                ('source', models.CharField(default='api', max_length=40)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('col_application_id', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('application_id',), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_job_id', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('job_id',), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_resume_version_id', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('resume_version_id',), ('application', 'resume'), 'text'), output_field=models.TextField(null=True))),
                ('col_strategy_mode', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'strategy_mode'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_fit_score', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_score'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_category', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'category'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_resume_score', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'resume_score'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_tailoring_applied', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'tailoring_applied'), ('application',), 'boolean'), output_field=models.BooleanField(null=True))),
                ('col_fit_skills', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'skills'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_experience', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'experience'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_location', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'location'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_salary', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'salary'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_culture', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'culture'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_text', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'text'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_fit_title', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'fit_components', 'title'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_title', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'title'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_company', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'company'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_seniority', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'seniority'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_job_location', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'location'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_industry', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'industry'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_company_stage', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('context', 'job_characteristics', 'company_stage'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_status', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('outcome', 'status'), ('application',), 'text'), output_field=models.TextField(null=True))),
                ('col_days_to_response', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('outcome', 'days_to_response'), ('application',), 'number'), output_field=models.FloatField(null=True))),
                ('col_edit_type', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('edit_type',), ('resume',), 'text'), output_field=models.TextField(null=True))),
                ('col_rewrite_type', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('rewrite_type',), ('resume',), 'text'), output_field=models.TextField(null=True))),
                ('col_before_score', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('before_score',), ('resume',), 'number'), output_field=models.FloatField(null=True))),
                ('col_after_score', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('after_score',), ('resume',), 'number'), output_field=models.FloatField(null=True))),
                ('col_user_accepted', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('user_accepted',), ('resume',), 'boolean'), output_field=models.BooleanField(null=True))),
                ('col_from_mode', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('from_mode',), ('strategy',), 'text'), output_field=models.TextField(null=True))),
                ('col_to_mode', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('to_mode',), ('strategy',), 'text'), output_field=models.TextField(null=True))),
                ('col_metric_resume_score', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('metrics', 'resume_score'), ('strategy',), 'number'), output_field=models.FloatField(null=True))),
                ('col_metric_total_applications', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('metrics', 'total_applications'), ('strategy',), 'number'), output_field=models.FloatField(null=True))),
                ('col_metric_interview_rate', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('metrics', 'interview_rate'), ('strategy',), 'number'), output_field=models.FloatField(null=True))),
                ('col_suggestion_type', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('suggestion_type',), ('feedback',), 'text'), output_field=models.TextField(null=True))),
                ('col_suggestion_id', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('suggestion_id',), ('feedback',), 'text'), output_field=models.TextField(null=True))),
                ('col_suggested_edit_type', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('suggested_content', 'edit_type'), ('feedback',), 'text'), output_field=models.TextField(null=True))),
                ('col_rejection_reason', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('rejection_reason',), ('feedback',), 'text'), output_field=models.TextField(null=True))),
                ('col_action_type', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('action_type',), ('ai_feedback',), 'text'), output_field=models.TextField(null=True))),
                ('col_rating', models.GeneratedField(db_persist=True, expression=recruitly.eventlog.models.PayloadColumn(('rating',), ('ai_feedback',), 'text'), output_field=models.TextField(null=True))),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'learning_event',
                'ordering': ['-occurred_at', '-id'],
                'permissions': [('ingest_any_event', 'Can ingest events on behalf of any user')],
                'indexes': [models.Index(fields=['family', 'occurred_at'], name='learning_ev_family_1f6c83_idx'), models.Index(fields=['user', 'occurred_at'], name='learning_ev_user_id_a5dfc9_idx')],
            },
        ),
                ],
        ),
    ]
