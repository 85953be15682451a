"""The review page reads as words and figures (issue 14, point 7): no Python reprs or raw keys,
a chart with a y-axis and unclipped labels, a live pending count, plain A/B refusals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from learning.evidence import refusal_message
from learning.models import RecommendationStatus
from recruitly.charts import profile_curve
from tests.learning.recommendation_factories import (
    RecommendationFactory,
    ThresholdRecommendationFactory,
)

pytestmark = pytest.mark.django_db


def test_values_and_evidence_read_as_words_not_python(client, reviewer) -> None:
    RecommendationFactory()
    ThresholdRecommendationFactory(
        current_value=None,
        recommended_value=70,
        evidence={
            "metric": "interview_rate", "improvement": 0.02, "sample_size": 900,
            "confidence_interval": [0.01, 0.03], "p_value": 0.01, "method": "profile",
            "knee_95_set": [65, 75], "issues": ["scores_too_pessimistic"], "extra": None,
        },
    )  # fmt: skip
    client.force_login(reviewer)
    body = client.get(reverse("learning:review")).content.decode()
    assert "{&#x27;" not in body and "{'" not in body and ">None<" not in body
    assert "knee 95 set" not in body and "scores_too_pessimistic" not in body
    assert "Thresholds the data cannot rule out (95 % set)" in body and "65 to 75" in body
    assert "scores promise less than they deliver" in body
    assert "<td>skills</td>" in body and "code default" in body  # one row per weight


def test_the_pending_count_follows_an_htmx_decision(client, reviewer) -> None:
    first, _second = RecommendationFactory(), ThresholdRecommendationFactory()
    client.force_login(reviewer)
    page = client.get(reverse("learning:review")).content.decode()
    assert 'Pending (<span id="pending-count">2</span>)' in page
    url = reverse("learning:recommendation-decide", args=[first.pk, "approve"])
    response = client.post(url, {"reason": "better AUC"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert '<span id="pending-count" hx-swap-oob="true">1</span>' in body
    first.refresh_from_db()
    assert first.status == RecommendationStatus.APPROVED


def test_an_ab_refusal_says_what_blocks_it_and_what_to_do() -> None:
    raw = (
        "the A/B test was refused: no_conflict: demo-resume-threshold already tests "
        "strategy.improve_resume_threshold; share a namespace with disjoint slices to run both"
    )
    text = refusal_message(raw)
    assert "no_conflict" not in text and "disjoint" not in text
    assert "experiment demo-resume-threshold is already testing" in text
    assert "Finish or stop that experiment first" in text
    overlap = refusal_message("the A/B test was refused: no_conflict: namespace slice overlaps x's")
    assert "experiment x is already testing this parameter" in overlap
    harm = refusal_message("the A/B test was refused: potential_harm: moves 40 % of users")
    assert harm.startswith("The A/B test was not started: the change could harm candidates")


def test_a_second_ab_test_on_a_tested_parameter_is_refused_in_plain_words(client, reviewer):
    first, second = (
        ThresholdRecommendationFactory(),
        ThresholdRecommendationFactory(recommended_value=65),
    )
    client.force_login(reviewer)
    htmx = {"HX-Request": "true"}
    url = reverse("learning:recommendation-decide", args=[first.pk, "test"])
    assert client.post(url, {"reason": "test it"}, headers=htmx).status_code == 200
    url = reverse("learning:recommendation-decide", args=[second.pk, "test"])
    body = client.post(url, {"reason": "test it too"}, headers=htmx).content.decode()
    assert "The A/B test was not started: experiment rec-" in body
    assert "no_conflict" not in body


def _texts(svg: str) -> list[tuple[str, str]]:
    return re.findall(r'<text x="([\d.]+)"[^>]*>([^<]*)</text>', svg)


def test_the_threshold_chart_has_a_y_axis_and_keeps_edge_labels_inside() -> None:
    svg = str(profile_curve([50, 60, 70, 75], [1.0, 2.0, 4.0, 3.0], marker=70, current=75))
    labels = [text for _, text in _texts(svg)]
    assert {"1", "2.5", "4"} <= set(labels)  # the criterion's scale on the left
    today = re.search(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)">today 75</text>', svg)
    assert today is not None and today.group(2) == "end"  # drawn leftwards from the edge
    assert float(today.group(1)) <= 720
