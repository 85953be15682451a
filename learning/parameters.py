"""The parameter spine: every value the learning engine may change, declared with its default.

Consumers never read these constants directly: they call :func:`resolve`, which walks
user override → running experiment variant → active holdout's frozen value (members only)
→ active version → code default.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from profiles.matching.components import ADDED_COMPONENTS, COMPONENTS, DEFAULT_WEIGHTS

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from learning.models import ParameterVersion


class ParameterValueError(ValueError):
    """A proposed value does not fit its component's declaration."""


Validator = Callable[[Any], list[str]]


@dataclass(frozen=True)
class ParameterSpec:
    component: str
    default: Any
    description: str
    validate: Validator


REGISTRY: dict[str, ParameterSpec] = {}


def declare(component: str, default: Any, description: str, validate: Validator) -> ParameterSpec:
    errors = validate(default)
    if errors:
        raise ParameterValueError(f"default of {component} is invalid: {'; '.join(errors)}")
    spec = ParameterSpec(component, default, description, validate)
    REGISTRY[component] = spec
    return spec


def _number(minimum: float, maximum: float, *, integer: bool = False) -> Validator:
    def check(value: Any) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"must be a number, got {type(value).__name__}"]
        if integer and not float(value).is_integer():
            return [f"must be a whole number, got {value}"]
        if not math.isfinite(value) or not minimum <= value <= maximum:
            return [f"must be between {minimum:g} and {maximum:g}, got {value}"]
        return []

    return check


def _text(max_length: int) -> Validator:
    def check(value: Any) -> list[str]:
        if not isinstance(value, str) or not value.strip():
            return ["must be a non-empty string"]
        if len(value) > max_length:
            return [f"must be at most {max_length} characters"]
        return []

    return check


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
            errors += [f"{key} {e}" for e in _number(0.0, 1.0)(value[key])]
    if not errors and abs(sum(value.values()) - 1.0) > _WEIGHT_SUM_TOLERANCE:
        errors.append(f"weights must sum to 1, got {sum(value.values()):.6f}")
    return errors


def _choice(choices: tuple[str, ...]) -> Validator:
    def check(value: Any) -> list[str]:
        return [] if value in choices else [f"must be one of {', '.join(choices)}"]

    return check


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
    _number(0, 100),
)
IMPROVE_RESUME_THRESHOLD = declare(
    "strategy.improve_resume_threshold",
    75,
    "Below this resume score (0-100) the candidate improves the resume before applying.",
    _number(0, 100),
)
RETHINK_TARGETS_THRESHOLD = declare(
    "strategy.rethink_targets_threshold",
    30,
    "Applications after which a low interview rate triggers rethinking targets.",
    _number(1, 1000, integer=True),
)
RETHINK_INTERVIEW_RATE = declare(
    "strategy.rethink_interview_rate",
    0.02,
    "Interview rate (0-1) below which, past the application threshold, targets are rethought.",
    _number(0, 1),
)
AI_MODEL = declare(
    "ai.model",
    "gpt-4o-mini",
    "Model used by the openai provider.",
    _text(100),
)
AI_TASKS = ("resume_parse", "job_score", "job_reasoning", "digest_summary", "resume_optimize")
for _task, _prompt in {
    "resume_parse": "Extract the candidate's contact details, skills, experience and education "
    "from the resume below as JSON matching the schema. Use only facts stated in the text; "
    "leave a field empty when the resume does not state it.",
    "job_score": "Score how well the job fits the candidate from 0 to 100 for skills, "
    "experience, location, salary and culture, and explain the score in one paragraph.",
    "job_reasoning": "In two sentences, tell the candidate why this job fits and what is missing.",
    "digest_summary": "Summarise today's new matches for the candidate in three friendly "
    "sentences, naming the best match and one skill worth adding.",
    "resume_optimize": "Compare the resume with the posting. List the gaps, then suggest "
    "rewrites of single bullets or sections as JSON matching the schema. Quote each original "
    "exactly. Never add a number, employer, title or skill the resume does not state: where a "
    "figure would help, write a bracketed placeholder for the candidate to fill.",
}.items():
    declare(f"prompts.{_task}", _prompt, f"Prompt for the {_task} AI task.", _text(8000))


def _model_or_inherit(value: Any) -> list[str]:
    if value == "":
        return []
    return _text(100)(value)


for _task in AI_TASKS:
    declare(
        f"ai.model.{_task}",
        "",
        f"Model of the openai provider for {_task}; empty means ai.model.",
        _model_or_inherit,
    )
PERSONAL_MIN_FIT = declare(
    "personalization.min_fit_score_to_apply",
    60.0,
    "Fit score (0-100) under which a match is not suggested for applying.",
    _number(0, 100),
)
PERSONAL_APPS_PER_WEEK = declare(
    "personalization.applications_per_week",
    10,
    "Suggested applications per week.",
    _number(1, 100, integer=True),
)
PERSONAL_FOLLOW_UP_DAYS = declare(
    "personalization.follow_up_days",
    7,
    "Days after applying to follow up.",
    _number(1, 60, integer=True),
)

RESUME_SCORE_BUCKETS = ("50-59", "60-69", "70-79", "80-89", "90-100")


def _bucket_rates(value: Any) -> list[str]:
    if not isinstance(value, dict) or set(value) != set(RESUME_SCORE_BUCKETS):
        return [f"must map exactly the buckets {', '.join(RESUME_SCORE_BUCKETS)} to rates"]
    errors = [f"{b} {e}" for b in RESUME_SCORE_BUCKETS for e in _number(0.0, 1.0)(value[b])]
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


def spec(component: str) -> ParameterSpec:
    try:
        return REGISTRY[component]
    except KeyError:
        raise ParameterValueError(f"unknown parameter component {component!r}") from None


def validate_value(component: str, value: Any) -> None:
    errors = spec(component).validate(value)
    if errors:
        raise ParameterValueError(f"{component}: {'; '.join(errors)}")


class ResolvedSource:
    OVERRIDE = "override"
    EXPERIMENT = "experiment"
    HOLDOUT = "holdout"
    VERSION = "version"
    DEFAULT = "default"


@dataclass(frozen=True)
class Resolved:
    component: str
    value: Any
    source: str
    version: ParameterVersion | None = None
    variant_id: int | None = None
    holdout_id: int | None = None


def resolve(component: str, user: User | None = None) -> Resolved:
    """Return the value of ``component`` that applies to ``user`` (or globally when None)."""
    from experiments.selectors import holdout_value_for_component, variant_for_component
    from learning.selectors import parameter_active_version, parameter_override_get

    spec(component)
    if user is not None and user.is_authenticated:
        override = parameter_override_get(user=user, component=component)
        if override is not None:
            return Resolved(component, override.value, ResolvedSource.OVERRIDE)
        variant = variant_for_component(component=component, user=user)
        if variant is not None:
            return Resolved(component, variant.value, ResolvedSource.EXPERIMENT, None, variant.pk)
        # A holdout member keeps the value of the holdout's start (experiments never enrol
        # them, so only a variant held from before the holdout comes first).
        held = holdout_value_for_component(component=component, user=user)
        if held is not None:
            return Resolved(
                component, held.value, ResolvedSource.HOLDOUT, holdout_id=held.holdout_id
            )
    active = parameter_active_version(component=component)
    if active is not None:
        return Resolved(component, active.value, ResolvedSource.VERSION, active)
    return Resolved(component, REGISTRY[component].default, ResolvedSource.DEFAULT)


def resolve_value(component: str, user: User | None = None) -> Any:
    return resolve(component, user).value
