"""Statistical anomalies per event type: robust z-scores over the type's recent events.

For every numeric analysis field of a type (recruitly.eventlog.columns), each event ingested
on the day is compared with the ``BASELINE_SIZE`` most recent earlier events of the type that
carry the field: z = (value - median) / scale, scale = 1.4826 x MAD (a normal SD's estimate;
1.2533 x the mean absolute deviation when more than half the baseline is one value). An event
with |z| > ``Z_THRESHOLD`` (Iglewicz and Hoaglin's 3.5) is flagged, never rejected: an
unusual value can be true. Nothing is flagged before ``MIN_BASELINE`` earlier values exist.
Median and MAD were chosen over an isolation forest: one field at a time they say which value
is odd and by how much, in a sentence a reviewer can check, with no tuning and no seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from recruitly.eventlog.columns import FAMILY_FIELDS, NUMERIC_COLUMNS, column_name
from recruitly.eventlog.models import Event, EventAnomaly
from recruitly.eventlog.schemas import SCHEMAS

MIN_BASELINE = 100
BASELINE_SIZE = 1000
Z_THRESHOLD = 3.5
MAD_TO_SD = 1.4826
MEAN_AD_TO_SD = 1.2533


@dataclass(frozen=True)
class Scale:
    median: float
    scale: float
    n: int


def robust_scale(baseline: np.ndarray) -> Scale | None:
    """Median and robust SD of ``baseline``; None if too few values or no spread at all."""
    if len(baseline) < MIN_BASELINE:
        return None
    median = float(np.median(baseline))
    deviations = np.abs(baseline - median)
    mad = float(np.median(deviations))
    scale = MAD_TO_SD * mad if mad > 0 else MEAN_AD_TO_SD * float(np.mean(deviations))
    if scale <= 0:
        return None
    return Scale(median, scale, len(baseline))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def numeric_fields(event_type: str) -> list[str]:
    family = SCHEMAS[event_type].family
    return [name for name in FAMILY_FIELDS[family] if name in NUMERIC_COLUMNS]


def anomalies_flag(*, day: date) -> int:
    """Flag the events ingested on ``day``; return how many flags were new. Idempotent."""
    start, end = day_bounds(day)
    types = (
        Event.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("event_type", flat=True)
        .distinct()
    )
    flags: list[EventAnomaly] = []
    for event_type in sorted(set(types) & set(SCHEMAS)):
        for name in numeric_fields(event_type):
            flags.extend(_flag_field(event_type, name, day, start, end))
    created = EventAnomaly.objects.bulk_create(flags, ignore_conflicts=True, batch_size=1000)
    return len(created)


def _flag_field(
    event_type: str, name: str, day: date, start: datetime, end: datetime
) -> list[EventAnomaly]:
    column = column_name(name)
    of_type = Event.objects.filter(event_type=event_type).exclude(**{f"{column}__isnull": True})
    baseline = np.array(
        of_type.filter(created_at__lt=start)
        .order_by("-created_at", "-id")
        .values_list(column, flat=True)[:BASELINE_SIZE],
        dtype=float,
    )
    scale = robust_scale(baseline)
    if scale is None:
        return []
    rows = list(of_type.filter(created_at__gte=start, created_at__lt=end).values_list("pk", column))
    if not rows:
        return []
    values = np.array([value for _, value in rows], dtype=float)
    z = (values - scale.median) / scale.scale
    return [
        EventAnomaly(
            event_id=pk,
            event_type=event_type,
            field=name,
            value=float(values[i]),
            median=scale.median,
            scale=scale.scale,
            robust_z=float(z[i]),
            baseline_n=scale.n,
            day=day,
            reason=(
                f"{name} = {values[i]:g} is {z[i]:+.1f} robust SD from the median "
                f"{scale.median:g} of the last {scale.n} {event_type} events "
                f"(|z| > {Z_THRESHOLD:g})"
            ),
        )
        for i, (pk, _) in enumerate(rows)
        if abs(z[i]) > Z_THRESHOLD
    ]
