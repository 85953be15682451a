"""The daily data-quality report (seed 002 §15.1): capture, acceptance, completeness per
field, anomalies and the quarantine, each figure with its sample size; mailed once a day.

It lives on the top floor because capture compares the log with what profiles recorded
(applications submitted and outcomes recorded that day), which the event log cannot see.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from experiments.services.notify import reviewers_notify
from learning.analytics.rates import wilson_interval
from profiles.models import Application
from recruitly.eventlog.anomalies import anomalies_flag, day_bounds
from recruitly.eventlog.columns import FAMILY_FIELDS, column_name
from recruitly.eventlog.models import (
    DataQualityReport,
    Event,
    EventAnomaly,
    QuarantinedEvent,
    QuarantineStatus,
)
from recruitly.eventlog.schemas import SCHEMAS

EXAMPLES = 20
LOOKUP_CHUNK = 1000


def rate(k: int, n: int) -> dict[str, Any]:
    """``k`` of ``n`` with its 95 % Wilson interval; no rate without a sample."""
    if n == 0:
        return {"k": 0, "n": 0, "rate": None, "low": None, "high": None}
    low, high = wilson_interval(k, n)
    return {"k": k, "n": n, "rate": k / n, "low": float(low), "high": float(high)}


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_DETAIL = re.compile(r"\s*\((?:got|\d{4}-).*\)$")


def reason_key(error: str) -> str:
    """An error without the item's own values, so equal problems count together."""
    return _DETAIL.sub("", _QUOTED.sub("…", error)).strip()


def data_quality_report_build(*, day: date) -> dict[str, Any]:
    """Flag the day's anomalies, then gather the figures of events ingested on ``day``."""
    anomalies_flag(day=day)
    start, end = day_bounds(day)
    events = Event.objects.filter(created_at__gte=start, created_at__lt=end)
    quarantined = QuarantinedEvent.objects.filter(created_at__gte=start, created_at__lt=end)
    stored_by_type = dict(events.values_list("event_type").annotate(n=Count("id")))
    quarantined_by_type = dict(quarantined.values_list("event_type").annotate(n=Count("id")))
    stored, rejected = sum(stored_by_type.values()), sum(quarantined_by_type.values())
    return {
        "day": day.isoformat(),
        "acceptance": rate(stored, stored + rejected),
        "by_type": [
            {
                "event_type": t or "(unreadable)",
                "stored": stored_by_type.get(t, 0),
                "quarantined": quarantined_by_type.get(t, 0),
            }
            for t in sorted(set(stored_by_type) | set(quarantined_by_type))
        ],
        "capture": _capture(start, end),
        "completeness": _completeness(events, stored_by_type),
        "anomalies": _anomalies(day),
        "quarantine": _quarantine(quarantined),
    }


def _logged(event_type: str, application_ids: list[str]) -> int:
    found = 0
    for i in range(0, len(application_ids), LOOKUP_CHUNK):
        found += (
            Event.objects.filter(
                event_type=event_type,
                col_application_id__in=application_ids[i : i + LOOKUP_CHUNK],
            )
            .values("col_application_id")
            .distinct()
            .count()
        )
    return found


def _capture(start: Any, end: Any) -> list[dict[str, Any]]:
    """Share of what profiles recorded that day that reached the log as an event."""
    submitted = [
        str(pk)
        for pk in Application.objects.filter(
            submitted_at__gte=start, submitted_at__lt=end
        ).values_list("pk", flat=True)
    ]
    answered = [
        str(pk)
        for pk in Application.objects.filter(outcome_at__gte=start, outcome_at__lt=end).values_list(
            "pk", flat=True
        )
    ]
    return [
        {
            "what": "applications submitted",
            "event_type": "APPLICATION_SUBMITTED",
            **rate(_logged("APPLICATION_SUBMITTED", submitted), len(submitted)),
        },
        {
            "what": "outcomes recorded",
            "event_type": "STATUS_CHANGED",
            **rate(_logged("STATUS_CHANGED", answered), len(answered)),
        },
    ]


