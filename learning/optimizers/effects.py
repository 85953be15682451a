# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Shared inputs for the confounder-adjusted effect estimates (timing, resume edits).

Holm's step-down correction over ``m`` tests: order p-values ``p₍₁₎ ≤ … ≤ p₍ₘ₎``; the
adjusted ``p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎)``. A claim ("this day / edit has an
effect") needs ``p̃ < α``, which keeps the chance of any false claim in the family ≤ α.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALPHA = 0.05


def holm(p_values: list[float]) -> list[float]:
    m = len(p_values)
    if m == 0:
        return []
    values = np.array([1.0 if p is None or p != p else p for p in p_values])
    order = np.argsort(values)
    adjusted = np.empty(m)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * values[index]))
        adjusted[index] = running
    return adjusted.tolist()


@dataclass(frozen=True)
class CausalData:
    """One row per application, everything the effect estimators need.

    ``covariates`` are per-application controls that are not caused by the treatment (the
    job's fit components, the job's seniority); ``strata`` labels the observed-confounder cells
    (baseline resume-score bucket × seniority) for the stratified estimate;
    ``baseline_score`` is the user's resume score before any edit.
    """

    y: np.ndarray
    users: np.ndarray
    weekday: np.ndarray
    hour: np.ndarray
    covariates: np.ndarray
    covariate_names: tuple[str, ...]
    strata: np.ndarray
    baseline_score: np.ndarray
    edits: np.ndarray  # (n, E) 0/1: the application carried the edit
    edit_names: tuple[str, ...]

    def __post_init__(self) -> None:
        n = len(self.y)
        arrays = (self.users, self.weekday, self.hour, self.strata, self.baseline_score)
        if any(len(a) != n for a in arrays) or self.covariates.shape[0] != n:
            raise ValueError("every column must have one value per application")
        if self.edits.shape != (n, len(self.edit_names)):
            raise ValueError("edits must be (n, number of edit names)")
