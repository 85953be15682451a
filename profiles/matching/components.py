"""The match-score components and their default weights (pure, no Django).

The names themselves are ground-floor vocabulary (``recruitly.fit_components``: the event
log's schemas validate them); the weights are the matching engine's own.
"""

from __future__ import annotations

from recruitly.fit_components import ADDED_COMPONENTS, COMPONENTS

__all__ = ["ADDED_COMPONENTS", "COMPONENTS", "DEFAULT_WEIGHTS"]

# The spine's default weights (``job_scoring.weights``); the learning engine replaces them
# with versions learned from outcomes. Chosen on bench/match_quality.py's real resumes and
# postings (text and title carry the ranking there; see the README's matching table).
DEFAULT_WEIGHTS = {
    "skills": 0.15,
    "experience": 0.05,
    "location": 0.05,
    "salary": 0.05,
    "culture": 0.00,
    "text": 0.35,
    "title": 0.35,
}
