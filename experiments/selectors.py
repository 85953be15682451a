from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import CharField, Count, F, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from experiments.metrics import EVENT_TYPES, PRE_PERIOD, empty_events
from experiments.models import (
    Analysis,
    Assignment,
    Experiment,
    ExperimentStatus,
    Holdout,
    HoldoutStatus,
)
from profiles.models import CandidateProfile
from recruitly.eventlog.models import Event
from recruitly.roles import REVIEWERS_GROUP
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.selectors import audit_entry_list

LIVE_STATUSES = (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED)


def opted_out_user_ids(*, user_ids: Sequence[int]) -> set[int]:
    """Of ``user_ids``, those who opted out of experimentation (one query)."""
    return set(
        CandidateProfile.objects.filter(
            user_id__in=list(user_ids), experimentation_opt_out=True
        ).values_list("user_id", flat=True)
    )


def opted_out_assignment_counts(*, experiment: Experiment) -> dict[str, int]:
    """Per experiment key, how many opted-out candidates hold an assignment in ``experiment``
    or in any running or paused experiment (one query): each one is a leak of the opt-out."""
    opted_out = CandidateProfile.objects.filter(experimentation_opt_out=True).values("user_id")
    rows = (
        Assignment.objects.filter(user_id__in=opted_out)
        .filter(Q(experiment=experiment) | Q(experiment__status__in=LIVE_STATUSES))
        .values("experiment__key")
        .annotate(n=Count("id"))
    )
    return {row["experiment__key"]: row["n"] for row in rows}


def experiment_list() -> QuerySet[Experiment]:
    return (
        Experiment.objects.select_related("created_by", "winner")
        .prefetch_related("variants")
        .annotate(enrolled=Count("assignments"))
        .order_by("-created_at", "-pk")
    )


def experiment_get(*, key: str) -> Experiment:
    """Raises Experiment.DoesNotExist."""
    return (
        Experiment.objects.select_related("created_by", "winner")
        .prefetch_related("variants")
        .get(key=key)
    )


def analysis_list(*, experiment: Experiment) -> QuerySet[Analysis]:
    return Analysis.objects.filter(experiment=experiment).order_by("window")


def analysis_latest(*, experiment: Experiment) -> Analysis | None:
    return Analysis.objects.filter(experiment=experiment).order_by("-window").first()


def experiment_audit_list(*, experiment: Experiment) -> QuerySet[AuditEntry]:
    return audit_entry_list(target_type=Experiment._meta.label).filter(target_id=str(experiment.pk))


def _rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    # Straight through the DB-API cursor: Django's per-row converters (datetime parsing)
    # cost ~3 µs a row, pandas converts the columns at once instead.
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _utc(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, utc=True, format="ISO8601")


def _timestamp_column(field: str) -> Any:
    # SQLite's driver parses every datetime in Python (~1 µs a row); as text, pandas parses
    # the whole column at once. Other drivers parse in C already.
    return Cast(field, CharField()) if connection.vendor == "sqlite" else F(field)


def assignment_frame(*, experiment_ids: Sequence[int]) -> pd.DataFrame:
    """Exposed assignments: experiment_id, user_id, variant_id, exposed_at (UTC)."""
    queryset = (
        Assignment.objects.filter(
            experiment_id__in=list(experiment_ids), first_exposed_at__isnull=False
        )
        .annotate(exposed=_timestamp_column("first_exposed_at"))
        .values_list("experiment_id", "user_id", "variant_id", "exposed")
        .order_by()
    )
    frame = pd.DataFrame(
        _rows(queryset), columns=["experiment_id", "user_id", "variant_id", "exposed_at"]
    )
    frame["exposed_at"] = _utc(frame["exposed_at"])
    return frame


def event_frame(*, experiment_ids: Sequence[int], since: datetime, until: datetime) -> pd.DataFrame:
    """Events the metrics read, of users enrolled in the experiments, since ``since``."""
    users = Assignment.objects.filter(experiment_id__in=list(experiment_ids)).values("user_id")
    return _metric_events(since=since, until=until, user_ids=users)


# --- holdouts ------------------------------------------------------------------------------
def holdout_active() -> Holdout | None:
    """The one active holdout, if any (one indexed query; the resolver calls it)."""
    return Holdout.objects.filter(status=HoldoutStatus.ACTIVE).first()


def holdout_list() -> QuerySet[Holdout]:
    return Holdout.objects.select_related("created_by", "previous").order_by("-started_at", "-pk")


def holdout_get(*, key: str) -> Holdout:
    """Raises Holdout.DoesNotExist."""
    return holdout_list().get(key=key)


def holdout_audit_list(*, holdout: Holdout) -> QuerySet[AuditEntry]:
    return audit_entry_list(target_type=Holdout._meta.label).filter(target_id=str(holdout.pk))


def candidate_population() -> list[tuple[int, str]]:
    """(user id, username) of every candidate who may take part in experimentation.

    Staff, superusers and reviewers are not candidates; candidates who opted out of
    experimentation take part in no comparison (one query).
    """
    opted_out = CandidateProfile.objects.filter(experimentation_opt_out=True).values("user_id")
    return list(
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__name=REVIEWERS_GROUP)
        .exclude(pk__in=opted_out)
        .order_by("pk")
        .values_list("pk", "username")
    )


def metric_event_frame(*, since: datetime, until: datetime) -> pd.DataFrame:
    """Every metric event from PRE_PERIOD before ``since`` until ``until``, of anyone."""
    return _metric_events(since=since, until=until)


def _metric_events(*, since: datetime, until: datetime, user_ids: Any = None) -> pd.DataFrame:
    """The metric events from PRE_PERIOD before ``since`` until ``until`` (of ``user_ids``, a
    list or a subquery, when given) as a frame."""
    events = Event.objects.filter(
        event_type__in=EVENT_TYPES, occurred_at__gte=since - PRE_PERIOD, occurred_at__lt=until
    )
    if user_ids is not None:
        events = events.filter(user_id__in=user_ids)
    queryset = (
        events.annotate(
            status=KT("payload__outcome__status"),
            application_id=KT("payload__application_id"),
            days=KT("payload__outcome__days_to_response"),
            rating=KT("payload__rating"),
            occurred=_timestamp_column("occurred_at"),
        )
        .values_list(
            "user_id", "event_type", "occurred", "status", "application_id", "days", "rating"
        )
        .order_by()
    )
    rows = _rows(queryset)
    if not rows:
        return empty_events()
    frame = pd.DataFrame(rows, columns=list(empty_events().columns))
    frame["occurred_at"] = _utc(frame["occurred_at"])
    frame["days"] = pd.to_numeric(frame["days"], errors="coerce")
    return frame


def parameter_versions_since(*, frozen: dict[str, Any]) -> list[ParameterVersion]:
    """Versions written after a snapshot: per component, numbers above the frozen one."""
    condition = Q(pk__in=[])
    for component, entry in frozen.items():
        condition |= Q(component=component, version__gt=entry.get("version") or 0)
    return list(
        ParameterVersion.objects.filter(condition)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def experiments_shipping(*, version_ids: Sequence[int]) -> dict[int, Experiment]:
    """Experiment per parameter version id it shipped."""
    return {
        e.shipped_version_id: e
        for e in Experiment.objects.filter(shipped_version_id__in=list(version_ids))
        if e.shipped_version_id is not None
    }


def user_opted_out(user: User) -> bool:
    """True when ``user`` opted out of experimentation (their candidate profile says so)."""
    return CandidateProfile.objects.filter(user=user, experimentation_opt_out=True).exists()
