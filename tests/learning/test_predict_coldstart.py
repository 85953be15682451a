"""Cold start (seed 002 §7.5): day-1 predictions measured on the first simulated month."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from learning.predict.coldstart import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    ColdStartModel,
    cold_start_evaluate,
    conditional_entropy,
    split_by_join,
)
from tests.learning.predict_world import coldstart_frame, world


@pytest.fixture(scope="module")
def frame():
    f = coldstart_frame(world(candidates=3000, jobs=5000))
    return f[f["n"] > 0].reset_index(drop=True)


@pytest.fixture(scope="module")
def evaluation(frame):
    return cold_start_evaluate(frame, seed=0)


def test_day_one_predictions_beat_the_baseline_on_the_first_month(evaluation):
    assert evaluation.test_candidates > 800
    assert evaluation.brier_day_one < evaluation.brier_baseline
    assert evaluation.beats_baseline and evaluation.improvement_ci[0] > 0


def test_day_one_predictions_are_closer_to_the_true_rates_than_the_baseline(frame, evaluation):
    train, test = split_by_join(frame)
    model = ColdStartModel(train, [q.key for q in evaluation.questions])
    predicted = np.array([p.rate for p in model.predict(test)])
    truth, n = test["true_rate"].to_numpy(), test["n"].to_numpy(float)
    baseline = train["k"].sum() / train["n"].sum()
    gain = n * (truth - baseline) ** 2 - n * (truth - predicted) ** 2
    draws = np.random.default_rng(0).integers(0, len(test), (1000, len(test)))
    low = np.quantile(gain[draws].sum(axis=1) / n[draws].sum(axis=1), 0.025)
    assert low > 0


def test_three_to_five_questions_each_beating_chance_when_beyond_the_minimum(evaluation):
    questions = evaluation.questions
    assert MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS
    assert len({q.key for q in questions}) == len(questions)
    assert questions[0].gain > questions[0].chance
    for q in questions[MIN_QUESTIONS:]:
        assert q.gain > q.chance


def test_information_gain_is_the_entropy_drop():
    k = np.array([10.0, 0.0])
    n = np.array([10.0, 10.0])
    together = conditional_entropy(np.array([0, 0]), k, n)
    apart = conditional_entropy(np.array([0, 1]), k, n)
    assert together == pytest.approx(1.0) and apart == pytest.approx(0.0)


def test_intervals_contain_the_prediction_and_peers_come_from_the_segment(frame, evaluation):
    train, test = split_by_join(frame)
    predictions = ColdStartModel(train, []).predict(test.head(50))
    for p, segment in zip(predictions, test.head(50)["segment"], strict=True):
        assert p.low <= p.rate <= p.high
        seg = train[train["segment"] == segment]
        assert p.peer_rate == pytest.approx(seg["k"].sum() / seg["n"].sum())
        assert p.peer_candidates == len(seg)


def test_too_few_candidates_is_refused():
    tiny = pd.DataFrame(
        {"joined_at": pd.date_range("2026-01-01", periods=5), "user_id": range(5), "n": 1, "k": 0}
    )
    with pytest.raises(ValueError):
        cold_start_evaluate(tiny)
