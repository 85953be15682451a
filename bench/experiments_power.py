# ruff: noqa: RUF001, RUF002, RUF003 -- the model is written in mathematical notation
"""Power and error rates of the automatic decisions, measured on the production decision path.

    .venv/bin/python bench/experiments_power.py [--runs 500] [--effects 0,0.1,0.2,0.4]
        [--users-per-look 15] [--baseline 0.10] [--days 28] [--look-hours 0.5] [--seed 0]
        [--workers 2]

Each run is one simulated experiment timeline, looked at every 30 minutes like the beat, and
every look is decided by the production rule, :func:`experiments.stats.analyse` with the
production default :class:`~experiments.stats.DecisionRule`, whose actions are carried out:
advance 10 → 50 → 100 %, ship, roll back, hold on SRM, conclude at the maximum duration.

The model of one run (the only thing this script decides):

* **Traffic proportional to the stage** — only the covered share is enrolled: at stage s %
  a look brings Poisson(2 · users_per_look · s/100) new users, each assigned to control or
  treatment with probability ½ (a hash split, so the arms' sizes are random, as in reality).
* **Outcomes arrive late** — an enrolled user applies 1–12 hours after exposure (uniform)
  and the employer answers a lognormal time later (median 4 days, σ = 0.6: 90 % within
  1.5–10.7 days). The answer is an interview with probability ``baseline`` (control) or
  ``baseline · (1 + effect)`` (treatment).
* **Metrics as production computes them** — the primary, ``interview_rate``, is the share
  of enrolled users with an interview *observed by the look* (a pending answer counts as
  none yet); the guardrail, ``days_to_response`` (lower is better, no true effect), is the
  mean days to the answer over users answered by the look.

Reported per true effect: the share of runs that shipped, rolled back (harm), ended with
no decision, reached each stage, and the median (and 90th centile) days to ship.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scipy.special import gammaln

from experiments.stats import STAGES, DecisionRule, Look, MetricSpec, SampleStats, analyse
from experiments.stats.decision import harm_signal, win_checks
from experiments.stats.effects import absolute_moments
from experiments.stats.sequential import cs_half_width, sequential_p_value
from experiments.stats.srm import SRM_ALPHA, SRM_CONCENTRATION

WINDOW_HOURS = 0.5  # the beat's window: traffic is given per window
APPLY_HOURS = (1.0, 12.0)
RESPONSE_MEDIAN_DAYS = 4.0
RESPONSE_SIGMA = 0.6
PRIMARY = MetricSpec("interview_rate", "binomial")
GUARDRAIL = MetricSpec("days_to_response", "mean", higher_is_better=False)
ARMS = ("control", "treatment")


@dataclass(frozen=True)
class Scenario:
    effect: float
    baseline: float = 0.10
    users_per_look: float = 15.0  # per arm, at 100 %
    days: float = 28.0
    look_hours: float = WINDOW_HOURS  # how often the rule is applied
    # Outcome window (days): 0 counts every outcome seen so far for every enrolled user (a
    # user's value matures while they are analysed); W > 0 analyses only users exposed at
    # least W days ago, on their outcomes within W days of exposure (fixed once counted).
    window_days: float = DecisionRule().outcome_window_days  # the production default


@dataclass(frozen=True)
class Outcome:
    action: str  # "ship" | "rollback" | "conclude"
    days: float  # when the run ended
    stage: int  # the last stage reached
    winner: str | None


class _Arm:
    """Enrolled users of one arm: when their answer arrives, whether it is an interview."""

    def __init__(self, capacity: int) -> None:
        self.arrival = np.empty(capacity)
        self.enrolled_at = np.empty(capacity)
        self.interview = np.empty(capacity, bool)
        self.response_days = np.empty(capacity)
        self.n = 0

    def enrol(self, rng: np.random.Generator, count: int, now_h: float, rate: float) -> None:
        if not count:
            return
        if self.n + count > len(self.arrival):  # rare: double the buffers
            for name in ("arrival", "enrolled_at", "interview", "response_days"):
                old = getattr(self, name)
                setattr(self, name, np.resize(old, 2 * len(old) + count))
        apply_h = now_h + rng.uniform(*APPLY_HOURS, count)
        response = RESPONSE_MEDIAN_DAYS * np.exp(RESPONSE_SIGMA * rng.standard_normal(count))
        span = slice(self.n, self.n + count)
        self.arrival[span] = apply_h + 24 * response
        self.enrolled_at[span] = now_h
        self.interview[span] = rng.random(count) < rate
        self.response_days[span] = response
        self.n += count

    def statistics(self, now_h: float, window_h: float) -> tuple[SampleStats, SampleStats]:
        """(interview_rate, days_to_response) sufficient statistics observed at ``now_h``."""
        arrival, analysed = self.arrival[: self.n], self.n
        arrived = arrival <= now_h
        if window_h:
            mature = self.enrolled_at[: self.n] <= now_h - window_h
            arrived = mature & (arrival <= self.enrolled_at[: self.n] + window_h)
            analysed = int(np.count_nonzero(mature))
        interviews = float(np.count_nonzero(arrived & self.interview[: self.n]))
        days = self.response_days[: self.n][arrived]
        return (
            SampleStats(analysed, interviews, interviews),
            SampleStats(len(days), float(days.sum()), float(days @ days)),
        )


def run_once(scenario: Scenario, seed: int, rule: DecisionRule | None = None) -> Outcome:
    """One experiment timeline decided look by look by the production rule."""
    rule = rule or DecisionRule(outcome_window_days=scenario.window_days)
    rng = np.random.default_rng(seed)
    rates = {"control": scenario.baseline, "treatment": scenario.baseline * (1 + scenario.effect)}
    stage, stage_since, max_hours = STAGES[0], 0.0, scenario.days * 24
    looks = math.ceil(max_hours / scenario.look_hours)
    per_window = scenario.look_hours / WINDOW_HOURS  # traffic is per 30-minute window
    arms = {key: _Arm(int(scenario.users_per_look * per_window * looks * 1.2) + 64) for key in ARMS}
    for i in range(1, looks + 1):
        now_h = i * scenario.look_hours
        new = rng.poisson(2 * scenario.users_per_look * per_window * stage / 100)
        treated = int(rng.binomial(new, 0.5))
        arms["control"].enrol(rng, new - treated, now_h, rates["control"])
        arms["treatment"].enrol(rng, treated, now_h, rates["treatment"])
        stats = {key: arm.statistics(now_h, 24 * scenario.window_days) for key, arm in arms.items()}
        look = Look(
            control="control",
            weights=dict.fromkeys(ARMS, 0.5),
            counts={key: arm.n for key, arm in arms.items()},
            primary=PRIMARY,
            primary_arms={key: s[0] for key, s in stats.items()},
            guardrails=[(GUARDRAIL, {key: s[1] for key, s in stats.items()})],
            stage=stage,
            hours_at_stage=now_h - stage_since,
            hours_running=now_h,
            max_hours=max_hours,
        )
        _, decision = analyse(look, rule)
        if decision.action == "advance" and decision.next_stage is not None:
            stage, stage_since = decision.next_stage, now_h
        elif decision.action in ("ship", "rollback", "conclude"):
            return Outcome(decision.action, now_h / 24, stage, decision.winner)
    return Outcome("conclude", max_hours / 24, stage, None)


# --- the same rule on arrays of runs ------------------------------------------------------
# analyse() costs a few milliseconds a look; 500 runs × 1,344 looks × 4 effects would take
# hours. The lockstep path below evaluates the rule's own vectorisable pieces (the functions
# decide() and compare() call: absolute_moments, cs_half_width, sequential_p_value,
# harm_signal, win_checks, the SRM Bayes factor) on arrays of runs, composed as decide()
# composes them for one treatment and one guardrail. tests/experiments/test_power_bench.py
# checks that it takes analyse()'s action on thousands of random looks.
@dataclass(frozen=True)
class ArmArrays:
    """Per-run sufficient statistics of one arm of one metric (arrays of equal length)."""

    n: np.ndarray
    sum: np.ndarray
    sum_squares: np.ndarray


def _inference(
    control: ArmArrays, treatment: ArmArrays, *, binomial: bool, alpha: float, rule: DecisionRule
) -> dict[str, np.ndarray]:
    nc, nt = control.n.astype(float), treatment.n.astype(float)
    with np.errstate(all="ignore"):
        mc, mt = control.sum / nc, treatment.sum / nt
        if binomial:
            vc, vt = mc * (1 - mc), mt * (1 - mt)
        else:
            vc = np.where(
                nc > 1, np.maximum((control.sum_squares - control.sum * mc) / (nc - 1), 0), 0
            )
            vt = np.where(
                nt > 1, np.maximum((treatment.sum_squares - treatment.sum * mt) / (nt - 1), 0), 0
            )
        estimate, variance = absolute_moments(mc, vc, nc, mt, vt, nt)
        se = np.sqrt(variance)
        total = nc + nt
        defined = (nc >= 2) & (nt >= 2) & (vc > 0) & (vt > 0) & np.isfinite(estimate) & (se > 0)
        z = estimate / se
        seq_p = sequential_p_value(z, total, alpha=rule.alpha, tuning=rule.sequential_tuning)
        width = cs_half_width(se, total, alpha=alpha, tuning=rule.sequential_tuning)
        relative = np.where(mc != 0, (mt - mc) / mc, np.nan)
    return {
        "low": np.where(defined, estimate - width, np.nan),
        "high": np.where(defined, estimate + width, np.nan),
        "seq_p": np.where(defined, seq_p, 1.0),
        "relative": np.where(defined, relative, np.nan),
        "n_min": np.minimum(nc, nt),
    }


def srm_p_arrays(counts_c: np.ndarray, counts_t: np.ndarray) -> np.ndarray:
    """:func:`experiments.stats.srm.srm_sequential` for a 50/50 split, on arrays."""
    observed = np.stack([counts_c, counts_t], axis=-1).astype(float)
    prior = SRM_CONCENTRATION * 0.5
    log_bf = (
        gammaln(SRM_CONCENTRATION)
        - gammaln(SRM_CONCENTRATION + observed.sum(-1))
        + (gammaln(prior + observed) - gammaln(prior)).sum(-1)
        - observed.sum(-1) * math.log(0.5)
    )
    return np.minimum(1.0, np.exp(-log_bf))


def decide_arrays(
    primary: tuple[ArmArrays, ArmArrays],
    guardrail: tuple[ArmArrays, ArmArrays],
    counts: tuple[np.ndarray, np.ndarray],
    stage: np.ndarray,
    hours_at_stage: np.ndarray,
    hours_running: np.ndarray,
    max_hours: float,
    rule: DecisionRule,
) -> np.ndarray:
    """decide()'s action per run (one treatment, one lower-is-better guardrail)."""
    one_sided = min(2 * rule.harm_alpha / 2, 0.5)  # harm share: 2 metrics × 1 treatment
    win = _inference(*primary, binomial=True, alpha=rule.alpha, rule=rule)
    harm_p = _inference(*primary, binomial=True, alpha=one_sided, rule=rule)
    harm_g = _inference(*guardrail, binomial=False, alpha=one_sided, rule=rule)
    min_n = rule.min_users_per_arm
    harmed = harm_signal(
        harm_p["low"], harm_p["high"], harm_p["n_min"], higher_is_better=True, min_n=min_n
    ) | harm_signal(
        harm_g["low"], harm_g["high"], harm_g["n_min"], higher_is_better=False, min_n=min_n
    )
    checks = win_checks(
        win["low"],
        win["high"],
        win["seq_p"],
        win["relative"],
        win["n_min"],
        higher_is_better=True,
        rule=rule,
    )
    winner = np.logical_and.reduce(list(checks.values()))
    srm_clean = srm_p_arrays(*counts) >= SRM_ALPHA
    stage_held = hours_at_stage >= rule.stage_hold_hours
    ship = winner & stage_held & (hours_running >= rule.full_cycle_hours)
    advance = (
        (stage < 100) & stage_held & (np.minimum(*counts) >= min_n) & (hours_running < max_hours)
    )
    action = np.full(len(stage), "continue", dtype=object)
    action[hours_running >= max_hours] = "conclude"
    action[advance] = "advance"
    action[ship] = "ship"
    action[~srm_clean] = "hold"
    action[harmed] = "rollback"
    return action


