"""Small server-side SVG charts; pages embed the returned markup directly.

Pure functions of numbers → SVG strings, escaped, no JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 48, 16, 36
BAR_COLOUR, LINE_COLOUR, AXIS_COLOUR = "#9db4f5", "#1a7f4b", "#c7ccd8"


@dataclass(frozen=True)
class Frame:
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def plot_w(self) -> float:
        return self.width - PAD_LEFT - PAD_RIGHT

    @property
    def plot_h(self) -> float:
        return self.height - PAD_TOP - PAD_BOTTOM

    def y(self, value: float, top: float) -> float:
        return PAD_TOP + self.plot_h * (1 - (value / top if top else 0))


def _nice_top(values: Sequence[float]) -> float:
    top = max(values, default=0) or 1
    for step in (1, 2, 2.5, 5, 10):
        magnitude = 10 ** (len(str(int(top))) - 1)
        if top <= step * magnitude:
            return step * magnitude
    return top


def bars_with_rate(
    labels: Sequence[str],
    counts: Sequence[float],
    rates: Sequence[float],
    *,
    count_label: str,
    rate_label: str,
    frame: Frame = Frame(),
) -> SafeString:
    """Bars of counts (left axis) with a line of a 0-1 rate (right axis)."""
    if not labels:
        return mark_safe('<p class="muted">No data yet.</p>')
    top = _nice_top(counts)
    rate_top = max(max(rates, default=0) * 1.2, 0.01)
    slot = frame.plot_w / len(labels)
    parts = [
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(count_label)} and {escape(rate_label)}">'
    ]
    for frac in (0, 0.5, 1):
        y = frame.y(top * frac, top)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{top * frac:,.0f}</text>'
            f'<text x="{frame.width - PAD_RIGHT + 6}" y="{y + 4:.1f}">{rate_top * frac:.0%}</text>'
        )
    points = []
    label_every = max(1, len(labels) // 12)
    for i, (label, count, rate) in enumerate(zip(labels, counts, rates, strict=True)):
        x = PAD_LEFT + i * slot
        y = frame.y(count, top)
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{PAD_TOP + frame.plot_h - y:.1f}" fill="{BAR_COLOUR}">'
            f"<title>{escape(label)}: {count:,.0f} {escape(count_label)}, "
            f"{rate:.1%} {escape(rate_label)}</title></rect>"
        )
        points.append(f"{x + slot / 2:.1f},{PAD_TOP + frame.plot_h * (1 - rate / rate_top):.1f}")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{frame.height - PAD_BOTTOM + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    polyline = " ".join(points)
    parts.append(
        f'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="2" points="{polyline}"/>'
    )
    parts.append(
        f'<text x="{PAD_LEFT}" y="{frame.height - 4}">■ {escape(count_label)}</text>'
        f'<text x="{PAD_LEFT + 160}" y="{frame.height - 4}" fill="{LINE_COLOUR}">— '
        f"{escape(rate_label)} (right axis)</text></svg>"
    )
    return mark_safe("".join(parts))
