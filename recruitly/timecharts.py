"""SVG charts of things over time: activity with a rate and its interval, a parameter's values.

Pure functions of numbers → escaped SVG strings, no JavaScript (like ``recruitly.charts``).
Text is drawn at 13 px in a 640-wide view box, so it stays readable when a phone shows the
chart at 360 px (about 7 px there; the ``lg`` class lifts it to 15 px units).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 280
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 56, 18, 72
BAR, RATE, BAND, AXIS, INK = "#9db4f5", "#1a7f4b", "#1a7f4b", "#c7ccd8", "#39415a"
VERSION, SPAN = "#b54708", "#fef0c7"
SERIES_COLOURS = ("#2f5bea", "#1a7f4b", "#b42318", "#b54708", "#6941c6", "#0e7090", "#c11574")
MAX_X_LABELS = 7  # more would overlap at a phone's width


@dataclass(frozen=True)
class RatePoint:
    """One period: ``n`` trials, ``k`` successes, the interval of k/n, and the bar's height
    (``sent``: all items of the period, trials or not; ``n`` when not given)."""

    label: str
    n: int
    k: int
    low: float
    high: float
    sent: int | None = None

    @property
    def rate(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def bar(self) -> int:
        return self.n if self.sent is None else self.sent


def _open(label: str, height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart lg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
    )


def _nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 * 10^k at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10 if value >= 1 else 1.0
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _every(n: int) -> int:
    return max(1, -(-n // MAX_X_LABELS))


def activity_with_rate(
    points: Sequence[RatePoint], *, count_label: str, rate_label: str
) -> SafeString:
    """Bars of ``n`` per period (left axis) and the rate k/n as a line with its interval as a
    band (right axis); a period without trials leaves a gap in the line."""
    if not points:
        return mark_safe('<p class="muted">Nothing to draw yet.</p>')
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    top = _nice_top(max(p.bar for p in points))
    rate_top = _nice_top(max((p.high for p in points if p.n), default=0.1) * 100) / 100
    slot = plot_w / len(points)

    def y_count(value: float) -> float:
        return PAD_TOP + plot_h * (1 - value / top)

    def y_rate(value: float) -> float:
        return PAD_TOP + plot_h * (1 - min(value, rate_top) / rate_top)

    parts = [_open(f"{count_label} and {rate_label} with 95 % intervals")]
    for frac in (0, 0.5, 1):
        y = y_count(top * frac)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{AXIS}" stroke-width="0.6"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{top * frac:,.4g}</text>'
            f'<text x="{WIDTH - PAD_RIGHT + 6}" y="{y + 4:.1f}">{rate_top * frac:.0%}</text>'
        )
    every = _every(len(points))
    for i, p in enumerate(points):
        x = PAD_LEFT + i * slot
        y = y_count(p.bar)
        rate = f"{p.rate:.0%} [{p.low:.0%}, {p.high:.0%}]" if p.rate is not None else "no rate"
        parts.append(
            f'<rect x="{x + slot * 0.18:.1f}" y="{y:.1f}" width="{slot * 0.64:.1f}" '
            f'height="{PAD_TOP + plot_h - y:.1f}" fill="{BAR}"><title>{escape(p.label)}: '
            f"{p.bar} {escape(count_label)}; {escape(rate_label)} {p.k} of {p.n}: {rate}"
            "</title></rect>"
        )
        if i % every == 0 or (i == len(points) - 1 and len(points) <= MAX_X_LABELS):
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 17}" '
                f'text-anchor="middle">{escape(p.label)}</text>'
            )
    for run in _runs(points):
        xs = [PAD_LEFT + (i + 0.5) * slot for i, _ in run]
        band = [f"{x:.1f},{y_rate(p.high):.1f}" for x, (_, p) in zip(xs, run, strict=True)]
        band += [
            f"{x:.1f},{y_rate(p.low):.1f}"
            for x, (_, p) in reversed(list(zip(xs, run, strict=True)))
        ]
        line = " ".join(
            f"{x:.1f},{y_rate(p.rate or 0):.1f}" for x, (_, p) in zip(xs, run, strict=True)
        )
        parts.append(
            f'<polygon points="{" ".join(band)}" fill="{BAND}" fill-opacity="0.15"/>'
            f'<polyline fill="none" stroke="{RATE}" stroke-width="2.5" points="{line}"/>'
        )
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y_rate(p.rate or 0):.1f}" r="3" fill="{RATE}"/>'
            for x, (_, p) in zip(xs, run, strict=True)
        )
    parts.append(
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 28}">▇ {escape(count_label)} (left axis)</text>'
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 6}" class="rate">'
        f"— {escape(rate_label)}, shaded: 95 % interval (right axis)</text></svg>"
    )
    return mark_safe("".join(parts))


def _runs(points: Sequence[RatePoint]) -> list[list[tuple[int, RatePoint]]]:
    """Consecutive periods that have trials: the line and band break where one has none."""
    runs: list[list[tuple[int, RatePoint]]] = [[]]
    for i, p in enumerate(points):
        if p.n:
            runs[-1].append((i, p))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


@dataclass(frozen=True)
class Series:
    """One numeric value over time: ``(since, value)`` steps, oldest first."""

    name: str
    steps: tuple[tuple[datetime, float], ...]


@dataclass(frozen=True)
class Mark:
    at: datetime
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime
    label: str


def value_timeline(
    series: Sequence[Series],
    *,
    versions: Sequence[Mark],
    experiments: Sequence[Span],
    start: datetime,
    end: datetime,
) -> SafeString:
    """Each value as a step line from ``start`` to ``end``; versions as dashed vertical lines
    labelled ``vN``; experiments as shaded spans named under the plot."""
    values = [v for s in series for _, v in s.steps]
    if not values:
        return mark_safe('<p class="muted">No numeric value to draw.</p>')
    rows = -(-len(series) // 3)  # legend rows, three names per row
    height = HEIGHT + 18 * rows + 18 * bool(experiments)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    low, high = min(0.0, min(values)), max(values)
    high = _nice_top(high) if high > 0 else 1.0
    span_s = (end - start).total_seconds() or 1.0

    def x(at: datetime) -> float:
        clipped = min(max(at, start), end)
        return PAD_LEFT + plot_w * (clipped - start).total_seconds() / span_s

    def y(value: float) -> float:
        return PAD_TOP + plot_h * (1 - (value - low) / ((high - low) or 1.0))

    parts = [_open("parameter values over time with versions and experiments", height)]
    for exp in experiments:
        parts.append(
            f'<rect x="{x(exp.start):.1f}" y="{PAD_TOP}" '
            f'width="{max(x(exp.end) - x(exp.start), 2):.1f}" height="{plot_h}" fill="{SPAN}">'
            f"<title>experiment {escape(exp.label)}: {exp.start:%Y-%m-%d} to "
            f"{exp.end:%Y-%m-%d}</title></rect>"
            f'<text x="{x(exp.start) + 4:.1f}" y="{PAD_TOP + plot_h - 6}">'
            f"{escape(exp.label)}</text>"
        )
    for frac in (0, 0.5, 1):
        value = low + (high - low) * frac
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="{AXIS}" stroke-width="0.6"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.3g}</text>'
        )
    for mark in versions:
        parts.append(
            f'<line x1="{x(mark.at):.1f}" x2="{x(mark.at):.1f}" y1="{PAD_TOP}" '
            f'y2="{PAD_TOP + plot_h}" stroke="{VERSION}" stroke-dasharray="4 3">'
            f"<title>{escape(mark.label)} {mark.at:%Y-%m-%d %H:%M} {escape(mark.detail)}</title>"
            f'</line><text x="{x(mark.at) + 3:.1f}" y="{PAD_TOP + 12}" class="version">'
            f"{escape(mark.label)}</text>"
        )
    for i, s in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        points: list[str] = []
        for j, (at, value) in enumerate(s.steps):
            until = s.steps[j + 1][0] if j + 1 < len(s.steps) else end
            points += [f"{x(at):.1f},{y(value):.1f}", f"{x(until):.1f},{y(value):.1f}"]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.2" '
            f'points="{" ".join(points)}"><title>{escape(s.name)}</title></polyline>'
        )
        row, col = divmod(i, 3)
        parts.append(
            f'<text x="{PAD_LEFT + col * 190}" y="{HEIGHT - 8 + row * 18}" '
            f'style="fill:{colour}">— {escape(s.name)}</text>'
        )
    parts.append(
        f'<text x="{PAD_LEFT}" y="{HEIGHT - PAD_BOTTOM + 17}">{start:%Y-%m-%d}</text>'
        f'<text x="{WIDTH - PAD_RIGHT}" y="{HEIGHT - PAD_BOTTOM + 17}" text-anchor="end">'
        f"{end:%Y-%m-%d}</text>"
    )
    if experiments:
        names = ", ".join(e.label for e in experiments)
        parts.append(
            f'<text x="{PAD_LEFT}" y="{height - 6}">▇ shaded: experiments '
            f"({escape(names[:80])})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
