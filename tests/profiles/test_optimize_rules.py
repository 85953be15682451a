"""The local optimizer's rules: honest gaps and suggestions, deterministic scores, offers."""

from __future__ import annotations

import re

from profiles.optimize.offers import OFFER_SHARE, offer_bucket, offers_for
from profiles.optimize.rules import (
    METRIC_PLACEHOLDER,
    Posting,
    action_verb_rewrite,
    apply,
    gap_analysis,
    invented,
    suggestions,
)
from profiles.optimize.scores import validation_scores
from profiles.parsing.resume import parse_resume

RESUME = """Dana Smith
dana@example.com | (512) 555-0134 | Austin, TX

Experience
Backend Engineer, Acme Corp, Jan 2019 - Mar 2023
- Responsible for managing the billing service written in Python and Django
- Worked on the MySQL reporting database used by the finance team
- Cut page load time by 40% by caching queries in Redis
- Was able to successfully utilize various internal tools in order to automate the nightly \
deploys of the main web application for the product and support teams

Education
BSc Computer Science, University of Texas, 2018

Skills
Python, Django, MySQL, Redis
"""
POSTING = Posting(
    title="Senior Backend Engineer",
    required_skills=("Python", "SQL", "Kubernetes"),
    nice_to_have_skills=("Django", "Go"),
    skill_sources={"Kubernetes": "Requirements"},
)


def _run(offered=frozenset({"added_metrics"})):
    parsed = parse_resume(RESUME)
    return parsed, suggestions(parsed, RESUME, POSTING, offered=offered)


def test_gap_analysis_names_missing_required_skills_and_weak_bullets():
    gaps = gap_analysis(parse_resume(RESUME), RESUME, POSTING)
    assert [g["skill"] for g in gaps["missing_required_skills"]] == ["Kubernetes"]
    assert gaps["missing_required_skills"][0]["where"] == "Requirements"
    assert [k["skill"] for k in gaps["keywords_to_name"]] == ["SQL"]  # MySQL implies SQL
    assert gaps["missing_nice_to_have"] == ["Go"]
    assert gaps["missing_sections"] == ["summary"]
    assert any(b.startswith("Responsible for") for b in gaps["weak_bullets"])
    assert not any("40%" in b for b in gaps["bullets_without_numbers"])


def test_weak_openings_become_action_verbs_with_the_same_object():
    assert action_verb_rewrite("Responsible for managing the team") == "Managed the team"
    assert (
        action_verb_rewrite("Worked on the MySQL database") == "Contributed to the MySQL database"
    )
    assert action_verb_rewrite("Led the migration") is None


def test_no_suggestion_invents_a_number_or_a_skill_the_resume_lacks():
    _, found = _run()
    assert found
    for s in found:
        assert invented(s.original, s.suggested, RESUME) == [], s
        assert "Kubernetes" not in s.suggested  # a real gap is never papered over
        assert s.original == "" or s.original in RESUME


def test_metric_suggestions_carry_a_placeholder_and_only_for_the_offered_arm():
    _, offered = _run()
    metrics = [s for s in offered if s.edit_type == "added_metrics"]
    assert metrics and all(s.needs_input and METRIC_PLACEHOLDER in s.suggested for s in metrics)
    assert all(not re.search(r"\d", s.suggested) for s in metrics if "40%" not in s.original)
    _, not_offered = _run(frozenset())
    assert not [s for s in not_offered if s.edit_type == "added_metrics"]


def test_keyword_suggestion_names_the_implied_skill_on_the_skills_line():
    _, found = _run()
    keyword = next(s for s in found if s.edit_type == "added_keywords")
    assert keyword.original == "Python, Django, MySQL, Redis"
    assert keyword.suggested == "Python, Django, MySQL, Redis, SQL"


def test_accepting_every_suggestion_raises_the_scores_it_targets():
    parsed, found = _run(frozenset())
    text = RESUME
    for s in found:
        text = apply(text, s.as_dict(), s.suggested) or text
    before = validation_scores(parsed, RESUME, POSTING)
    after = validation_scores(parse_resume(text), text, POSTING)
    assert after.keyword_density > before.keyword_density
    assert after.readability > before.readability
    assert after.ats_compatibility > before.ats_compatibility
    assert after.overall > before.overall


def test_scores_follow_their_documented_formula():
    scores = validation_scores(parse_resume(RESUME), RESUME, POSTING)
    # required: Python named, SQL only implied, Kubernetes not; nice: Django named, Go not
    assert scores.keyword_density == round(10 * (1 + 0.5) / (3 + 0.5 * 2), 1)
    # summary missing: 3 headings x 1.5, e-mail, phone, dated positions, no table characters
    assert scores.ats_compatibility == 4.5 + 1 + 1 + 1 + 1


def test_a_posting_without_skills_has_no_keyword_score():
    empty = Posting(title="Role", required_skills=())
    scores = validation_scores(parse_resume(RESUME), RESUME, empty)
    assert scores.keyword_density is None


def test_offers_are_stable_per_candidate_and_split_about_evenly():
    assert offers_for("dana") == offers_for("dana")
    arms = [offers_for(f"user{i}")["added_metrics"]["offered"] for i in range(2000)]
    share = sum(arms) / len(arms)
    assert abs(share - OFFER_SHARE) < 0.04  # binomial sd at n=2000 is 0.011
    assert offer_bucket("dana", "added_metrics") != offer_bucket("dana", "shortened")
