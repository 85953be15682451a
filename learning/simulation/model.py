# ruff: noqa: RUF002, RUF003 -- formulas are written in mathematical notation
"""The true model the simulated outcomes are drawn from. Everything here is ground truth.

Notation for one application ``a`` by candidate ``i`` to job ``j``:

* ``c_k`` ∈ [0, 100]: the fit components the platform stores (skills, experience, location,
  salary, culture), computed from the profile and the listing.
* ``fit_platform = Σ_k w_default_k · c_k``: the score the platform believes (the parameter
  spine's default weights .40/.30/.20/.10/0); it is what applications and events carry.
* ``fit_true = Σ_k w_true_k · c_k`` with :data:`TRUE_FIT_WEIGHTS` (experience .40, skills .30,
  salary .20, culture .10, location 0): the platform over-weights location and ignores culture.
* ``q_i ~ N(0, 1)``: the candidate's latent quality, never stored.
* ``S0_i``: the score of the candidate's first resume (what their resume is really worth);
  the displayed ``resume_score`` is ``S0_i`` plus the score bumps of later edits.
* ``D_a`` ∈ {0, 1}: the resume version used carries the ``added_metrics`` edit.

Interview probability (a logistic model)::

    η_a  = INTERCEPT + FIT_LOGIT_SCALE · fit_true / 100 + QUALITY_LOGIT · q_i
           + RESUME_LOGIT_PER_10 · (min(S0_i, RESUME_KNEE) − RESUME_KNEE) / 10
           + METRICS_LOGIT · D_a
    p_a  = σ(η_a)

so ``added_metrics`` multiplies the odds of an interview by exp(METRICS_LOGIT) for everyone;
on the rate scale its effect on application ``a`` is ``σ(η_a⁰ + METRICS_LOGIT) − σ(η_a⁰)``
(η⁰: η without the edit), which the truth file averages over the world's applications (the
ATE) and over the applications the instrument moves (the Wald estimand, see below). The other
edit types have no effect, and neither do the weekday and hour of applying,
``tailoring_applied``, the strategy mode or the market shift. Resume quality stops mattering
above ``RESUME_KNEE``, and the displayed score also counts edit bumps that change nothing, so
the score is miscalibrated against seed 001 §5.2's expected 2 %…18 % by bucket: every bucket
interviews more often than claimed and the rate rises far less steeply than claimed.

Traps planted in the behaviour (not the outcome):

* Confounded edit: a candidate makes the ``added_metrics`` edit on their own with probability
  ``σ(SELF_METRICS_INTERCEPT + SELF_METRICS_SLOPE · q_i)``; half the candidates, drawn at
  random (``Z_i``), get it suggested 1–10 days after joining and then make it with probability
  ``SUGGESTION_ACCEPT + SUGGESTION_EDIT`` whatever their quality. ``Z`` moves ``D`` and nothing
  else, so the Wald ratio ``(E[y|Z=1] − E[y|Z=0]) / (E[D|Z=1] − E[D|Z=0])`` recovers the
  average effect of the edit on the applications it moves, while the naive
  ``E[y|D=1] − E[y|D=0]`` is biased upward by quality.
* Confounded weekday: an application falls on :data:`PREFERRED_WEEKDAY` with probability
  ``WEEKDAY_PREFERENCE_MAX · σ(WEEKDAY_PREFERENCE_SLOPE · (q_i − WEEKDAY_PREFERENCE_CENTRE))``,
  otherwise on a weekday drawn from :data:`BASE_WEEKDAY_SHARES`. Stronger candidates prefer
  that day, so it shows a large naive lift although its true effect is zero.

Outcome stages: an interview arrives after ``INTERVIEW_DAYS``; an interview ends in an offer
with probability ``σ(OFFER_INTERCEPT + OFFER_QUALITY · q_i)`` (else an after-interview
rejection, or nothing for ``POST_INTERVIEW_SILENCE`` of them). Without an interview the
employer rejects with probability ``REJECT_SHARE``, else the application is declared ghosted
after ``GHOSTED_AFTER_DAYS`` days. A stage is only recorded if it happens before the end date.

AI feedback: each rated response is a thumbs-up with probability
:data:`AI_APPROVAL_BY_ACTION` of its action type; ``resume_rewrite`` sits below 75 %.
"""

