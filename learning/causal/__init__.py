# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Causal effect estimators in plain numpy/scipy (no Django).

* :mod:`learning.causal.regression` — OLS with cluster-robust (CR1) standard errors, the
  within (user fixed-effects) transform, and a linear-probability effect estimate.
* :mod:`learning.causal.iv` — two-stage least squares with the full instrument matrix.
* :mod:`learning.causal.stratified` — stratified (Mantel–Haenszel weighted) risk difference.
"""

from learning.causal.iv import IVResult, two_stage_least_squares
from learning.causal.regression import (
    Effect,
    OLSResult,
    ols_cluster,
    regression_effect,
    within_transform,
)
from learning.causal.stratified import stratified_difference

__all__ = [
    "Effect",
    "IVResult",
    "OLSResult",
    "ols_cluster",
    "regression_effect",
    "stratified_difference",
    "two_stage_least_squares",
    "within_transform",
]
