# ruff: noqa: RUF001 -- charts use typographic dashes and the multiplication sign
"""SVG charts of the advanced engines, in the house style of :mod:`recruitly.charts`.

Posting volume per month with the change points and the forecast's interval, and the
seasonal factor of each calendar month. Pure numbers → escaped SVG, no JavaScript; each chart
is drawn for a wide screen and for a phone (the stylesheet shows one).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from recruitly.charts import AXIS_COLOUR, BAR_COLOUR, LINE_COLOUR, NARROW, Frame

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 16, 40
FORECAST_COLOUR, SHIFT_COLOUR = "#f0b37e", "#b42318"


def _top(values: Sequence[float]) -> float:
    top = max(values, default=0.0) or 1.0
    magnitude = 10 ** (len(str(int(top))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return float(step * magnitude)
    return float(top)


def _grid(frame: Frame, top: float, fmt: str, y: Any) -> str:
    parts = []
    for frac in (0, 0.5, 1):
        at = y(top * frac)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{at:.1f}" y2="{at:.1f}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="0.5"/><text x="{PAD_LEFT - 6}" '
            f'y="{at + 4:.1f}" text-anchor="end">{format(top * frac, fmt)}</text>'
        )
    return "".join(parts)


def volume_chart(series: Mapping[str, Any]) -> SafeString:
    """Monthly postings (bars), the forecast (orange, with its interval) and change points."""
    monthly = list(series.get("monthly") or [])
    forecast = series.get("forecast") or {}
    if not monthly:
        return mark_safe('<p class="muted">No full month of postings yet.</p>')
    wide = _volume(series, monthly, forecast, Frame(), max_labels=12, css="wide")
    narrow = _volume(series, monthly, forecast, NARROW, max_labels=4, css="narrow")
    return mark_safe(wide + narrow)


def _volume(
    series: Mapping[str, Any],
    monthly: list[Any],
    forecast: Mapping[str, Any],
    frame: Frame,
    *,
    max_labels: int,
    css: str,
) -> str:
    months = [str(m) for m, _ in monthly] + list(forecast.get("months") or [])
    counts = [float(c) for _, c in monthly]
    highs = [float(v) for v in forecast.get("high") or []]
    top = _top([*counts, *highs])
    plot_w = frame.width - PAD_LEFT - PAD_RIGHT
    plot_h = frame.height - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(months)

    def y(value: float) -> float:
        return PAD_TOP + plot_h * (1 - min(value, top) / top)

    label = f"postings per month: {series.get('label', '')}"
    parts = [
        f'<svg class="chart {css}" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(label)}">',
        _grid(frame, top, ",.0f", y),
    ]
    every = max(1, -(-len(months) // max_labels))
    for i, month in enumerate(months):
        x = PAD_LEFT + i * slot
        if i < len(counts):
            value, colour, note = counts[i], BAR_COLOUR, f"{counts[i]:,.0f} postings"
        else:
            j = i - len(counts)
            value, colour = float(forecast["mean"][j]), FORECAST_COLOUR
            note = (
                f"forecast {value:,.0f} (95 % interval {forecast['low'][j]:,.0f}–"
                f"{forecast['high'][j]:,.0f})"
            )
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y(value):.1f}" width="{slot * 0.7:.1f}" '
            f'height="{PAD_TOP + plot_h - y(value):.1f}" fill="{colour}">'
            f"<title>{escape(month)}: {escape(note)}</title></rect>"
        )
        if i >= len(counts):
            j = i - len(counts)
            centre = x + slot / 2
            parts.append(
                f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="{y(forecast["low"][j]):.1f}" '
                f'y2="{y(forecast["high"][j]):.1f}" stroke="#8a4b12" stroke-width="2"/>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{frame.height - PAD_BOTTOM + 16}" '
                f'text-anchor="middle">{escape(month)}</text>'
            )
    for cp in series.get("change_points") or []:
        month = str(cp["at"])[:7]
        if month not in months:
            continue
        day = int(str(cp["at"])[8:10])
        x = PAD_LEFT + (months.index(month) + (day - 1) / 31) * slot
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_TOP}" y2="{PAD_TOP + plot_h}" '
            f'stroke="{SHIFT_COLOUR}" stroke-dasharray="5 3" stroke-width="1.5">'
            f"<title>change on {escape(str(cp['at']))}: × {cp['ratio']:.2f}</title></line>"
            f'<text x="{x + 3:.1f}" y="{PAD_TOP + 12}" fill="{SHIFT_COLOUR}">'
            f"× {cp['ratio']:.2f}</text>"
        )
    legend_y = frame.height - 6
    parts.append(
        f'<text x="{PAD_LEFT}" y="{legend_y}">■ postings</text>'
        f'<text x="{PAD_LEFT + 90}" y="{legend_y}" fill="#8a4b12">■ forecast, 95 %</text>'
        f'<text x="{PAD_LEFT + 220}" y="{legend_y}" fill="{SHIFT_COLOUR}">┆ change</text></svg>'
    )
    return "".join(parts)


def factor_chart(factors: Mapping[str, float]) -> SafeString:
    """Each calendar month's seasonal multiplier as a bar around the line at 1."""
    if not factors:
        return mark_safe('<p class="muted">No seasonal factors.</p>')
    values = [float(factors.get(str(m), 1.0)) for m in range(1, 13)]
    labels = [calendar.month_abbr[m] for m in range(1, 13)]
    return mark_safe(
        _factors(values, labels, Frame(height=200), "wide")
        + _factors(values, [x[0] for x in labels], Frame(width=400, height=200), "narrow")
    )


def _factors(values: list[float], labels: list[str], frame: Frame, css: str) -> str:
    top = max(1.5, max(values) * 1.1)
    plot_w = frame.width - PAD_LEFT - PAD_RIGHT
    plot_h = frame.height - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(values)

    def y(value: float) -> float:
        return PAD_TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg class="chart {css}" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="seasonal factor of each month">',
        _grid(frame, top, ".2f", y),
        f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
        f'stroke="{LINE_COLOUR}" stroke-dasharray="4 3"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = PAD_LEFT + i * slot
        parts.append(
            f'<rect x="{x + slot * 0.2:.1f}" y="{y(value):.1f}" width="{slot * 0.6:.1f}" '
            f'height="{PAD_TOP + plot_h - y(value):.1f}" fill="{BAR_COLOUR}">'
            f"<title>{escape(label)}: × {value:.2f}</title></rect>"
            f'<text x="{x + slot / 2:.1f}" y="{frame.height - PAD_BOTTOM + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{PAD_LEFT}" y="{frame.height - 6}" fill="{LINE_COLOUR}">'
        "- - 1 = an average month</text></svg>"
    )
    return "".join(parts)
