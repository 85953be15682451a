"""The ``local`` scorer: five component scores and the weighted compatibility, vectorised.

Every component is a closed-form function of the two feature sets, so the same candidate, job
and weights always give the same score (the seed's LLM scores drifted between runs).

* skills = 100 · (required matched + ½ · nice matched) / (required + ½ · nice)
* experience = 100 inside the job's years band; -25 a year short, -8 a year over (floor 40)
* location = 100 remote (70 if the candidate wants on-site) or same city; 60 same state; 15 else
* salary = 100 when the job's top reaches the candidate's minimum, falling to 0 at a
  one-third shortfall; 60 when either side is unknown
* culture = 0.7 · company-stage fit + 0.3 · industry fit (60 when no preference is known)
* compatibility = Σ weight_k · component_k with the resolver's ``job_scoring.weights``
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from profiles.matching.features import CandidateFeatures, JobFeatures, city_of, state_of

COMPONENTS = ("skills", "experience", "location", "salary", "culture")
NEUTRAL = 60.0  # a component the inputs say nothing about neither helps nor sinks a match
EXPERIENCE_SHORT_PENALTY = 25.0  # points per missing year
EXPERIENCE_OVER_PENALTY = 8.0  # points per year above the band
EXPERIENCE_OVER_FLOOR = 40.0
SALARY_SHORTFALL_ZERO = 1 / 3  # shortfall (share of the candidate's minimum) that scores 0
REMOTE_ONSITE_PREFERENCE = 70.0
SAME_STATE, OTHER_PLACE, UNKNOWN_PLACE = 60.0, 15.0, 50.0
STAGE_MATCH, STAGE_MISMATCH = 100.0, 35.0
INDUSTRY_MATCH, INDUSTRY_MISMATCH = 100.0, 40.0
STAGE_SHARE = 0.7
NICE_TO_HAVE_WEIGHT = 0.5
# How much each kind of evidence contributes to the confidence (sums to 1).
CONFIDENCE_PARTS = {"job_skills": 0.35, "level": 0.2, "salary": 0.15, "place": 0.15, "cv": 0.15}


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores of every candidate (rows) against every job (columns), 0-100."""

    components: dict[str, np.ndarray]
    compatibility: np.ndarray
    confidence: np.ndarray


def _vocab(groups: Sequence[Sequence[str]]) -> dict[str, int]:
    vocab: dict[str, int] = {}
    for group in groups:
        for value in group:
            vocab.setdefault(value, len(vocab))
    return vocab


def _multi_hot(rows: Sequence[Sequence[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted({vocab[v] for v in row if v in vocab}))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(len(vocab), 1)))


def _lookup(matrix: sparse.csr_matrix, ids: np.ndarray) -> np.ndarray:
    """matrix[:, ids] as a dense bool array; id -1 (unknown) gives False."""
    dense = matrix.toarray().astype(bool)
    padded = np.concatenate([dense, np.zeros((dense.shape[0], 1), dtype=bool)], axis=1)
    return padded[:, ids]


def _floats(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def skills_component(cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]) -> np.ndarray:
    vocab = _vocab([*(c.skills for c in cands), *(j.required_skills for j in jobs)])
    vocab = _vocab([list(vocab), *(j.nice_to_have_skills for j in jobs)])
    have = _multi_hot([c.skills for c in cands], vocab)
    required = _multi_hot([j.required_skills for j in jobs], vocab)
    nice = _multi_hot([j.nice_to_have_skills for j in jobs], vocab)
    matched = (have @ required.T).toarray() + NICE_TO_HAVE_WEIGHT * (have @ nice.T).toarray()
    asked = (
        np.asarray(required.sum(axis=1)).ravel()
        + NICE_TO_HAVE_WEIGHT * np.asarray(nice.sum(axis=1)).ravel()
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(asked > 0, 100.0 * matched / np.where(asked > 0, asked, 1), NEUTRAL)
    return share


def experience_component(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]
) -> np.ndarray:
    years = np.array([c.years for c in cands], dtype=np.float64)[:, None]
    low = _floats([j.min_years for j in jobs])[None, :]
    high = _floats([j.max_years for j in jobs])[None, :]
    short = np.clip(100.0 - EXPERIENCE_SHORT_PENALTY * (low - years), 0.0, 100.0)
    over = np.clip(100.0 - EXPERIENCE_OVER_PENALTY * (years - high), EXPERIENCE_OVER_FLOOR, 100.0)
    score = np.where(years < low, short, np.where(years > high, over, 100.0))
    return np.where(np.isnan(low), NEUTRAL, score)


