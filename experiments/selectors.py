from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from experiments.models import Assignment, Experiment, ExperimentStatus, Variant


def variant_for_component(*, component: str, user: AbstractBaseUser) -> Variant | None:
    """The variant of a running experiment on ``component`` that ``user`` is assigned to."""
    assignment = (
        Assignment.objects.select_related("variant")
        .filter(
            user=user,
            experiment__component=component,
            experiment__status=ExperimentStatus.RUNNING,
        )
        .order_by("-experiment__started_at")
        .first()
    )
    return assignment.variant if assignment is not None else None


def experiment_list() -> QuerySet[Experiment]:
    return Experiment.objects.select_related("created_by").prefetch_related("variants")
