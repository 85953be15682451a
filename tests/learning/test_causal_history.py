"""Pre-treatment history covariates: hand-computed values, and no leakage from the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from learning.causal.history import pretreatment_history

# unit 1: rows at t=1,2,3,4, treated from t=3; unit 2: never treated, rows at t=1,2,2,5
UNIT = np.array([1, 1, 1, 1, 2, 2, 2, 2])
TIME = np.array([1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 2.0, 5.0])
D = np.array([0, 0, 1, 1, 0, 0, 0, 0])
Y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0])


def _history(y=Y, unit=UNIT, time=TIME, d=D, weight=2.0):
    return pretreatment_history(unit, time, d, {"y": y}, weight=weight)


def test_the_history_by_hand():
    out = _history()
    # pre-treatment rows: unit 1 at t=1,2 (y 1,0); unit 2 all four (0,1,1,0). Each unit is
    # shrunk towards the other unit's pre-treatment mean: unit 1 towards 2/4, unit 2 to 1/2.
    centre = np.array([0.5] * 4 + [0.5] * 4)
    np.testing.assert_array_equal(out["prior_rows"], [0, 1, 2, 2, 0, 1, 1, 3])
    expected_sums = np.array([0, 1, 1, 1, 0, 0, 0, 2])
    np.testing.assert_allclose(
        out["prior_y"], (expected_sums + 2 * centre) / (out["prior_rows"] + 2)
    )
    unit_two_centre = _history(y=np.array([1.0, 1.0, 1, 1, 0, 1, 1, 0]))["prior_y"][4:]
    np.testing.assert_allclose(
        unit_two_centre, (np.array([0, 0, 0, 2]) + 2.0) / (np.array([0, 1, 1, 3]) + 2.0)
    )


def test_no_treated_outcome_and_nothing_at_or_after_the_row_enters():
    base = _history()
    rng = np.random.default_rng(3)
    for row in range(len(Y)):
        changed = Y.copy()
        changed[row] = 1 - changed[row]
        again = _history(y=changed)
        own = UNIT[row] == UNIT
        if D[row]:  # a treated outcome never enters its own unit's history
            np.testing.assert_array_equal(again["prior_y"][own], base["prior_y"][own])
        else:  # an untreated one only the strictly later rows of its unit
            upto = own & (TIME[row] >= TIME)  # the row itself and its ties
            np.testing.assert_array_equal(again["prior_y"][upto], base["prior_y"][upto])
            later = own & (TIME[row] < TIME)
            assert np.all(again["prior_y"][later] != base["prior_y"][later])
    # the rows' order does not matter
    order = rng.permutation(len(Y))
    shuffled = _history(y=Y[order], unit=UNIT[order], time=TIME[order], d=D[order])
    inverse = np.argsort(order)
    for key, values in base.items():
        np.testing.assert_allclose(shuffled[key][inverse], values)


def test_datetimes_with_time_zones_are_times():
    start = datetime(2026, 3, 1, tzinfo=UTC)
    stamps = pd.Series([start + timedelta(days=float(t)) for t in TIME]).to_numpy()
    out = pretreatment_history(UNIT, stamps, D, {"y": Y}, weight=2.0)
    for key, values in _history().items():
        np.testing.assert_allclose(out[key], values)