from __future__ import annotations

import numpy as np

FIT_COMPONENTS = ("skills", "experience", "location", "salary", "culture")
TRUE_FIT_WEIGHTS = {
    "skills": 0.30,
    "experience": 0.40,
    "location": 0.00,
    "salary": 0.20,
    "culture": 0.10,
}
FIT_LOGIT_SCALE = 8.0  # log-odds of an interview per 100 points of true fit
INTERCEPT = -8.2  # sets the mean interview rate near 14 %
QUALITY_LOGIT = 0.8  # log-odds per standard deviation of latent quality
RESUME_LOGIT_PER_10 = 0.3  # log-odds per 10 resume-score points below the knee
RESUME_KNEE = 70.0  # resume score above which a better resume no longer helps
METRICS_LOGIT = 0.6  # log-odds of an interview added by the added_metrics edit

EDIT_TYPES = ("added_metrics", "action_verbs", "added_keywords", "shortened", "reformatted")
# True effect of each edit type on the log-odds of an interview.
TRUE_EDIT_LOGITS = {e: (METRICS_LOGIT if e == "added_metrics" else 0.0) for e in EDIT_TYPES}
# Resume-score points the platform's scorer awards per edit (what it believes, not the truth).
EDIT_SCORE_BUMP = {
    "added_metrics": 6.0,
    "action_verbs": 4.0,
    "added_keywords": 5.0,
    "shortened": 2.0,
    "reformatted": 3.0,
}
INSTRUMENT_SHARE = 0.5  # candidates randomly suggested the added_metrics rewrite
SUGGESTION_ACCEPT = 0.65
SUGGESTION_EDIT = 0.2  # accepted with changes: the edit is still made
SELF_METRICS_INTERCEPT = -1.2
SELF_METRICS_SLOPE = 2.5  # stronger candidates add metrics on their own far more often
OTHER_EDITS_PER_CANDIDATE = 1.0  # Poisson mean of the zero-effect edit types

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PREFERRED_WEEKDAY = 1  # Tuesday
WEEKDAY_PREFERENCE_MAX = 0.6
WEEKDAY_PREFERENCE_SLOPE = 2.5
WEEKDAY_PREFERENCE_CENTRE = 0.5
BASE_WEEKDAY_SHARES = (0.22, 0.20, 0.20, 0.20, 0.14, 0.02, 0.02)
TRUE_WEEKDAY_EFFECT = dict.fromkeys(WEEKDAYS, 0.0)

OFFER_INTERCEPT = -1.0
OFFER_QUALITY = 0.6
POST_INTERVIEW_SILENCE = 0.3
REJECT_SHARE = 0.45
GHOSTED_AFTER_DAYS = 30.0
INTERVIEW_DAYS = (2.0, 2.0, 4.0)  # offset, gamma shape, gamma scale
REJECTION_DAYS = (3.0, 2.0, 6.0)
OFFER_DAYS = (5.0, 2.0, 5.0)  # after the interview
MAX_FIRST_RESPONSE_DAYS = GHOSTED_AFTER_DAYS - 1.0

# Seed 001 §5.2: the interview rate each resume-score bucket is expected (claimed) to have.
CLAIMED_RATE_BY_BUCKET = {
    "50-59": 0.02,
    "60-69": 0.05,
    "70-79": 0.08,
    "80-89": 0.12,
    "90-100": 0.18,
}
SCORE_BUCKET_EDGES = (50.0, 60.0, 70.0, 80.0, 90.0)

