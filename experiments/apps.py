from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "experiments"
    verbose_name = "Experiments"

    def ready(self) -> None:
        # Running experiments and holdouts take part in the spine's resolver through these two
        # lookups; the spine itself never imports this app.
        # Django's documented place for wiring that needs the models loaded.
        from experiments.privacy import same_holdouts
        from experiments.services.assignment import component_variant
        from experiments.services.holdouts import holdout_value
        from experiments.services.resolver_scope import components_in_play
        from profiles.privacy.hooks import pseudonym_checks
        from recruitly.spine.resolver import register_experiment_lookups, register_experiment_scope

        register_experiment_lookups(variant=component_variant, holdout=holdout_value)
        register_experiment_scope(components_in_play)
        pseudonym_checks.connect(same_holdouts, dispatch_uid="experiments.same_holdouts")
