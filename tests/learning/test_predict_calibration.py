"""Calibrated interview likelihood (seed 002 §5.8) against the simulator's truth."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve

from learning.predict.calibration import (
    calibration_report,
    candidate_variance,
    expected_calibration_error,
    quantile_edges,
)
from learning.predict.ensemble import MODEL_NAMES, ensemble_fit, learn_weights, log_loss
from learning.predict.features import FEATURE_NAMES, feature_matrix
from tests.learning.predict_world import applications_frame, world


@pytest.fixture(scope="module")
def fitted():
    apps = applications_frame(world())
    apps = apps[apps["resolved"]].reset_index(drop=True)
    x = feature_matrix(apps, float(apps["resume_score"].median()))
    y = apps["interviewed"].to_numpy(float)
    result = ensemble_fit(x, y, apps["user_id"].to_numpy(), resume_fill=70.0, seed=0)
    return apps, x, y, result


def test_ece_matches_scikit_learns_calibration_curve():
    rng = np.random.default_rng(1)
    p = rng.beta(2, 8, 5000)
    y = (rng.random(5000) < np.clip(p * 1.3, 0, 1)).astype(float)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="quantile")
    edges = quantile_edges(p)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=10)
    reference = float(np.sum(counts[counts > 0] * np.abs(prob_true - prob_pred)) / len(p))
    assert expected_calibration_error(p, y) == pytest.approx(reference, rel=1e-9)


def test_a_perfect_predictor_sits_under_its_floor_and_a_wrong_one_above():
    rng = np.random.default_rng(2)
    p = rng.beta(2, 10, 8000)
    y = (rng.random(len(p)) < p).astype(float)
    assert calibration_report(p, y, seed=3).calibrated
    wrong = calibration_report(np.clip(p * 1.6, 0, 1), y, seed=3)
    assert not wrong.calibrated and wrong.ece > wrong.noise_floor


def test_the_candidate_variance_recovers_a_planted_candidate_effect():
    rng = np.random.default_rng(4)
    users = np.repeat(np.arange(800), 25)
    u = rng.normal(0, 0.8, 800)[users]
    base = np.full(len(users), -1.8)
    y = (rng.random(len(users)) < 1 / (1 + np.exp(-(base + u)))).astype(float)
    p = np.full(len(users), y.mean())
    tau = np.sqrt(candidate_variance(p, y, users))
    assert 0.55 < tau < 1.05  # ≈ 0.8 on the log-odds, read through the moments
    independent = (rng.random(len(users)) < p).astype(float)
    assert np.sqrt(candidate_variance(p, independent, users)) < 0.25


def test_weights_are_on_the_simplex_and_never_worse_than_the_best_model():
    rng = np.random.default_rng(5)
    truth = rng.beta(2, 6, 3000)
    y = (rng.random(3000) < truth).astype(float)
    components = np.column_stack(
        [truth, np.clip(truth + rng.normal(0, 0.15, 3000), 0.01, 0.99), np.full(3000, y.mean())]
    )
    w = learn_weights(components, y)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0)
    best = min(log_loss(components[:, j], y) for j in range(3))
    assert log_loss(components @ w, y) <= best + 1e-9
    assert w[0] > 0.5  # most weight on the true probabilities


def test_calibrated_error_is_below_its_noise_floor_on_held_out_candidates(fitted):
    _, _, _, result = fitted
    after = result.after
    assert after.calibrated and after.ece <= after.noise_floor
    assert result.sizes["test"] > 3000 and after.sample_size == result.sizes["test"]
    assert set(result.weights) == set(MODEL_NAMES)
    assert sum(result.weights.values()) == pytest.approx(1.0)


def test_the_ensemble_tracks_the_true_probability(fitted):
    apps, x, _, result = fitted
    prediction = result.ensemble.predict(x)
    truth = apps["true_p"].to_numpy()
    assert np.corrcoef(prediction.probability, truth)[0, 1] > 0.7
    baseline = np.mean(np.abs(truth.mean() - truth))
    assert np.mean(np.abs(prediction.probability - truth)) < 0.7 * baseline
    assert np.all(prediction.low <= prediction.probability)
    assert np.all(prediction.probability <= prediction.high)
    # the true probability's own ECE sits under the floor too: the floor is honest
    test_rows = np.isin(apps["user_id"], apps["user_id"].unique()[::4])
    report = calibration_report(
        truth[test_rows], apps["interviewed"].to_numpy(float)[test_rows],
        groups=apps["user_id"].to_numpy()[test_rows],
    )  # fmt: skip
    assert report.calibrated


def test_features_are_named_and_unknown_values_carry_their_defaults():
    import pandas as pd

    frame = pd.DataFrame(
        {"fit_skills": [80.0, None], "seniority": ["mid", None], "category": ["reach", "x"]}
    )
    x = feature_matrix(frame, resume_fill=66.0)
    assert x.shape == (2, len(FEATURE_NAMES))
    row = dict(zip(FEATURE_NAMES, x[1], strict=True))
    assert row["fit_skills"] == 0.0 and row["resume_score"] == 66.0
    assert dict(zip(FEATURE_NAMES, x[0], strict=True))["seniority_mid"] == 1.0


def test_a_report_round_trips_through_json_and_gates_display(fitted):
    _, _, _, result = fitted
    report = type(result.after).from_dict(result.after.as_dict())
    assert report == result.after
    shown = [report.shows(p) for p in np.linspace(0.01, 0.6, 30)]
    assert any(shown)
    assert not calibration_report(np.full(500, 0.5), np.zeros(500), seed=0).shows(0.5)
