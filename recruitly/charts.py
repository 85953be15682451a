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


def _grid(frame: Frame, top: float, fmt: str, right: tuple[float, str] | None = None) -> str:
    """Three horizontal grid lines (0, half, top) labelled on the left, optionally on the right.

    ``fmt`` is a format spec for the left labels (".0%", "g", ",.0f"); ``right`` is
    ``(right_top, right_fmt)`` for a second axis.
    """
    parts = []
    for frac in (0, 0.5, 1):
        y = frame.y(top * frac, top)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{format(top * frac, fmt)}</text>"
        )
        if right is not None:
            right_top, right_fmt = right
            parts.append(
                f'<text x="{frame.width - PAD_RIGHT + 6}" y="{y + 4:.1f}">'
                f"{format(right_top * frac, right_fmt)}</text>"
            )
    return "".join(parts)


NARROW = Frame(width=400, height=HEIGHT + 16)  # the same chart for a phone's width


def bars_with_rate(
    labels: Sequence[str],
    counts: Sequence[float],
    rates: Sequence[float],
    *,
    count_label: str,
    rate_label: str,
    frame: Frame = Frame(),
) -> SafeString:
    """Bars of counts (left axis) with a line of a 0-1 rate (right axis).

    Drawn twice, for wide screens and for a phone (fewer labels, the legend on two lines, so
    the text stays legible at 390 px); the stylesheet shows one of them.
    """
    if not labels:
        return mark_safe('<p class="muted">No data yet.</p>')
    args = (labels, counts, rates, count_label, rate_label)
    return mark_safe(
        _bars_with_rate(*args, frame=frame, max_labels=12, css="wide")
        + _bars_with_rate(*args, frame=NARROW, max_labels=5, css="narrow")
    )


def _bars_with_rate(
    labels: Sequence[str],
    counts: Sequence[float],
    rates: Sequence[float],
    count_label: str,
    rate_label: str,
    *,
    frame: Frame,
    max_labels: int,
    css: str,
) -> str:
    narrow = css == "narrow"
    top = _nice_top(counts)
    rate_top = min(max(max(rates, default=0) * 1.2, 0.01), 1.0)
    slot = frame.plot_w / len(labels)
    bottom = frame.height - (16 if narrow else 0)  # room for the legend's second line
    plot = Frame(width=frame.width, height=bottom)
    parts = [
        f'<svg class="chart {css}" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(count_label)} and {escape(rate_label)}">'
    ]
    parts.append(_grid(plot, top, ",.0f", right=(rate_top, ".0%")))
    points = []
    label_every = max(1, -(-len(labels) // max_labels))
    for i, (label, count, rate) in enumerate(zip(labels, counts, rates, strict=True)):
        x = PAD_LEFT + i * slot
        y = plot.y(count, top)
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{PAD_TOP + plot.plot_h - y:.1f}" fill="{BAR_COLOUR}">'
            f"<title>{escape(label)}: {count:,.0f} {escape(count_label)}, "
            f"{rate:.1%} {escape(rate_label)}</title></rect>"
        )
        points.append(f"{x + slot / 2:.1f},{PAD_TOP + plot.plot_h * (1 - rate / rate_top):.1f}")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{plot.height - PAD_BOTTOM + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    polyline = " ".join(points)
    parts.append(
        f'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="2" points="{polyline}"/>'
    )
    second_x, second_y = (PAD_LEFT, frame.height - 4) if narrow else (PAD_LEFT + 160, bottom - 4)
    parts.append(
        f'<text x="{PAD_LEFT}" y="{bottom - 4}">■ {escape(count_label)}</text>'
        f'<text x="{second_x}" y="{second_y}" fill="{LINE_COLOUR}">— '
        f"{escape(rate_label)} (right axis)</text></svg>"
    )
    return "".join(parts)


# --- Evidence charts of the learning engine's recommendations -------------------------------
BEFORE_COLOUR, AFTER_COLOUR, EXPECTED_COLOUR = "#c7ccd8", "#2f5bea", "#b54708"


def _svg_open(frame: Frame, label: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(label)}">'
    )


def _x_label(x: float, frame: Frame, text: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{frame.height - PAD_BOTTOM + 16}" text-anchor="middle">'
        f"{escape(text)}</text>"
    )


def calibration_curve(
    labels: Sequence[str],
    expected: Sequence[float],
    observed: Sequence[float],
    *,
    frame: Frame = Frame(),
) -> SafeString:
    """Observed against expected rates (0-1) per score bucket: calibrated lines coincide."""
    if not labels:
        return mark_safe('<p class="muted">No calibration data.</p>')
    top = max(max(expected, default=0), max(observed, default=0), 0.01) * 1.15
    slot = frame.plot_w / len(labels)
    parts = [_svg_open(frame, "calibration: observed against expected rate per bucket")]
    parts.append(_grid(frame, top, ".0%"))
    for series, colour, dash in ((expected, EXPECTED_COLOUR, "5 4"), (observed, LINE_COLOUR, "")):
        points = " ".join(
            f"{PAD_LEFT + (i + 0.5) * slot:.1f},{frame.y(v, top):.1f}" for i, v in enumerate(series)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}" points="{points}"/>'
        )
    for i, (label, exp, obs) in enumerate(zip(labels, expected, observed, strict=True)):
        x = PAD_LEFT + (i + 0.5) * slot
        parts.append(
            f'<circle cx="{x:.1f}" cy="{frame.y(obs, top):.1f}" r="3.5" fill="{LINE_COLOUR}">'
            f"<title>{escape(label)}: observed {obs:.1%}, expected {exp:.1%}</title></circle>"
        )
        parts.append(_x_label(x, frame, label))
    parts.append(
        f'<text x="{PAD_LEFT}" y="{frame.height - 4}" fill="{LINE_COLOUR}">— observed</text>'
        f'<text x="{PAD_LEFT + 110}" y="{frame.height - 4}" fill="{EXPECTED_COLOUR}">'
        "- - expected</text></svg>"
    )
    return mark_safe("".join(parts))


