"""The ``local`` scorer: seven component scores and the weighted compatibility, vectorised.

Every component is a closed-form function of the two feature sets, so the same candidate, job
and weights always give the same score (the seed's LLM scores drifted between runs). A
component the inputs say nothing about is *unknown* (NaN): it carries no points and lowers
the confidence. Missing information is never evidence.

* skills = 100 · (required held + ½ · required implied + ½ · (nice held + ½ · nice implied))
  / (required + ½ · nice); unknown when the posting names no skill
* experience = 100 inside the job's years band; -25 a year short, -8 a year over (floor 40);
  unknown without a band or without dated experience
* location = 100 remote (70 if the candidate wants on-site) or same city; 60 same state;
  15 elsewhere; unknown when either place is unknown
* salary = 100 when the job's top reaches the candidate's minimum, falling to 0 at a
  one-third shortfall; unknown when either side is unknown
* culture = 0.7 · company-stage fit + 0.3 · industry fit, over what is known
* text = 100 · (1 - exp(-cos / 0.12)), cos the cosine of BM25-weighted vectors of the
  resume and the posting's title and requirements (``profiles.matching.text``)
* title = 100 · similarity of the candidate's titles (words and occupations) and the
  occupations their resume names with the posting's title (``profiles.matching.titles``)
* compatibility = Σ weight_k · component_k over the known components (resolver's
  ``job_scoring.weights``); confidence = the share of the weight whose component is known
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from scipy import sparse

from profiles.matching.components import COMPONENTS
from profiles.matching.features import CandidateFeatures, JobFeatures, city_of, state_of
from profiles.matching.text import TextIndex, relevance
from profiles.matching.titles import Occupations, TitleIndex
from recruitly.gcpause import gc_paused

__all__ = ["COMPONENTS", "JobSet", "ScoreMatrix", "prepare_jobs", "score_matrix", "scored_ahead"]

EXPERIENCE_SHORT_PENALTY = 25.0  # points per missing year
EXPERIENCE_OVER_PENALTY = 8.0  # points per year above the band
EXPERIENCE_OVER_FLOOR = 40.0
SALARY_SHORTFALL_ZERO = 1 / 3  # shortfall (share of the candidate's minimum) that scores 0
REMOTE_ONSITE_PREFERENCE = 70.0
SAME_STATE, OTHER_PLACE = 60.0, 15.0
STAGE_MATCH, STAGE_MISMATCH = 100.0, 35.0
INDUSTRY_MATCH, INDUSTRY_MISMATCH = 100.0, 40.0
STAGE_SHARE = 0.7
NICE_TO_HAVE_WEIGHT = 0.5
RELATED_CREDIT = 0.5  # an implied skill (SQL from MySQL) counts half a held one
# text = 100 · (1 - exp(-cos / TEXT_SCALE)): smooth and monotone. On the real resumes and
# postings of bench/match_quality.py a resume's best same-occupation posting has a cosine
# near 0.13 (→ 67); 0.3 gives 92.
TEXT_SCALE = 0.12
_Key = TypeVar("_Key")
_Batch = TypeVar("_Batch")


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores of every candidate (rows) against every job (columns), 0-100.

    ``components`` hold NaN where a component is unknown; ``compatibility`` counts only the
    known ones; ``confidence`` is the share of the weight whose component is known (0-1).
    """

    components: dict[str, np.ndarray]
    compatibility: np.ndarray
    confidence: np.ndarray

    def best(self, threshold: float, cap: int) -> list[np.ndarray]:
        """Each row's columns scoring at least ``threshold``, best first, at most ``cap``.

        Ties are broken by column order, so the result never depends on sort luck. Only the
        scores at or above a row's ``cap``-th best are sorted (a partial sort finds it).
        """
        out = []
        for scores in self.compatibility:
            above = np.flatnonzero(scores >= threshold)
            if len(above) > cap > 0:
                values = scores[above]
                floor = np.partition(values, len(values) - cap)[len(values) - cap]
                above = above[values >= floor]
            out.append(above[np.lexsort((above, -scores[above]))][: max(cap, 0)])
        return out

    def component_values(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, list[float | None]]:
        """Each component's values at the pairs (rows[i], cols[i]), rounded to 0.1; None where
        unknown: one gather per component for all the pairs of a batch."""
        picked: dict[str, list[float | None]] = {}
        for name, values in self.components.items():
            value = np.round(values[rows, cols], 1)
            unknown = np.isnan(value)
            if unknown.any():
                value = value.astype(object)
                value[unknown] = None
            picked[name] = value.tolist()
        return picked

    def components_at(self, row: int, col: int) -> dict[str, float | None]:
        """One pair's components, rounded to 0.1; None where unknown."""
        return self.components_of(row, [col])[0]

    def components_of(self, row: int, cols: Sequence[int]) -> list[dict[str, float | None]]:
        """The components of one candidate's pairs with ``cols``."""
        picked = np.asarray(cols, dtype=np.intp)
        values = self.component_values(np.full(len(picked), row, dtype=np.intp), picked)
        names = list(values)
        return [dict(zip(names, one, strict=True)) for one in zip(*values.values(), strict=True)]


