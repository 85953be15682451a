"""Strategy modes, tailoring and timing through the nightly's causal steps, over many worlds.

The simulator gives none of them an effect (see ``learning.simulation.model``). Each world
(``generate_world``, seed = replication number, 150 candidates, 6 months) goes through the
nightly's own frames and steps (no database):

* tailoring: the AIPW interval covers 0, and the effect is not established;
* strategy modes: never established (the rule's own input leaves no overlap);
* timing: the fixed-effects estimate for the naive best day is not refuted and no day is
  claimed;
* a planted tailoring effect (each tailored application turned into an interview with
  probability 0.3, i.e. an average effect of 0.3 * (1 - mean y)): established, and its interval
  covers it.

    python bench/causal_choices.py --replications 40     # the README figures
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")

import django

django.setup()

from learning.analytics.frames import frames_from_events  # noqa: E402
from learning.services.analysis_steps import (  # noqa: E402
    analysis_data_from_frames,
    step_strategy_choices,
    step_timing,
)
from learning.simulation.events import world_events  # noqa: E402
from learning.simulation.world import WorldConfig, generate_world  # noqa: E402
from recruitly.eventlog.schemas import SCHEMAS  # noqa: E402

FAMILY = {name: schema.family for name, schema in SCHEMAS.items()}
LIFT = 0.3


def replicate(seed: int, candidates: int) -> dict[str, float | bool]:
    world = generate_world(
        WorldConfig(candidates=candidates, jobs=2 * candidates, months=6, seed=seed,
                    end_date=date(2026, 11, 1))
    )  # fmt: skip
    frames = frames_from_events(world_events(world), FAMILY)
    data = analysis_data_from_frames(frames, window_start=world.start, window_end=world.end)
    start = time.perf_counter()
    summary, findings = step_strategy_choices(data)
    seconds = time.perf_counter() - start
    tailoring = next(f for f in findings if f.component == "tailoring")
    causal = tailoring.evidence["causal"]
    modes = [v for k, v in summary.items() if k.startswith("mode:")]
    timing_summary, _ = step_timing(data)
    mature = data.mature.copy()
    tailored = mature["tailoring_applied"].astype(bool).to_numpy()
    y = mature["interviewed"].to_numpy(bool)
    flip = tailored & (np.random.default_rng(seed).random(len(mature)) < LIFT)
    mature["interviewed"] = (y | flip).astype(mature["interviewed"].dtype)
    truth = LIFT * (1 - y.mean())
    planted_summary, planted = step_strategy_choices(replace(data, mature=mature))
    low, high = next(f for f in planted if f.component == "tailoring").evidence[
        "confidence_interval"
    ]
    return {
        "tailoring_covers_zero": causal["ci_low"] <= 0 <= causal["ci_high"],
        "tailoring_established": bool(summary["tailoring_applied"]["established"]),
        "tailoring_refuted": bool(summary["tailoring_applied"]["refuted"]),
        "modes_established": any(m["established"] for m in modes),
        "timing_claimed": timing_summary.get("best_day") is not None,
        "timing_refuted": bool(timing_summary.get("refuted")),
        "planted_established": bool(planted_summary["tailoring_applied"]["established"]),
        "planted_covers": low <= truth <= high,
        "applications": len(data.mature),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replications", type=int, default=40)
    parser.add_argument("--candidates", type=int, default=150)
    args = parser.parse_args()
    start = time.perf_counter()
    results = [replicate(s, args.candidates) for s in range(1, args.replications + 1)]
    n = len(results)

    def count(key: str) -> str:
        k = sum(bool(r[key]) for r in results)
        return f"{k}/{n} = {k / n:.1%}"

    print(f"replications: {n} worlds of {args.candidates} candidates, 6 months")
    print(f"tailoring AIPW CI covers 0:            {count('tailoring_covers_zero')}")
    print(f"tailoring established (false claim):   {count('tailoring_established')}")
    print(f"tailoring refuted:                     {count('tailoring_refuted')}")
    print(f"a strategy mode established (false):   {count('modes_established')}")
    print(f"a weekday claimed (false):             {count('timing_claimed')}")
    print(f"timing estimate refuted:               {count('timing_refuted')}")
    print(f"planted tailoring effect established:  {count('planted_established')}")
    print(f"planted effect inside the interval:    {count('planted_covers')}")
    print(
        f"mature applications per world (mean): {np.mean([r['applications'] for r in results]):.0f}"
    )
    print(f"strategy-choices step (mean seconds): {np.mean([r['seconds'] for r in results]):.1f}")
    print(f"elapsed: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
