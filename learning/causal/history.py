"""Pre-treatment behaviour of each unit as covariates of its rows, without leakage.

A backdoor estimate on an event log can adjust for what a unit did *before* it was treated:
how often its earlier attempts succeeded, on which weekday it acts, how busy it is. For row
``a`` of unit ``i`` at time ``t_a``, with ``T_i`` the time of the unit's first treated row
(``+∞`` if never treated), the history is the unit's rows with ``t < min(t_a, T_i)``:
strictly earlier than the row and strictly earlier than any treatment, so no treated outcome
and nothing at or after the row enters (tests hold both). Per row it gives

* ``prior_rows``: how many rows that history has;
* ``prior_<column>``: the history's mean of each column, shrunk towards the column's mean
  over the *other* units' pre-treatment rows, ``v̄₋ᵢ``, with ``weight`` pseudo-rows:
  ``(Σ_history v + weight · v̄₋ᵢ) / (n_history + weight)``; a row without history gets
  ``v̄₋ᵢ``. Leaving the unit out of its own centre keeps its outcomes out of its rows
  entirely, except through its strictly earlier untreated rows.

The shrunk mean is the usual empirical-Bayes proxy of a unit's trait from a few noisy
attempts. It is a proxy: a trait read off five attempts is still mostly noise, so adjusting
for it removes part of a confounder's bias, never all of it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

DEFAULT_WEIGHT = 5.0


def pretreatment_history(
    unit: np.ndarray,
    time: np.ndarray,
    d: np.ndarray,
    columns: Mapping[str, np.ndarray],
    *,
    weight: float = DEFAULT_WEIGHT,
) -> dict[str, np.ndarray]:
    """``{"prior_rows": ..., "prior_<name>": ...}``, one value per row (see module docstring)."""
    unit = np.asarray(unit)
    time = _as_number(np.asarray(time))
    treated = np.asarray(d, dtype=float) > 0
    n = len(unit)
    values = {name: np.asarray(v, dtype=float) for name, v in columns.items()}
    codes, first_treated = _first_treated(unit, time, treated)
    before_treatment = time < first_treated[codes]
    counts = np.zeros(n)
    sums = {name: np.zeros(n) for name in values}
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        eligible = rows[before_treatment[rows]]
        if not eligible.size:
            continue
        order = eligible[np.argsort(time[eligible], kind="stable")]
        sorted_times = time[order]
        # history of each row: eligible rows strictly earlier than it
        k = np.searchsorted(sorted_times, time[rows], side="left")
        counts[rows] = k
        for name, v in values.items():
            cumulative = np.concatenate([[0.0], np.cumsum(v[order])])
            sums[name][rows] = cumulative[k]
    out = {"prior_rows": counts}
    pre = before_treatment.astype(float)
    n_pre_by_unit = np.bincount(codes, weights=pre)
    for name, v in values.items():
        by_unit = np.bincount(codes, weights=v * pre)
        # the other units' pre-treatment mean: a unit's own outcomes never reach its centre
        others = n_pre_by_unit.sum() - n_pre_by_unit[codes]
        centre = np.where(
            others > 0, (by_unit.sum() - by_unit[codes]) / np.maximum(others, 1), v.mean()
        )
        out[f"prior_{name}"] = (sums[name] + weight * centre) / (counts + weight)
    return out


def _first_treated(
    unit: np.ndarray, time: np.ndarray, treated: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Unit codes per row and, per unit, the time of its first treated row (+inf if none)."""
    keys, codes = np.unique(unit, return_inverse=True)
    first = np.full(len(keys), np.inf)
    np.minimum.at(first, codes[treated], time[treated])
    return codes, first


def _as_number(time: np.ndarray) -> np.ndarray:
    if time.dtype == object:  # datetimes or pandas Timestamps, possibly time-zone aware
        time = pd.to_datetime(pd.Series(time), utc=True).dt.tz_localize(None).to_numpy()
    if np.issubdtype(time.dtype, np.datetime64):
        return time.astype("datetime64[us]").astype(np.int64).astype(float)
    return time.astype(float)