@dataclass(frozen=True)
class JobSet:
    """Jobs prepared once for scoring many candidate batches: every job-side matrix."""

    jobs: Sequence[JobFeatures]
    text_index: TextIndex
    text_vectors: sparse.csr_matrix
    title_index: TitleIndex
    skill_vocab: dict[str, int]
    asked: sparse.csr_matrix  # required + ½ nice-to-have, per skill
    asked_total: np.ndarray  # (1, jobs)
    city_vocab: dict[str, int]
    state_vocab: dict[str, int]
    job_city: np.ndarray  # column in city_vocab, -1 unknown
    job_state: np.ndarray

    def __len__(self) -> int:
        return len(self.jobs)


def prepare_jobs(jobs: Sequence[JobFeatures], *, occupations: Occupations | None = None) -> JobSet:
    with gc_paused():  # every posting's words: many short-lived lists
        return _prepare_jobs(jobs, occupations)


def _prepare_jobs(jobs: Sequence[JobFeatures], occupations: Occupations | None) -> JobSet:
    texts = [j.text or j.title for j in jobs]
    index, text_vectors = TextIndex.fit_vectors(texts)
    skill_vocab = _vocab(
        [*(j.required_skills for j in jobs), *(j.nice_to_have_skills for j in jobs)]
    )
    required = _multi_hot([j.required_skills for j in jobs], skill_vocab)
    nice = _multi_hot(
        [[s for s in j.nice_to_have_skills if s not in j.required_skills] for j in jobs],
        skill_vocab,
    )
    asked = sparse.csr_matrix(required + NICE_TO_HAVE_WEIGHT * nice)
    city_vocab = _vocab([[city_of(j.location) for j in jobs if j.location]])
    state_vocab = _vocab([[state_of(j.location) for j in jobs if state_of(j.location)]])
    return JobSet(
        jobs=jobs,
        text_index=index,
        text_vectors=text_vectors,
        title_index=TitleIndex.fit([j.title for j in jobs], occupations),
        skill_vocab=skill_vocab,
        asked=asked,
        asked_total=np.asarray(asked.sum(axis=1)).ravel()[None, :],
        city_vocab=city_vocab,
        state_vocab=state_vocab,
        job_city=np.array(
            [city_vocab.get(city_of(j.location), -1) if j.location else -1 for j in jobs], dtype=int
        ),
        job_state=np.array([state_vocab.get(state_of(j.location), -1) for j in jobs], dtype=int),
    )


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


