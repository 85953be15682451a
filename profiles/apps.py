from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Profiles and matching"

    def ready(self) -> None:
        # Declares this app's parameters (and the AI layer's) in the spine's registry.
        from profiles import parameters  # noqa: F401
        from profiles.ai import parameters as ai_parameters  # noqa: F401
