"""A reviewer in a real browser: open a recommendation, approve it, see the parameter change,
roll it back, then approve another as an A/B test (which starts it) and pause the test."""

from __future__ import annotations

import pytest

from recruitly.spine.resolver import resolve_value
from tests.factories import ReviewerFactory
from tests.learning.recommendation_factories import (
    LEARNED_WEIGHTS,
    RecommendationFactory,
    ThresholdRecommendationFactory,
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reviewer_approves_rolls_back_and_runs_an_experiment(visit) -> None:
    ReviewerFactory(username="rita")
    weights, threshold = RecommendationFactory(), ThresholdRecommendationFactory()
    page = visit.goto("/accounts/login/", "sign-in")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visit.base_url + "/")
    visit.check("landing")

    # open the recommendation and approve it; the pending count follows
    visit.goto("/review/", "review")
    assert page.locator("#pending-count").inner_text() == "2"
    card = page.locator(f"#recommendation-{weights.pk}")
    card.get_by_label("Reason (recorded with the decision)").fill("held-out AUC is better")
    card.get_by_role("button", name="Approve", exact=True).click()
    page.locator(f"#recommendation-{weights.pk} .badge", has_text="Approved").wait_for()
    assert page.locator("#pending-count").inner_text() == "1"
    assert resolve_value("job_scoring.weights") == LEARNED_WEIGHTS

    # the parameter changed: its history shows the new version; roll it back
    page.locator(f"#recommendation-{weights.pk}").get_by_role("link", name="v1").click()
    page.wait_for_url("**/review/parameters/job_scoring.weights/")
    visit.check("parameter-history")
    assert page.get_by_text("Value over time").is_visible()
    page.get_by_role("link", name="Roll back to the previous value…").click()
    visit.check("rollback-confirm")
    page.get_by_label("Reason (recorded with the rollback)").fill("AUC fell in production")
    page.get_by_role("button", name="Confirm rollback").click()
    page.get_by_text("job_scoring.weights is now at version 2.").wait_for()
    visit.check("parameter-rolled-back")
    assert resolve_value("job_scoring.weights") != LEARNED_WEIGHTS

    # approve the other as an A/B test: the experiment starts; pause it from its page
    visit.goto("/review/", "review-after")
    card = page.locator(f"#recommendation-{threshold.pk}")
    card.get_by_label("Reason (recorded with the decision)").fill("test before shipping")
    card.get_by_role("button", name="Approve as A/B test").click()
    experiment = page.locator(f"#recommendation-{threshold.pk} a[href^='/experiments/']")
    experiment.wait_for()
    experiment.click()
    page.wait_for_url("**/experiments/rec-*/")
    visit.check("experiment")
    page.get_by_placeholder("Reason (recorded in the audit log)").fill("a guardrail to check")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Resume").wait_for()
    visit.check("experiment-paused")

    visit.goto("/experiments/", "experiments")
    visit.goto("/learning/dashboard/", "learning-dashboard")
    visit.assert_clean()
