"""The parameters profiles owns: match-score weights, storage cut-off, strategy thresholds,
personalisation defaults and the interview rates a resume score promises.

Declared in the spine's registry when the app is ready (``ProfilesConfig.ready``); the
learning engine proposes new values by component name, never by importing this module.
"""

from __future__ import annotations

import itertools
from typing import Any

from profiles.matching.components import ADDED_COMPONENTS, COMPONENTS, DEFAULT_WEIGHTS
from recruitly.spine.specs import declare, number

WEIGHT_KEYS = COMPONENTS
_WEIGHT_SUM_TOLERANCE = 1e-6


def _weights(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return ["must be an object mapping component to weight"]
    errors = []
    # Versions written before a component existed lack its weight: it counts as 0.
    missing = [k for k in WEIGHT_KEYS if k not in value and k not in ADDED_COMPONENTS]
    unknown = [k for k in value if k not in WEIGHT_KEYS]
    if missing:
        errors.append(f"missing weights: {', '.join(missing)}")
    if unknown:
        errors.append(f"unknown weights: {', '.join(sorted(unknown))}")
    for key in WEIGHT_KEYS:
        if key in value:
            errors += [f"{key} {e}" for e in number(0.0, 1.0)(value[key])]
    if not errors and abs(sum(value.values()) - 1.0) > _WEIGHT_SUM_TOLERANCE:
        errors.append(f"weights must sum to 1, got {sum(value.values()):.6f}")
    return errors


# Seed 003 scored skills 40 %, experience 30 %, location 20 %, salary 10 %; measured on real
# resumes and postings (bench/match_quality.py) text relevance and title similarity carry
# the ranking, so the defaults lean on them (profiles/matching/components.py says why).
JOB_SCORING_WEIGHTS = declare(
    "job_scoring.weights",
    dict(DEFAULT_WEIGHTS),
    "Weights of the fit-score components; they sum to 1.",
    _weights,
)
# Unknown components carry no points, so real matches score lower than under seed 003's
# neutral 60s: on bench/match_quality.py a resume's best same-occupation posting scores
# about 40-60; 35 keeps a resume's plausible matches and drops the rest.
JOB_SCORING_MIN_STORED = declare(
    "job_scoring.min_stored_score",
    35.0,
    "Scores below this compatibility (0-100) are not stored.",
    number(0, 100),
)
IMPROVE_RESUME_THRESHOLD = declare(
    "strategy.improve_resume_threshold",
    75,
    "Below this resume score (0-100) the candidate improves the resume before applying.",
    number(0, 100),
)
RETHINK_TARGETS_THRESHOLD = declare(
    "strategy.rethink_targets_threshold",
    30,
    "Applications after which a low interview rate triggers rethinking targets.",
    number(1, 1000, integer=True),
)
RETHINK_INTERVIEW_RATE = declare(
    "strategy.rethink_interview_rate",
    0.02,
    "Interview rate (0-1) below which, past the application threshold, targets are rethought.",
    number(0, 1),
)
PERSONAL_MIN_FIT = declare(
    "personalization.min_fit_score_to_apply",
    60.0,
    "Fit score (0-100) under which a match is not suggested for applying.",
    number(0, 100),
)
PERSONAL_APPS_PER_WEEK = declare(
    "personalization.applications_per_week",
    10,
    "Suggested applications per week.",
    number(1, 100, integer=True),
)
PERSONAL_FOLLOW_UP_DAYS = declare(
    "personalization.follow_up_days",
    7,
    "Days after applying to follow up.",
    number(1, 60, integer=True),
)

RESUME_SCORE_BUCKETS = ("50-59", "60-69", "70-79", "80-89", "90-100")


def _bucket_rates(value: Any) -> list[str]:
    if not isinstance(value, dict) or set(value) != set(RESUME_SCORE_BUCKETS):
        return [f"must map exactly the buckets {', '.join(RESUME_SCORE_BUCKETS)} to rates"]
    errors = [f"{b} {e}" for b in RESUME_SCORE_BUCKETS for e in number(0.0, 1.0)(value[b])]
    rates = [value[b] for b in RESUME_SCORE_BUCKETS]
    if not errors and any(b < a for a, b in itertools.pairwise(rates)):
        errors.append("rates must not fall as the resume score rises")
    return errors


# Seed 001 §5.2: the interview rate a resume score promises; the calibration optimizer
# proposes new values when observed outcomes disagree.
RESUME_EXPECTED_RATES = declare(
    "resume_scoring.expected_interview_rates",
    {"50-59": 0.02, "60-69": 0.05, "70-79": 0.08, "80-89": 0.12, "90-100": 0.18},
    "Interview rate (0-1) a resume score bucket is expected to reach.",
    _bucket_rates,
)
