"""The safe-rollout decision rule on single looks: each check, each action."""

from __future__ import annotations

import pytest

from experiments.stats import DecisionRule, Look, MetricSpec, SampleStats, analyse, cs_half_width

RULE = DecisionRule(min_users_per_arm=100)
PRIMARY = MetricSpec("interview_rate", "binomial")
GUARD = MetricSpec("days_to_response", "mean", higher_is_better=False)


def rate(n: int, p: float) -> SampleStats:
    k = round(n * p)
    return SampleStats(n, k, k)


def mean(n: int, m: float, sd: float = 5.0) -> SampleStats:
    return SampleStats(n, n * m, (n - 1) * sd**2 + n * m**2)


def look(arms: dict[str, SampleStats], **overrides) -> Look:
    fields = {
        "control": "control",
        "weights": dict.fromkeys(arms, 1.0),
        "counts": {k: v.n for k, v in arms.items()},
        "primary": PRIMARY,
        "primary_arms": arms,
        "guardrails": [(GUARD, {k: mean(v.n, 14.0) for k, v in arms.items()})],
        "stage": 10,
        "hours_at_stage": 48.0,
        "hours_running": 48.0,
        "max_hours": 28 * 24.0,
    }
    fields.update(overrides)
    return Look(**fields)


WIN = {"control": rate(4000, 0.10), "treatment": rate(4000, 0.14)}
NULL = {"control": rate(4000, 0.10), "treatment": rate(4000, 0.10)}
WEEK = 7 * 24.0
# At full rollout, a week into the experiment: the efficacy decision may be taken.
LATE = {"stage": 100, "hours_at_stage": 48.0, "hours_running": WEEK + 24}


def test_a_safe_stage_advances_without_evidence_of_a_win() -> None:
    # an A/A look: no harm, the day's hold passed, enough users, SRM clean
    _, decision = analyse(look(NULL), RULE)
    assert decision.action == "advance" and decision.next_stage == 50
    assert decision.winner is None
    for check in ("no_harm", "stage_hold_met", "enough_users_exposed", "srm_clean"):
        assert decision.checks[check] is True
    assert "is safe" in decision.reasons[0]


def test_a_fresh_stage_waits_a_day() -> None:
    _, decision = analyse(look(NULL, hours_at_stage=5), RULE)
    assert decision.action == "continue" and "stage_hold_met" in decision.reasons[0]


def test_a_stage_waits_for_enough_exposed_users() -> None:
    arms = {"control": rate(60, 0.10), "treatment": rate(60, 0.10)}
    _, decision = analyse(look(arms), RULE)
    assert decision.action == "continue" and "enough_users_exposed" in decision.reasons[0]


def test_a_win_ramps_but_ships_only_after_a_full_week() -> None:
    _, early = analyse(look(WIN, stage=50, hours_at_stage=30, hours_running=100), RULE)
    _, later = analyse(look(WIN, stage=50, hours_at_stage=30, hours_running=WEEK + 2), RULE)
    assert early.action == "advance" and early.next_stage == 100
    assert not early.checks["hold_met"]
    # conclusive evidence ships before 100 %: the pooled evidence is what counts
    assert later.action == "ship" and later.winner == "treatment"


def test_at_full_rollout_a_win_ships() -> None:
    _, decision = analyse(look(WIN, **LATE), RULE)
    assert decision.action == "ship" and all(decision.checks.values())


def test_a_null_result_at_full_rollout_waits_and_then_concludes() -> None:
    _, waiting = analyse(look(NULL, **LATE), RULE)
    _, over = analyse(look(NULL, **{**LATE, "hours_running": 28 * 24.0}), RULE)
    assert waiting.action == "continue" and "statistically_significant" in waiting.reasons[0]
    assert over.action == "conclude"


def test_srm_blocks_advancing_and_shipping() -> None:
    split = {"counts": {"control": 4000, "treatment": 3500}}
    _, ramp = analyse(look(NULL, **split), RULE)
    _, ship = analyse(look(WIN, **LATE, **split), RULE)
    assert ramp.action == ship.action == "hold" and not ramp.checks["srm_clean"]


