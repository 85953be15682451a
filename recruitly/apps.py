from django.apps import AppConfig


class RecruitlyConfig(AppConfig):
    name = "recruitly"
    verbose_name = "recruitly"

    def ready(self) -> None:
        # Shared tasks bind to the configured Celery app, so it must exist before any task is
        # queued from a web process; `celery -A recruitly` finds recruitly.celery by itself.
        from recruitly import celery  # noqa: F401
