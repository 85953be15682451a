"""Which tables hold a user's rows, found from the models rather than listed by hand.

Every installed model with a foreign-key path to the user model is in scope: a direct key
(``Event.user``, ``AIInteraction.user``) or a chain of required keys through a model already
in scope (``ResumeSuggestion.optimization → ResumeOptimization.candidate →
CandidateProfile.user``). Only required keys extend a chain: a nullable key such as
``JobScore.parameter_version`` points at something the row uses, not at its owner. A new model
is therefore exported automatically; ``EXCLUDED`` names the few that are left out on purpose,
each with its reason, and a test fails when a model is neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

# Chains longer than this reach models owned by someone else (a reviewer's experiment's
# variants): three keys cover ResumeSuggestion → optimization → candidate → user.
MAX_DEPTH = 3

EXCLUDED: dict[str, str] = {
    "authtoken.token": "an API credential: handing it out in a file would leak the login",
    "admin.logentry": "staff's admin actions; candidates have no admin access",
    "auth.user_groups": "the account's groups are listed in the account section",
    "auth.user_user_permissions": "staff permissions; candidates hold none",
}
# Fields never written to an export, whatever the model.
SECRET_FIELDS = frozenset({"password"})


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    paths: tuple[str, ...]  # ORM lookups that end at the user, e.g. "candidate__user"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, user_pk: int) -> models.QuerySet[models.Model]:
        condition = Q()
        for path in self.paths:
            condition |= Q(**{path: user_pk})
        return self.model._default_manager.filter(condition).distinct().order_by("pk")


def _keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.remote_field is not None
    ]


def user_tables() -> list[Table]:
    """Every model with a foreign-key path to the user model, the user model excluded."""
    user_model = get_user_model()
    found: dict[type[models.Model], list[str]] = {user_model: [""]}
    frontier: list[type[models.Model]] = [user_model]
    for _ in range(MAX_DEPTH):
        reached: list[type[models.Model]] = []
        for model in apps.get_models(include_auto_created=True):
            if model is user_model or model._meta.proxy:
                continue
            for key in _keys(model):
                target = key.related_model
                if target not in frontier or (target is not user_model and key.null):
                    continue
                for path in found[target]:
                    lookup = f"{key.name}__{path}" if path else key.name
                    if lookup not in found.setdefault(model, []):
                        found[model].append(lookup)
                        reached.append(model)
        frontier = list(dict.fromkeys(reached))
    return sorted(
        (Table(model, tuple(paths)) for model, paths in found.items() if model is not user_model),
        key=lambda t: t.label,
    )


def exported_tables() -> list[Table]:
    return [t for t in user_tables() if t.label not in EXCLUDED]
