"""SVG charts of the results page: interval plots and the cumulative effect over time.

Pure functions of numbers → escaped SVG strings, no JavaScript (like ``recruitly.charts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 130, 24, 16, 34
FIXED_COLOUR, SEQ_COLOUR, ZERO_COLOUR, AXIS_COLOUR = "#2f5bea", "#9db4f5", "#b42318", "#c7ccd8"
ROW_HEIGHT = 34
MIN_LABEL_GAP = 48  # px: closer to an edge label, the zero label would overlap it


@dataclass(frozen=True)
class Interval:
    label: str
    estimate: float
    ci_low: float
    ci_high: float
    seq_low: float
    seq_high: float


@dataclass(frozen=True)
class EffectPoint:
    at: datetime
    estimate: float
    seq_low: float
    seq_high: float


def _scale(values: Sequence[float], low_px: float, high_px: float):
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    span = (high - low) or 1.0
    low, high = low - 0.05 * span, high + 0.05 * span

    def to_px(value: float) -> float:
        return low_px + (value - low) / (high - low) * (high_px - low_px)

    return to_px, low, high


def _fmt(value: float, percent: bool) -> str:
    return f"{value:+.1%}" if percent else f"{value:+.3g}"


def interval_plot(rows: Sequence[Interval], *, percent: bool = True) -> SafeString:
    """One row per treatment: the fixed-horizon CI (dark), the always-valid CI (light)."""
    if not rows:
        return mark_safe('<p class="muted">No comparison yet.</p>')
    height = PAD_TOP + PAD_BOTTOM + ROW_HEIGHT * len(rows)
    values = [v for r in rows for v in (r.ci_low, r.ci_high, r.seq_low, r.seq_high)]
    x, low, high = _scale(values, PAD_LEFT, WIDTH - PAD_RIGHT)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-label="Effect estimates with fixed and always-valid confidence intervals">',
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{PAD_TOP}" y2="{height - PAD_BOTTOM}" '
        f'stroke="{ZERO_COLOUR}" stroke-dasharray="4 3"/>',
    ]
    for i, r in enumerate(rows):
        y = PAD_TOP + ROW_HEIGHT * (i + 0.5)
        tip = (
            f"{escape(r.label)}: {_fmt(r.estimate, percent)}, CI [{_fmt(r.ci_low, percent)}, "
            f"{_fmt(r.ci_high, percent)}], always-valid [{_fmt(r.seq_low, percent)}, "
            f"{_fmt(r.seq_high, percent)}]"
        )
        parts.append(
            f"<g><title>{tip}</title>"
            f'<text x="{PAD_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(r.label)}</text>'
            f'<line x1="{x(r.seq_low):.1f}" x2="{x(r.seq_high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{SEQ_COLOUR}" stroke-width="10" stroke-linecap="round"/>'
            f'<line x1="{x(r.ci_low):.1f}" x2="{x(r.ci_high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{FIXED_COLOUR}" stroke-width="4"/>'
            f'<circle cx="{x(r.estimate):.1f}" cy="{y:.1f}" r="5" fill="#1d2330"/></g>'
        )
    base = height - PAD_BOTTOM + 16
    zero_label = min(x(0) - PAD_LEFT, WIDTH - PAD_RIGHT - x(0)) > MIN_LABEL_GAP
    parts.append(
        f'<text x="{PAD_LEFT}" y="{base}">{_fmt(low, percent)}</text>'
        f'<text x="{WIDTH - PAD_RIGHT}" y="{base}" text-anchor="end">{_fmt(high, percent)}</text>'
        + (f'<text x="{x(0):.1f}" y="{base}" text-anchor="middle">0</text>' if zero_label else "")
        + f'<text x="{PAD_LEFT}" y="{height - 2}" fill="{FIXED_COLOUR}">━ fixed-horizon CI</text>'
        f'<text x="{PAD_LEFT + 170}" y="{height - 2}" fill="{SEQ_COLOUR}">━ always-valid CI '
        "(decisions use this)</text></svg>"
    )
    return mark_safe("".join(parts))


def effect_over_time(points: Sequence[EffectPoint], *, percent: bool = False) -> SafeString:
    """The cumulative effect at each analysis with its confidence sequence as a band."""
    points = [p for p in points if p.seq_low == p.seq_low and p.seq_high == p.seq_high]
    if len(points) < 2:
        return mark_safe('<p class="muted">The effect over time appears after two analyses.</p>')
    height = 240
    values = [v for p in points for v in (p.seq_low, p.seq_high, p.estimate)]
    y_px, low, high = _scale(values, height - PAD_BOTTOM, PAD_TOP)
    start, end = points[0].at, points[-1].at
    span = (end - start).total_seconds() or 1.0

    def x(at: datetime) -> float:
        return 56 + (at - start).total_seconds() / span * (WIDTH - 56 - PAD_RIGHT)

    band = [f"{x(p.at):.1f},{y_px(p.seq_high):.1f}" for p in points]
    band += [f"{x(p.at):.1f},{y_px(p.seq_low):.1f}" for p in reversed(points)]
    line = " ".join(f"{x(p.at):.1f},{y_px(p.estimate):.1f}" for p in points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-label="Cumulative effect over time with its confidence sequence">',
        f'<polygon points="{" ".join(band)}" fill="{SEQ_COLOUR}" fill-opacity="0.45"/>',
        f'<line x1="56" x2="{WIDTH - PAD_RIGHT}" y1="{y_px(0):.1f}" y2="{y_px(0):.1f}" '
        f'stroke="{ZERO_COLOUR}" stroke-dasharray="4 3"/>',
        f'<polyline fill="none" stroke="{FIXED_COLOUR}" stroke-width="2" points="{line}"/>',
        f'<text x="50" y="{PAD_TOP + 8}" text-anchor="end">{_fmt(high, percent)}</text>',
        f'<text x="50" y="{height - PAD_BOTTOM}" text-anchor="end">{_fmt(low, percent)}</text>',
        f'<text x="56" y="{height - PAD_BOTTOM + 16}">{start:%b %d %H:%M}</text>',
        f'<text x="{WIDTH - PAD_RIGHT}" y="{height - PAD_BOTTOM + 16}" text-anchor="end">'
        f"{end:%b %d %H:%M}</text>",
        f'<text x="56" y="{height - 2}" fill="{FIXED_COLOUR}">— cumulative estimate</text>'
        f'<text x="240" y="{height - 2}" fill="{SEQ_COLOUR}">▇ confidence sequence: a '
        "decision needs it to leave zero</text></svg>",
    ]
    return mark_safe("".join(parts))
