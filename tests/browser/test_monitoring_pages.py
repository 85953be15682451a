"""A reviewer reads the monitoring and fairness pages and switches exploration off, at phone
and desktop width: axe clean, no console error, never sideways scrolling."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group

from learning.services.monitoring import monitoring_run
from recruitly.roles import REVIEWERS_GROUP
from recruitly.spine.resolver import resolve_value
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory
from tests.learning.test_monitoring_exploration import END, _narrowing_world

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reviewer_reads_monitoring_and_fairness_and_switches_exploration_off(visit) -> None:
    reviewer = UserFactory(username="rita")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    _narrowing_world(candidates=22)
    for days in (1, 0):
        with time_machine.travel(END - timedelta(days=days, hours=-2), tick=False):
            monitoring_run(window_end=END - timedelta(days=days))
    assert resolve_value("exploration.epsilon") == 0.15

    page = visit.page
    page.goto(visit.base_url + "/accounts/login/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visit.base_url + "/")
    too_wide = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path, name in (
            ("/learning/monitoring/", "monitoring"),
            ("/learning/fairness/", "fairness"),
        ):
            visit.goto(path, f"{name}-{viewport['width']}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name} at {viewport['width']}: {width}px")
    assert too_wide == []

    page.set_viewport_size(DESKTOP)
    visit.goto("/learning/monitoring/", "monitoring-before-off")
    page.fill("#reason", "reviewed the trend: the narrowing is candidates' own choice")
    page.get_by_role("button", name="Switch exploration off").click()
    visit.check("exploration-off")
    assert "Exploration switched off" in page.content()
    assert resolve_value("exploration.epsilon") == 0.0
    visit.assert_clean()
