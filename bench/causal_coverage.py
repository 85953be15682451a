"""Coverage of the causal engine on the simulator's truth, over many simulated worlds.

Each replication draws a world (``generate_world``, seed = replication number) and, on its
applications old enough to have an outcome (the analysed rows), estimates:

* the ``added_metrics`` edit by 2SLS with the candidate's **randomised arm** as instrument
  (the nightly's decision design), clustered by candidate, against the Wald estimand of the
  analysed rows (:mod:`learning.simulation.causal_truth`);
* the same world under ``--redraws`` fresh randomisations of the arm and fresh interview
  draws (candidates and applications held fixed): the coverage under the design, which needs
  no new world per replication;
* the weekday the strong candidates prefer, by user fixed effects (the nightly's timing
  design); the truth is zero;
* every ``--backdoor-every``-th world, matching and AIPW (ATT) against the world's ATT of
  the analysed rows, with the engine's ``randomised_arm`` check and E-value, on two sets of
  covariates an analyst has: ``recorded`` (the fit components and the first resume's score)
  and ``history`` (those plus each candidate's pre-treatment behaviour from the log,
  :func:`learning.causal.history.pretreatment_history`: how many applications they sent
  before the row and before any metrics edit, the share of those that got an interview, and
  the share sent on the weekday strong candidates prefer). Latent quality, which drives both
  the edit and interviews, is never recorded; the history is a noisy proxy of it.
  ``--sets recorded,quality`` adds the latent quality itself to the recorded covariates
  (``quality``, an oracle no analyst has): the diagnosis of where the bias comes from.

    python bench/causal_coverage.py --replications 200 --redraws 0      # the README figures
    python bench/causal_coverage.py --replications 200 --first 201      # fresh worlds
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import binomtest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.causal.data import from_arrays
from learning.causal.engine import AGREEMENT_DRAWS, estimate_effect, randomised_arm_check
from learning.causal.estimate import e_value, nearest_limit
from learning.causal.history import pretreatment_history
from learning.causal.iv import two_stage_least_squares
from learning.causal.regression import PartialledControls
from learning.simulation import model
from learning.simulation.causal_truth import metrics_potentials, redraw
from learning.simulation.tables import applications_frame
from learning.simulation.world import WorldConfig, generate_world

COMPONENTS = list(model.FIT_COMPONENTS)
COV = "auto"  # the engine's choice: cluster jackknife (CV3) with t(G-1); --cov cluster for CR1
NAMES = (*COMPONENTS, "base_score")
HISTORY = ("prior_rows", "prior_interviewed", "prior_tuesday")
COVARIATE_SETS = ("recorded", "history")
ALL_SETS = (*COVARIATE_SETS, "quality")


def _iv(y: np.ndarray, d: np.ndarray, exog: np.ndarray, z: np.ndarray, users: np.ndarray):
    return two_stage_least_squares(y, d, exog, z, users, cov=COV).effect


def replicate(
    seed: int,
    candidates: int,
    *,
    redraws: int = 0,
    backdoor: bool = False,
    covariate_sets: tuple[str, ...] = COVARIATE_SETS,
    agreement_draws: int = AGREEMENT_DRAWS,
) -> dict[str, Any]:
    world = generate_world(
        WorldConfig(candidates=candidates, jobs=2 * candidates, months=6, seed=seed,
                    end_date=date(2026, 11, 1))
    )  # fmt: skip
    frame = applications_frame(world)
    potentials = metrics_potentials(world)
    analysed = frame["mature"].to_numpy(bool)
    truth = potentials.wald_estimand(analysed)
    rows = frame[analysed].reset_index(drop=True)
    y = rows["interviewed"].to_numpy(float)
    users = rows["candidate"].to_numpy()
    observed = np.column_stack([rows[COMPONENTS].to_numpy(float) / 100, rows["base_score"] / 100])
    exog = np.column_stack([np.ones(len(rows)), observed])
    d = rows["has_metrics"].to_numpy(float)
    z = rows["suggested"].to_numpy(float)
    iv = _iv(y, d, exog, z, users)
    tuesday = (rows["weekday"] == model.PREFERRED_WEEKDAY).to_numpy()
    weekday = PartialledControls.of(y, np.column_stack([observed[:, :-1], d]), users).effect(
        tuesday, "fixed effects"
    )
    out: dict[str, Any] = {
        "seed": seed,
        "truth": truth,
        "iv_estimate": iv.estimate,
        "iv_se": iv.se,
        "iv_covers": iv.ci_low <= truth <= iv.ci_high,
        "weekday_null": weekday.ci_low <= 0 <= weekday.ci_high,
        "redraw_z": [],
        "redraw_covers": [],
    }
    rng = np.random.default_rng([seed, 13])
    for _ in range(redraws):
        z_new, d_new, y_new = (a[analysed] for a in redraw(potentials, rng))
        again = _iv(y_new, d_new, exog, z_new, users)
        out["redraw_z"].append((again.estimate - truth) / again.se)
        out["redraw_covers"].append(again.ci_low <= truth <= again.ci_high)
    if backdoor:
        att = potentials.att(analysed, frame["has_metrics"].to_numpy())
        out["att_truth"] = att
        history = history_covariates(frame)[analysed]
        quality = rows["quality"].to_numpy(float)
        for name, x, names in (
            ("recorded", observed, NAMES),
            ("history", np.column_stack([observed, history]), (*NAMES, *HISTORY)),
            ("quality", np.column_stack([observed, quality]), (*NAMES, "quality")),
        ):
            if name in covariate_sets:
                out[name] = _backdoor(y, d, x, names, z, users, att, agreement_draws)
    return out


def history_covariates(frame) -> np.ndarray:
    """Each application's pre-treatment history of its candidate (columns :data:`HISTORY`)."""
    history = pretreatment_history(
        frame["candidate"].to_numpy(),
        frame["submitted_at"].to_numpy(),
        frame["has_metrics"].to_numpy(),
        {
            "interviewed": frame["observed_interview"].to_numpy(float),
            "tuesday": (frame["weekday"] == model.PREFERRED_WEEKDAY).to_numpy(float),
        },
    )
    return np.column_stack([history[k] for k in HISTORY])