def test_primary_harm_rolls_back_even_under_srm() -> None:
    arms = {"control": rate(4000, 0.14), "treatment": rate(4000, 0.10)}
    _, decision = analyse(look(arms, counts={"control": 4000, "treatment": 3500}), RULE)
    assert decision.action == "rollback"
    assert decision.harms[0]["metric"] == "interview_rate"


@pytest.mark.parametrize("stage", [10, 50, 100])
def test_a_harmed_guardrail_rolls_back_a_winner_at_any_stage(stage: int) -> None:
    guard = {"control": mean(4000, 14.0), "treatment": mean(4000, 15.5)}
    _, decision = analyse(look(WIN, stage=stage, guardrails=[(GUARD, guard)]), RULE)
    assert decision.action == "rollback"
    assert decision.harms[0]["role"] == "guardrail"


def test_harm_tests_are_one_sided_at_their_share_of_the_budget() -> None:
    analyses, _ = analyse(look(NULL), RULE)
    guard = analyses[1]
    # two metrics share harm_alpha = 0.05; each one-sided test is the harmful half of a
    # two-sided CS at twice its share
    assert guard.decision_alpha == pytest.approx(2 * RULE.harm_alpha / 2)
    t = guard.treatments[0]
    width = cs_half_width(
        t.comparison.absolute.se,
        t.comparison.control.n + t.comparison.treatment.n,
        alpha=0.05,
        tuning=RULE.sequential_tuning,
    )
    assert t.decision_ci[1] - t.comparison.absolute.estimate == pytest.approx(float(width))


def test_a_small_lift_is_not_meaningful() -> None:
    arms = {"control": rate(2_000_000, 0.100), "treatment": rate(2_000_000, 0.103)}
    rule = DecisionRule(min_relative_effect=0.05)
    _, decision = analyse(look(arms, **LATE), rule)
    assert decision.checks["ci_lower_above_zero"] and not decision.checks["meaningful_effect"]
    assert decision.action == "continue"


def test_too_few_users_never_decide() -> None:
    arms = {"control": rate(60, 0.05), "treatment": rate(60, 0.60)}
    _, decision = analyse(look(arms, **LATE), RULE)
    assert decision.action == "continue" and not decision.checks["sufficient_sample"]


def test_two_winning_treatments_are_not_a_clear_winner() -> None:
    arms = {"control": rate(4000, 0.10), "a": rate(4000, 0.14), "b": rate(4000, 0.145)}
    analyses, decision = analyse(look(arms, **LATE), RULE)
    assert decision.action == "continue" and not decision.checks["clear_winner"]
    assert analyses[0].correction == "holm" and len(analyses[0].treatments) == 2


def test_with_several_treatments_the_one_clear_winner_is_chosen() -> None:
    arms = {"control": rate(4000, 0.10), "a": rate(4000, 0.10), "b": rate(4000, 0.145)}
    _, decision = analyse(look(arms, **LATE), RULE)
    assert decision.action == "ship" and decision.winner == "b"


def test_lower_is_better_primaries_win_downwards() -> None:
    primary = MetricSpec("days_to_response", "mean", higher_is_better=False)
    arms = {"control": mean(3000, 14.0), "treatment": mean(3000, 12.0)}
    _, decision = analyse(look(arms, primary=primary, guardrails=[], **LATE), RULE)
    assert decision.action == "ship"


def test_the_maximum_duration_concludes_without_a_decision() -> None:
    # even below 100 %: the time is over, nothing ramps any more
    _, decision = analyse(look(NULL, hours_running=28 * 24.0), RULE)
    assert decision.action == "conclude"


@pytest.mark.parametrize("bad", [{"alpha": 0}, {"correction": "bonferroni-ish"}, {"nope": 1}])
def test_invalid_rules_are_refused(bad: dict) -> None:
    with pytest.raises((ValueError, TypeError)):
        DecisionRule.from_dict(bad)
