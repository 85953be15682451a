"""Sticky, deterministic enrolment of users into running experiments, with exposure time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from experiments.allocation import Allocation
from experiments.models import Assignment, Experiment, ExperimentStatus, Variant
from experiments.selectors import holdout_active, opted_out_user_ids, user_opted_out
from experiments.services.holdouts import holdout_excludes, holdout_member


def allocation_for(experiment: Experiment, variants: list[Variant] | None = None) -> Allocation:
    """The experiment's layout; variants in their stored order, so ranges never move."""
    variants = sorted(
        variants if variants is not None else experiment.variants.all(),
        key=lambda v: (v.position, v.pk),
    )
    return Allocation(
        salt=experiment.salt or experiment.key,
        variant_keys=tuple(v.key for v in variants),
        weights=tuple(v.weight for v in variants),
        enrolled_share=experiment.enrolled_share,
        namespace=experiment.namespace,
        namespace_range=(experiment.namespace_start, experiment.namespace_end),
    )


def _existing(experiment: Experiment, user: User) -> Assignment | None:
    return (
        Assignment.objects.select_related("variant")
        .filter(experiment=experiment, user=user)
        .first()
    )


def experiment_assign(
    *,
    experiment: Experiment,
    user: User,
    now: datetime | None = None,
    source: str = "resolver",
    opted_out: bool | None = None,
) -> Variant | None:
    """The user's variant, enrolling them at this first exposure if the hash says so.

    Returns None when the experiment is not running, the user opted out of experimentation,
    is a member of the active holdout, or falls outside the enrolled share or namespace
    slice. An existing assignment is sticky: it is returned unchanged whatever the coverage
    or a later holdout does.
    """
    if experiment.status != ExperimentStatus.RUNNING or not user.is_authenticated:
        return None
    if opted_out is None:
        opted_out = user_opted_out(user)
    if opted_out:
        return None
    existing = _existing(experiment, user)
    if existing is not None:
        return existing.variant
    if holdout_excludes(user):
        return None
    variants = list(experiment.variants.all())
    key, position = allocation_for(experiment, variants).assign(user.get_username())
    if key is None:
        return None
    variant = next(v for v in variants if v.key == key)
    try:
        with transaction.atomic():
            Assignment.objects.create(
                experiment=experiment,
                variant=variant,
                user=user,
                bucket=position,
                first_exposed_at=now or timezone.now(),
                source=source,
            )
    except IntegrityError:
        # A concurrent request enrolled the user first; theirs is the sticky one.
        existing = _existing(experiment, user)
        return existing.variant if existing is not None else None
    return variant


# Rows per INSERT: well under SQLite's variable limit (7 columns, 1,000 rows).
BULK_BATCH = 1000


def experiment_assign_many(
    *,
    experiment: Experiment,
    users: Sequence[User],
    now: datetime | None = None,
    source: str = "bulk",
) -> dict[int, Variant | None]:
    """Assign many users at once (same rules as :func:`experiment_assign`), user pk → variant.

    For integrations and simulations that expose a batch of users together: one query for
    existing assignments, one for opt-outs, one bulk insert.
    """
    if experiment.status != ExperimentStatus.RUNNING:
        return {u.pk: None for u in users}
    ids = [u.pk for u in users]
    variants = {v.pk: v for v in experiment.variants.all()}
    by_key = {v.key: v for v in variants.values()}
    existing = dict(
        Assignment.objects.filter(experiment=experiment, user_id__in=ids).values_list(
            "user_id", "variant_id"
        )
    )
    opted_out = opted_out_user_ids(user_ids=ids)
    holdout = holdout_active()
    allocation = allocation_for(experiment, list(variants.values()))
    result: dict[int, Variant | None] = {}
    new = []
    at = now or timezone.now()
    for user in users:
        held_back = holdout is not None and holdout_member(holdout, user)
        if user.pk in opted_out or (user.pk not in existing and held_back):
            result[user.pk] = None
        elif user.pk in existing:
            result[user.pk] = variants[existing[user.pk]]
        else:
            key, position = allocation.assign(user.get_username())
            result[user.pk] = by_key[key] if key else None
            if key:
                new.append(
                    Assignment(
                        experiment=experiment,
                        variant=by_key[key],
                        user=user,
                        bucket=position,
                        first_exposed_at=at,
                        source=source,
                    )
                )
    Assignment.objects.bulk_create(new, batch_size=BULK_BATCH, ignore_conflicts=True)
    return result


def running_experiments_for(component: str) -> list[Experiment]:
    # Variants are loaded only to enrol someone new: a returning user's sticky assignment
    # already names their variant, so the common path saves a query.
    return list(
        Experiment.objects.filter(component=component, status=ExperimentStatus.RUNNING).order_by(
            "-started_at", "-pk"
        )
    )


def component_variant(*, component: str, user: User, now: datetime | None = None) -> Variant | None:
    """The variant of a running experiment on ``component`` for ``user`` (the resolver hook)."""
    experiments = running_experiments_for(component)
    if not experiments:
        return None
    opted_out = user_opted_out(user)
    for experiment in experiments:
        variant = experiment_assign(experiment=experiment, user=user, now=now, opted_out=opted_out)
        if variant is not None:
            return variant
    return None


def assign(
    experiment_key: str,
    user: User,
    *,
    now: datetime | None = None,
    source: str = "api",
) -> Variant | None:
    """In-process assignment by experiment key (see :func:`experiment_assign`).

    Raises Experiment.DoesNotExist for an unknown key.
    """
    experiment = Experiment.objects.prefetch_related("variants").get(key=experiment_key)
    return experiment_assign(experiment=experiment, user=user, now=now, source=source)
