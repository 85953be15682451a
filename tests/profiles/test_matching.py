"""The local scorer: formulas, determinism, explanations (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from profiles.matching.engine import score_matrix
from profiles.matching.explain import explain, top_missing_skill
from profiles.matching.features import CandidateFeatures, JobFeatures, years_band

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


def test_unknown_inputs_are_neutral_and_lower_the_confidence():
    known = score_matrix([_cand()], [_job()], WEIGHTS)
    unknown = score_matrix(
        [_cand(salary_min=None)], [_job(salary_max=None, min_years=None)], WEIGHTS
    )
    assert unknown.components["salary"][0, 0] == 60
    assert unknown.components["experience"][0, 0] == 60
    assert unknown.confidence[0, 0] < known.confidence[0, 0]


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
    assert {"skill": "Kubernetes", "job": "required"} in why.missing_skills
    assert {"skill": "Go", "job": "nice to have"} in why.missing_skills
    assert why.next_step == "Add Kubernetes to your resume: 2 of your top 3 matches ask for it"
    assert "Missing: Kubernetes" in why.reasoning


def test_a_stated_years_requirement_beats_the_seniority_band():
    assert years_band("mid", "We want 6+ years of Python") == (6.0, 10.0)
    assert years_band("senior") == (5.0, 9.0)
    assert years_band("") == (None, None)
