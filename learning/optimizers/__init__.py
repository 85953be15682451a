"""Optimizers: pure functions from analysis inputs to :class:`Finding` proposals (no Django).

* :mod:`~learning.optimizers.fit_weights` — fit-score weights (seed 001 §5.3)
* :mod:`~learning.optimizers.calibration` — resume-score calibration (§5.2)
* :mod:`~learning.optimizers.thresholds` — strategy thresholds (§5.1)
* :mod:`~learning.optimizers.timing` — day / hour of applying (§5.4), confounder-adjusted
* :mod:`~learning.optimizers.resume_edits` — causal effect of resume edits (seed 002 §4.5.1)
* :mod:`~learning.optimizers.findings` — the result type, risk and the routing rule
"""

from learning.optimizers.findings import Finding, risk_for_change, route_for

__all__ = ["Finding", "risk_for_change", "route_for"]
