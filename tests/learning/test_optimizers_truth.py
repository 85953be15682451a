"""The learning engine against the simulator's truth (pure generator, no event table).

One simulated world of 2,000 candidates over 12 months; every step of the nightly analysis
runs on it once, and each test holds one result to the truth file's numbers.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy.stats import spearmanr

from learning.analytics.frames import frames_from_events
from learning.optimizers.findings import route_for
from learning.services.analysis_steps import STEPS, analysis_data_from_frames
from learning.simulation.events import world_events
from learning.simulation.truth import truth_document
from learning.simulation.world import WorldConfig, generate_world
from profiles.matching.components import ADDED_COMPONENTS, DEFAULT_WEIGHTS
from recruitly.eventlog.schemas import SCHEMAS

# Some steps read the candidates' table: the mark makes pytest-django create the test database
# even when this file runs alone (it sets up only the databases the collected tests ask for).
pytestmark = pytest.mark.django_db

COMPONENTS = ("skills", "experience", "location", "salary", "culture")  # the simulator's


# The optimizer steps this file checks against the truth (the other engines have their own
# tests on smaller worlds; running them here only costs CI time).
CHECKED_STEPS = (
    "users", "cohorts", "market", "fit_weights", "calibration", "strategy_thresholds",
    "timing", "resume_edits",
)  # fmt: skip


@pytest.fixture(scope="module")
def world_results(django_db_setup, django_db_blocker):
    world = generate_world(
        WorldConfig(candidates=2000, jobs=4000, months=12, seed=7, end_date=date(2026, 11, 1))
    )
    truth = truth_document(world)
    family = {name: schema.family for name, schema in SCHEMAS.items()}
    frames = frames_from_events(world_events(world), family)
    data = analysis_data_from_frames(frames, window_start=world.start, window_end=world.end)
    with django_db_blocker.unblock():
        results = {name: STEPS[name](data) for name in CHECKED_STEPS}
    return truth, results


def _findings(results, step):
    return results[step][1]


def test_learned_fit_weights_are_ranked_like_the_true_weights(world_results):
    truth, results = world_results
    (finding,) = _findings(results, "fit_weights")
    weights = finding.recommended_value
    true = truth["fit_weights"]["true"]
    assert finding.changes_parameter and finding.evidence["confidence_interval"][0] > 0
    # the simulated world carries no text or title component: those keep their current
    # weight, and the five simulated ones share the rest in the true proportions
    assert {k: weights[k] for k in ADDED_COMPONENTS} == {
        k: DEFAULT_WEIGHTS[k] for k in ADDED_COMPONENTS
    }
    learned = {k: weights[k] / sum(weights[c] for c in COMPONENTS) for k in COMPONENTS}
    rho = spearmanr([learned[k] for k in COMPONENTS], [true[k] for k in COMPONENTS]).statistic
    assert rho == pytest.approx(1.0)
    assert sorted(COMPONENTS, key=lambda k: -learned[k]) == truth["fit_weights"]["ordering"]
    assert max(abs(learned[k] - true[k]) for k in COMPONENTS) < 0.05
    assert abs(sum(weights.values()) - 1) < 1e-9
    assert route_for(finding, auto_apply_enabled=False) in ("a_b_test", "manual_review")


def test_the_calibration_error_is_detected_in_the_true_direction(world_results):
    truth, results = world_results
    (finding,) = _findings(results, "calibration")
    assert finding.changes_parameter
    evidence = finding.evidence
    assert evidence["calibration_error"] > evidence["noise_floor"]
    assert evidence["seed_calibration_error"] == pytest.approx(
        truth["calibration"]["mean_absolute_error"], abs=0.02
    )
    assert f"scores_{truth['calibration']['direction']}" in evidence["issues"]
    for bucket, true_rate in truth["calibration"]["true"].items():
        observed = evidence["buckets"][bucket]
        if observed["n"] >= 1000:
            assert abs(finding.recommended_value[bucket] - true_rate) < 0.03
    assert evidence["holdout_error_recommended"] < evidence["holdout_error_current"]


def test_the_confounded_weekday_is_not_recommended(world_results):
    truth, results = world_results
    (finding,) = _findings(results, "timing")
    preferred = truth["weekday_effect"]["strong_candidates_prefer"]
    day = finding.evidence["days"][preferred]
    # the naive lift is there, as the truth file says ...
    assert day["naive"] > 0.03
    assert finding.evidence["naive"]["confidence_interval"][0] > 0
    # ... but the adjusted effect's CI covers zero and nothing is recommended
    low, high = day["ci"]
    assert low < 0 < high
    assert results["timing"][0]["best_day"] is None
    assert not finding.changes_parameter and finding.recommended_value is None


def test_the_real_resume_edit_effect_is_found_and_the_others_are_not(world_results):
    truth, results = world_results
    findings = _findings(results, "resume_edits")
    found = [f for f in findings if f.parameter == "added_metrics"]
    assert len(found) == 1
    evidence = found[0].evidence
    low, high = evidence["confidence_interval"]
    assert low > 0
    metrics_truth = truth["resume_edit_effects"]["added_metrics"]
    wald = metrics_truth["wald_estimand"]
    assert low < wald < high
    assert abs(evidence["improvement"] - wald) < 0.025
    assert evidence["methods"]["naive"]["estimate"] > high  # the raw contrast is biased up
    works = {name for name, v in results["resume_edits"][0].items() if v["works"]}
    assert works == {"added_metrics"}


def test_thresholds_produce_a_finding_with_evidence(world_results):
    _, results = world_results
    findings = _findings(results, "strategy_thresholds")
    knee = next(f for f in findings if f.component == "strategy.improve_resume_threshold")
    assert knee.evidence["sample_size"] > 10_000
    assert knee.evidence["knee_95_set"][0] <= knee.evidence["knee_95_set"][1]
    assert np.isfinite(knee.evidence["p_value"])


def test_users_cohorts_and_market_summaries_respect_k(world_results):
    _, results = world_results
    market = results["market"][0]["market"]
    assert not market["suppressed"] and market["k"] == 10
    assert all(row["users"] >= 10 for row in market["most_active_industries"])
    segments = results["cohorts"][0]["segments"]
    assert all(s["suppressed"] == (s["user_count"] < 10) for s in segments)
    assert results["users"][0]["users"] > 1000
