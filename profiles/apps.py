from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Profiles and matching"

    def ready(self) -> None:
        # Declares this app's parameters (and the AI layer's) in the spine's registry.
        from profiles import parameters, tasks  # noqa: F401  (tasks: the follow-up receivers)
        from profiles.ai import parameters as ai_parameters  # noqa: F401
        from profiles.event_references import resume_versions_unknown
        from recruitly.eventlog.references import RESUME_VERSION, reference_checker_register

        # the event log rejects a resume score change on a version this app does not know
        reference_checker_register(RESUME_VERSION, resume_versions_unknown)