def skills_component(cands: Sequence[CandidateFeatures], jobs: JobSet) -> np.ndarray:
    vocab = jobs.skill_vocab
    have = _multi_hot([c.skills for c in cands], vocab)
    implied = _multi_hot(
        [[s for s in c.related_skills if s not in set(c.skills)] for c in cands], vocab
    )
    credit = sparse.csr_matrix(have + RELATED_CREDIT * implied).toarray()
    # dense by sparse, written straight into the result; sums of 1, ½ and ¼ are exact in any
    # order. Then 100 · matched / asked in place, unknown where the posting asks for nothing.
    score = np.ascontiguousarray(credit @ jobs.asked.T)
    score *= 100.0
    asked = jobs.asked_total
    score /= np.where(asked > 0, asked, 1)
    score[:, asked[0] <= 0] = np.nan
    return score


def experience_component(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]
) -> np.ndarray:
    years = _floats([c.years for c in cands])[:, None]
    # Jobs share few distinct bands: score each candidate against each band, then gather.
    bands, column = _codes([(j.min_years, j.max_years) for j in jobs])
    low = _floats([b[0] for b in bands])[None, :]
    high = _floats([b[1] for b in bands])[None, :]
    high = np.where(np.isnan(high), np.inf, high)
    with np.errstate(invalid="ignore"):
        short = np.clip(100.0 - EXPERIENCE_SHORT_PENALTY * (low - years), 0.0, 100.0)
        over = np.clip(
            100.0 - EXPERIENCE_OVER_PENALTY * (years - high), EXPERIENCE_OVER_FLOOR, 100.0
        )
        score = np.where(years < low, short, np.where(years > high, over, 100.0))
    table = np.where(np.isnan(low) | np.isnan(years), np.nan, score)
    return _gather(table, column, len(cands))


def _codes(values: Sequence[_Key]) -> tuple[list[_Key], np.ndarray]:
    """(distinct values in first-seen order, each value's index among them)."""
    seen: dict[_Key, int] = {}
    column = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.intp)
    return list(seen), column


def _gather(table: np.ndarray, column: np.ndarray, rows: int) -> np.ndarray:
    """table[:, column] as a (rows, len(column)) float array (table may be empty)."""
    if not len(column):
        return np.empty((rows, 0))
    return np.take(np.broadcast_to(table, (rows, table.shape[1])), column, axis=1)


def location_component(cands: Sequence[CandidateFeatures], jobs: JobSet) -> np.ndarray:
    wanted_cities = [[city_of(x) for x in (c.location, *c.preferred_locations) if x] for c in cands]
    wanted_states = [
        [state_of(x) for x in (c.location, *c.preferred_locations) if state_of(x)] for c in cands
    ]
    # Jobs share few distinct (city, state, remote) places: score those, then gather.
    places, column = _codes(
        list(
            zip(
                jobs.job_city.tolist(),
                jobs.job_state.tolist(),
                [j.remote for j in jobs.jobs],
                strict=True,
            )
        )
    )
    city = np.array([p[0] for p in places], dtype=int)
    state = np.array([p[1] for p in places], dtype=int)
    remote = np.array([p[2] for p in places], dtype=bool)[None, :]
    same_city = _lookup(_multi_hot(wanted_cities, jobs.city_vocab), city)
    same_state = _lookup(_multi_hot(wanted_states, jobs.state_vocab), state)
    open_remote = np.array([c.open_to_remote for c in cands], dtype=bool)[:, None]
    knows_place = np.array([bool(w) for w in wanted_cities], dtype=bool)[:, None]
    onsite = np.where(same_city, 100.0, np.where(same_state, SAME_STATE, OTHER_PLACE))
    onsite = np.where(knows_place & (city >= 0)[None, :], onsite, np.nan)
    table = np.where(remote, np.where(open_remote, 100.0, REMOTE_ONSITE_PREFERENCE), onsite)
    return _gather(table, column, len(cands))


