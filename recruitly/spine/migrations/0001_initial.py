
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    # The models moved here from ``learning`` with their tables: the state changes, the
    # database does not (learning's 0007 drops them from its state).
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("learning", "0006_aiinteraction_task_resume_optimize"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(db_index=True, max_length=60)),
                ('target_type', models.CharField(max_length=60)),
                ('target_id', models.CharField(max_length=100)),
                ('reason', models.TextField(blank=True)),
                ('details', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('actor', models.ForeignKey(blank=True, help_text='Empty for automatic decisions taken by the system', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'audit entries',
                'db_table': 'learning_auditentry',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='learning_au_target__c0a156_idx')],
            },
        ),
        migrations.CreateModel(
            name='ParameterOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('component', models.CharField(max_length=100)),
                ('value', models.JSONField()),
                ('reason', models.TextField(blank=True)),
                ('evidence', models.JSONField(blank=True, default=dict)),
                ('active', models.BooleanField(default=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'learning_parameteroverride',
                'ordering': ['user', 'component', '-created_at'],
                'indexes': [models.Index(fields=['user', 'component', '-created_at'], name='learning_pa_user_id_0a0690_idx')],
            },
        ),
        migrations.CreateModel(
            name='ParameterVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('component', models.CharField(db_index=True, max_length=100)),
                ('version', models.PositiveIntegerField()),
                ('value', models.JSONField()),
                ('source', models.CharField(choices=[('recommendation', 'Approved recommendation'), ('experiment', 'Finished experiment'), ('manual', "Reviewer's manual edit"), ('rollback', 'Rollback')], max_length=20)),
                ('reason', models.TextField()),
                ('evidence', models.JSONField(blank=True, default=dict)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('restored_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='spine.parameterversion')),
            ],
            options={
                'db_table': 'learning_parameterversion',
                'ordering': ['component', '-version'],
                'constraints': [models.UniqueConstraint(fields=('component', 'version'), name='parameter_version_unique'), models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='parameter_version_positive')],
            },
        ),
                ],
        ),
    ]