def _completeness(events: Any, stored_by_type: dict[str, int]) -> list[dict[str, Any]]:
    """Per event type, the share of its events carrying each analysis field (non-null)."""
    rows = []
    for event_type in sorted(t for t in stored_by_type if t in SCHEMAS):
        names = list(FAMILY_FIELDS[SCHEMAS[event_type].family])
        counts = events.filter(event_type=event_type).aggregate(
            total=Count("id"),
            **{
                name: Count("id", filter=Q(**{f"{column_name(name)}__isnull": False}))
                for name in names
            },
        )
        total = counts.pop("total")
        fields = [{"field": name, **rate(counts[name], total)} for name in names]
        rows.append({"event_type": event_type, "n": total, "fields": fields})
    return rows


def _anomalies(day: date) -> dict[str, Any]:
    flagged = EventAnomaly.objects.filter(day=day).select_related("event")
    by_field = Counter((a.event_type, a.field) for a in flagged)
    examples = sorted(flagged, key=lambda a: -abs(a.robust_z))[:EXAMPLES]
    return {
        "flagged": sum(by_field.values()),
        "by_field": [
            {"event_type": t, "field": f, "count": c} for (t, f), c in sorted(by_field.items())
        ],
        "examples": [
            {"event_id": a.event.event_id, "reason": a.reason, "robust_z": a.robust_z}
            for a in examples
        ],
    }


def _quarantine(quarantined: Any) -> dict[str, Any]:
    reasons: Counter[str] = Counter()
    for errors in quarantined.values_list("errors", flat=True).iterator():
        for error in errors or []:
            reasons[reason_key(str(error))] += 1
    return {
        "new": quarantined.count(),
        "open_total": QuarantinedEvent.objects.filter(status=QuarantineStatus.OPEN).count(),
        "by_reason": [{"reason": r, "count": c} for r, c in reasons.most_common()],
    }


def _pct(figure: dict[str, Any]) -> str:
    if figure["rate"] is None:
        return "n = 0"
    return (
        f"{100 * figure['rate']:.1f} % [{100 * figure['low']:.1f}-{100 * figure['high']:.1f}], "
        f"{figure['k']} of {figure['n']}"
    )


def report_text(body: dict[str, Any]) -> str:
    lines = [
        f"Data quality of the event log, {body['day']} (UTC)",
        "",
        f"Accepted: {_pct(body['acceptance'])}",
        *[f"Capture, {c['what']}: {_pct(c)}" for c in body["capture"]],
        "",
        f"Quarantined: {body['quarantine']['new']} new, "
        f"{body['quarantine']['open_total']} open in all",
        *[f"- {r['count']} x {r['reason']}" for r in body["quarantine"]["by_reason"][:10]],
        "",
        f"Anomalies flagged: {body['anomalies']['flagged']}",
        *[f"- {a['reason']}" for a in body["anomalies"]["examples"][:5]],
        "",
        "Least complete fields (share of events carrying them):",
        *[
            f"- {row['event_type']}.{f['field']}: {_pct(f)}"
            for row in body["completeness"]
            for f in row["fields"]
            if f["rate"] is not None and f["rate"] < 1
        ][:10],
    ]
    return "\n".join(lines)


def data_quality_daily(*, day: date) -> DataQualityReport:
    """Build the day's report once and mail it to reviewers once.

    The row is unique per day; the mail is claimed by a conditional update of ``mailed_at``
    in the transaction that queues it in the mail outbox (one row per reviewer, keyed by the
    day, sent after commit and retried until it goes), so a second run, a retry or a
    concurrent worker finds it claimed and queues nothing.
    """
    report = DataQualityReport.objects.filter(day=day).first()
    if report is None:
        body = data_quality_report_build(day=day)
        report, _ = DataQualityReport.objects.get_or_create(day=day, defaults={"body": body})
    with transaction.atomic():
        claimed = DataQualityReport.objects.filter(pk=report.pk, mailed_at__isnull=True).update(
            mailed_at=timezone.now()
        )
        if claimed:
            reviewers_notify(
                subject=f"Data quality {day.isoformat()}",
                body=report_text(report.body),
                key=f"data-quality:{day.isoformat()}",
            )
    report.refresh_from_db()
    return report