def _backdoor(y, d, x, names, z, users, att: float, draws: int) -> dict[str, Any]:
    """Matching and AIPW (ATT), with the randomised-arm check and E-value."""
    data = from_arrays(y, d, x, names, z=z, groups=users)
    out: dict[str, Any] = {}
    for method in ("psm", "dr"):
        result = estimate_effect(data, method=method, estimand="att", refute=False, draws=50)
        check = randomised_arm_check(data, result, draws=draws)
        sensitivity = e_value(
            result.estimate, nearest_limit(result.ci_low, result.ci_high), data.y, data.d
        )
        out[method] = {
            "estimate": result.estimate,
            "z": (result.estimate - att) / result.se,
            "covers_att": result.ci_low <= att <= result.ci_high,
            "verdict": check["verdict"],
            "shift": check["shift"],
            "shift_se": check["se"],
            "e_value_limit": sensitivity["ci_limit"],
        }
    return out


def share(hits: int, n: int) -> str:
    interval = binomtest(hits, n).proportion_ci(method="wilson")
    return f"{hits}/{n} = {hits / n:.1%} (95% Wilson {interval.low:.1%} to {interval.high:.1%})"


def summary(results: list[dict[str, Any]]) -> list[str]:
    n = len(results)
    errors = np.array([r["iv_estimate"] - r["truth"] for r in results])
    z = errors / np.array([r["iv_se"] for r in results])
    lines = [
        f"resume edit (2SLS, randomised arm) CI covers the Wald estimand: "
        f"{share(sum(bool(r['iv_covers']) for r in results), n)}",
        f"  mean error {errors.mean():+.4f} (SE {errors.std(ddof=1) / np.sqrt(n):.4f}); "
        f"SD of (estimate - truth)/SE {z.std(ddof=1):.3f}",
        f"preferred weekday (user FE) CI covers zero: "
        f"{share(sum(bool(r['weekday_null']) for r in results), n)}",
    ]
    redrawn = np.concatenate([np.asarray(r["redraw_z"], float) for r in results])
    if redrawn.size:
        lines += [
            f"design redraws (arm and interviews redrawn, {redrawn.size // n} per world): "
            f"{share(sum(sum(r['redraw_covers']) for r in results), redrawn.size)}; "
            f"SD of z {redrawn.std(ddof=1):.3f}, mean z {redrawn.mean():+.3f}"
        ]
    checked = [r for r in results if "att_truth" in r]
    for covariates in [c for c in ALL_SETS if checked and c in checked[0]]:
        for method in ("psm", "dr"):
            rows = [r[covariates][method] for r in checked]
            errors = [m["estimate"] - r["att_truth"] for m, r in zip(rows, checked, strict=True)]
            verdicts = [m["verdict"] for m in rows]
            lines.append(
                f"{method} on {covariates} covariates (ATT): bias {np.mean(errors):+.4f} "
                f"(SE {np.std(errors, ddof=1) / np.sqrt(len(errors)):.4f}); covers its truth "
                f"{share(sum(m['covers_att'] for m in rows), len(rows))}; randomised_arm "
                f"contradicted {verdicts.count('contradicted')}, not corroborated "
                f"{verdicts.count('not_corroborated')}, corroborated "
                f"{verdicts.count('corroborated')}; median SE of the difference "
                f"{np.median([m['shift_se'] for m in rows]):.4f}; median E-value of the "
                f"interval limit {np.median([m['e_value_limit'] for m in rows]):.2f}"
            )
    return lines


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--first", type=int, default=1, help="seed of the first world")
    parser.add_argument(
        "--sets", default=",".join(COVARIATE_SETS), help=f"covariate sets, of {ALL_SETS}"
    )
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--redraws", type=int, default=0, help="design redraws per world")
    parser.add_argument("--cov", choices=("auto", "cluster"), default="auto")
    parser.add_argument("--backdoor-every", type=int, default=5, help="matching/AIPW every N")
    parser.add_argument("--out", help="also write every world's figures to this JSON file")
    args = parser.parse_args()
    global COV
    COV = args.cov
    start = time.perf_counter()
    results = [
        replicate(
            seed, args.candidates, redraws=args.redraws,
            backdoor=seed % args.backdoor_every == 0,
            covariate_sets=tuple(args.sets.split(",")),
        )
        for seed in range(args.first, args.first + args.replications)
    ]  # fmt: skip
    print(f"replications: {len(results)} worlds (seeds {args.first} to "
          f"{args.first + len(results) - 1}) of {args.candidates} candidates, 6 months, "
          f"2SLS errors {args.cov}")  # fmt: skip
    print("\n".join(summary(results)))
    if args.out:
        Path(args.out).write_text(json.dumps(results, default=_plain, indent=1))
    print(f"elapsed: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
