"""The landing page, API docs and every admin list render, with bounded queries."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from profiles.models import Application
from recruitly.eventlog.ingest import events_ingest
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
ADMIN_LIST_QUERY_BUDGET = 12


@pytest.fixture
def world(reviewer):
    for i in range(6):
        profile = CandidateProfileFactory()
        job = JobListingFactory()
        Application.objects.create(
            candidate=profile,
            job=job,
            fit_score=70 + i,
            category="target",
            strategy_mode="APPLY_MODE",
            submitted_at=timezone.now(),
            outcome_status="interview" if i % 2 else "ghosted",
        )
        events_ingest(
            items=[
                {
                    "event_id": f"p-{i}",
                    "event_type": "AI_RESPONSE_RATED",
                    "user_id": profile.user.username,
                    "timestamp": timezone.now().isoformat(),
                    "interaction_id": "x",
                    "action_type": "job_reasoning",
                    "rating": "up",
                },
                {"event_id": f"bad-{i}"},
            ],
            submitted_by=None,
            may_post_for_others=True,
        )


def test_the_landing_page_shows_the_world_and_links(client, world, reviewer) -> None:
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "interview rate" in body
    assert 'href="/api/docs/"' in body and 'href="/me/"' in body
    # reviewer-only links are for reviewers
    assert 'href="/admin/"' not in body and "pending)" not in body
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert 'href="/admin/"' in body and 'href="/review/"' in body


def test_api_docs_and_schema_are_served(client) -> None:
    assert client.get("/api/docs/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/events/" in schema.content


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_renders_with_bounded_queries(client, superuser, world, model) -> None:
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= ADMIN_LIST_QUERY_BUDGET, [
        q["sql"] for q in ctx.captured_queries
    ]


def test_a_candidate_sees_their_own_dashboard(client, world) -> None:
    profile = Application.objects.select_related("candidate__user").first().candidate
    client.force_login(profile.user)
    response = client.get("/me/")
    assert response.status_code == 200
    assert profile.full_name in response.content.decode()


def test_the_dashboard_requires_sign_in(client) -> None:
    response = client.get("/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_landing_rate_carries_its_sample_and_interval_and_no_rate_without_data(
    client, world
) -> None:
    from statsmodels.stats.proportion import proportion_confint

    low, high = (round(100 * b, 1) for b in proportion_confint(3, 6, method="wilson"))
    body = client.get("/").content.decode()
    assert f"3 of 6 applications; 95 % CI {low}\u2013{high} %" in body
    Application.objects.all().delete()
    body = client.get("/").content.decode()
    assert "no applications yet" in body and "0%" not in body