def salary_component(cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]) -> np.ndarray:
    ask = _floats([c.salary_min for c in cands])[:, None]
    top = _floats([j.salary_max if j.salary_max else j.salary_min for j in jobs])[None, :]
    # 100 * (1 - shortfall / SALARY_SHORTFALL_ZERO), shortfall = (ask - top) / ask, clipped to
    # [0, 100] and 100 where the pay reaches the ask: the same operations in the same order,
    # in place on one matrix (each temporary of a batch is 250 x 10,000 floats)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.subtract(ask, top)
        score /= ask
        score /= SALARY_SHORTFALL_ZERO
        np.subtract(1.0, score, out=score)
        score *= 100.0
        np.clip(score, 0, 100, out=score)
        np.copyto(score, 100.0, where=top >= ask)
    score[(np.isnan(ask) | (ask <= 0))[:, 0], :] = np.nan  # unknown or no minimum: unknown
    score[:, np.isnan(top)[0]] = np.nan  # the posting states no pay
    return score


def culture_component(
    cands: Sequence[CandidateFeatures], jobs: Sequence[JobFeatures]
) -> np.ndarray:
    if not any(c.preferred_stages or c.industries for c in cands):
        return np.full((len(cands), len(jobs)), np.nan)  # no preference: nothing to compare
    # Score each candidate against the few distinct (stage, industry) pairs, then gather.
    pairs, column = _codes([(j.company_stage, j.industry) for j in jobs])
    stage_vocab = _vocab([*(c.preferred_stages for c in cands), [p[0] for p in pairs]])
    industry_vocab = _vocab([*(c.industries for c in cands), [p[1] for p in pairs]])
    known = [stage if stage not in ("", "unknown") else None for stage, _ in pairs]
    job_stage = np.array(
        [stage_vocab.get(stage, -1) if stage else -1 for stage in known], dtype=np.intp
    )
    job_industry = np.array(
        [industry_vocab.get(industry, -1) if industry else -1 for _, industry in pairs],
        dtype=np.intp,
    )
    stage_hit = _lookup(_multi_hot([c.preferred_stages for c in cands], stage_vocab), job_stage)
    industry_hit = _lookup(_multi_hot([c.industries for c in cands], industry_vocab), job_industry)
    has_stage = np.array([bool(c.preferred_stages) for c in cands])[:, None] & (job_stage >= 0)
    has_industry = np.array([bool(c.industries) for c in cands])[:, None] & (job_industry >= 0)
    stage = np.where(stage_hit, STAGE_MATCH, STAGE_MISMATCH)
    industry = np.where(industry_hit, INDUSTRY_MATCH, INDUSTRY_MISMATCH)
    both = STAGE_SHARE * stage + (1 - STAGE_SHARE) * industry
    table = np.where(
        has_stage & has_industry,
        both,
        np.where(has_stage, stage, np.where(has_industry, industry, np.nan)),
    )
    return _gather(table, column, len(cands))


def text_component(cands: Sequence[CandidateFeatures], jobs: JobSet) -> np.ndarray:
    texts = [c.text for c in cands]
    score = relevance(jobs.text_index.vectors(texts), jobs.text_vectors)
    # 100 · -expm1(-cosine / TEXT_SCALE) in place, the same operations (a sign moved)
    score /= -TEXT_SCALE
    np.expm1(score, out=score)
    score *= -100.0
    score[[not t.strip() for t in texts], :] = np.nan  # no resume text: unknown
    return score


def title_component(cands: Sequence[CandidateFeatures], jobs: JobSet) -> np.ndarray:
    similarity = jobs.title_index.similarity(
        [c.titles for c in cands], [c.occupations for c in cands]
    )
    return 100.0 * similarity


def score_matrix(
    cands: Sequence[CandidateFeatures],
    jobs: Sequence[JobFeatures] | JobSet,
    weights: dict[str, float],
) -> ScoreMatrix:
    """Score every candidate against every job with one set of weights.

    A weight missing from ``weights`` (a version written before its component existed) is 0.
    """
    job_set = jobs if isinstance(jobs, JobSet) else prepare_jobs(jobs)
    with gc_paused():  # the batch's resume words and index lists: many short-lived objects
        return _score_matrix(cands, job_set, weights)


