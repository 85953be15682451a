"""The results page's SVG charts: pure functions of numbers, escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from experiments.charts import EffectPoint, Interval, effect_over_time, interval_plot


def test_the_interval_plot_draws_both_intervals_and_escapes_labels() -> None:
    svg = interval_plot([Interval("<b>t</b>", 0.1, 0.02, 0.18, -0.05, 0.25)])
    assert svg.count("<line") == 3  # zero line, always-valid interval, fixed interval
    assert "&lt;b&gt;t&lt;/b&gt;" in svg and "<b>t</b>" not in svg
    assert "+10.0%" in svg


def test_the_interval_plot_without_rows_says_so() -> None:
    assert "No comparison yet" in interval_plot([])


def test_the_effect_over_time_shades_the_confidence_sequence() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    points = [
        EffectPoint(start + timedelta(hours=6 * i), 0.01 * i, 0.01 * i - 0.05, 0.01 * i + 0.05)
        for i in range(5)
    ]
    svg = effect_over_time(points)
    assert "<polygon" in svg and "<polyline" in svg
    assert "Nov 01 00:00" in svg
    assert "after two analyses" in effect_over_time(points[:1])
