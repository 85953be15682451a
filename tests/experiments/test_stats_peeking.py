"""A/A peeking simulation: every automatic decision path keeps its error rate under monitoring.

Each simulated experiment is looked at every 30 minutes for 28 days (1,344 looks, 5 new
users per arm per look, 6,720 per arm at the end), exactly like the beat analysis. A path
"fires" in a run if it would act at any look. The rule's own predicates
(:mod:`experiments.stats.decision`) are evaluated on arrays of looks, and a scalar run of
:func:`experiments.stats.analyse` on a sample of looks checks that the arrays mean the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats as sps

from experiments.stats import DecisionRule, Look, MetricSpec, SampleStats, analyse
from experiments.stats.decision import harm_signal, win_signal
from experiments.stats.effects import absolute_moments, inference, relative_moments, welch_dof

LOOKS = 28 * 48
PER_LOOK = 5
SIMS = 600
BASE_RATE = 0.10
GUARD_MEAN, GUARD_SD = 14.0, 6.0  # days to response
RULE = DecisionRule()
PRIMARY = MetricSpec("interview_rate", "binomial", higher_is_better=True)
GUARDRAIL = MetricSpec("days_to_response", "mean", higher_is_better=False)
HARM_ALPHA = RULE.harm_alpha / 2  # one treatment, primary + one guardrail


@dataclass
class Arm:
    n: np.ndarray
    sum: np.ndarray
    sum_squares: np.ndarray


def binomial_arm(rng: np.random.Generator, sims: int, rate: float) -> Arm:
    successes = np.cumsum(rng.binomial(PER_LOOK, rate, (sims, LOOKS)), axis=1).astype(float)
    n = np.broadcast_to(np.arange(1, LOOKS + 1) * PER_LOOK, (sims, LOOKS)).astype(float)
    return Arm(n, successes, successes)


def normal_arm(rng: np.random.Generator, sims: int, mean: float) -> Arm:
    # Sums and sums of squares of PER_LOOK normal draws, drawn exactly: the batch mean is
    # N(mean, sd^2/k) and the within-batch sum of squares sd^2 chi2(k - 1), independently.
    batch_mean = rng.normal(mean, GUARD_SD / np.sqrt(PER_LOOK), (sims, LOOKS))
    within = GUARD_SD**2 * rng.chisquare(PER_LOOK - 1, (sims, LOOKS))
    n = np.broadcast_to(np.arange(1, LOOKS + 1) * PER_LOOK, (sims, LOOKS)).astype(float)
    return Arm(
        n,
        np.cumsum(PER_LOOK * batch_mean, axis=1),
        np.cumsum(within + PER_LOOK * batch_mean**2, axis=1),
    )


def effects(control: Arm, treatment: Arm, *, binomial: bool, alpha: float) -> dict:
    def moments(arm: Arm) -> tuple[np.ndarray, np.ndarray]:
        mean = arm.sum / arm.n
        if binomial:
            return mean, mean * (1 - mean)
        return mean, (arm.sum_squares - arm.sum**2 / arm.n) / (arm.n - 1)

    (mc, vc), (mt, vt) = moments(control), moments(treatment)
    dof = welch_dof(vc, control.n, vt, treatment.n)
    est, var = absolute_moments(mc, vc, control.n, mt, vt, treatment.n)
    total = control.n + treatment.n
    out = inference(est, var, dof, total, alpha=alpha, tuning=RULE.sequential_tuning)
    out["relative"] = relative_moments(mc, vc, control.n, mt, vt, treatment.n)[0]
    out["n_min"] = np.minimum(control.n, treatment.n)
    return out


def fired_paths(lift: float, seed: int, sims: int = SIMS) -> dict[str, np.ndarray]:
    """Per run, whether each path would have acted at some look."""
    rng = np.random.default_rng(seed)
    primary = [binomial_arm(rng, sims, BASE_RATE), binomial_arm(rng, sims, BASE_RATE * (1 + lift))]
    guard = [normal_arm(rng, sims, GUARD_MEAN), normal_arm(rng, sims, GUARD_MEAN)]
    win_fx = effects(*primary, binomial=True, alpha=RULE.alpha)
    harm_fx = effects(*primary, binomial=True, alpha=HARM_ALPHA)
    guard_fx = effects(*guard, binomial=False, alpha=HARM_ALPHA)
    with np.errstate(invalid="ignore"):
        win = win_signal(
            win_fx["sequential_ci_low"],
            win_fx["sequential_ci_high"],
            win_fx["sequential_p_value"],
            win_fx["relative"],
            win_fx["n_min"],
            higher_is_better=True,
            rule=RULE,
        )
        primary_harm = harm_signal(
            harm_fx["sequential_ci_low"],
            harm_fx["sequential_ci_high"],
            harm_fx["n_min"],
            higher_is_better=True,
            min_n=RULE.min_users_per_arm,
        )
        guard_harm = harm_signal(
            guard_fx["sequential_ci_low"],
            guard_fx["sequential_ci_high"],
            guard_fx["n_min"],
            higher_is_better=False,
            min_n=RULE.min_users_per_arm,
        )
    hold_looks = int(RULE.stage_hold_hours * 2)
    return {
        "win_signal": win.any(axis=1),
        # advancing 10 → 50 % needs the win after a day's hold; shipping needs more (a subset)
        "advance": win[:, hold_looks:].any(axis=1),
        "rollback_primary": primary_harm.any(axis=1),
        "rollback_guardrail": guard_harm.any(axis=1),
        "rollback_any": (primary_harm | guard_harm).any(axis=1),
        "naive_p_below_0.05": (win_fx["p_value"] < 0.05).any(axis=1),
        "first_win_look": np.where(win.any(axis=1), win.argmax(axis=1), LOOKS),
    }


@pytest.fixture(scope="module")
def aa_runs() -> dict[str, np.ndarray]:
    return fired_paths(lift=0.0, seed=20261122)


@pytest.mark.parametrize(
    "path", ["win_signal", "advance", "rollback_primary", "rollback_guardrail", "rollback_any"]
)
def test_a_a_false_positive_rate_of_every_automatic_path_is_at_most_5_percent(
    aa_runs: dict[str, np.ndarray], path: str
) -> None:
    rate = aa_runs[path].mean()
    # One-sided 95 % upper bound of the binomial estimate must itself stay under 5 %.
    upper = sps.beta.ppf(0.95, aa_runs[path].sum() + 1, SIMS - aa_runs[path].sum())
    assert rate <= 0.05
    assert upper <= 0.05, f"{path}: {rate:.3f} (upper {upper:.3f})"


def test_the_simulation_has_teeth_a_fixed_horizon_test_at_every_look_fires_far_too_often(
    aa_runs: dict[str, np.ndarray],
) -> None:
    assert aa_runs["naive_p_below_0.05"].mean() > 0.3


def test_a_true_twenty_percent_lift_is_found_early() -> None:
    runs = fired_paths(lift=0.20, seed=7, sims=300)
    assert runs["win_signal"].mean() > 0.7
    median_day = np.median(runs["first_win_look"][runs["win_signal"]]) / 48
    assert median_day < 0.6 * 28
    assert runs["rollback_primary"].mean() == 0


def test_the_vectorised_paths_are_the_rule_itself() -> None:
    # given a few A/B runs and the scalar rule evaluated on their looks every 12 hours
    rng = np.random.default_rng(99)
    sims, stride = 6, 24
    primary = [binomial_arm(rng, sims, BASE_RATE), binomial_arm(rng, sims, BASE_RATE * 1.3)]
    guard = [normal_arm(rng, sims, GUARD_MEAN), normal_arm(rng, sims, GUARD_MEAN * 1.15)]
    win_fx = effects(*primary, binomial=True, alpha=RULE.alpha)
    for s in range(sims):
        for look in range(stride - 1, LOOKS, stride):
            stats = [
                SampleStats(int(a.n[s, look]), float(a.sum[s, look]), float(a.sum_squares[s, look]))
                for a in primary
            ]
            g_stats = [
                SampleStats(int(a.n[s, look]), float(a.sum[s, look]), float(a.sum_squares[s, look]))
                for a in guard
            ]
            hours = (look + 1) / 2
            # when
            _, decision = analyse(
                Look(
                    control="control",
                    weights={"control": 0.5, "treatment": 0.5},
                    counts={"control": stats[0].n, "treatment": stats[1].n},
                    primary=PRIMARY,
                    primary_arms={"control": stats[0], "treatment": stats[1]},
                    guardrails=[(GUARDRAIL, {"control": g_stats[0], "treatment": g_stats[1]})],
                    stage=100,
                    hours_at_stage=hours,
                    hours_running=hours,
                    max_hours=10_000,
                ),
                RULE,
            )
            # then the scalar rule's win agrees with the vectorised predicate
            vector_win = bool(
                win_signal(
                    win_fx["sequential_ci_low"][s, look],
                    win_fx["sequential_ci_high"][s, look],
                    win_fx["sequential_p_value"][s, look],
                    win_fx["relative"][s, look],
                    win_fx["n_min"][s, look],
                    higher_is_better=True,
                    rule=RULE,
                )
            )
            if decision.action != "rollback":
                assert (decision.action == "ship") == (vector_win and hours >= 24)
