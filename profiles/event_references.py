"""What profiles tells the event log about the entities events name (a ground-floor hook)."""

from __future__ import annotations

from collections.abc import Collection

from profiles.models import ResumeVersion
from recruitly.eventlog.references import Reference

LOOKUP_CHUNK = 1000


def resume_versions_unknown(refs: Collection[Reference]) -> set[Reference]:
    """The ``(user id, resume version id)`` pairs that are not a resume version of that user
    (events name versions by their primary key, as profiles emits them)."""
    wanted = sorted({int(ref) for _, ref in refs if ref.isascii() and ref.isdigit()})
    known: set[Reference] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = ResumeVersion.objects.filter(pk__in=wanted[start : start + LOOKUP_CHUNK])
        known.update(
            (user_id, str(pk)) for user_id, pk in rows.values_list("candidate__user_id", "pk")
        )
    return {ref for ref in refs if ref not in known}
