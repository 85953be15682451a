# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Multi-objective search strategies (seed 002 §7.6): the Pareto frontier. No Django.

A strategy is (applications per week ``A``, minimum fit score ``M``, target roles ``R`` — which
of reach / target / safety jobs). Its objectives come from past applications ``S`` of similar
candidates with fit ≥ ``M`` in the categories ``R`` (``n_S`` of them) and from the supply of
such jobs for this candidate (``s`` matching postings a week):

* interview rate ``r = k_S / n_S`` (Wilson 95 % interval), maximised;
* effort: the applications actually sent a week, ``a = min(A, s)``, minimised;
* expected salary: the mean posted salary of ``S`` (postings that state one), maximised;
* time to offer in weeks: with ``o`` offers per application in ``S`` and ``d`` the mean days
  from application to offer, ``T = 1/(a·o) + d/7`` (geometric waiting), minimised;
* risk: the chance of no offer within ``HORIZON_WEEKS`` weeks, ``(1 − o)^(a·H)``, minimised.

A strategy is kept only when ``n_S ≥ MIN_APPLICATIONS``. A strategy is *dominated* when another
is at least as good on every objective and better on one; the frontier is the rest. The
recommended point for stated priorities ``w`` (one weight per objective) maximises
``Σ_j w_j · u_j`` where ``u_j`` rescales objective ``j`` over the frontier to [0, 1]
(1 = best).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from itertools import product

import numpy as np
import pandas as pd

from learning.analytics.rates import wilson_interval

PACES = (1, 2, 3, 5, 8, 12)
# Minimum-fit thresholds: these quantiles of the fit scores in the history (the score's scale
# follows the weights in force, so fixed numbers would not mean the same thing everywhere).
FIT_QUANTILES = (0.0, 0.25, 0.5, 0.75, 0.9)
ROLE_SETS: dict[str, tuple[str, ...]] = {
    "target": ("target",),
    "target+safety": ("target", "safety"),
    "target+reach": ("target", "reach"),
    "all": ("reach", "target", "safety"),
}
HORIZON_WEEKS = 12
MIN_APPLICATIONS = 30
MAX_WEEKS = 104.0
# objective: +1 maximised, -1 minimised
OBJECTIVES = {
    "interview_rate": 1,
    "effort": -1,
    "expected_salary": 1,
    "weeks_to_offer": -1,
    "risk": -1,
}


@dataclass(frozen=True)
class Strategy:
    applications_per_week: int
    min_fit: int
    roles: str
    sent_per_week: float
    interview_rate: float
    interview_ci: tuple[float, float]
    offer_rate: float
    expected_salary: float | None
    weeks_to_offer: float
    risk: float
    sample_size: int

    def objective(self, name: str) -> float:
        if name == "effort":
            return self.sent_per_week
        value = getattr(self, name)
        return float("nan") if value is None else float(value)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Cell:
    """What past applications with fit ≥ ``min_fit`` in ``roles`` delivered (JSON-safe)."""

    min_fit: int
    roles: str
    applications: int
    interviews: int
    offers: int
    salary: float | None  # mean posted salary of those that state one
    days_to_offer: float | None  # mean days from application to offer

    def as_dict(self) -> dict:
        return asdict(self)


CELL_COLUMNS = ("fit_score", "category", "interviewed", "offered", "days_to_offer", "salary")


def strategy_cells(history: pd.DataFrame) -> list[Cell]:
    """The (minimum fit, roles) cells of ``history`` (``fit_score``, ``category``,
    ``interviewed``, ``offered``, ``days_to_offer``, ``salary``) with enough applications."""
    cells: list[Cell] = []
    if history.empty:
        return cells
    # only the columns read: filtering the nightly's wide frame copied every column 20 times
    history = history[list(CELL_COLUMNS)]
    fits = sorted({int(np.floor(v)) for v in history["fit_score"].dropna().quantile(FIT_QUANTILES)})
    for min_fit, (roles, categories) in product(fits, ROLE_SETS.items()):
        subset = history[(history["fit_score"] >= min_fit) & history["category"].isin(categories)]
        if len(subset) < MIN_APPLICATIONS:
            continue
        salary = subset["salary"].dropna()
        days = subset["days_to_offer"].dropna()
        cells.append(
            Cell(
                min_fit=min_fit,
                roles=roles,
                applications=len(subset),
                interviews=int(subset["interviewed"].sum()),
                offers=int(subset["offered"].sum()),
                salary=float(salary.mean()) if len(salary) else None,
                days_to_offer=float(days.mean()) if len(days) else None,
            )
        )
    return cells


