"""The event log's tables: events (append-only) and quarantined inputs.

The tables keep the names they had when these models lived in ``learning`` (the move was
state-only), so no data migrates.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Expression

from recruitly.eventlog.columns import BOOLEAN_COLUMNS, NUMERIC_COLUMNS, column_name, column_paths
from recruitly.timestamps import TimestampedModel


class EventFamily(models.TextChoices):
    APPLICATION = "application", "Application"
    STRATEGY = "strategy", "Strategy"
    RESUME = "resume", "Resume"
    FEEDBACK = "feedback", "Suggestion feedback"
    AI_FEEDBACK = "ai_feedback", "AI response feedback"


class Event(models.Model):
    """One entry of the append-only outcome log (seed 001 §3).

    Rows are only ever inserted; ``event_id`` is chosen by the client so that retrying a
    batch stores each event once. Its uniqueness lives in :class:`EventId`, written in the same
    transaction as the row: on PostgreSQL this table is partitioned by month on
    ``occurred_at`` (``recruitly.eventlog.partitions``; migration ``0003``), and a unique key
    of a partitioned table must include the partition key. The database's primary key there
    is ``(id, occurred_at)``; ``id`` (one sequence for all months) stays the model's key.
    """

    event_id = models.CharField(max_length=100, db_index=True)
    event_type = models.CharField(max_length=40, db_index=True)
    family = models.CharField(max_length=20, choices=EventFamily.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(db_index=True)
    payload = models.JSONField(help_text="The type's own fields, as validated")
    source = models.CharField(max_length=40, default="api")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "learning_event"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["family", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
            # an outcome's application look-up (recruitly.eventlog.consistency); named, as
            # the generated column is added to the class after its Meta is read
            models.Index(fields=["col_application_id"], name="event_application_id_idx"),
        ]
        permissions = [("ingest_any_event", "Can ingest events on behalf of any user")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A row written through the ORM claims its ``event_id`` as ingestion does: a second
        event with the same id fails with IntegrityError, as a unique column did."""
        if not self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            EventId.objects.using(kwargs.get("using")).create(event_id=self.event_id)
            super().save(*args, **kwargs)


class EventId(models.Model):
    """Every ``event_id`` ever stored, once: the log's idempotency key.

    Ingestion inserts the batch's ids here first (``ON CONFLICT DO NOTHING RETURNING``) and
    writes only the event rows whose id it really inserted, in the same transaction, so the
    primary key of this table arbitrates between concurrent batches. Ids stay when their month
    is detached from the log (``eventlog_partitions --detach-before``): a late retry of a
    detached event is still a duplicate, not a second row in the default partition.
    """

    event_id = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = "event id"

    def __str__(self) -> str:
        return self.event_id


class PayloadColumn(Expression):
    """The SQL of one analysis column: the payload value at ``path`` for the ``families``
    that carry it, typed; NULL elsewhere and where the value is absent or of another type.

    Literal SQL without parameters (the path comes from recruitly.eventlog.columns, identifiers
    only), as a generated column's definition needs. A number or boolean of another JSON type
    reads as NULL, as the reader's ``to_numeric(errors="coerce")`` used to make it.
    """

    def __init__(self, path: tuple[str, ...], families: tuple[str, ...], kind: str) -> None:
        if not all(_IDENTIFIER.fullmatch(part) for part in (*path, *families)):
            raise ValueError(f"not an identifier path: {path} {families}")
        super().__init__(output_field=_OUTPUT[kind]())
        self.path, self.families, self.kind = path, families, kind

    def __repr__(self) -> str:
        return f"PayloadColumn({self.path!r}, {self.families!r}, {self.kind!r})"

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return "recruitly.eventlog.models.PayloadColumn", (self.path, self.families, self.kind), {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PayloadColumn) and self.deconstruct() == other.deconstruct()

    def __hash__(self) -> int:
        return hash(self.deconstruct()[1])

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        families = ", ".join(f"'{f}'" for f in self.families)
        guard = f'"family" IN ({families})'
        if connection.vendor == "postgresql":
            path = "'{" + ",".join(self.path) + "}'"
            value = f'("payload" #>> {path})'
            typeof = f'jsonb_typeof("payload" #> {path})'
            typed = {
                "number": f"{typeof} = 'number' THEN {value}::double precision",
                "boolean": f"{typeof} = 'boolean' THEN {value}::boolean",
                "text": f"TRUE THEN {value}",
            }[self.kind]
        else:  # SQLite's JSON1
            path = "'$." + ".".join(self.path) + "'"
            value = f'json_extract("payload", {path})'
            typeof = f'json_type("payload", {path})'
            typed = {
                "number": f"{typeof} IN ('integer', 'real') THEN CAST({value} AS REAL)",
                "boolean": f"{typeof} IN ('true', 'false') THEN {value}",
                "text": f"TRUE THEN {value}",
            }[self.kind]
        return f"(CASE WHEN {guard} AND {typed} END)", ()