def bars_before_after(
    labels: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    *,
    frame: Frame = Frame(),
) -> SafeString:
    """Paired bars per component: the current value beside the recommended one."""
    if not labels:
        return mark_safe('<p class="muted">No values to compare.</p>')
    top = _nice_top([*before, *after]) if max([*before, *after], default=0) > 1 else 1.0
    slot = frame.plot_w / len(labels)
    parts = [_svg_open(frame, "current and recommended values")]
    parts.append(_grid(frame, top, "g"))
    for i, (label, old, new) in enumerate(zip(labels, before, after, strict=True)):
        x = PAD_LEFT + i * slot
        for offset, value, colour, name in (
            (0.12, old, BEFORE_COLOUR, "current"),
            (0.5, new, AFTER_COLOUR, "recommended"),
        ):
            y = frame.y(value, top)
            parts.append(
                f'<rect x="{x + slot * offset:.1f}" y="{y:.1f}" width="{slot * 0.38:.1f}" '
                f'height="{PAD_TOP + frame.plot_h - y:.1f}" fill="{colour}">'
                f"<title>{escape(label)}: {name} {value:g}</title></rect>"
            )
        parts.append(_x_label(x + slot / 2, frame, label))
    parts.append(
        f'<text x="{PAD_LEFT}" y="{frame.height - 4}" fill="{BEFORE_COLOUR}">■ current</text>'
        f'<text x="{PAD_LEFT + 100}" y="{frame.height - 4}" fill="{AFTER_COLOUR}">■ recommended'
        "</text></svg>"
    )
    return mark_safe("".join(parts))


EFFECT_LABEL_WIDTH = 130  # room for labels such as "added_metrics" left of the axis


