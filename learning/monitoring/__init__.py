# ruff: noqa: RUF002
# ruff: noqa: RUF002
"""Model, parameter, feedback-loop and fairness monitoring in plain numpy/scipy/statsmodels.

No Django here (the services in ``learning/services/monitoring*.py`` read the database and
act on the results):

* :mod:`.calibration` — expected calibration error against its sample-size noise floor,
  Brier score;
* :mod:`.drift` — feature drift: KS (numeric) and chi-squared (categorical) tests under a
  multiple-testing rule, PSI only above a minimum sample;
* :mod:`.page_hinkley` — concept drift on prediction errors (Page–Hinkley, as river 0.26);
* :mod:`.diversity` — Shannon entropy of the matches a candidate is shown per week and a
  within-candidate trend test;
* :mod:`.fairness` — outcome and score disparities across segments with cluster-robust
  intervals and a multiple-testing correction.
"""

from learning.monitoring.severity import Severity

__all__ = ["Severity"]