def run_lockstep(
    scenario: Scenario, seeds: Sequence[int], rule: DecisionRule | None = None
) -> list[Outcome]:
    """Many timelines at once, decided look by look by :func:`decide_arrays`."""
    rule = rule or DecisionRule(outcome_window_days=scenario.window_days)
    runs = len(seeds)
    rng = np.random.default_rng(list(seeds))
    rates = (scenario.baseline, scenario.baseline * (1 + scenario.effect))
    max_hours = scenario.days * 24
    looks = math.ceil(max_hours / scenario.look_hours)
    per_window = scenario.look_hours / WINDOW_HOURS
    # answers still to come, by the look at which they arrive (looks + 1: after the end)
    # arm × (interviews, answers, Σdays, Σdays², analysed users)
    pending = np.zeros((2, 5, runs, looks + 2))
    seen = np.zeros((2, 5, runs))
    window_h = 24 * scenario.window_days
    enrolled = np.zeros((2, runs), int)
    stage = np.full(runs, STAGES[0])
    since = np.zeros(runs)
    result: list[Outcome | None] = [None] * runs
    live = np.ones(runs, bool)
    for i in range(1, looks + 1):
        now_h = i * scenario.look_hours
        new = rng.poisson(2 * scenario.users_per_look * per_window * stage / 100) * live
        treated = rng.binomial(new, 0.5)
        for arm, count in enumerate((new - treated, treated)):
            total = int(count.sum())
            who = np.repeat(np.arange(runs), count)
            response = RESPONSE_MEDIAN_DAYS * np.exp(RESPONSE_SIGMA * rng.standard_normal(total))
            arrival = now_h + rng.uniform(*APPLY_HOURS, total) + 24 * response
            interview = (rng.random(total) < rates[arm]).astype(float)
            counted = np.ones(total)
            if window_h:  # seen when the user's window closes, if it arrived within it
                counted = (arrival <= now_h + window_h).astype(float)
                arrival = np.full(total, now_h + window_h)
            at = np.minimum(np.ceil(arrival / scenario.look_hours - 1e-9).astype(int), looks + 1)
            values = (interview * counted, counted, response * counted, response**2 * counted)
            for k, value in enumerate(values):
                np.add.at(pending[arm, k], (who, at), value)
            if window_h:
                np.add.at(pending[arm, 4], (who, at), 1.0)
            enrolled[arm] += count
        seen += pending[:, :, :, i]
        arrays = [
            [
                ArmArrays(seen[a, 4] if window_h else enrolled[a], seen[a, 0], seen[a, 0])
                for a in (0, 1)
            ],
            [ArmArrays(seen[a, 1], seen[a, 2], seen[a, 3]) for a in (0, 1)],
        ]
        action = decide_arrays(
            (arrays[0][0], arrays[0][1]),
            (arrays[1][0], arrays[1][1]),
            (enrolled[0], enrolled[1]),
            stage,
            now_h - since,
            np.full(runs, now_h),
            max_hours,
            rule,
        )
        for r in np.flatnonzero(live & np.isin(action, ("ship", "rollback", "conclude"))):
            winner = "treatment" if action[r] == "ship" else None
            result[r] = Outcome(str(action[r]), now_h / 24, int(stage[r]), winner)
            live[r] = False
        step = live & (action == "advance")
        stage[step] = np.where(stage[step] == STAGES[0], STAGES[1], STAGES[2])
        since[step] = now_h
        if not live.any():
            break
    return [
        o or Outcome("conclude", max_hours / 24, int(stage[r]), None) for r, o in enumerate(result)
    ]


