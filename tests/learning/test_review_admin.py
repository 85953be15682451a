"""The admin's recommendation actions call the decision services as the signed-in reviewer."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import RecommendationStatus
from learning.services import recommendation_reject
from recruitly.spine.models import AuditEntry
from tests.factories import ReviewerFactory, UserFactory
from tests.learning.recommendation_factories import RecommendationFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:learning_recommendation_changelist"
ADMIN_LIST_QUERY_BUDGET = 12


@pytest.fixture
def staff_reviewer():
    return ReviewerFactory(username="staff-reviewer", is_superuser=True)


def test_the_approve_action_decides_as_the_reviewer_and_counts(client, staff_reviewer) -> None:
    pending = [RecommendationFactory(change_key=f"k{i}") for i in range(2)]
    decided = RecommendationFactory(change_key="done")
    recommendation_reject(recommendation=decided, acting_user=staff_reviewer, reason="no")
    client.force_login(staff_reviewer)

    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "reject",
            ACTION_CHECKBOX_NAME: [r.pk for r in [*pending, decided]],
        },
        follow=True,
    )

    assert "Rejected 2 recommendation(s)." in response.content.decode()
    for rec in pending:
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.REJECTED and rec.decided_by == staff_reviewer
    assert AuditEntry.objects.filter(action="recommendation.rejected").count() == 3


def test_staff_outside_reviewers_cannot_decide_from_the_admin(client) -> None:
    staff = UserFactory(username="staffer", is_staff=True, is_superuser=False)
    staff.user_permissions.add(Permission.objects.get(codename="view_recommendation"))
    rec = RecommendationFactory()
    client.force_login(staff)
    response = client.post(
        reverse(CHANGELIST), {"action": "approve", ACTION_CHECKBOX_NAME: [rec.pk]}, follow=True
    )
    assert "Not decided" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.PENDING


@pytest.mark.parametrize(
    "name", ["recommendation", "analysisrun", "weeklyinsight"], ids=lambda n: n
)
def test_the_learning_admin_lists_render_with_bounded_queries(client, staff_reviewer, name):
    for i in range(5):
        recommendation_reject(
            recommendation=RecommendationFactory(change_key=f"x{i}"),
            acting_user=staff_reviewer,
            reason="r",
        )
    client.force_login(staff_reviewer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"admin:learning_{name}_changelist"))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= ADMIN_LIST_QUERY_BUDGET
