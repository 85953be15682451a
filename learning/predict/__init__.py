"""Predictions with their uncertainty (seed 002 §5.8, §7.5, §7.6, §12.3). No Django.

* :mod:`.calibration` — expected calibration error and its noise floor under perfect
  calibration.
* :mod:`.ensemble` — interview likelihood per application: logistic regression, random forest
  and gradient boosting, weights learned on validation data, isotonic calibration,
  disagreement as uncertainty.
* :mod:`.coldstart` — day-1 predictions for a new candidate: similar candidates, peer
  benchmark, onboarding questions chosen by information gain.
* :mod:`.pareto` — the Pareto frontier of search strategies and the point for stated
  priorities.
* :mod:`.insight_quality` — did following an insight improve outcomes (causal engine); which
  insights to retire.
"""
