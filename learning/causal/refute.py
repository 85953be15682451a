"""Refutations next to an estimate: tests an estimate must survive before anyone acts on it.

Each re-runs the estimator ``R = DRAWS`` times on altered data (seeded; the same seed gives
the same verdict) and compares with the original estimate ``θ̂`` and its SE:

* **placebo treatment**: the treatment (for IV: the instrument, judged on the reduced form)
  is permuted — across clusters when it is constant within them — so its true effect is 0.
  Passes when the median placebo estimate ``m`` satisfies ``|m| ≤ 2.576 · 1.2533 · SE/√R``
  (a 1 % test of a zero centre; 1.2533 is the median's efficiency loss).
* **random common cause**: an independent N(0, 1) covariate is added. Passes when the mean
  estimate moves by at most ``SE/2``: a confounder that is not one must not change the answer.
* **data subset**: the estimate on random 80 % subsets (of clusters). Passes when their
  mean lies within one SE of ``θ̂``.
* **E-value** (:func:`learning.causal.estimate.e_value`): a sensitivity figure, not a test.

An estimate with a failed refutation is ``refuted``; the nightly analysis never auto-applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import numpy as np

from learning.causal.data import CausalInput, CausalInputError

DRAWS = 10
PLACEBO_Z = 2.576
MEDIAN_EFFICIENCY = 1.2533
COMMON_CAUSE_SHIFT_SE = 0.5
SUBSET_SHARE = 0.8
SUBSET_SHIFT_SE = 1.0

Point = Callable[[CausalInput], float]


def _draw_values(point: Point, datasets: Iterable[CausalInput]) -> np.ndarray:
    """``point`` of each draw; the draws come one at a time (a generator), so one table is
    in memory besides the data: a list of the 10 tables of the 150,000-application sample
    was the nightly analysis's peak (783 MB at 3 M events, 200 MB of it the draws)."""
    values = []
    for data in datasets:
        try:
            values.append(point(data))
        except (CausalInputError, np.linalg.LinAlgError, ValueError):
            continue
    return np.array([v for v in values if np.isfinite(v)])


def permuted(values: np.ndarray, groups: np.ndarray | None, rng: np.random.Generator) -> np.ndarray:
    """A permutation of ``values``; of whole clusters' values when constant within clusters."""
    if groups is not None:
        n_groups = int(groups.max()) + 1
        first = np.full(n_groups, -1)
        first[groups[::-1]] = np.arange(len(groups))[::-1]
        per_group = values[first]
        if np.array_equal(per_group[groups], values):
            return per_group[rng.permutation(n_groups)][groups]
    return values[rng.permutation(len(values))]


def permute_treatment(data: CausalInput, rng: np.random.Generator) -> CausalInput:
    return data.with_treatment(permuted(data.d, data.groups, rng))


def permute_instrument(data: CausalInput, rng: np.random.Generator) -> CausalInput:
    assert data.z is not None
    return replace(data, z=permuted(data.z, data.groups, rng))


def permute_treated_units(data: CausalInput, rng: np.random.Generator) -> CausalInput:
    """Panel placebo: other units treated from the same adoption period on."""
    assert data.groups is not None and data.time is not None
    ever = (np.bincount(data.groups, weights=data.d) > 0).astype(float)
    t0 = data.time[data.d == 1].min()
    placebo = ever[rng.permutation(len(ever))][data.groups] * (data.time >= t0)
    return data.with_treatment(placebo)


def placebo_treatment(
    point: Point,
    data: CausalInput,
    se: float,
    seed: int,
    *,
    permute: Callable[[CausalInput, np.random.Generator], CausalInput] = permute_treatment,
    column: str = "d",
) -> dict[str, Any]:
    rng = np.random.default_rng([seed, 1])
    datasets = (permute(data, rng) for _ in range(DRAWS))
    values = _draw_values(point, datasets)
    bound = PLACEBO_Z * MEDIAN_EFFICIENCY * se / np.sqrt(max(len(values), 1))
    median = float(np.median(values)) if len(values) else np.nan
    return {
        "name": "placebo_treatment",
        "value": median,
        "bound": bound,
        "draws": len(values),
        "passed": bool(len(values) >= 2 and abs(median) <= bound) if np.isfinite(se) else None,
        "description": ("the instrument" if column == "z" else "the treatment")
        + " permuted at random: the median estimate must be near zero",
    }


def random_common_cause(
    point: Point, data: CausalInput, estimate: float, se: float, seed: int
) -> dict[str, Any]:
    rng = np.random.default_rng([seed, 2])
    datasets = (data.with_covariate("__random", rng.standard_normal(data.n)) for _ in range(DRAWS))
    values = _draw_values(point, datasets)
    shift = float(values.mean() - estimate) if len(values) else np.nan
    return {
        "name": "random_common_cause",
        "value": float(values.mean()) if len(values) else np.nan,
        "shift": shift,
        "bound": COMMON_CAUSE_SHIFT_SE * se,
        "draws": len(values),
        "passed": bool(abs(shift) <= COMMON_CAUSE_SHIFT_SE * se)
        if np.isfinite(shift * se)
        else None,
        "description": "an independent random covariate added: the estimate must not move "
        f"by more than {COMMON_CAUSE_SHIFT_SE} SE",
    }


def subset_rows(data: CausalInput, rng: np.random.Generator) -> np.ndarray:
    if data.groups is None:
        return np.sort(rng.choice(data.n, int(SUBSET_SHARE * data.n), replace=False))
    n_groups = int(data.groups.max()) + 1
    chosen = rng.choice(n_groups, max(int(SUBSET_SHARE * n_groups), 1), replace=False)
    return np.flatnonzero(np.isin(data.groups, chosen))


def data_subset(
    point: Point, data: CausalInput, estimate: float, se: float, seed: int
) -> dict[str, Any]:
    rng = np.random.default_rng([seed, 3])
    datasets = (data.take(subset_rows(data, rng)) for _ in range(DRAWS))
    values = _draw_values(point, datasets)
    shift = float(values.mean() - estimate) if len(values) else np.nan
    return {
        "name": "data_subset",
        "value": float(values.mean()) if len(values) else np.nan,
        "shift": shift,
        "bound": SUBSET_SHIFT_SE * se,
        "draws": len(values),
        "passed": bool(abs(shift) <= SUBSET_SHIFT_SE * se) if np.isfinite(shift * se) else None,
        "description": f"re-estimated on random {SUBSET_SHARE:.0%} subsets: the mean must stay "
        f"within {SUBSET_SHIFT_SE} SE",
    }
