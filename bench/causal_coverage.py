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
  ``signals`` adds to the recorded covariates what the platform records at signup
  (:data:`learning.simulation.model.SIGNUP_SIGNALS`: an assessment score and the profile's
  completeness, noisy measurements of quality), ``proxy`` adds both those and the history.

Agreement of IV, matching and AIPW in a world (per covariate set): the three 95 % intervals
overlap pairwise, and neither backdoor estimate differs from the randomised arm's 2SLS
estimate by more than 1.96 SE of their difference (the engine's ``randomised_arm`` check is
not ``contradicted``; its SE is a cluster bootstrap that refits both). A 5 % test per
estimate, and the two target different figures (the ATT, the compliers' effect), so
estimators each unbiased for their own would agree in about 91-92 % of these worlds, not
100 %: the summary prints that expected rate (:func:`agreement_expected`) and a one-sided
binomial test of the observed rate against it. The stricter reading,
"each estimate lies in the other's interval", is printed too, with its expected rate: the
IV estimate must then fall inside the backdoor interval, half as wide as its own, which
unbiased estimators miss in about a third of these worlds. The R² of quality on the set's
covariates (over the analysed applications) is the proxy's reliability as the bench sees it.

    python bench/causal_coverage.py --replications 200 --redraws 0      # the README figures
    python bench/causal_coverage.py --replications 200 --first 201      # fresh worlds
    python bench/causal_coverage.py --replications 1 --first 5 --backdoor-every 1 \
        --sets recorded,proxy --out w5.json                            # one world's backdoor
    python bench/causal_coverage.py --merge w5.json w10.json ...       # their summary
    python bench/causal_coverage.py --merge w*.json --sets recorded,proxy  # those sets only
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
from scipy.stats import binomtest, norm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.causal.data import from_arrays
from learning.causal.engine import (
    AGREEMENT_DRAWS,
    AGREEMENT_Z,
    estimate_effect,
    iv_estimate,
    randomised_arm_check,
)
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
SIGNALS = tuple(model.SIGNUP_SIGNALS)
COVARIATE_SETS = ("recorded", "history")
ALL_SETS = (*COVARIATE_SETS, "signals", "proxy", "quality")


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
        signals = rows[list(SIGNALS)].to_numpy(float) / 100
        for name, x, names in (
            ("recorded", observed, NAMES),
            ("history", np.column_stack([observed, history]), (*NAMES, *HISTORY)),
            ("signals", np.column_stack([observed, signals]), (*NAMES, *SIGNALS)),
            (
                "proxy",
                np.column_stack([observed, history, signals]),
                (*NAMES, *HISTORY, *SIGNALS),
            ),
            ("quality", np.column_stack([observed, quality]), (*NAMES, "quality")),
        ):
            if name in covariate_sets:
                out[name] = _backdoor(y, d, x, names, z, users, att, agreement_draws)
                out[name]["reliability"] = _r_squared(quality, x)
    return out


def _r_squared(target: np.ndarray, x: np.ndarray) -> float:
    """R² of OLS of ``target`` on ``[1, x]``: how much of quality the covariates carry."""
    design = np.column_stack([np.ones(len(target)), x])
    fitted = design @ np.linalg.lstsq(design, target, rcond=None)[0]
    return float(1 - np.sum((target - fitted) ** 2) / np.sum((target - target.mean()) ** 2))


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
    iv = iv_estimate(data)  # the randomised arm's 2SLS on the same covariates
    out: dict[str, Any] = {
        "iv": {"estimate": iv.estimate, "se": iv.se, "ci_low": iv.ci_low, "ci_high": iv.ci_high}
    }
    for method in ("psm", "dr"):
        result = estimate_effect(data, method=method, estimand="att", refute=False, draws=50)
        check = randomised_arm_check(data, result, draws=draws)
        sensitivity = e_value(
            result.estimate, nearest_limit(result.ci_low, result.ci_high), data.y, data.d
        )
        out[method] = {
            "estimate": result.estimate,
            "se": result.se,
            "ci_low": result.ci_low,
            "ci_high": result.ci_high,
            "z": (result.estimate - att) / result.se,
            "covers_att": result.ci_low <= att <= result.ci_high,
            "verdict": check["verdict"],
            "shift": check["shift"],
            "shift_se": check["se"],
            "e_value_limit": sensitivity["ci_limit"],
        }
    out["agreement"] = agreement(out)
    return out


def _inside(value: float, interval: dict[str, Any]) -> bool:
    return bool(interval["ci_low"] <= value <= interval["ci_high"])


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"])


def agreement(estimates: dict[str, Any]) -> dict[str, Any]:
    """Do IV, matching and AIPW of one world agree within their intervals (module docstring)?

    ``agree``: the three intervals overlap pairwise and the randomised arm contradicts neither
    backdoor estimate. ``mutual``: each of the three lies inside the other two's intervals.
    """
    iv, psm, dr = estimates["iv"], estimates["psm"], estimates["dr"]
    pairs = ((iv, psm), (iv, dr), (psm, dr))
    overlap = all(_overlap(a, b) for a, b in pairs)
    not_contradicted = all(m["verdict"] != "contradicted" for m in (psm, dr))
    mutual = all(_inside(a["estimate"], b) and _inside(b["estimate"], a) for a, b in pairs)
    return {
        "agree": overlap and not_contradicted,
        "overlap": overlap,
        "not_contradicted": not_contradicted,
        "mutual": mutual,
    }


def share(hits: int, n: int) -> str:
    interval = binomtest(hits, n).proportion_ci(method="wilson")
    return f"{hits}/{n} = {hits / n:.1%} (95% Wilson {interval.low:.1%} to {interval.high:.1%})"


def summary(results: list[dict[str, Any]], sets: tuple[str, ...] = ALL_SETS) -> list[str]:
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
    for covariates in [c for c in ALL_SETS if c in sets]:
        lines += backdoor_summary([r for r in checked if covariates in r], covariates)
    return lines


def backdoor_summary(checked: list[dict[str, Any]], covariates: str) -> list[str]:
    """Matching and AIPW on one covariate set, over the worlds that ran it."""
    if not checked:
        return []
    lines = [
        f"{covariates} covariates, {len(checked)} worlds: mean ATT of the analysed rows "
        f"{np.mean([r['att_truth'] for r in checked]):.4f}, mean Wald estimand "
        f"{np.mean([r['truth'] for r in checked]):.4f}"
    ]
    for method in ("psm", "dr"):
        rows = [r[covariates][method] for r in checked]
        misses = [m["estimate"] - r["att_truth"] for m, r in zip(rows, checked, strict=True)]
        verdicts = [m["verdict"] for m in rows]
        lines.append(
            f"{method} on {covariates} covariates (ATT): bias {np.mean(misses):+.4f} "
            f"(SE {np.std(misses, ddof=1) / np.sqrt(len(misses)):.4f}); covers its truth "
            f"{share(sum(m['covers_att'] for m in rows), len(rows))}; randomised_arm "
            f"contradicted {verdicts.count('contradicted')}, not corroborated "
            f"{verdicts.count('not_corroborated')}, corroborated "
            f"{verdicts.count('corroborated')}; median SE of the difference "
            f"{np.median([m['shift_se'] for m in rows]):.4f}; median E-value of the "
            f"interval limit {np.median([m['e_value_limit'] for m in rows]):.2f}"
        )
    sets = [r[covariates] for r in checked]
    if "agreement" not in sets[0]:
        return lines
    marks = [s["agreement"] for s in sets]
    iv_covers = sum(_inside(r["truth"], s["iv"]) for r, s in zip(checked, sets, strict=True))
    agreed = sum(m["agree"] for m in marks)
    expected = float(
        np.mean([agreement_expected(r, s) for r, s in zip(checked, sets, strict=True)])
    )
    below = binomtest(agreed, len(marks), expected, alternative="less").pvalue
    mutual = sum(m["mutual"] for m in marks)
    mutual_expected = float(
        np.mean([agreement_expected(r, s, mutual=True) for r, s in zip(checked, sets, strict=True)])
    )
    mutual_below = binomtest(mutual, len(marks), mutual_expected, alternative="less").pvalue
    return [
        *lines,
        f"  {covariates}: R² of quality on these covariates (median over worlds) "
        f"{np.median([s['reliability'] for s in sets]):.2f}; IV (same covariates) covers "
        f"the Wald estimand {share(iv_covers, len(sets))}",
        f"  {covariates}: IV, matching and AIPW agree (intervals overlap pairwise, arm "
        f"contradicts neither) {share(agreed, len(marks))}; intervals overlap "
        f"{sum(m['overlap'] for m in marks)}, not contradicted "
        f"{sum(m['not_contradicted'] for m in marks)}; expected were each unbiased for its "
        f"own estimand {expected:.1%} (one-sided binomial p of fewer: {below:.2f})",
        f"  {covariates}: each estimate inside the other two's intervals "
        f"{share(mutual, len(marks))}; expected were each unbiased for its own estimand "
        f"{mutual_expected:.1%} (one-sided binomial p of fewer: {mutual_below:.2f})",
    ]


def agreement_expected(
    world: dict[str, Any], estimates: dict[str, Any], *, mutual: bool = False
) -> float:
    """About the chance of agreement in ``world``, were the estimates each unbiased.

    Matching and AIPW target the ATT, 2SLS the compliers' effect (the Wald estimand); with
    both unbiased their difference is about N(g, SE_δ²), g = ATT - Wald, so it stays within
    c = 1.96 SE_δ (the arm's test) with probability Φ((c - g)/SE_δ) - Φ((-c - g)/SE_δ); for
    ``mutual`` (each inside the other's interval) c = 1.96 min(SE, SE_IV). The smaller over
    matching and AIPW (they move together, so the joint chance is a little below it).
    """
    gap = world["att_truth"] - world["truth"]
    chances = []
    for method in ("psm", "dr"):
        m = estimates[method]
        se = m["shift_se"]
        c = AGREEMENT_Z * (min(m["se"], estimates["iv"]["se"]) if mutual else se)
        chances.append(float(norm.cdf((c - gap) / se) - norm.cdf((-c - gap) / se)))
    return min(chances)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--first", type=int, default=1, help="seed of the first world")
    parser.add_argument("--sets", help=f"covariate sets, of {ALL_SETS} (default recorded,history)")
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--redraws", type=int, default=0, help="design redraws per world")
    parser.add_argument("--cov", choices=("auto", "cluster"), default="auto")
    parser.add_argument("--backdoor-every", type=int, default=5, help="matching/AIPW every N")
    parser.add_argument("--out", help="also write every world's figures to this JSON file")
    parser.add_argument("--merge", nargs="+", help="summarise these --out files, run nothing")
    args = parser.parse_args()
    if args.merge:
        by_seed: dict[int, dict[str, Any]] = {}
        for f in args.merge:  # files of one world's other covariate sets add to its figures
            for r in json.loads(Path(f).read_text()):
                by_seed.setdefault(r["seed"], {}).update(r)
        merged = [by_seed[seed] for seed in sorted(by_seed)]
        print(f"merged: {len(merged)} worlds (seeds {', '.join(str(r['seed']) for r in merged)})")
        print("\n".join(summary(merged, tuple(args.sets.split(",")) if args.sets else ALL_SETS)))
        return
    global COV
    COV = args.cov
    start = time.perf_counter()
    results = [
        replicate(
            seed, args.candidates, redraws=args.redraws,
            backdoor=seed % args.backdoor_every == 0,
            covariate_sets=tuple((args.sets or ",".join(COVARIATE_SETS)).split(",")),
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
