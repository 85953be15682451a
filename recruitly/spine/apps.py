from django.apps import AppConfig


class SpineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recruitly.spine"
    label = "spine"
    verbose_name = "Parameter spine"