def strategies_from_cells(
    cells: list[Cell], supply: Callable[[int, tuple[str, ...]], float] | None = None
) -> list[Strategy]:
    """Every pace for every cell; ``supply(min_fit, categories)`` is the candidate's matching
    postings a week (None: no limit)."""
    out = []
    for cell in cells:
        n, k = cell.applications, cell.interviews
        offer_rate = cell.offers / n
        low, high = wilson_interval(k, n)
        limit = supply(cell.min_fit, ROLE_SETS[cell.roles]) if supply is not None else np.inf
        for pace in PACES:
            sent = float(min(pace, limit))
            if sent <= 0:
                continue
            weeks = (
                min(MAX_WEEKS, 1.0 / (sent * offer_rate) + (cell.days_to_offer or 0.0) / 7)
                if offer_rate > 0
                else MAX_WEEKS
            )
            out.append(
                Strategy(
                    applications_per_week=pace,
                    min_fit=cell.min_fit,
                    roles=cell.roles,
                    sent_per_week=round(sent, 2),
                    interview_rate=k / n,
                    interview_ci=(float(low), float(high)),
                    offer_rate=offer_rate,
                    expected_salary=cell.salary,
                    weeks_to_offer=float(weeks),
                    risk=float((1 - offer_rate) ** (sent * HORIZON_WEEKS)),
                    sample_size=n,
                )
            )
    return out


def strategies_evaluate(
    history: pd.DataFrame, supply: Callable[[int, tuple[str, ...]], float] | None = None
) -> list[Strategy]:
    """Every strategy of the grid with enough history (cells, then paces)."""
    return strategies_from_cells(strategy_cells(history), supply)


def _matrix(strategies: list[Strategy]) -> np.ndarray:
    """Objectives oriented so that larger is better (missing salary: the worst)."""
    m = np.array(
        [[s.objective(name) * sign for name, sign in OBJECTIVES.items()] for s in strategies]
    ).reshape(len(strategies), len(OBJECTIVES))
    return np.where(np.isnan(m), -np.inf, m)


def dominates(a: np.ndarray, b: np.ndarray) -> bool:
    """``a`` at least as good everywhere and better somewhere (larger is better)."""
    return bool(np.all(a >= b) and np.any(a > b))


def pareto_front(strategies: list[Strategy]) -> list[Strategy]:
    """The non-dominated strategies, one per distinct objective vector."""
    m = _matrix(strategies)
    keep = []
    seen: set[tuple[float, ...]] = set()
    for i in range(len(strategies)):
        if any(dominates(m[j], m[i]) for j in range(len(strategies)) if j != i):
            continue
        key = tuple(m[i])
        if key in seen:
            continue
        seen.add(key)
        keep.append(strategies[i])
    return keep


DEFAULT_PRIORITIES = dict.fromkeys(OBJECTIVES, 1.0)


def recommend(front: list[Strategy], priorities: Mapping[str, float]) -> Strategy | None:
    """The frontier point with the best priority-weighted rescaled objectives."""
    if not front:
        return None
    m = _matrix(front)
    finite = np.where(np.isfinite(m), m, np.nan)
    low, high = np.nanmin(finite, axis=0), np.nanmax(finite, axis=0)
    span = np.where(high > low, high - low, 1.0)
    utility = np.nan_to_num((finite - low) / span, nan=0.0)
    weights = np.array([max(0.0, float(priorities.get(name, 0.0))) for name in OBJECTIVES])
    if weights.sum() == 0:
        weights = np.ones(len(OBJECTIVES))
    scores = utility @ weights
    return front[int(np.argmax(scores))]
