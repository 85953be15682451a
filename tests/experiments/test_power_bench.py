"""The power benchmark (bench/experiments_power.py): its fast path is the production rule.

The lockstep path evaluates the rule on arrays of runs; here it must take the action that
:func:`experiments.stats.analyse` takes on the same looks, and a small run of the benchmark
must behave (the 500-run figures come from the script, run by hand).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from experiments.stats import DecisionRule, Look, SampleStats, analyse

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import experiments_power as bench

RULE = DecisionRule()


def _random_look(rng: np.random.Generator) -> dict:
    n = rng.integers(0, 6000, 2)
    if rng.random() < 0.2:  # a broken split now and then
        n[1] = int(n[1] * rng.uniform(0.8, 0.95))
    base = rng.choice([0.0, 0.02, 0.1, 0.3])
    rates = [base, base * rng.choice([0.6, 0.9, 1.0, 1.1, 1.5])]
    interviews = [float(rng.binomial(k, min(p, 1.0))) for k, p in zip(n, rates, strict=True)]
    answered = [int(rng.integers(0, k + 1)) for k in n]
    days = []
    for k, shift in zip(answered, (0.0, rng.choice([0.0, 0.0, 0.6])), strict=True):
        d = 4 * np.exp(0.6 * rng.standard_normal(k)) + shift
        days.append((float(d.sum()), float(d @ d)))
    return {
        "n": n,
        "interviews": interviews,
        "answered": answered,
        "days": days,
        "stage": int(rng.choice([10, 50, 100])),
        "hours_at_stage": float(rng.choice([5.0, 30.0, 200.0])),
        "hours_running": float(rng.choice([30.0, 100.0, 200.0, 672.0])),
    }


def _production_action(case: dict) -> str:
    arms = ("control", "treatment")
    look = Look(
        control="control",
        weights=dict.fromkeys(arms, 0.5),
        counts={a: int(case["n"][i]) for i, a in enumerate(arms)},
        primary=bench.PRIMARY,
        primary_arms={
            a: SampleStats(int(case["n"][i]), case["interviews"][i], case["interviews"][i])
            for i, a in enumerate(arms)
        },
        guardrails=[
            (
                bench.GUARDRAIL,
                {a: SampleStats(case["answered"][i], *case["days"][i]) for i, a in enumerate(arms)},
            )
        ],
        stage=case["stage"],
        hours_at_stage=case["hours_at_stage"],
        hours_running=case["hours_running"],
        max_hours=672.0,
    )
    return analyse(look, RULE)[1].action


def _lockstep_actions(cases: list[dict]) -> list[str]:
    def column(get) -> np.ndarray:
        return np.array([get(c) for c in cases], float)

    primary = tuple(
        bench.ArmArrays(
            column(lambda c, i=i: c["n"][i]),
            column(lambda c, i=i: c["interviews"][i]),
            column(lambda c, i=i: c["interviews"][i]),
        )
        for i in (0, 1)
    )
    guardrail = tuple(
        bench.ArmArrays(
            column(lambda c, i=i: c["answered"][i]),
            column(lambda c, i=i: c["days"][i][0]),
            column(lambda c, i=i: c["days"][i][1]),
        )
        for i in (0, 1)
    )
    actions = bench.decide_arrays(
        primary,
        guardrail,
        (column(lambda c: c["n"][0]), column(lambda c: c["n"][1])),
        column(lambda c: c["stage"]),
        column(lambda c: c["hours_at_stage"]),
        column(lambda c: c["hours_running"]),
        672.0,
        RULE,
    )
    return list(actions)


def test_the_lockstep_rule_takes_the_production_action_on_every_look() -> None:
    rng = np.random.default_rng(7)
    cases = [_random_look(rng) for _ in range(600)]

    expected = [_production_action(c) for c in cases]

    assert _lockstep_actions(cases) == expected
    # the cases exercise every action
    assert set(expected) == {"continue", "advance", "ship", "rollback", "hold", "conclude"}


def test_a_small_benchmark_ships_a_large_lift_and_ramps_an_a_a_test() -> None:
    lift = bench.summarise(bench.run_many(bench.Scenario(0.4, days=14), 24, seed=1))
    null = bench.summarise(bench.run_many(bench.Scenario(0.0, days=5), 24, seed=1))

    assert lift["ship_treatment"] >= 0.8 and lift["median_days_to_ship"] >= 7
    assert null["ship_treatment"] == 0 and null["reached_100"] >= 0.9


def test_the_scalar_path_runs_analyse_on_a_timeline() -> None:
    scenario = bench.Scenario(0.0, users_per_look=150, days=2, look_hours=6)
    outcome = bench.run_once(scenario, seed=3)
    assert outcome.action == "conclude" and outcome.stage == 50


@pytest.mark.parametrize("effect", [0.0, 1.0])
def test_the_two_paths_agree_on_a_short_timeline(effect: float) -> None:
    scenario = bench.Scenario(effect, users_per_look=40, days=10, look_hours=6, window_days=2)
    lockstep = bench.run_lockstep(scenario, [5])[0]
    # the paths draw their randomness differently; both must reach a verdict of the same kind
    scalar = bench.run_once(scenario, seed=5)
    assert lockstep.stage == scalar.stage == 100
    assert (lockstep.action == "ship") == (scalar.action == "ship") == (effect > 0)
