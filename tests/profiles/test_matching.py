"""The local scorer: formulas, determinism, explanations (no database)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from profiles.matching.batch import PostingInput, candidate_from_resume, prepare_postings
from profiles.matching.components import DEFAULT_WEIGHTS
from profiles.matching.engine import prepare_jobs, score_matrix
from profiles.matching.explain import explain, top_missing_skill
from profiles.matching.features import CandidateFeatures, JobFeatures, years_band
from profiles.occupations import text_occupations, title_occupations

WEIGHTS = {"skills": 0.4, "experience": 0.3, "location": 0.2, "salary": 0.1, "culture": 0.0}


def _cand(**kw) -> CandidateFeatures:
    base = dict(key=1, skills=("Python", "Django"), years=4.0, location="Austin, TX",
                salary_min=100_000, skill_sources={"Python": "skills section"})  # fmt: skip
    return CandidateFeatures(**{**base, **kw})


def _job(**kw) -> JobFeatures:
    base = dict(
        key=1,
        title="Backend Engineer",
        company="Acme",
        required_skills=("Python", "Django", "Kubernetes"),
        nice_to_have_skills=("Go",),
        seniority="mid",
        min_years=2.0,
        max_years=5.0,
        location="Austin, TX",
        salary_max=120_000,
    )
    return JobFeatures(**{**base, **kw})


def test_components_follow_their_formulas():
    m = score_matrix([_cand()], [_job()], WEIGHTS)
    # 2 of 3 required, 0 of 1 nice (weighted half): 100 * 2 / 3.5
    assert m.components["skills"][0, 0] == pytest.approx(100 * 2 / 3.5)
    assert m.components["experience"][0, 0] == 100
    assert m.components["location"][0, 0] == 100
    assert m.components["salary"][0, 0] == 100
    expected = 0.4 * 100 * 2 / 3.5 + 0.3 * 100 + 0.2 * 100 + 0.1 * 100
    assert m.compatibility[0, 0] == pytest.approx(round(expected, 1))


def test_shortfalls_lower_experience_salary_and_location():
    m = score_matrix(
        [_cand(years=1.0, salary_min=150_000)],
        [_job(location="Boston, MA"), _job(location="Houston, TX")],
        WEIGHTS,
    )
    assert m.components["experience"][0, 0] == 75  # one year short of the band
    assert m.components["salary"][0, 0] == pytest.approx(100 * (1 - (30 / 150) * 3))
    assert m.components["location"][0].tolist() == [15, 60]  # other state, same state


def test_remote_jobs_fit_anyone_open_to_remote():
    m = score_matrix(
        [_cand(), _cand(open_to_remote=False)], [_job(remote=True, location="")], WEIGHTS
    )
    assert m.components["location"][:, 0].tolist() == [100, 70]


def test_unknown_inputs_carry_no_points_and_lower_the_confidence():
    known = score_matrix([_cand()], [_job()], WEIGHTS)
    unknown = score_matrix(
        [_cand(salary_min=None)], [_job(salary_max=None, min_years=None)], WEIGHTS
    )
    assert np.isnan(unknown.components["salary"][0, 0])
    assert np.isnan(unknown.components["experience"][0, 0])
    assert unknown.confidence[0, 0] < known.confidence[0, 0]
    # the known parts are the same, so the unknown ones only took points away
    assert unknown.compatibility[0, 0] == pytest.approx(known.compatibility[0, 0] - 40.0)


def test_the_same_inputs_and_weights_always_give_the_same_scores():
    rng = np.random.default_rng(1)
    skills = ["Python", "Go", "SQL", "Django", "AWS", "Docker"]
    cands = [_cand(key=i, skills=tuple(rng.choice(skills, 3, replace=False))) for i in range(20)]
    jobs = [
        _job(key=i, required_skills=tuple(rng.choice(skills, 2, replace=False))) for i in range(30)
    ]
    first = score_matrix(cands, jobs, WEIGHTS).compatibility
    assert np.array_equal(first, score_matrix(cands, jobs, WEIGHTS).compatibility)
    assert np.array_equal(first[5], score_matrix(cands[5:6], jobs, WEIGHTS).compatibility[0])


def test_weights_change_the_score():
    skills_only = {"skills": 1.0, "experience": 0.0, "location": 0.0, "salary": 0.0, "culture": 0.0}
    m = score_matrix([_cand()], [_job()], skills_only)
    assert m.compatibility[0, 0] == pytest.approx(round(100 * 2 / 3.5, 1))


def test_the_explanation_names_skills_with_their_sources_and_one_next_step():
    cand, job = _cand(), _job()
    advice = top_missing_skill(cand, [job, job, _job(required_skills=("Rust",))])
    assert advice == ("Kubernetes", 2, 3)
    why = explain(cand, job, {"skills": 57, "experience": 100, "location": 100, "salary": 100,
                              "culture": 60}, 80.0, advice)  # fmt: skip
    assert {"skill": "Python", "resume": "skills section", "job": "required"} in why.matched_skills
    assert {"skill": "Django", "resume": "profile", "job": "required"} in why.matched_skills
    assert why.missing_skills == [
        {"skill": "Kubernetes", "job": "required", "where": "the posting"}
    ]
    assert why.next_step == (
        "Add Kubernetes to your resume if you have it: 2 of your top 3 matches ask"
    )
    assert "Missing: Kubernetes" in why.reasoning


def test_a_stated_years_requirement_beats_the_seniority_band():
    assert years_band("mid", "We want 6+ years of Python") == (6.0, 10.0)
    assert years_band("senior") == (5.0, 9.0)
    assert years_band("") == (None, None)


# --- evidence, not absence: text and title components (issue: matching on real data) ------


def test_text_relevance_ranks_the_resume_that_shares_the_postings_words_first():
    jobs = [
        _job(key=1, title="Payroll Specialist", text="Payroll Specialist\nRun biweekly payroll, "
             "reconcile payroll taxes, garnishments and benefit deductions in ADP."),
        _job(key=2, title="Line Cook", text="Line Cook\nPrepare mise en place, grill and saute "
             "to order, keep the line clean and food safe."),
    ]  # fmt: skip
    payroll = _cand(key=1, text="Processed biweekly payroll for 400 employees in ADP; "
                    "reconciled payroll taxes and garnishments.")  # fmt: skip
    cook = _cand(key=2, text="Grill and saute station cook; prepared mise en place daily.")
    text = score_matrix([payroll, cook], jobs, WEIGHTS).components["text"]
    assert text[0, 0] > text[0, 1] and text[1, 1] > text[1, 0]
    assert np.isnan(score_matrix([_cand(text="")], jobs, WEIGHTS).components["text"]).all()


def test_title_similarity_uses_words_and_occupations_and_is_unknown_without_titles():
    jobs = prepare_jobs(
        [_job(key=1, title="HR Business Partner"), _job(key=2, title="Registered Nurse")],
        occupations=title_occupations,
    )
    hr = _cand(key=1, titles=("Human Resources Generalist",))
    nobody = _cand(key=2, titles=())
    title = score_matrix([hr, nobody], jobs, WEIGHTS).components["title"]
    assert title[0, 0] > 40 and title[0, 1] < 10
    assert np.isnan(title[1]).all()


def test_the_body_of_a_resume_stands_in_for_titles_the_parser_missed():
    jobs = prepare_jobs(
        [_job(key=1, title="Staff Accountant"), _job(key=2, title="Sous Chef")],
        occupations=title_occupations,
    )
    body = text_occupations("Summary\nStaff Accountant with general ledger and audit work.")
    title = score_matrix([_cand(titles=(), occupations=body)], jobs, WEIGHTS).components["title"]
    assert title[0, 0] > title[0, 1]


def test_a_posting_with_no_recognisable_requirement_never_outranks_one_matched_on_evidence():
    weights = dict(DEFAULT_WEIGHTS)
    postings = [
        PostingInput("vague", "Summer Internship", "Acme", "Austin, TX",
                     "About us: Acme is a great place to work. We offer 401k and free lunch."),
        PostingInput("java", "Junior Java Engineer", "Acme", "Austin, TX",
                     "Requirements:\n- 1+ years of Java and Spring\n- SQL"),
    ]  # fmt: skip
    jobs, job_set = prepare_postings(postings)
    assert jobs[0].required_skills == () and jobs[1].required_skills
    resume = (
        "JANE DOE\nJava Developer\nAustin, TX\nSkills: Java, Spring, MySQL, PostgreSQL\n"
        "Experience\nJava Developer, Initech, 01/2021 - 06/2024\n"
        "Built Spring services on PostgreSQL."
    )
    cand, _ = candidate_from_resume(1, resume, today=date(2026, 11, 30))
    matrix = score_matrix([cand], job_set, weights)
    assert np.isnan(matrix.components["skills"][0, 0])  # unknown, not a neutral bonus
    assert matrix.compatibility[0, 1] > matrix.compatibility[0, 0]
    assert matrix.confidence[0, 1] > matrix.confidence[0, 0]


def test_an_implied_skill_earns_half_credit_and_is_shown_as_related():
    job = _job(required_skills=("SQL", "Python"), nice_to_have_skills=(), skill_sources={
        "SQL": "Minimum qualifications", "Python": "Minimum qualifications"})  # fmt: skip
    cand = _cand(skills=("MySQL", "Python"), related_skills={"SQL": "MySQL"})
    m = score_matrix([cand], [job], WEIGHTS)
    assert m.components["skills"][0, 0] == pytest.approx(100 * 1.5 / 2)
    why = explain(cand, job, m.components_at(0, 0), float(m.compatibility[0, 0]), None)
    assert {"skill": "SQL", "resume": "related: you have MySQL", "job": "required",
            "related": "MySQL"} in why.matched_skills  # fmt: skip
    assert why.missing_skills == []
    assert why.next_step == "Apply, and name SQL on your resume: you have MySQL"
    assert "SQL (via MySQL)" in why.reasoning


# --- explanations that are true: one test per rule -----------------------------------------


def _why(cand: CandidateFeatures, job: JobFeatures, advice=None):
    m = score_matrix([cand], [job], WEIGHTS)
    return explain(cand, job, m.components_at(0, 0), float(m.compatibility[0, 0]), advice)


def test_missing_lists_required_skills_only_with_where_the_posting_asks():
    job = _job(skill_sources={"Kubernetes": "Requirements"})
    why = _why(_cand(), job)
    assert why.missing_skills == [
        {"skill": "Kubernetes", "job": "required", "where": "Requirements"}
    ]
    assert all(m["skill"] != "Go" for m in why.missing_skills)  # nice to have is never missing


def test_apply_is_advised_only_when_every_required_skill_is_met():
    short = _why(_cand(), _job())
    assert short.next_step.startswith("Add Kubernetes")
    met = _why(_cand(skills=("Python", "Django", "Kubernetes")), _job())
    assert met.next_step == "Apply: you meet the stated requirements; lead with Python"


def test_a_posting_without_requirements_says_so_instead_of_claiming_a_fit():
    why = _why(_cand(), _job(required_skills=(), nice_to_have_skills=()))
    assert "The posting names no requirement we could check" in why.mismatch_factors
    assert why.next_step.startswith("Read the requirements yourself")


def test_an_unknown_component_states_no_factor():
    why = _why(_cand(salary_min=None, years=None), _job(salary_max=None))
    assert not [f for f in why.match_factors + why.mismatch_factors if "Pay" in f or "years" in f]


def test_a_years_shortfall_makes_the_next_step_a_stretch():
    why = _why(_cand(skills=("Python", "Django", "Kubernetes"), years=0.5), _job(min_years=4.0))
    assert "Asks for 4+ years; you have 0.5" in why.mismatch_factors
    assert why.next_step == "Apply as a stretch, and lead with your strongest results"


def test_no_jobs_or_no_candidates_give_empty_matrices():
    empty = score_matrix([_cand()], prepare_jobs([], occupations=title_occupations), WEIGHTS)
    assert empty.compatibility.shape == (1, 0)
    nobody = score_matrix([], [_job()], WEIGHTS)
    assert nobody.compatibility.shape == (0, 1)


def test_the_salary_component_is_the_shortfall_formula_at_every_edge() -> None:
    """Computed in place for speed; each value is still 100 * (1 - shortfall / (1/3)),
    shortfall = (ask - top) / ask, clipped to [0, 100], 100 where the pay reaches the ask, and
    unknown (NaN) without an ask, with an ask of 0 or less, or without a stated pay."""
    from profiles.matching.engine import SALARY_SHORTFALL_ZERO, salary_component

    rng = np.random.default_rng(3)
    asks = [None, 0, -5, 1, *rng.integers(20_000, 300_000, 40).tolist()]
    drawn = [(int(v), None) for v in rng.integers(1, 400_000, 60)]
    tops = [(None, None), (0, None), (None, 90_000), *drawn]
    cands = [_cand(salary_min=a) for a in asks]
    jobs = [_job(salary_max=hi, salary_min=lo) for hi, lo in tops]
    got = salary_component(cands, jobs)
    for i, ask in enumerate(asks):
        for j, (hi, lo) in enumerate(tops):
            top = hi or lo
            if ask is None or ask <= 0 or top is None:
                assert np.isnan(got[i, j])
                continue
            shortfall = (ask - top) / ask
            want = min(max(100.0 * (1 - shortfall / SALARY_SHORTFALL_ZERO), 0), 100)
            assert got[i, j] == (100.0 if top >= ask else want)