def scored_ahead(
    batches: Iterable[tuple[_Batch, Sequence[CandidateFeatures], dict[str, float]]],
    jobs: JobSet,
) -> Iterator[tuple[_Batch, ScoreMatrix]]:
    """``score_matrix`` of each batch ``(batch, candidates, weights)``, in order, each with
    its batch; the next batch is scored on a second thread while the caller works on this
    one (explains and writes it).

    The engine's arithmetic (sparse products, expm1, the weighted sum) runs in numpy and
    scipy loops that release the GIL, so on two cores it overlaps the caller's explanations.
    The next batch is taken from ``batches`` when this one is handed over, so its features
    are read on the caller's thread (a database query stays on the caller's connection). At
    most two matrices are alive: drop each before asking for the next. Nothing is scored
    after the caller stops asking, beyond the one batch already started.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="score-ahead") as pool:
        pending: tuple[_Batch, Future[ScoreMatrix]] | None = None
        for batch, cands, weights in batches:
            started = pool.submit(score_matrix, cands, jobs, weights)
            if pending is not None:
                done, matrix = pending[0], pending[1].result()
                pending = None
                yield done, matrix
                del matrix
            pending = (batch, started)
        if pending is not None:
            yield pending[0], pending[1].result()


def _score_matrix(
    cands: Sequence[CandidateFeatures], job_set: JobSet, weights: dict[str, float]
) -> ScoreMatrix:
    rows = job_set.jobs
    components = {
        "skills": skills_component(cands, job_set),
        "experience": experience_component(cands, rows),
        "location": location_component(cands, job_set),
        "salary": salary_component(cands, rows),
        "culture": culture_component(cands, rows),
        "text": text_component(cands, job_set),
        "title": title_component(cands, job_set),
    }
    weighted = [
        (components[name], float(weights.get(name, 0.0)))
        for name in COMPONENTS
        if float(weights.get(name, 0.0)) != 0.0  # a weight of 0 adds exactly nothing
    ]
    weight_sum = sum(float(weights.get(k, 0.0)) for k in COMPONENTS) or 1.0
    compatibility, confidence = _weighted_sum(weighted, (len(cands), len(rows)), weight_sum)
    return ScoreMatrix(components, compatibility, confidence)


SUM_BLOCK = 1 << 17  # elements of each matrix summed at a time: a block of every part fits in cache


def _weighted_sum(
    weighted: list[tuple[np.ndarray, float]], shape: tuple[int, int], weight_sum: float
) -> tuple[np.ndarray, np.ndarray]:
    """(compatibility, confidence): Σ weight · component over the known components, rounded to
    0.1 and clipped to 0-100, and the known weight's share of ``weight_sum``, rounded to 0.001.

    Summed a block of rows at a time, every step in place, so each block's parts stay in the
    cache between steps; the operations and their order are those of one whole-matrix pass.
    """
    rows, cols = shape
    total, known_weight = np.zeros(shape), np.zeros(shape)
    step = max(1, SUM_BLOCK // max(cols, 1))
    part = np.empty((min(step, rows), cols))
    unknown = np.empty((min(step, rows), cols), dtype=bool)
    for start in range(0, rows, step):
        block = slice(start, min(rows, start + step))
        t, k = total[block], known_weight[block]
        p, u = part[: t.shape[0]], unknown[: t.shape[0]]
        for values, weight in weighted:
            v = values[block]
            np.isnan(v, out=u)
            np.multiply(v, weight, out=p)
            if not u.any():  # every pair of the block known: the same sums, fewer passes
                t += p
                k += weight
                continue
            np.copyto(p, 0.0, where=u)
            t += p
            np.logical_not(u, out=u)
            np.add(k, weight, out=k, where=u)
        np.round(t, 1, out=t)
        np.clip(t, 0.0, 100.0, out=t)
        k /= weight_sum
        np.round(k, 3, out=k)
    return total, known_weight
