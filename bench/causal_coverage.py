"""Coverage of the causal engine on the simulator's truth, over many simulated worlds.

Each replication draws a world (``generate_world``, seed = replication number) and, on its
applications old enough to have an outcome, estimates:

* the ``added_metrics`` edit by 2SLS with the randomised suggestion as instrument (the
  nightly's decision design), clustered by candidate; the truth is the world's Wald
  estimand (the average effect on the applications the suggestion moves);
* the weekday the strong candidates prefer, by user fixed effects (the nightly's timing
  design); the truth is zero;
* with the latent quality the simulator knows (and the platform never records) as a covariate,
  matching and AIPW on the same edit, to check that IV, matching and AIPW agree within their
  intervals when the confounder is observed.

    python bench/causal_coverage.py --replications 200          # the README figures
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.causal.data import from_arrays
from learning.causal.engine import estimate_effect
from learning.causal.regression import PartialledControls
from learning.simulation import model
from learning.simulation.tables import applications_frame
from learning.simulation.truth import truth_document
from learning.simulation.world import WorldConfig, generate_world

COMPONENTS = list(model.FIT_COMPONENTS)


def replicate(seed: int, candidates: int, oracle: bool) -> dict[str, float | bool]:
    world = generate_world(
        WorldConfig(candidates=candidates, jobs=2 * candidates, months=6, seed=seed,
                    end_date=date(2026, 11, 1))
    )  # fmt: skip
    frame = applications_frame(world)
    truth = truth_document(world)["resume_edit_effects"]["added_metrics"]["wald_estimand"]
    rows = frame[frame["mature"]].reset_index(drop=True)
    y = rows["interviewed"].to_numpy(float)
    users = rows["candidate"].to_numpy()
    observed = np.column_stack([rows[COMPONENTS].to_numpy(float) / 100, rows["base_score"] / 100])
    names = (*COMPONENTS, "base_score")
    d = rows["has_metrics"].to_numpy(float)
    iv_data = from_arrays(y, d, observed, names, z=rows["suggested"].to_numpy(float), groups=users)
    iv = estimate_effect(iv_data, method="iv", refute=False)
    tuesday = (rows["weekday"] == model.PREFERRED_WEEKDAY).to_numpy()
    controls = np.column_stack([observed[:, :-1], d])
    weekday = PartialledControls.of(y, controls, users).effect(tuesday, "fixed effects")
    out: dict[str, float | bool] = {
        "iv_covers": iv.ci_low <= truth <= iv.ci_high,
        "iv_estimate": iv.estimate,
        "truth": truth,
        "weekday_null": weekday.ci_low <= 0 <= weekday.ci_high,
    }
    if oracle:
        with_quality = np.column_stack([observed, rows["quality"].to_numpy(float)])
        data = from_arrays(y, d, with_quality, (*names, "quality"), groups=users)
        for method in ("psm", "dr"):
            other = estimate_effect(data, method=method, estimand="att", refute=False, draws=50)
            gap = abs(other.estimate - iv.estimate)
            out[f"{method}_agrees"] = gap <= 1.96 * np.hypot(other.se, iv.se)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--oracle-every", type=int, default=10, help="agreement check every N")
    args = parser.parse_args()
    start = time.perf_counter()
    results = [
        replicate(seed, args.candidates, seed % args.oracle_every == 0)
        for seed in range(1, args.replications + 1)
    ]
    n = len(results)
    iv = sum(bool(r["iv_covers"]) for r in results)
    weekday = sum(bool(r["weekday_null"]) for r in results)
    print(f"replications: {n} worlds of {args.candidates} candidates, 6 months")
    print(f"resume edit (2SLS) CI covers the Wald estimand: {iv}/{n} = {iv / n:.1%}")
    print(f"preferred weekday (user FE) CI covers zero:      {weekday}/{n} = {weekday / n:.1%}")
    bias = np.mean([float(r["iv_estimate"]) - float(r["truth"]) for r in results])
    print(f"mean IV estimate minus truth: {bias:+.4f}")
    for method in ("psm", "dr"):
        checked = [r[f"{method}_agrees"] for r in results if f"{method}_agrees" in r]
        if checked:
            print(f"{method} (quality observed) agrees with IV: {sum(checked)}/{len(checked)}")
    print(f"elapsed: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
