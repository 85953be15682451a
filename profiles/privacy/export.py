"""One JSON document with every row the platform holds about a user (seed 001 §10.1).

The tables come from :mod:`profiles.privacy.scope`; each row is written field by field as
stored (dates ISO 8601, decimals as strings, binary files base64), secrets left out. The
analysis columns the event log derives from its payload are left out as well: the payload
that they repeat is in the export.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from profiles.privacy.scope import SECRET_FIELDS, exported_tables
from recruitly.spine.audit import audit_record

EXPORT_FORMAT = "recruitly-export/1"
ACCOUNT_FIELDS = ("id", "username", "email", "first_name", "last_name", "date_joined", "last_login")


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or isinstance(f, models.GeneratedField):
            continue
        out[f.attname] = _value(getattr(obj, f.attname))
    return out


def user_data_export(*, user: User, exported_at: dt.datetime) -> dict[str, Any]:
    """Every exported table's rows of ``user`` (empty tables included, so the list is whole)."""
    tables = {
        table.label: [_row(obj) for obj in table.rows_of(user.pk).iterator(chunk_size=500)]
        for table in exported_tables()
    }
    account = {name: _value(getattr(user, name)) for name in ACCOUNT_FIELDS}
    account["groups"] = sorted(user.groups.values_list("name", flat=True))
    return {
        "format": EXPORT_FORMAT,
        "exported_at": exported_at.isoformat(),
        "account": account,
        "tables": tables,
    }


@transaction.atomic
def user_data_export_audited(*, user: User, exported_at: dt.datetime) -> dict[str, Any]:
    """The export, with an audit row saying who took it and how many rows per table."""
    data = user_data_export(user=user, exported_at=exported_at)
    audit_record(
        acting_user=user,
        action="privacy_export",
        target=user,
        reason="The candidate downloaded their data",
        details={"rows": {label: len(rows) for label, rows in data["tables"].items()}},
    )
    return data
