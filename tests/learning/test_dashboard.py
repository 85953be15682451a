"""The learning dashboard: seed 004's JSON, the page, and who may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning.dashboard import learning_dashboard
from recruitly.eventlog.models import Event, EventFamily
from recruitly.spine.services import parameter_version_create
from tests.factories import UserFactory
from tests.learning.recommendation_factories import LEARNED_WEIGHTS, RecommendationFactory

pytestmark = pytest.mark.django_db


def ci(up: int, n: int) -> list[float]:
    from statsmodels.stats.proportion import proportion_confint

    return [round(100 * b, 1) for b in proportion_confint(up, n, method="wilson")]


DASHBOARD_QUERY_BUDGET = 15  # 14 + the newest nightly run for the insight-quality panel


def _rated(user, n: int, *, action: str, up: int, days_ago: int = 0) -> None:
    # midday, so the minutes subtracted below never cross into the previous day
    now = timezone.now().replace(hour=12, minute=0) - timedelta(days=days_ago)
    Event.objects.bulk_create(
        Event(
            event_id=f"{action}-{days_ago}-{i}",
            event_type="AI_RESPONSE_RATED",
            family=EventFamily.AI_FEEDBACK,
            user=user,
            occurred_at=now - timedelta(minutes=i),
            payload={
                "interaction_id": str(i),
                "action_type": action,
                "rating": "up" if i < up else "down",
            },
        )
        for i in range(n)
    )


@pytest.fixture
def feedback(reviewer):
    user = UserFactory()
    _rated(user, 10, action="job_reasoning", up=9)
    _rated(user, 10, action="digest_summary", up=6, days_ago=2)
    RecommendationFactory()
    parameter_version_create(
        component="job_scoring.weights", value=LEARNED_WEIGHTS, acting_user=reviewer, reason="x"
    )


def test_the_dashboard_has_seed_004s_shape(feedback) -> None:
    data = learning_dashboard()

    assert data["current"] == {
        "total_feedback": 20,
        "thumbs_up": 15,
        "thumbs_down": 5,
        "approval_rate": 75.0,
        "approval_ci": ci(15, 20),
    }

    assert data["by_action"] == [
        {
            "action_type": "digest_summary",
            "count": 10,
            "approval_rate": 60.0,
            "approval_ci": ci(6, 10),
        },
        {
            "action_type": "job_reasoning",
            "count": 10,
            "approval_rate": 90.0,
            "approval_ci": ci(9, 10),
        },
    ]
    assert len(data["trend"]) == 14
    today, two_days_ago = data["trend"][-1], data["trend"][-3]
    assert (today["feedback_count"], today["approval_rate"]) == (10, 90.0)
    assert (two_days_ago["feedback_count"], two_days_ago["approval_rate"]) == (10, 60.0)
    assert data["trend"][-2] == {**data["trend"][-2], "feedback_count": 0, "approval_rate": None}
    assert data["learning_status"] == {
        "ready_for_training": False,
        "optimal_for_training": False,
        "feedback_count": 20,
        "needed_for_training": 480,
        "approval_rate": 75.0,
        "health": "insufficient_data",  # 20 ratings: the interval spans two bands
    }
    assert data["totals"]["recommendations"]["pending"] == 1
    assert [r["component"] for r in data["pending_recommendations"]] == ["job_scoring.weights"]
    change = data["recent_parameter_changes"][0]
    assert (change["component"], change["version"], change["created_by"]) == (
        "job_scoring.weights",
        1,
        "reviewer",
    )


def test_the_json_and_the_page_are_for_reviewers_and_staff(client, api_client, feedback):
    url = "/api/v1/learning/dashboard"
    assert api_client.get(url).status_code in (401, 403)
    api_client.force_authenticate(UserFactory())
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(UserFactory(username="ops", is_staff=True))
    assert api_client.get(url).json()["current"]["total_feedback"] == 20

    assert client.get(reverse("learning:dashboard")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("learning:dashboard")).status_code == 403


def test_the_page_renders_with_bounded_queries(client, reviewer, feedback) -> None:
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("learning:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "digest_summary" in body and "75.0%" in body
    assert len(ctx.captured_queries) <= DASHBOARD_QUERY_BUDGET