def effect_with_ci(
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    naive: Sequence[float] | None = None,
    frame: Frame | None = None,
) -> SafeString:
    """Estimates with confidence intervals around the zero line, one row per label.

    ``naive`` (optional) marks the unadjusted estimate as a hollow circle, so a reviewer sees
    how much of a raw difference the adjustment for confounders removed.
    """
    if not labels:
        return mark_safe('<p class="muted">No effect estimated.</p>')
    frame = frame or Frame(height=max(120, 36 + 26 * len(labels)))
    span = max(abs(v) for v in (*lows, *highs, *estimates, *(naive or ()))) or 1.0
    span *= 1.15
    left = EFFECT_LABEL_WIDTH
    width = frame.width - left - PAD_RIGHT

    def x_of(value: float) -> float:
        return left + width * (value + span) / (2 * span)

    row = frame.plot_h / len(labels)
    zero = x_of(0.0)
    parts = [
        _svg_open(frame, "effect estimates with confidence intervals"),
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{PAD_TOP}" y2="{PAD_TOP + frame.plot_h}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
    ]
    for value in (-span, 0.0, span):
        parts.append(_x_label(x_of(value), frame, f"{value:+.3g}" if value else "0"))
    for i, (label, est, lo, hi) in enumerate(zip(labels, estimates, lows, highs, strict=True)):
        y = PAD_TOP + (i + 0.5) * row
        colour = LINE_COLOUR if lo > 0 else (BAR_COLOUR if hi >= 0 else "#b42318")
        if naive is not None:
            parts.append(
                f'<circle cx="{x_of(naive[i]):.1f}" cy="{y:.1f}" r="5" fill="none" '
                f'stroke="{EXPECTED_COLOUR}" stroke-width="1.5">'
                f"<title>{escape(label)}: unadjusted {naive[i]:+.4g}</title></circle>"
            )
        parts.append(
            f'<line x1="{x_of(lo):.1f}" x2="{x_of(hi):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>'
            f'<circle cx="{x_of(est):.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
            f"<title>{escape(label)}: {est:+.4g} [{lo:+.4g}, {hi:+.4g}]</title></circle>"
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
    if naive is not None:
        parts.append(
            f'<text x="{left}" y="{frame.height - 4}" fill="{LINE_COLOUR}">● adjusted, 95 % CI'
            f'</text><text x="{left + 150}" y="{frame.height - 4}" fill="{EXPECTED_COLOUR}">'
            "○ unadjusted</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def rates_with_ci(
    labels: Sequence[str],
    values: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    marker: str | None = None,
    frame: Frame = Frame(),
) -> SafeString:
    """Bars of rates (0-1) with their interval as whiskers; the ``marker`` bar is today's."""
    if not labels:
        return mark_safe('<p class="muted">No rates to show.</p>')
    top = max(max(highs, default=0), max(values, default=0), 0.01) * 1.1
    slot = frame.plot_w / len(labels)
    parts = [_svg_open(frame, "rates with confidence intervals")]
    parts.append(_grid(frame, top, ".0%"))
    for i, (label, value, lo, hi) in enumerate(zip(labels, values, lows, highs, strict=True)):
        x = PAD_LEFT + i * slot
        y = frame.y(value, top)
        colour = AFTER_COLOUR if str(label) == str(marker) else BAR_COLOUR
        whisker = LINE_COLOUR if colour == AFTER_COLOUR else AXIS_COLOUR
        centre = x + slot / 2
        parts.append(
            f'<rect x="{x + slot * 0.2:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{PAD_TOP + frame.plot_h - y:.1f}" fill="{colour}">'
            f"<title>{escape(str(label))}: {value:.1%} [{lo:.1%}, {hi:.1%}]</title></rect>"
            f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="{frame.y(lo, top):.1f}" '
            f'y2="{frame.y(hi, top):.1f}" stroke="{whisker}" stroke-width="2"/>'
        )
        parts.append(_x_label(centre, frame, str(label)))
    if marker is not None:
        parts.append(
            f'<text x="{PAD_LEFT}" y="{frame.height - 4}" fill="{AFTER_COLOUR}">■ today\'s '
            "setting</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def profile_curve(
    xs: Sequence[float],
    ys: Sequence[float],
    *,
    marker: float | None = None,
    current: float | None = None,
    frame: Frame = Frame(),
) -> SafeString:
    """A fit criterion over candidate values (higher is better, its scale on the left axis)
    with the proposed value (``marker``) and today's (``current``) as vertical lines."""
    if not xs:
        return mark_safe('<p class="muted">No profile to show.</p>')
    lo_x, hi_x = min(xs), max(xs)
    lo_y, hi_y = min(ys), max(ys)
    spread_x, spread_y = (hi_x - lo_x) or 1.0, (hi_y - lo_y) or 1.0

    def px(x: float) -> float:
        return PAD_LEFT + frame.plot_w * (x - lo_x) / spread_x

    def py(y: float) -> float:
        return PAD_TOP + frame.plot_h * (1 - (y - lo_y) / spread_y)

    points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys, strict=True))
    parts = [_svg_open(frame, "criterion over candidate values")]
    for y_value in (lo_y, (lo_y + hi_y) / 2, hi_y):  # the y-axis: the criterion's scale
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{frame.width - PAD_RIGHT}" y1="{py(y_value):.1f}" '
            f'y2="{py(y_value):.1f}" stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{PAD_LEFT - 6}" y="{py(y_value) + 4:.1f}" text-anchor="end">'
            f"{y_value:.3g}</text>"
        )
    parts.append(
        f'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="2" points="{points}"/>'
    )
    for row, (value, colour, name) in enumerate(
        ((marker, AFTER_COLOUR, "proposed"), (current, EXPECTED_COLOUR, "today"))
    ):
        if value is None:
            continue
        # labels near the right edge grow leftwards so they are never clipped; the two
        # labels sit on separate rows so they never overlap
        near_right = px(value) > frame.width - PAD_RIGHT - 90
        anchor, dx = ("end", -4) if near_right else ("start", 4)
        parts.append(
            f'<line x1="{px(value):.1f}" x2="{px(value):.1f}" y1="{PAD_TOP}" '
            f'y2="{PAD_TOP + frame.plot_h}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="4 3"><title>{name}: {value:g}</title></line>'
            f'<text x="{px(value) + dx:.1f}" y="{PAD_TOP + 12 + 16 * row}" fill="{colour}" '
            f'style="fill:{colour}" text-anchor="{anchor}">{name} {value:g}</text>'
        )
    for value in (lo_x, (lo_x + hi_x) / 2, hi_x):
        parts.append(_x_label(px(value), frame, f"{value:g}"))
    parts.append("</svg>")
    return mark_safe("".join(parts))
