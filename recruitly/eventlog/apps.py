from django.apps import AppConfig


class EventLogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recruitly.eventlog"
    label = "eventlog"
    verbose_name = "Event log"
