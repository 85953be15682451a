"""The trade-off chart: strategies as points, the Pareto frontier and the recommended one.

Same house style as :mod:`recruitly.charts` (server-side SVG, escaped, no JavaScript).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from recruitly.charts import (
    AFTER_COLOUR,
    AXIS_COLOUR,
    BAR_COLOUR,
    LINE_COLOUR,
    PAD_BOTTOM,
    PAD_LEFT,
    PAD_RIGHT,
    PAD_TOP,
    Frame,
    _svg_open,
)

TRADEOFF_FRAME = Frame(height=300)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    frontier: bool
    recommended: bool = False


def tradeoff_scatter(
    points: Sequence[Point], *, x_label: str, y_label: str, frame: Frame = TRADEOFF_FRAME
) -> SafeString:
    """Every strategy (pale), the frontier (green, joined) and the recommended one (blue).

    The x axis is minimised (weeks to an offer), the y axis maximised (interview rate 0-1):
    the frontier runs along the upper left.
    """
    if not points:
        return mark_safe('<p class="muted">No strategy has enough history yet.</p>')
    xs, ys = [p.x for p in points], [p.y for p in points]
    lo_x, hi_x = 0.0, max(xs) * 1.08 or 1.0
    lo_y, hi_y = 0.0, max(ys) * 1.15 or 1.0

    def px(x: float) -> float:
        return PAD_LEFT + frame.plot_w * (x - lo_x) / (hi_x - lo_x)

    def py(y: float) -> float:
        return PAD_TOP + frame.plot_h * (1 - (y - lo_y) / (hi_y - lo_y))

    parts = [_svg_open(frame, f"trade-off: {y_label} against {x_label}")]
    for i in range(5):
        value = lo_y + (hi_y - lo_y) * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{py(value):.1f}" '
            f'y2="{py(value):.1f}" stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{PAD_LEFT - 6}" y="{py(value) + 4:.1f}" text-anchor="end">{value:.0%}</text>'
        )
    for i in range(5):
        value = lo_x + (hi_x - lo_x) * i / 4
        parts.append(
            f'<text x="{px(value):.1f}" y="{frame.height - PAD_BOTTOM + 16}" '
            f'text-anchor="middle">{value:.0f}</text>'
        )
    front = sorted((p for p in points if p.frontier), key=lambda p: p.x)
    if len(front) > 1:
        line = " ".join(f"{px(p.x):.1f},{py(p.y):.1f}" for p in front)
        parts.append(
            f'<polyline fill="none" stroke="{BAR_COLOUR}" stroke-width="1.5" points="{line}"/>'
        )
    for p in sorted(points, key=lambda p: (p.frontier, p.recommended)):
        colour = AFTER_COLOUR if p.recommended else (LINE_COLOUR if p.frontier else AXIS_COLOUR)
        radius = 7 if p.recommended else (4.5 if p.frontier else 3)
        parts.append(
            f'<circle cx="{px(p.x):.1f}" cy="{py(p.y):.1f}" r="{radius}" fill="{colour}">'
            f"<title>{escape(p.label)}</title></circle>"
        )
    parts.append(
        f'<text x="{PAD_LEFT}" y="{frame.height - 4}">{escape(x_label)} →</text>'
        f'<text x="{frame.width - PAD_RIGHT}" y="{PAD_TOP + 10}" text-anchor="end">'
        f"↑ {escape(y_label)}</text>"
        f'<text x="{frame.width - PAD_RIGHT}" y="{frame.height - 4}" text-anchor="end" '
        f'fill="{AFTER_COLOUR}" style="fill:{AFTER_COLOUR}">● recommended</text></svg>'
    )
    return mark_safe("".join(parts))
