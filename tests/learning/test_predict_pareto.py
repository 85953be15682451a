"""Multi-objective strategies (seed 002 §7.6): the frontier is non-dominated, complete, and the
recommended point follows the stated priorities."""

from __future__ import annotations

import numpy as np
import pytest

from learning.predict.pareto import (
    OBJECTIVES,
    _matrix,
    dominates,
    pareto_front,
    recommend,
    strategies_evaluate,
)
from tests.learning.predict_world import applications_frame, world


@pytest.fixture(scope="module")
def history():
    apps = applications_frame(world())
    return apps[apps["resolved"]].reset_index(drop=True)


@pytest.fixture(scope="module")
def strategies(history):
    # supply: matching postings a week fall with the minimum fit
    return strategies_evaluate(history, supply=lambda fit, roles: 12.0 * (30 - fit) / 30)


def test_frontier_points_are_non_dominated_and_every_other_point_is_dominated(strategies):
    front = pareto_front(strategies)
    assert 1 < len(front) < len(strategies)
    f = _matrix(front)
    for i in range(len(front)):
        assert not any(dominates(f[j], f[i]) for j in range(len(front)) if j != i)
    every = _matrix(strategies)
    front_keys = {tuple(row) for row in f}
    for row in every:
        if tuple(row) not in front_keys:
            assert any(dominates(g, row) for g in f)


def test_objectives_follow_the_history_and_the_truth(history, strategies):
    fits = sorted({x.min_fit for x in strategies})
    s = next(x for x in strategies if x.min_fit == fits[1] and x.roles == "all")
    subset = history[history["fit_score"] >= fits[1]]
    assert s.sample_size == len(subset)
    assert s.interview_rate == pytest.approx(subset["interviewed"].mean())
    low, high = s.interview_ci
    assert low <= subset["true_p"].mean() <= high  # the simulator's truth inside the interval
    higher = next(x for x in strategies if x.min_fit == fits[-1] and x.roles == "all")
    assert higher.interview_rate > s.interview_rate  # fit predicts interviews in the truth


def test_more_applications_lower_the_risk_until_supply_caps_them(strategies):
    fit = sorted({x.min_fit for x in strategies})[-2]
    same = sorted(
        (x for x in strategies if x.min_fit == fit and x.roles == "all"),
        key=lambda x: x.applications_per_week,
    )
    risks = [x.risk for x in same]
    assert risks == sorted(risks, reverse=True)
    assert max(x.sent_per_week for x in same) == pytest.approx(12.0 * (30 - fit) / 30, abs=0.01)


def test_the_recommendation_follows_the_priorities(strategies):
    front = pareto_front(strategies)
    rate_first = recommend(front, {"interview_rate": 1.0})
    speed_first = recommend(front, {"weeks_to_offer": 1.0})
    effort_first = recommend(front, {"effort": 1.0})
    assert rate_first.interview_rate == max(x.interview_rate for x in front)
    assert speed_first.weeks_to_offer == min(x.weeks_to_offer for x in front)
    assert effort_first.sent_per_week == min(x.sent_per_week for x in front)
    balanced = recommend(front, dict.fromkeys(OBJECTIVES, 1.0))
    assert balanced in front
    assert recommend([], {"risk": 1.0}) is None


def test_brute_force_agrees_on_random_points():
    rng = np.random.default_rng(0)
    m = rng.random((60, 3))
    front = [i for i in range(60) if not any(dominates(m[j], m[i]) for j in range(60))]
    brute = [
        i
        for i in range(60)
        if not any(np.all(m[j] >= m[i]) and np.any(m[j] > m[i]) for j in range(60))
    ]
    assert front == brute


def test_cells_stored_as_json_give_the_same_strategies(history):
    from learning.predict.pareto import Cell, strategies_from_cells, strategy_cells

    def supply(fit, roles):
        return 3.0

    cells = strategy_cells(history)
    again = [Cell(**c.as_dict()) for c in cells]
    assert strategies_from_cells(again, supply) == strategies_evaluate(history, supply)
    assert all(c.applications >= 30 for c in cells)
