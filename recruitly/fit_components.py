"""The names of the match-score components, in their canonical order (pure, no imports).

The spine's ``job_scoring.weights`` has one weight per component; the event log, the
analytics frames, the matching engine and the fit-weight optimizer read the same tuple, so a
new component is added here once.
"""

COMPONENTS = ("skills", "experience", "location", "salary", "culture", "text", "title")
# Components older events and weight versions were written without: missing means unknown.
ADDED_COMPONENTS = ("text", "title")