def _run_batch(args: tuple[Scenario, Sequence[int], bool]) -> list[Outcome]:
    scenario, seeds, scalar = args
    if scalar:
        return [run_once(scenario, seed) for seed in seeds]
    return run_lockstep(scenario, seeds)


def run_many(
    scenario: Scenario, runs: int, seed: int, workers: int = 1, *, scalar: bool = False
) -> list[Outcome]:
    """``runs`` timelines from ``seed``: the same inputs give the same figures.

    ``scalar`` runs every look through :func:`analyse` itself (slow); otherwise the
    lockstep path evaluates the same rule on arrays of runs.
    """
    seeds = list(range(seed, seed + runs))
    if workers <= 1:
        return _run_batch((scenario, seeds, scalar))
    chunks = [(scenario, seeds[i::workers], scalar) for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        return [o for batch in pool.map(_run_batch, chunks) for o in batch]


def summarise(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Rates of each automatic action and the time to ship."""
    n = len(outcomes)
    shipped = [o.days for o in outcomes if o.action == "ship" and o.winner == "treatment"]
    return {
        "runs": n,
        "ship_treatment": len(shipped) / n,
        "ship_control": sum(o.action == "ship" and o.winner != "treatment" for o in outcomes) / n,
        "rollback": sum(o.action == "rollback" for o in outcomes) / n,
        "no_decision": sum(o.action == "conclude" for o in outcomes) / n,
        "reached_100": sum(o.stage == 100 for o in outcomes) / n,
        "median_days_to_ship": float(np.median(shipped)) if shipped else math.nan,
        "p90_days_to_ship": float(np.quantile(shipped, 0.9)) if shipped else math.nan,
    }


def _wilson_high(rate: float, n: int, z: float = 1.96) -> float:
    centre = rate + z * z / (2 * n)
    spread = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    return (centre + spread) / (1 + z * z / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--effects", default="0,0.1,0.2,0.4")
    parser.add_argument("--users-per-look", type=float, default=15.0)
    parser.add_argument("--baseline", type=float, default=0.10)
    parser.add_argument("--days", type=float, default=28.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--look-hours",
        type=float,
        default=WINDOW_HOURS,
        help="hours between looks (0.5 = the beat; traffic stays per 30 minutes)",
    )
    parser.add_argument(
        "--window-days",
        type=float,
        default=DecisionRule().outcome_window_days,
        help="outcome window: analyse users exposed ≥ W days ago on their first W days (0: all)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--scalar", action="store_true", help="call analyse() at every look (slow; a check)"
    )
    args = parser.parse_args()
    print(
        f"{args.runs} runs per effect; {args.users_per_look:g} users per arm per 30-minute look "
        f"at 100 % (proportional to the stage); baseline {args.baseline:.0%}; {args.days:g} "
        f"days; a look every {args.look_hours:g} h; outcomes after 1–12 h + "
        f"lognormal(median {RESPONSE_MEDIAN_DAYS:g} d); production DecisionRule() with a "
        f"{args.window_days:g}-day outcome window"
    )
    header = "effect  ship   (95% hi)  rollback (95% hi)  none   at100   days to ship (median/p90)"
    print(header)
    for effect in (float(e) for e in args.effects.split(",")):
        started = time.perf_counter()
        scenario = Scenario(effect, args.baseline, args.users_per_look, args.days, args.look_hours)
        s = summarise(run_many(scenario, args.runs, args.seed, args.workers, scalar=args.scalar))
        n = int(s["runs"])
        print(
            f"{effect:+6.0%}  {s['ship_treatment']:5.1%} "
            f"({_wilson_high(s['ship_treatment'], n):5.1%})"
            f"  {s['rollback']:5.1%}   ({_wilson_high(s['rollback'], n):5.1%})"
            f"   {s['no_decision']:5.1%}  {s['reached_100']:5.1%}"
            f"  {s['median_days_to_ship']:5.1f} / {s['p90_days_to_ship']:4.1f}"
            f"   [{time.perf_counter() - started:.0f} s]",
            flush=True,
        )


if __name__ == "__main__":
    main()
