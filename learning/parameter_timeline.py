"""A parameter's history as a picture: each numeric value over time, its versions and the
experiments that tested it (``recruitly.timecharts.value_timeline``).

The line starts at the code default, steps at every version (approval, manual edit,
rollback, finished experiment) and runs to now. A text-valued parameter (a prompt, a model
name) has no line to draw: its versions are listed in the table instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from recruitly.spine.models import ParameterVersion
from recruitly.spine.specs import spec
from recruitly.timecharts import Mark, Series, Span, value_timeline

# Room before the first version, so the code default shows as a step of its own.
LEAD_IN = timedelta(days=1)


def _numeric(value: Any) -> dict[str, float] | None:
    """``{name: number}`` for a number or an object of numbers; None for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"value": float(value)}
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
    ):
        return {str(k): float(v) for k, v in value.items()}
    return None


def parameter_timeline_chart(
    *,
    component: str,
    versions: Sequence[ParameterVersion],
    experiments: Sequence[Any],
    now: datetime | None = None,
) -> SafeString | None:
    """The chart of a component's values, or None when its values are not numbers.

    ``versions`` oldest first; ``experiments`` need ``key``, ``started_at`` and ``ended_at``.
    """
    now = now or timezone.now()
    default = _numeric(spec(component).default)
    values = [(v, _numeric(v.value)) for v in versions]
    if default is None or any(numbers is None for _, numbers in values):
        return None
    started = [e for e in experiments if e.started_at is not None]
    moments = [v.created_at for v in versions] + [e.started_at for e in started]
    start = min(moments, default=now) - LEAD_IN
    names = list(dict.fromkeys([*default, *(k for _, n in values for k in n or {})]))
    series = [
        Series(
            component.rsplit(".", 1)[-1] if name == "value" else name,
            tuple(
                [(start, default.get(name, 0.0))]
                + [(v.created_at, (n or {}).get(name, 0.0)) for v, n in values]
            ),
        )
        for name in names
    ]
    marks = [Mark(v.created_at, f"v{v.version}", v.get_source_display()) for v in versions]
    spans = [Span(e.started_at, e.ended_at or now, e.key) for e in started]
    return value_timeline(series, versions=marks, experiments=spans, start=start, end=now)
