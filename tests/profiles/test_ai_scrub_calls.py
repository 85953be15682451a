"""AI calls are sent resume text scrubbed of contact details, unless the task needs them
(profiles.ai.privacy); the call log records what was sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine

from profiles.ai.privacy import SCRUBBED, payload_scrub
from profiles.ai.schemas import TASKS
from profiles.models import AIInteraction, ResumeSuggestion
from profiles.privacy.scrub import unscrub
from profiles.services.optimize import resume_optimization_create
from profiles.services.resumes import resume_text_parse
from tests.factories import CandidateProfileFactory, JobListingFactory

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
EMAIL, PHONE, URL = "dana.quill@example.com", "(512) 555-0134", "linkedin.com/in/dana-quill"
BULLET = "Responsible for managing the Quill billing service written in Python and Django"
RESUME = f"""Dana Quill
{EMAIL} | {PHONE} | {URL} | Austin, TX

Experience
Backend Engineer, Acme Corp, Jan 2019 - Mar 2023
- {BULLET}
- Worked on the MySQL reporting database used by the finance team
- Cut page load time by 40% by caching queries in Redis

Education
BSc Computer Science, University of Texas, 2018

Skills
Python, Django, MySQL, Redis
"""
PERSONAL = (EMAIL, "555-0134", "dana-quill", "Dana", "Quill")


@pytest.fixture
def optimized(db, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        profile = CandidateProfileFactory(
            full_name="Dana Quill", user__first_name="Dana", user__last_name="Quill"
        )
        with django_capture_on_commit_callbacks(execute=True):
            version = resume_text_parse(candidate=profile, text=RESUME, acting_user=profile.user)
        job = JobListingFactory(
            title="Senior Backend Engineer", required_skills=["Python", "SQL", "Kubernetes"]
        )
        optimization = resume_optimization_create(
            candidate=profile, job=job, acting_user=profile.user, resume_version=version
        )
    return profile, version, optimization


def test_every_task_has_a_scrubbing_decision() -> None:
    assert set(SCRUBBED) == set(TASKS)


def test_the_optimization_call_is_sent_and_logged_without_contact_details(optimized) -> None:
    _, _, optimization = optimized
    sent = AIInteraction.objects.get(task="resume_optimize", pk=optimization.interaction_id)
    logged = json.dumps(sent.input_data)
    for needle in PERSONAL:
        assert needle not in logged, needle
    assert "[EMAIL]" in logged and "[PHONE]" in logged and "[URL]" in logged
    assert "Worked on the MySQL reporting database" in logged  # the rest is kept


def test_suggestions_quote_the_resume_itself_after_scrubbing(optimized) -> None:
    _, version, optimization = optimized
    suggestions = list(ResumeSuggestion.objects.filter(optimization=optimization))
    assert suggestions
    for suggestion in suggestions:
        assert not suggestion.original or suggestion.original in version.text
        assert "[NAME]" not in suggestion.original + suggestion.suggested
    # the bullet naming the candidate's surname was read scrubbed and mapped back
    assert any("Quill billing" in s.original for s in suggestions)


def test_the_parse_call_keeps_the_contact_block_it_extracts(optimized) -> None:
    profile, _, _ = optimized
    parse = AIInteraction.objects.get(task="resume_parse")
    assert EMAIL in parse.input_data["text"]  # decided: parsing reads the contact details
    assert profile.email == EMAIL or parse.output["email"] == EMAIL


def test_match_calls_scrub_the_candidates_text_and_keep_the_city() -> None:
    payload = {"candidate": {"text": f"Dana Quill\n{EMAIL}\n{PHONE}", "location": "Austin, TX"}}
    for task in ("job_score", "job_reasoning"):
        out = payload_scrub(task, payload)
        assert out["candidate"]["text"] == "Dana Quill\n[EMAIL]\n[PHONE]"
        assert out["candidate"]["location"] == "Austin, TX"
    assert payload["candidate"]["text"].endswith(PHONE)  # the caller's payload is untouched


def test_unscrub_maps_a_quote_and_its_rewrite_back() -> None:
    text = "Ada Lovelock\n- Built the Lovelock ledger at Lovelock Analytics\n"
    assert unscrub(
        "Built the [NAME] ledger at [NAME] Analytics", text, "Rebuilt the [NAME] ledger"
    ) == ("Built the Lovelock ledger at Lovelock Analytics", "Rebuilt the Lovelock ledger")
    assert unscrub("Built the [NAME] ledger", text, "with [EMAIL]") is None
    assert unscrub("not in the text", text) is None
