"""The features of an application known when it is sent (and when a match is shown). No Django.

Both the application frame of the event log and a frame built from a candidate's current
matches carry these columns, so the model trained on past applications scores today's
matches with the same meaning: the five core fit components (0-100; unknown → 0 as the
score used them), the candidate's resume score at the time (unknown → the training median),
and one-hot job seniority and category (reach/target/safety).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FIT_FEATURES = ("fit_skills", "fit_experience", "fit_location", "fit_salary", "fit_culture")
SENIORITIES = ("intern", "entry", "mid", "senior", "lead", "executive")
CATEGORIES = ("reach", "target", "safety")
FEATURE_NAMES = (
    *FIT_FEATURES,
    "resume_score",
    *(f"seniority_{s}" for s in SENIORITIES),
    *(f"category_{c}" for c in CATEGORIES),
)


def feature_matrix(frame: pd.DataFrame, resume_fill: float) -> np.ndarray:
    """(n, len(FEATURE_NAMES)) float matrix of ``frame``'s rows."""
    n = len(frame)
    columns = [
        pd.to_numeric(frame[c], errors="coerce").fillna(0.0).to_numpy(float)
        if c in frame
        else np.zeros(n)
        for c in FIT_FEATURES
    ]
    resume = (
        pd.to_numeric(frame["resume_score"], errors="coerce").fillna(resume_fill).to_numpy(float)
        if "resume_score" in frame
        else np.full(n, resume_fill)
    )
    columns.append(resume)
    for column, levels in (("seniority", SENIORITIES), ("category", CATEGORIES)):
        values = frame[column].astype("string").fillna("") if column in frame else None
        for level in levels:
            columns.append((values == level).to_numpy(float) if values is not None else np.zeros(n))
    return np.column_stack(columns) if n else np.zeros((0, len(FEATURE_NAMES)))
