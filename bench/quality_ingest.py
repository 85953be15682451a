"""What the data-quality checks cost on ingestion, in process, on PostgreSQL.

    DATABASE_URL=postgresql://... .venv/bin/python bench/quality_ingest.py [--n 5000] [--rounds 3]

Per round, on a clean slate of the bench's own rows: ``--n`` application submissions are
ingested in one batch (no consistency query: nothing to check), then ``--n`` outcomes of
those applications (one indexed look-up of their applications per 1,000), then ``--n``
resume score changes on real versions (the profiles checker); each is timed against
writing the same rows with ``COPY`` in the same round. Prints items per second and the
share of COPY, and the median over the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PREFIX = "qbench-"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from profiles.models import CandidateProfile, ResumeVersion
    from recruitly.eventlog.ingest import _copy_into, events_ingest
    from recruitly.eventlog.models import Event, EventId
    from recruitly.eventlog.schemas import ValidEvent, validate_event
    from tests.eventlog.helpers import application, outcome, score_change
    from tests.factories import CandidateProfileFactory

    if connection.vendor != "postgresql":
        sys.exit("needs PostgreSQL (DATABASE_URL)")
    user = f"{PREFIX}user"
    candidate = cast(CandidateProfile, CandidateProfileFactory(user__username=user))
    versions = ResumeVersion.objects.bulk_create(
        [
            ResumeVersion(candidate=candidate, version=v + 1, text="r", source_hash=f"{v:064d}")
            for v in range(50)
        ]
    )
    shares: dict[str, list[float]] = {"submissions": [], "outcomes": [], "score changes": []}
    try:
        for round_ in range(args.rounds):
            ids = [f"{PREFIX}{round_}-{i}" for i in range(args.n)]
            batches = {
                "submissions": [
                    application(f"{i}-s", user, "2026-03-02T10:00:00+00:00", application_id=i)
                    for i in ids
                ],
                "outcomes": [
                    outcome(f"{i}-o", user, "2026-03-05T10:00:00+00:00", application_id=i)
                    for i in ids
                ],
                "score changes": [
                    score_change(
                        f"{i}-r", user, "2026-03-05T10:00:00+00:00", str(versions[n % 50].pk)
                    )
                    for n, i in enumerate(ids)
                ],
            }
            for name, items in batches.items():
                rows = []
                for raw in items:
                    v = validate_event(raw, now=timezone.now())
                    assert isinstance(v, ValidEvent), v
                    rows.append(
                        (
                            f"copy-{v.event_id}",
                            v.event_type,
                            v.family,
                            candidate.user_id,
                            v.occurred_at,
                            v.payload,
                        )
                    )
                rows.sort()
                started = time.perf_counter()
                with transaction.atomic():
                    _copy_into(Event._meta.db_table, rows, "bench", None, timezone.now())
                copy_s = time.perf_counter() - started
                started = time.perf_counter()
                result = events_ingest(items=items, submitted_by=None, may_post_for_others=True)
                api_s = time.perf_counter() - started
                assert result.count("stored") == len(items), result.results[:3]
                share = copy_s / api_s
                shares[name].append(share)
                print(
                    f"round {round_ + 1} {name}: ingest {len(items) / api_s:,.0f}/s, "
                    f"COPY {len(items) / copy_s:,.0f}/s, share of COPY {share:.1%}"
                )
        for name, values in shares.items():
            median = statistics.median(values)
            print(f"{name}: median share of COPY {median:.1%} over {len(values)} rounds")
    finally:
        Event.objects.filter(event_id__startswith=PREFIX).delete()
        Event.objects.filter(event_id__startswith=f"copy-{PREFIX}").delete()
        EventId.objects.filter(event_id__startswith=PREFIX).delete()  # the idempotency key
        candidate.user.delete()


if __name__ == "__main__":
    main()
