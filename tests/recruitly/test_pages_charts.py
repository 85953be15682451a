"""Charts over time (issue 14, point 8): the insights' weekly trend and each parameter's value
over time with its versions and experiments marked."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from learning.models import WeeklyInsight
from learning.parameter_timeline import parameter_timeline_chart
from profiles.models import Application
from recruitly.spine.services import parameter_version_create
from recruitly.timecharts import Mark, RatePoint, Series, Span, activity_with_rate, value_timeline
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _polylines(svg: str) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, pair.split(","))) for pair in points.split()]
        for points in re.findall(r'<polyline[^>]*points="([^"]+)"', svg)
    ]


def test_a_timeline_steps_at_each_version_and_shades_experiments() -> None:
    svg = str(
        value_timeline(
            [Series("threshold", ((T0, 75.0), (T0 + timedelta(days=10), 68.0)))],
            versions=[Mark(T0 + timedelta(days=10), "v1", "approved")],
            experiments=[Span(T0 + timedelta(days=2), T0 + timedelta(days=9), "exp-a")],
            start=T0,
            end=T0 + timedelta(days=20),
        )
    )
    (line,) = _polylines(svg)
    # four points: 75 from the start to v1, then 68 to the end; x of v1 is half way
    assert len(line) == 4 and line[0][1] == line[1][1] and line[2][1] == line[3][1]
    assert line[1][0] == pytest.approx(line[0][0] + (line[3][0] - line[0][0]) / 2)
    assert line[2][1] > line[1][1]  # 68 is drawn lower than 75
    assert ">v1</text>" in svg and "stroke-dasharray" in svg
    assert "<title>experiment exp-a: 2026-03-04 to 2026-03-11</title>" in svg


def test_the_activity_chart_draws_the_interval_as_a_band_and_breaks_at_empty_weeks() -> None:
    points = [
        RatePoint("w1", 10, 3, 0.1, 0.6, sent=12),
        RatePoint("w2", 0, 0, 0.0, 1.0, sent=2),
        RatePoint("w3", 5, 1, 0.04, 0.6, sent=5),
    ]
    svg = str(activity_with_rate(points, count_label="applications", rate_label="rate"))
    assert svg.count("<polygon") == 2  # one band per run of weeks with a rate
    assert "3 of 10: 30% [10%, 60%]" in svg and "no rate" in svg


def test_the_parameter_page_shows_values_over_time(client, reviewer) -> None:
    with time_machine.travel(T0, tick=False):
        parameter_version_create(
            component="strategy.improve_resume_threshold", value=70, acting_user=reviewer,
            reason="knee at 70",
        )  # fmt: skip
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        parameter_version_create(
            component="strategy.improve_resume_threshold", value=72, acting_user=reviewer,
            reason="rollback-ish",
        )  # fmt: skip
        client.force_login(reviewer)
        url = reverse("learning:parameter-history", args=["strategy.improve_resume_threshold"])
        body = client.get(url).content.decode()
    assert "Value over time" in body and ">v1</text>" in body and ">v2</text>" in body
    assert "— improve_resume_threshold" in body


def test_object_values_get_one_line_per_key_and_text_values_no_chart() -> None:
    versions = [
        SimpleNamespace(
            created_at=T0, version=1, value={"skills": 0.5, "text": 0.5},
            get_source_display=lambda: "Manual",
        )
    ]  # fmt: skip
    svg = parameter_timeline_chart(
        component="job_scoring.weights", versions=versions, experiments=[], now=T0 + timedelta(1)
    )
    assert svg is not None and "— skills" in svg and "— text" in svg
    assert parameter_timeline_chart(component="ai.model", versions=[], experiments=[]) is None


def test_insights_show_the_weeks_they_read(client) -> None:
    profile = CandidateProfileFactory()
    job = JobListingFactory()
    for day in range(0, 21, 3):
        Application.objects.create(
            candidate=profile, job=job, fit_score=50, category="target",
            strategy_mode="APPLY_MODE", submitted_at=T0 + timedelta(days=day),
            outcome_status="interview" if day % 2 else "rejected",
        )  # fmt: skip
    WeeklyInsight.objects.create(user=profile.user, week_start=date(2026, 3, 23), content={})
    client.force_login(profile.user)
    body = client.get(reverse("learning:insights")).content.decode()
    assert "Week by week" in body and "applications per week" in body
    assert body.count("<rect") >= 3 and "95 % interval" in body


def test_the_counts_and_rate_chart_is_drawn_for_wide_screens_and_for_a_phone() -> None:
    import re

    from recruitly.charts import bars_with_rate

    labels = [f"2026-{m:02d}" for m in range(1, 13)]
    svg = bars_with_rate(
        labels, [10.0] * 12, [0.1] * 12, count_label="applications", rate_label="<rate>"
    )
    assert re.findall(r'<svg class="chart (wide|narrow)"', svg) == ["wide", "narrow"]
    narrow = svg[svg.index('class="chart narrow"') :]
    shown = [lab for lab in labels if f">{lab}</text>" in narrow]
    assert 1 < len(shown) <= 5  # fewer labels, so they stay legible at 390 px
    assert "&lt;rate&gt;" in svg and "<rate>" not in svg
