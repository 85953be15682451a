"""The benefit and harm-threshold checks read the observed baselines: each fails and passes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from experiments.metrics import metric_get
from experiments.services import experiment_ethics_checks
from experiments.services.baselines import BaselineReader
from experiments.stats import design
from recruitly.eventlog.models import Event, EventFamily
from tests.experiments.conftest import PINNED_NOW
from tests.experiments.factories import experiment_build
from tests.experiments.simulation import users_make

pytestmark = pytest.mark.django_db


def _world(count: int, interview_rate: float, seed: int = 1) -> list[Any]:
    """``count`` candidates, one application each in the last 28 days, answered after 2-30
    days; an interview with probability ``interview_rate``."""
    rng = np.random.default_rng(seed)
    users = users_make(count, f"eth{seed}-")
    rows = []
    for user in users:
        at = PINNED_NOW - timedelta(days=float(rng.uniform(1, 27)))
        status = "interview" if rng.random() < interview_rate else "rejected"
        common = {"user": user, "source": "simulator", "family": EventFamily.APPLICATION}
        rows.append(
            Event(
                event_id=f"a-{user.pk}",
                event_type="APPLICATION_SUBMITTED",
                occurred_at=at,
                payload={"application_id": f"app-{user.pk}"},
                **common,
            )
        )
        rows.append(
            Event(
                event_id=f"s-{user.pk}",
                event_type="STATUS_CHANGED",
                occurred_at=at + timedelta(hours=1),
                payload={
                    "application_id": f"app-{user.pk}",
                    "outcome": {"status": status, "days_to_response": int(rng.integers(2, 31))},
                },
                **common,
            )
        )
    Event.objects.bulk_create(rows, batch_size=1000)
    return users


def _check(experiment: Any, name: str) -> Any:
    checks = experiment_ethics_checks(experiment=experiment, now=PINNED_NOW)
    return next(c for c in checks if c.name == name)


def test_the_observed_baseline_is_the_share_of_active_candidates_interviewed() -> None:
    _world(400, 0.2)
    reader = BaselineReader(until=PINNED_NOW)
    baseline = reader.get(metric_get("interview_rate"))
    interviewed = Event.objects.filter(payload__outcome__status="interview").count()
    assert baseline is not None and baseline.n == reader.active == 400
    assert baseline.mean == pytest.approx(interviewed / 400)
    assert baseline.variance == pytest.approx(baseline.mean * (1 - baseline.mean))


def test_an_expected_benefit_the_traffic_cannot_detect_fails_and_a_detectable_one_passes() -> None:
    _world(400, 0.2)
    small = experiment_build(key="small-lift", mde_relative=0.2)
    check = _check(small, "minimum_benefit")
    assert not check.passed
    needed = design(baseline=0.2, mde_relative=0.2).total_sequential  # ~ the observed rate
    assert "needs" in check.reason and "the planned traffic is 400" in check.reason
    assert needed > 400
    big = experiment_build(key="big-lift", mde_relative=0.2, expected_daily_users=1_000)
    passed = _check(big, "minimum_benefit")
    assert passed.passed and "28,000" in passed.reason


def test_a_baseline_of_zero_fails_the_benefit_check() -> None:
    _world(300, 0.0)
    check = _check(experiment_build(key="zero", expected_daily_users=1_000), "minimum_benefit")
    assert not check.passed and "rate of 0 or 1" in check.reason


def test_without_observed_data_the_benefit_check_says_it_is_not_verified() -> None:
    check = _check(experiment_build(key="no-data"), "minimum_benefit")
    assert check.passed and "not verified on data" in check.reason


def test_a_harm_threshold_below_the_guardrail_noise_fails_and_a_wider_one_passes() -> None:
    _world(400, 0.2)
    tight = experiment_build(key="tight", mde_relative=1.0)
    check = _check(tight, "harm_threshold")
    assert not check.passed
    assert (
        "Days to response observed at" in check.reason
        and "above the harm threshold of 10%" in check.reason
    )
    loose = experiment_build(key="loose", mde_relative=1.0, decision_rule={"harm_threshold": 0.6})
    assert _check(loose, "harm_threshold").passed
    busy = experiment_build(key="busy", expected_daily_users=5_000)
    assert _check(busy, "harm_threshold").passed  # 140,000 users catch a 10 % worsening


def test_a_guardrail_with_a_baseline_of_zero_fails_the_harm_threshold() -> None:
    _world(300, 0.2)
    experiment = experiment_build(
        key="thumbs", guardrail_metrics=["thumbs_up_rate"], expected_daily_users=5_000
    )
    check = _check(experiment, "harm_threshold")
    assert not check.passed and "without variation" in check.reason