def location_component(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]
) -> np.ndarray:
    wanted_cities = [[city_of(x) for x in (c.location, *c.preferred_locations) if x] for c in cands]
    wanted_states = [
        [state_of(x) for x in (c.location, *c.preferred_locations) if state_of(x)] for c in cands
    ]
    city_vocab = _vocab([*wanted_cities, [city_of(j.location) for j in jobs]])
    state_vocab = _vocab(
        [*wanted_states, [state_of(j.location) for j in jobs if state_of(j.location)]]
    )
    job_city = np.array(
        [city_vocab.get(city_of(j.location), -1) if j.location else -1 for j in jobs]
    )
    job_state = np.array([state_vocab.get(state_of(j.location), -1) for j in jobs])
    same_city = _lookup(_multi_hot(wanted_cities, city_vocab), job_city)
    same_state = _lookup(_multi_hot(wanted_states, state_vocab), job_state)
    remote = np.array([j.remote for j in jobs])[None, :]
    open_remote = np.array([c.open_to_remote for c in cands])[:, None]
    knows_place = np.array([bool(w) for w in wanted_cities])[:, None]
    onsite = np.where(same_city, 100.0, np.where(same_state, SAME_STATE, OTHER_PLACE))
    onsite = np.where(knows_place & (job_city >= 0)[None, :], onsite, UNKNOWN_PLACE)
    return np.where(remote, np.where(open_remote, 100.0, REMOTE_ONSITE_PREFERENCE), onsite)


def salary_component(cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]) -> np.ndarray:
    ask = _floats([c.salary_min for c in cands])[:, None]
    top = _floats([j.salary_max if j.salary_max else j.salary_min for j in jobs])[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        shortfall = (ask - top) / ask
        score = np.where(
            top >= ask, 100.0, np.clip(100.0 * (1 - shortfall / SALARY_SHORTFALL_ZERO), 0, 100)
        )
    return np.where(np.isnan(ask) | np.isnan(top) | (ask <= 0), NEUTRAL, score)


def culture_component(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]
) -> np.ndarray:
    stage_vocab = _vocab([*(c.preferred_stages for c in cands), [j.company_stage for j in jobs]])
    industry_vocab = _vocab([*(c.industries for c in cands), [j.industry for j in jobs]])
    known = [j.company_stage if j.company_stage not in ("", "unknown") else None for j in jobs]
    job_stage = np.array([stage_vocab.get(stage, -1) if stage else -1 for stage in known])
    job_industry = np.array(
        [industry_vocab.get(j.industry, -1) if j.industry else -1 for j in jobs]
    )
    stage_hit = _lookup(_multi_hot([c.preferred_stages for c in cands], stage_vocab), job_stage)
    industry_hit = _lookup(_multi_hot([c.industries for c in cands], industry_vocab), job_industry)
    has_stage = np.array([bool(c.preferred_stages) for c in cands])[:, None] & (job_stage >= 0)
    has_industry = np.array([bool(c.industries) for c in cands])[:, None] & (job_industry >= 0)
    stage = np.where(has_stage, np.where(stage_hit, STAGE_MATCH, STAGE_MISMATCH), NEUTRAL)
    industry = np.where(
        has_industry, np.where(industry_hit, INDUSTRY_MATCH, INDUSTRY_MISMATCH), NEUTRAL
    )
    return STAGE_SHARE * stage + (1 - STAGE_SHARE) * industry


def confidence(cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]) -> np.ndarray:
    p = CONFIDENCE_PARTS
    job_part = np.array(
        [
            p["job_skills"] * bool(j.required_skills)
            + p["level"] * (j.min_years is not None)
            + p["place"] * (bool(j.location) or j.remote)
            for j in jobs
        ]
    )[None, :]
    cand_part = np.array([p["cv"] * bool(c.skills) for c in cands])[:, None]
    salary_known = (
        np.array([c.salary_min is not None for c in cands])[:, None]
        & np.array([bool(j.salary_max or j.salary_min) for j in jobs])[None, :]
    )
    return np.round(job_part + cand_part + p["salary"] * salary_known, 3)


def score_matrix(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures], weights: dict[str, float]
) -> ScoreMatrix:
    """Score every candidate against every job with one set of weights."""
    components = {
        "skills": skills_component(cands, jobs),
        "experience": experience_component(cands, jobs),
        "location": location_component(cands, jobs),
        "salary": salary_component(cands, jobs),
        "culture": culture_component(cands, jobs),
    }
    total = sum(weights[k] * components[k] for k in COMPONENTS)
    compatibility = np.clip(np.round(total, 1), 0.0, 100.0)
    return ScoreMatrix(components, compatibility, confidence(cands, jobs))