_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_OUTPUT: dict[str, type[models.Field[Any, Any]]] = {
    "number": models.FloatField,
    "boolean": models.BooleanField,
    "text": models.TextField,
}


def _analysis_columns() -> dict[str, models.GeneratedField]:
    """One stored generated column per field the analyses read (recruitly.eventlog.columns)."""
    fields = {}
    for name, (path, families) in column_paths().items():
        kind = (
            "number"
            if name in NUMERIC_COLUMNS
            else "boolean"
            if name in BOOLEAN_COLUMNS
            else "text"
        )
        fields[column_name(name)] = models.GeneratedField(
            expression=PayloadColumn(path, families, kind),
            output_field=_OUTPUT[kind](null=True),
            db_persist=True,
        )
    return fields


for _name, _field in _analysis_columns().items():
    Event.add_to_class(_name, _field)


class QuarantineStatus(models.TextChoices):
    OPEN = "open", "Open"
    REPLAYED = "replayed", "Fixed and replayed"
    DISCARDED = "discarded", "Discarded"


class QuarantinedEvent(TimestampedModel):
    """A rejected input, kept verbatim with the reasons it was refused.

    Ingestion writes rows with plain INSERTs of its own columns, so the review columns carry
    database defaults. A reviewer resolves an open item once: replayed (``replayed_event``
    is the stored event) or discarded (``resolution_note`` says why).
    """

    event_id = models.CharField(max_length=100, blank=True, db_index=True)
    event_type = models.CharField(max_length=60, blank=True, db_index=True)
    raw = models.JSONField(help_text="The item exactly as received")
    errors = models.JSONField(default=list)
    source = models.CharField(max_length=40, default="api")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=20,
        choices=QuarantineStatus.choices,
        default=QuarantineStatus.OPEN,
        db_default=QuarantineStatus.OPEN,
        db_index=True,
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, default="", db_default="")
    # No database constraint: a foreign key into the partitioned log would have to name
    # (id, occurred_at) and would block detaching an old month. Django still applies
    # on_delete; a replayed event whose month was detached reads as None.
    replayed_event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        db_table = "learning_quarantinedevent"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event_type or '?'} {self.event_id or '(no id)'}"


class EventAnomaly(models.Model):
    """A stored event whose value is far from its type's recent values: flagged, kept.

    ``robust_z`` is (value - median) / scale over the ``baseline_n`` most recent earlier
    events of the type (recruitly.eventlog.anomalies).
    """

    # No database constraint, as QuarantinedEvent.replayed_event: the flag outlives a detached
    # month (Django still cascades a deletion made through the ORM).
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    event_type = models.CharField(max_length=40, db_index=True)
    field = models.CharField(max_length=60)
    value = models.FloatField()
    median = models.FloatField()
    scale = models.FloatField(
        help_text="robust SD: 1.4826 x MAD (1.2533 x mean absolute deviation if MAD is 0)"
    )
    robust_z = models.FloatField()
    baseline_n = models.PositiveIntegerField()
    reason = models.CharField(max_length=300)
    day = models.DateField(db_index=True, help_text="The ingestion day checked")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "event_type", "field"]
        constraints = [
            models.UniqueConstraint(fields=["event", "field"], name="event_anomaly_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_type}.{self.field} z={self.robust_z:.1f}"


class DataQualityReport(models.Model):
    """One day's data-quality figures, built once and mailed to reviewers once."""

    day = models.DateField(unique=True)
    body = models.JSONField()
    mailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"data quality {self.day}"
