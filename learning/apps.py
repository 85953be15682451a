from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_beat_schedule(sender: AppConfig, **kwargs: object) -> None:
    from django.core.management import call_command

    call_command("setup_periodic_tasks", verbosity=0)


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = "Learning engine"

    def ready(self) -> None:
        # The beat schedule lives in code; every migrate brings the database in line with it.
        post_migrate.connect(_install_beat_schedule, sender=self)
        # Declares the monitoring's parameters (exploration.epsilon) in the spine's registry.
        from learning import parameters_monitoring  # noqa: F401
