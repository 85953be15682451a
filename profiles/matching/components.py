"""The names of the match-score components, in their canonical order (pure, no Django).

The spine's ``job_scoring.weights`` has one weight per component; the event log, the
analytics frames and the fit-weight optimizer read the same tuple, so a new component is
added here once. It lives in this pure module (no Django, no imports) because the pure
learning packages need it and ``recruitly`` loads the Celery app on import.
"""

from __future__ import annotations

COMPONENTS = ("skills", "experience", "location", "salary", "culture", "text", "title")
# Components older events and weight versions were written without: missing means unknown.
ADDED_COMPONENTS = ("text", "title")

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
