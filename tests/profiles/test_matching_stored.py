"""What a scoring run stores: each candidate's best pairs, their components and explanations.

The batch paths (``ScoreMatrix.best``, ``component_values``, one ``Explainer`` per run, the
dense text and occupation products) are checked against the plain per-pair definitions on a
random world with ties, unknowns and every kind of posting.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest
from scipy import sparse

from profiles.matching.components import COMPONENTS, DEFAULT_WEIGHTS
from profiles.matching.engine import ScoreMatrix, prepare_jobs, score_matrix, scored_ahead
from profiles.matching.explain import Explainer, explain, stored_pairs, top_missing_skill
from profiles.matching.features import CandidateFeatures, JobFeatures
from profiles.matching.text import TextIndex, relevance
from profiles.matching.titles import OCCUPATION_SHARE
from profiles.occupations import similarity as occupation_similarity
from profiles.occupations import title_occupations
from profiles.skills import implied_skills
from recruitly.gcpause import gc_paused

SKILLS = ["Python", "Django", "SQL", "MySQL", "PostgreSQL", "Kubernetes", "Docker", "Go", "Excel",
          "Payroll", "ADP", "QuickBooks", "Nursing", "Triage", "Grill", "Food Safety"]  # fmt: skip
PLACES = ["Austin, TX", "Houston, TX", "Boston, MA", "Denver, CO", ""]
TITLES = ["Backend Engineer", "Payroll Specialist", "Registered Nurse", "Line Cook",
          "Staff Accountant", "Data Analyst"]  # fmt: skip
WORDS = ["payroll", "python", "django", "sql", "grill", "nurse", "patient", "ledger", "audit",
         "docker", "kubernetes", "cook", "reconcile", "taxes", "triage", "analytics",
         "dashboards", "reports"]  # fmt: skip


def _world(seed: int, n_cands: int, n_jobs: int):
    rng = np.random.default_rng(seed)

    def pick(pool, low, high):
        return tuple(rng.choice(pool, size=rng.integers(low, high + 1), replace=False))

    def text():
        return " ".join(rng.choice(WORDS, size=rng.integers(0, 40)))

    cands = []
    for i in range(n_cands):
        skills = pick(SKILLS, 0, 8)
        cands.append(
            CandidateFeatures(
                key=i, skills=skills,
                skill_sources={s: "Skills section" for s in skills[: rng.integers(0, 3)]},
                years=None if rng.random() < 0.2 else float(rng.integers(0, 15)),
                location=str(rng.choice(PLACES)), preferred_locations=pick(PLACES[:4], 0, 2),
                open_to_remote=bool(rng.random() < 0.7),
                salary_min=None if rng.random() < 0.3 else int(rng.integers(40, 160)) * 1000,
                preferred_stages=pick(["seed", "growth", "public"], 0, 2),
                related_skills=implied_skills(skills), titles=pick(TITLES, 0, 2), text=text(),
            )
        )  # fmt: skip
    jobs = []
    for j in range(n_jobs):
        required = pick(SKILLS, 0, 5)
        low = None if rng.random() < 0.2 else float(rng.integers(0, 8))
        jobs.append(
            JobFeatures(
                key=j, title=str(rng.choice(TITLES)), company=f"Company {j % 7}",
                required_skills=required, nice_to_have_skills=pick(SKILLS, 0, 3),
                seniority=str(rng.choice(["", "junior", "mid", "senior"])),
                min_years=low, max_years=None if low is None else low + 4,
                location=str(rng.choice(PLACES)), remote=bool(rng.random() < 0.2),
                salary_max=None if rng.random() < 0.3 else int(rng.integers(40, 200)) * 1000,
                salary_currency=str(rng.choice(["", "USD", "EUR"])),
                company_stage=str(rng.choice(["", "unknown", "seed", "growth", "public"])),
                skill_sources={s: "Requirements" for s in required[:1]}, text=text(),
            )
        )  # fmt: skip
    return cands, jobs


def _plain_best(scores: np.ndarray, threshold: float, cap: int) -> list[list[int]]:
    out = []
    for row in scores:
        above = [j for j in range(len(row)) if row[j] >= threshold]
        out.append(sorted(above, key=lambda j: (-row[j], j))[: max(cap, 0)])
    return out


@pytest.mark.parametrize(
    ("threshold", "cap"), [(35.0, 10), (0.0, 3), (50.0, 1), (0.0, 0), (101.0, 5), (20.0, 10_000)]
)
def test_best_is_the_sorted_list_of_scores_at_or_above_the_threshold_ties_in_column_order(
    threshold: float, cap: int
) -> None:
    rng = np.random.default_rng(3)
    # few distinct scores, so most of a row ties with its neighbours
    scores = np.round(rng.choice([20.0, 35.0, 35.0, 50.0, 72.5, 90.1], size=(40, 60)), 1)
    matrix = ScoreMatrix({}, scores, np.ones_like(scores))
    got = [list(map(int, row)) for row in matrix.best(threshold, cap)]
    assert got == _plain_best(scores, threshold, cap)


def test_the_components_of_many_pairs_are_those_of_each_pair_none_where_unknown() -> None:
    cands, jobs = _world(5, 30, 80)
    m = score_matrix(cands, jobs, DEFAULT_WEIGHTS)
    rows = np.repeat(np.arange(30), 80)
    cols = np.tile(np.arange(80), 30)
    many = m.component_values(rows, cols)
    assert list(many) == list(m.components)
    nones = 0
    for name, values in m.components.items():
        for i, (r, c) in enumerate(zip(rows, cols, strict=True)):
            want = None if np.isnan(values[r, c]) else float(np.round(values[r, c], 1))
            assert many[name][i] == want
            nones += want is None
    assert nones > 0  # the world has unknown components
    at = {name: many[name][4 * 80 + 3] for name in m.components}
    assert m.components_of(4, [3, 1])[0] == at == m.components_at(4, 3)


def test_one_explainer_for_a_run_says_for_each_pair_what_explain_says_of_it_alone() -> None:
    """Words worked out once per job and per candidate never carry over to another pair."""
    cands, jobs = _world(7, 40, 120)
    m = score_matrix(cands, jobs, DEFAULT_WEIGHTS)
    explainer = Explainer(jobs)
    seen = 0
    kinds: set[str] = set()
    for kept in stored_pairs(m, cands, explainer, 0.0, 25):
        cand = cands[kept.row]
        advice = top_missing_skill(cand, [jobs[j] for j in kept.cols[:10]])
        for j, total, comps, why in zip(
            kept.cols, kept.totals, kept.components, kept.explanations, strict=True
        ):
            assert why == explain(
                cand, jobs[j], dict(zip(COMPONENTS, comps, strict=True)), total, advice
            )
            assert total == m.compatibility[kept.row, j]
            kinds.update(why.match_factors + why.mismatch_factors)
            seen += 1
    assert seen == 40 * 25
    # the world reached every kind of factor
    for start in ("You have", "Level fits", "Asks for", "Remote", "In ", "On-site", "Pay up",
                  "Pay tops", "The posting names no"):  # fmt: skip
        assert any(k.startswith(start) for k in kinds), start
    # candidates interleaved: the explainer's per-candidate words follow the candidate asked
    a, b = cands[0], cands[1]
    at = m.components_at(0, 0)
    assert explainer.explain(b, 0, at, 50.0, None) == explain(b, jobs[0], at, 50.0, None)
    assert explainer.explain(a, 0, at, 50.0, None) == explain(a, jobs[0], at, 50.0, None)


def test_stored_pairs_are_the_best_pairs_with_their_scores() -> None:
    cands, jobs = _world(9, 20, 50)
    m = score_matrix(cands, jobs, DEFAULT_WEIGHTS)
    kept = list(stored_pairs(m, cands, Explainer(jobs), 30.0, 7))
    assert [k.row for k in kept] == list(range(20))
    assert [k.cols for k in kept] == _plain_best(m.compatibility, 30.0, 7)
    for k in kept:
        assert k.confidence == m.confidence[k.row, k.cols].tolist()
        assert len(k.components) == len(k.explanations) == len(k.cols)


def test_job_vectors_read_once_with_the_index_equal_those_read_again() -> None:
    _, jobs = _world(11, 1, 200)
    texts = [j.text or j.title for j in jobs]
    index, vectors = TextIndex.fit_vectors(texts)
    again = index.job_vectors(texts)
    assert np.array_equal(vectors.toarray(), again.toarray())  # bit for bit
    empty_index, empty = TextIndex.fit_vectors([])
    assert empty.shape[0] == 0 and empty_index.avg_job_length == 1.0


def test_text_relevance_is_the_sparse_cosine_bit_for_bit() -> None:
    cands, jobs = _world(13, 25, 150)
    index, job_vectors = TextIndex.fit_vectors([j.text or j.title for j in jobs])
    cand_vectors = index.vectors([c.text for c in cands])
    sparse_product = sparse.csr_matrix(cand_vectors @ job_vectors.T).toarray()
    assert np.array_equal(relevance(cand_vectors, job_vectors), sparse_product)


def test_title_similarity_mixes_titles_and_body_by_what_each_candidate_has() -> None:
    index = prepare_jobs(
        [JobFeatures(key=i, title=t, company="", required_skills=()) for i, t in enumerate(TITLES)],
        occupations=title_occupations,
    ).title_index
    titles = [("Payroll Specialist",), (), ("Line Cook",), ()]
    body = [{"group:43": 1.0}, {"group:43": 1.0}, {}, {}]
    both = index.similarity(titles, body)
    titles_only = index.similarity(titles)
    body_only = index.similarity([()] * 4, body)
    assert np.array_equal(both[0], 0.7 * titles_only[0] + 0.3 * body_only[0])
    assert np.array_equal(both[1], body_only[1])  # no titles: the body alone
    assert np.array_equal(both[2], titles_only[2])  # no body: the titles alone
    assert np.isnan(both[3]).all()  # neither: unknown


def test_title_similarity_of_repeated_titles_is_each_posting_s_own_cosine() -> None:
    """Each distinct title is compared once and spread over its postings: every posting's
    column is the per-pair definition worked out from that posting's own title (words
    cosine with the repeats counted in the idf, occupation cosine of the two dicts)."""
    cands, jobs = _world(17, 9, 60)  # six titles over 60 postings
    index = prepare_jobs(jobs, occupations=title_occupations).title_index
    assert index.job_words.shape[0] == len({j.title for j in jobs}) < len(jobs)
    titles = [c.titles for c in cands]
    got = index.similarity(titles)
    words = index._candidate_words(titles).toarray()
    for j, job in enumerate(jobs):
        own = index.vectorizer.transform([job.title]).toarray()[0]
        own /= np.linalg.norm(own) or 1.0
        for i, cand_titles in enumerate(titles):
            if not cand_titles:
                assert np.isnan(got[i, j])
                continue
            codes = occupation_similarity(
                index._candidate_occupations(cand_titles), title_occupations(job.title)
            )
            expected = (1 - OCCUPATION_SHARE) * float(words[i] @ own) + OCCUPATION_SHARE * codes
            assert got[i, j] == pytest.approx(min(max(expected, 0.0), 1.0), abs=1e-12)


def test_gc_paused_pauses_collection_inside_and_restores_what_was_there() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer pause alone
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_explanations_of_one_job_share_its_missing_skills_and_nothing_of_a_candidate() -> None:
    job = JobFeatures(
        key=0, title="Backend Engineer", company="Acme", required_skills=("Python", "Go"),
        skill_sources={"Go": "Requirements"},
    )  # fmt: skip
    first = CandidateFeatures(key=1, skills=("Python",), skill_sources={"Python": "Skills"})
    second = CandidateFeatures(key=2, skills=("Python",))
    explainer = Explainer([job])
    a = explainer.explain(first, 0, {}, 50.0, None)
    b = explainer.explain(second, 0, {}, 50.0, None)
    assert a.missing_skills == [{"skill": "Go", "job": "required", "where": "Requirements"}]
    assert a.missing_skills[0] is b.missing_skills[0]  # the job's own entry, made once
    assert a.matched_skills == [{"skill": "Python", "resume": "Skills", "job": "required"}]
    assert b.matched_skills == [{"skill": "Python", "resume": "profile", "job": "required"}]


def test_scored_ahead_gives_each_batch_its_own_matrix_in_order() -> None:
    cands, jobs = _world(23, 40, 80)
    job_set = prepare_jobs(jobs, occupations=title_occupations)
    pulled: list[int] = []

    def batches():
        for start in range(0, len(cands), 7):
            pulled.append(start)
            yield start, cands[start : start + 7], DEFAULT_WEIGHTS

    seen = []
    for start, matrix in scored_ahead(batches(), job_set):
        assert pulled[-1] <= start + 7  # at most the next batch is taken ahead
        alone = score_matrix(cands[start : start + 7], job_set, DEFAULT_WEIGHTS)
        assert np.array_equal(matrix.compatibility, alone.compatibility)
        assert np.array_equal(matrix.confidence, alone.confidence)
        for name in COMPONENTS:
            assert np.array_equal(matrix.components[name], alone.components[name], equal_nan=True)
        seen.append(start)
    assert seen == list(range(0, len(cands), 7))


def test_scored_ahead_raises_a_batch_s_failure_to_the_caller_at_that_batch() -> None:
    cands, jobs = _world(29, 6, 10)
    job_set = prepare_jobs(jobs)
    broken = {"skills": "heavy"}  # not a number: score_matrix fails on this batch
    batches = [(0, cands[:3], DEFAULT_WEIGHTS), (1, cands[3:], broken)]
    got = scored_ahead(iter(batches), job_set)
    assert next(got)[0] == 0
    with pytest.raises(ValueError):
        next(got)
