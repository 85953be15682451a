"""The nightly's causal findings: refuted estimates never read as established."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from learning.causal.regression import Effect
from learning.optimizers.resume_edits import EditEffect, resume_edit_findings


def _effect(estimate: float, p: float, method: str = "iv") -> Effect:
    return Effect(method, estimate, 0.01, estimate - 0.02, estimate + 0.02, p, 5000, 800, 300)


def _edit(refuted: bool | None) -> EditEffect:
    fe, iv = _effect(0.05, 1e-6, "fixed effects"), _effect(0.06, 1e-6)
    return EditEffect(
        edit="added_metrics",
        treated=800,
        naive=_effect(0.09, 1e-9, "naive"),
        stratified=_effect(0.07, 1e-8, "stratified"),
        fixed_effects=fe,
        iv=iv,
        decision=iv,
        p_holm=1e-6,
        fixed_effects_p_holm=1e-6,
        estimates_agree=True,
        causal={"method": "iv", "estimate": 0.06, "refuted": refuted},
    )


def test_a_corroborated_unrefuted_iv_estimate_works():
    assert _edit(refuted=False).works
    findings = resume_edit_findings([_edit(refuted=False)])
    assert [f.conclusion for f in findings] == ["resume edit works: added_metrics"]


def test_a_refuted_iv_estimate_never_reads_as_works():
    effect = _edit(refuted=True)
    assert effect.refuted and not effect.works
    (finding,) = resume_edit_findings([effect])
    assert finding.parameter == "no_effect"
    assert "not established" in finding.reasoning
    assert "failed a refutation check" in finding.reasoning
    assert finding.evidence["refuted"] is True
    assert "works" not in finding.conclusion
    assert np.isfinite(finding.evidence["edits"]["added_metrics"]["p_holm"])


# --- strategy modes, tailoring and timing on the simulator (truth: none has an effect) ---

SEEDS = (1, 2, 3, 4)


def _world_data(seed: int):
    from learning.analytics.frames import frames_from_events
    from learning.services.analysis_steps import analysis_data_from_frames
    from learning.simulation.events import world_events
    from learning.simulation.world import WorldConfig, generate_world
    from recruitly.eventlog.schemas import SCHEMAS

    world = generate_world(
        WorldConfig(candidates=150, jobs=300, months=6, seed=seed, end_date=date(2026, 11, 1))
    )
    family = {name: schema.family for name, schema in SCHEMAS.items()}
    frames = frames_from_events(world_events(world), family)
    return analysis_data_from_frames(frames, window_start=world.start, window_end=world.end)


@pytest.fixture(scope="module")
def worlds():
    return {seed: _world_data(seed) for seed in SEEDS}


@pytest.fixture(scope="module")
def choice_results(worlds):
    from learning.services.analysis_steps import step_strategy_choices

    return {seed: step_strategy_choices(data) for seed, data in worlds.items()}


def test_strategy_modes_are_never_established_and_say_why(choice_results):
    for _, findings in choice_results.values():
        (modes,) = [f for f in findings if f.component == "strategy_mode"]
        assert modes.conclusion == "strategy_mode effect not established"
        assert modes.parameter == "not_established" and not modes.changes_parameter
        assert modes.reasoning.startswith("An effect on interviews is not established")
        arms = modes.evidence["arms"]
        # the rule's own input (resume score) leaves no like-with-like comparison
        assert {a["error"]["code"] for a in arms.values()} == {"no_overlap"}
        assert all(a["within_candidate"]["refutations"] for a in arms.values())


def test_tailoring_without_an_effect_is_not_established_and_its_interval_covers_zero(
    choice_results,
):
    covers = 0
    for _, findings in choice_results.values():
        (tailoring,) = [f for f in findings if f.component == "tailoring"]
        assert tailoring.conclusion == "tailoring effect not established"
        causal = tailoring.evidence["causal"]
        assert causal["method"] == "dr" and causal["balance"]
        assert {r["name"] for r in causal["refutations"]} == {
            "placebo_treatment",
            "random_common_cause",
            "data_subset",
        }
        assert causal["sensitivity"]["name"] == "e_value"
        covers += causal["ci_low"] <= 0 <= causal["ci_high"]
    assert covers >= len(SEEDS) - 1


def test_a_planted_tailoring_effect_is_established_and_its_interval_covers_it(worlds):
    from learning.services.analysis_steps import step_strategy_choices

    data = worlds[1]
    rng = np.random.default_rng(5)
    mature = data.mature.copy()
    tailored = mature["tailoring_applied"].astype(bool).to_numpy()
    lift = 0.3
    flip = tailored & (rng.random(len(mature)) < lift)
    y = mature["interviewed"].to_numpy(bool)
    truth = lift * (1 - y.mean())  # every row's P(y=1) rises by lift*(1 - p): the ATE
    mature["interviewed"] = (y | flip).astype(mature["interviewed"].dtype)
    summary, findings = step_strategy_choices(replace(data, mature=mature))
    (tailoring,) = [f for f in findings if f.component == "tailoring"]
    assert summary["tailoring_applied"]["established"], tailoring.reasoning
    assert tailoring.conclusion == "tailoring effect established: tailoring_applied"
    low, high = tailoring.evidence["confidence_interval"]
    assert low - 0.01 < truth < high + 0.01
    assert tailoring.evidence["within_candidate"]["estimate"] > 0


def test_timing_reports_through_the_engine_evidence_shape(worlds):
    from learning.services.analysis_steps import step_timing

    nulls = 0
    for data in worlds.values():
        summary, findings = step_timing(data)
        if not findings:
            continue
        (finding,) = findings
        causal = finding.evidence["causal"]
        assert causal["method"] == "fixed_effects"
        assert {r["name"] for r in causal["refutations"]} == {
            "placebo_treatment",
            "random_common_cause",
            "data_subset",
        }
        assert causal["balance"] and "sensitivity" in causal
        assert finding.evidence["refuted"] == causal["refuted"]
        if summary["best_day"] is None:
            nulls += 1
            assert "not established" in finding.reasoning
    assert nulls >= len(SEEDS) - 1


def test_a_refuted_choice_estimate_is_never_established():
    from learning.causal.estimate import CausalEstimate
    from learning.optimizers.choices import ChoiceEffect, choice_finding
    from learning.optimizers.findings import route_for

    def estimate(passed: bool) -> CausalEstimate:
        return CausalEstimate(
            "dr", "ate", 0.1, 0.01, 0.08, 0.12, 1e-9, 3000, 6000, "analytic",
            refutations=[{"name": "placebo_treatment", "passed": passed}],
        )  # fmt: skip

    def effect(passed: bool) -> ChoiceEffect:
        return ChoiceEffect(
            "tailoring_applied", 3000, _effect(0.1, 1e-9, "naive"),
            estimate(passed), estimate(True), 1e-9, 1e-9,
        )  # fmt: skip

    assert effect(True).established
    refuted = effect(False)
    assert refuted.refuted and not refuted.established
    finding = choice_finding("tailoring", [refuted])
    assert finding is not None
    assert finding.conclusion == "tailoring effect not established"
    assert finding.evidence["refuted"] is True
    assert "refutation check failed" in finding.reasoning
    assert route_for(finding, auto_apply_enabled=True) is None


@pytest.mark.django_db
def test_the_logged_arm_of_every_randomised_candidate_is_the_instrument():
    from learning.services.analysis_steps import offer_arms
    from profiles.models import ResumeVersion
    from profiles.models_optimize import ResumeOptimization
    from tests.factories import CandidateProfileFactory, JobListingFactory

    def optimization(offered: bool | None):
        profile = CandidateProfileFactory()
        version = ResumeVersion.objects.create(
            candidate=profile, version=1, text="x", source_hash=f"h{profile.pk}"
        )
        offers = {} if offered is None else {"added_metrics": {"offered": offered, "bucket": 1}}
        ResumeOptimization.objects.create(
            candidate=profile, job=JobListingFactory(), source_version=version,
            provider="local", model="m", prompt_version="default", offers=offers,
        )  # fmt: skip
        return profile.user_id

    offered, withheld, unlogged = optimization(True), optimization(False), optimization(None)
    arms = offer_arms("added_metrics")
    # both arms, answered or not; a run that logged no arm randomised nobody
    assert arms == {offered: True, withheld: False} and unlogged not in arms
    assert offer_arms("action_verbs") == {}


def test_the_choice_sample_takes_whole_users_whatever_the_row_order():
    from learning.optimizers.choices import sample_users

    rng = np.random.default_rng(3)
    users = rng.integers(0, 500, 20_000)
    mask = sample_users(users, 5_000, seed=9)
    assert 4_500 < mask.sum() <= 5_000
    kept = set(users[mask])
    assert not kept & set(users[~mask])  # whole users only
    order = rng.permutation(len(users))
    assert set(users[order][sample_users(users[order], 5_000, seed=9)]) == kept
    assert sample_users(users, 50_000, seed=9).all()


def test_the_within_estimate_matches_statsmodels_with_user_dummies():
    import statsmodels.api as sm

    from learning.causal.data import from_arrays
    from learning.causal.within import within_estimate

    rng = np.random.default_rng(11)
    n, g = 600, 40
    users = rng.integers(0, g, n)
    quality = rng.standard_normal(g)[users]
    x = rng.standard_normal((n, 2))
    d = (rng.random(n) < 0.3 + 0.2 * (quality > 0)).astype(float)
    y = 0.5 * d + quality + x @ np.array([0.3, -0.2]) + rng.standard_normal(n)
    ours = within_estimate(from_arrays(y, d, x, ("a", "b"), groups=users), seed=1)
    dummies = (users[:, None] == np.arange(g)).astype(float)
    design = np.column_stack([d, x, dummies])
    ref = sm.OLS(y, design).fit(cov_type="cluster", cov_kwds={"groups": users})
    assert ours.estimate == pytest.approx(ref.params[0], rel=1e-9)
    # statsmodels' CR1 counts the dummies in K; the within form counts only d and x
    k_full, k_within = design.shape[1], 3
    scale = np.sqrt((n - k_full) / (n - k_within))
    assert ours.se == pytest.approx(ref.bse[0] * scale, rel=1e-6)
    assert not ours.refuted and {r["name"] for r in ours.refutations} == {
        "placebo_treatment",
        "random_common_cause",
        "data_subset",
    }
