"""Figures of the prediction engines (seed 002 §5.8, §7.5, §7.6, §12.3) on simulated worlds.

    .venv/bin/python bench/predict_bench.py [--seeds 7 8 9]

No database: the worlds are generated in memory (tests/learning/predict_world.py turns them
into the frames the engines read). Prints, per seed, the interview-likelihood ensemble's
calibration error against its noise floor before and after calibration and its agreement with
the true probabilities; the cold-start Brier scores against the no-personalisation baseline
and the error against the true first-month rates; the Pareto frontier's size; and the time
each took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.predict.coldstart import ColdStartModel, cold_start_evaluate, split_by_join
from learning.predict.ensemble import ensemble_fit
from learning.predict.features import feature_matrix
from learning.predict.pareto import pareto_front, recommend, strategies_evaluate
from tests.learning.predict_world import applications_frame, coldstart_frame, world


def likelihood(seed: int) -> None:
    apps = applications_frame(world(candidates=1200, jobs=2500, months=12, seed=seed))
    apps = apps[apps["resolved"]].reset_index(drop=True)
    clock = time.perf_counter()
    x = feature_matrix(apps, float(apps["resume_score"].median()))
    result = ensemble_fit(
        x, apps["interviewed"].to_numpy(float), apps["user_id"].to_numpy(), resume_fill=70.0
    )
    took = time.perf_counter() - clock
    p = result.ensemble.predict(x).probability
    truth = apps["true_p"].to_numpy()
    b, a = result.before, result.after
    print(
        f"seed {seed} likelihood: {len(apps)} applications, test {a.sample_size}; "
        f"ECE before {b.ece:.4f} (floor {b.noise_floor:.4f}), after {a.ece:.4f} "
        f"(floor {a.noise_floor:.4f}, calibrated {a.calibrated}, "
        f"{result.ensemble.calibrator.method}); "
        f"weights {', '.join(f'{k} {v:.2f}' for k, v in result.weights.items())}; "
        f"corr with truth {np.corrcoef(p, truth)[0, 1]:.3f}, MAE {np.mean(np.abs(p - truth)):.4f} "
        f"vs {np.mean(np.abs(truth.mean() - truth)):.4f} for the mean; {took:.1f} s"
    )


def cold_start(seed: int) -> None:
    frame = coldstart_frame(world(candidates=3000, jobs=5000, months=12, seed=seed))
    frame = frame[frame["n"] > 0].reset_index(drop=True)
    clock = time.perf_counter()
    result = cold_start_evaluate(frame, seed=seed)
    took = time.perf_counter() - clock
    train, test = split_by_join(frame)
    predicted = np.array(
        [p.rate for p in ColdStartModel(train, [q.key for q in result.questions]).predict(test)]
    )
    truth, n = test["true_rate"].to_numpy(), test["n"].to_numpy(float)
    base = train["k"].sum() / train["n"].sum()
    mse_base = float(np.sum(n * (truth - base) ** 2) / n.sum())
    mse_day1 = float(np.sum(n * (truth - predicted) ** 2) / n.sum())
    print(
        f"seed {seed} cold start: {result.test_candidates} later candidates, "
        f"{result.test_applications} first-month applications; Brier baseline "
        f"{result.brier_baseline:.4f}, peers {result.brier_peer:.4f}, day 1 "
        f"{result.brier_day_one:.4f}, improvement {result.improvement:.4f} "
        f"[{result.improvement_ci[0]:.4f}, {result.improvement_ci[1]:.4f}]; MSE against the true "
        f"rates {mse_base:.5f} -> {mse_day1:.5f}; questions "
        f"{[q.key for q in result.questions]}; {took:.1f} s"
    )


def pareto(seed: int) -> None:
    apps = applications_frame(world(candidates=1200, jobs=2500, months=12, seed=seed))
    apps = apps[apps["resolved"]]
    strategies = strategies_evaluate(apps)
    front = pareto_front(strategies)
    best = recommend(front, {"interview_rate": 1.0, "weeks_to_offer": 1.0})
    print(
        f"seed {seed} pareto: {len(strategies)} strategies, {len(front)} on the frontier; "
        f"rate+speed pick: {best}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    args = parser.parse_args()
    for seed in args.seeds:
        likelihood(seed)
        cold_start(seed)
        pareto(seed)


if __name__ == "__main__":
    main()
