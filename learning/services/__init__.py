"""Writes of the learning app. Import the functions from here."""

from learning.services.audit import audit_record
from learning.services.events import IngestResult, ItemResult, events_ingest
from learning.services.parameters import (
    parameter_override_set,
    parameter_version_activate,
    parameter_version_create,
    parameter_version_rollback,
)

__all__ = [
    "IngestResult",
    "ItemResult",
    "audit_record",
    "events_ingest",
    "parameter_override_set",
    "parameter_version_activate",
    "parameter_version_create",
    "parameter_version_rollback",
]