AI_APPROVAL_BY_ACTION = {
    "resume_parse": 0.91,
    "job_score": 0.86,
    "job_reasoning": 0.83,
    "digest_summary": 0.88,
    "resume_rewrite": 0.68,
}
AI_ACTION_SHARES = {
    "resume_parse": 0.15,
    "job_score": 0.25,
    "job_reasoning": 0.25,
    "digest_summary": 0.20,
    "resume_rewrite": 0.15,
}
AI_HEALTH_THRESHOLD = 0.75  # seed 004: below this approval rate an action needs improvement
AI_RATINGS_PER_CANDIDATE = 8.0  # Poisson mean over a candidate's search


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def weighted_fit(components: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    """Fit score 0–100 of an (n, 5) component array under ``weights``."""
    vector = np.array([weights[k] for k in FIT_COMPONENTS])
    return components @ vector


def base_logit(components: np.ndarray, quality: np.ndarray, base_score: np.ndarray) -> np.ndarray:
    """η⁰: the log-odds of an interview without the added_metrics edit."""
    resume_term = (np.minimum(base_score, RESUME_KNEE) - RESUME_KNEE) / 10.0
    return (
        INTERCEPT
        + FIT_LOGIT_SCALE * weighted_fit(components, TRUE_FIT_WEIGHTS) / 100.0
        + QUALITY_LOGIT * quality
        + RESUME_LOGIT_PER_10 * resume_term
    )


def interview_probability(
    components: np.ndarray, quality: np.ndarray, base_score: np.ndarray, has_metrics: np.ndarray
) -> np.ndarray:
    """The true ``p_a`` of the module docstring, vectorised over applications."""
    logit = base_logit(components, quality, base_score)
    return sigmoid(logit + METRICS_LOGIT * has_metrics.astype(float))


def weekday_preference(quality: np.ndarray) -> np.ndarray:
    """Probability that an application of a candidate falls on the preferred weekday."""
    slope = WEEKDAY_PREFERENCE_SLOPE * (quality - WEEKDAY_PREFERENCE_CENTRE)
    return WEEKDAY_PREFERENCE_MAX * sigmoid(slope)


def self_metrics_probability(quality: np.ndarray) -> np.ndarray:
    return sigmoid(SELF_METRICS_INTERCEPT + SELF_METRICS_SLOPE * quality)


def score_bucket(score: np.ndarray) -> np.ndarray:
    """Bucket label of each resume score; scores below 50 fall in "0-49"."""
    labels = np.array(["0-49", *CLAIMED_RATE_BY_BUCKET])
    return labels[np.searchsorted(SCORE_BUCKET_EDGES, score, side="right")]


# Displayed score of a candidate's first resume: S0 = clip(MEAN + SD·(ρ·q + √(1−ρ²)·ε), 50, 95).
BASE_SCORE_MEAN = 67.0
BASE_SCORE_SD = 8.0
BASE_SCORE_QUALITY_CORRELATION = 0.3
BASE_SCORE_RANGE = (50.0, 95.0)

# What the platform records at signup, before any edit or suggestion: noisy measurements of the
# latent quality, each ``clip(MEAN + SD·(ρ·q + √(1−ρ²)·ε), LOW, HIGH)`` with its own ε ~ N(0, 1),
# drawn from a stream of their own (:func:`learning.simulation.people.signup_signals_add`), so
# adding them changed no other draw of a world. ρ is each one's correlation with q (its
# reliability as a measure of q is ρ²): the score of a short skills assessment taken at signup
# (ρ = 0.8, reliability 0.64) and the share of the profile filled in at signup (ρ = 0.5).
# With the first resume's score (ρ = 0.3) the best linear composite of the three has a
# reliability of Σ r/(1−r) / (1 + Σ r/(1−r)) = 0.69, r = ρ² (independent errors): a noisy
# proxy, far from q itself. Nothing in the outcome model reads them.
SIGNUP_SIGNALS: dict[str, tuple[float, float, float, tuple[float, float]]] = {
    # name: (mean, sd, correlation with q, clip range)
    "assessment_score": (60.0, 15.0, 0.8, (0.0, 100.0)),
    "profile_completeness": (70.0, 12.0, 0.5, (20.0, 100.0)),
}
