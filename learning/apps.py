from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _install_beat_schedule(sender: AppConfig, **kwargs: object) -> None:
    call_command("setup_periodic_tasks", verbosity=0)


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = "Learning engine"

    def ready(self) -> None:
        # The beat schedule lives in code; every migrate brings the database in line with it.
        post_migrate.connect(_install_beat_schedule, sender=self)
        # Wiring that needs the models loaded (Django's documented place for it): the match
        # list's personal order and the erasure of weekly insights, without profiles
        # importing this app.
        from learning.personalization import personalized_order
        from learning.privacy import weekly_insights_delete
        from profiles.matching.ordering import register_personal_order
        from profiles.privacy.hooks import account_erasing

        register_personal_order(personalized_order)
        account_erasing.connect(weekly_insights_delete, dispatch_uid="learning.weekly_insights")
        # Declares the monitoring's parameters (exploration.epsilon) in the spine's registry.
        from learning import parameters_monitoring  # noqa: F401
        from learning.ai import privacy as _ai_privacy  # noqa: F401 (erases training lines)
