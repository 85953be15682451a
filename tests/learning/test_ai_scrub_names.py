"""Names with no cue: the owner's name at a resume's head and under a sign-off is found by
layout and scrubbed everywhere in the text, also inside the call log's JSON input; headings,
job titles, places and skills at the head are not taken for names; the account's e-mail local
part is a needle."""

from __future__ import annotations

import json

import pytest

from profiles.privacy.names import layout_names, name_line
from profiles.privacy.scrub import names_of, scrub
from tests.factories import CandidateProfileFactory, UserFactory

BODY = (
    "Senior Data Engineer\nExperience\nBuilt Python and SQL pipelines on AWS for Acme Logistics"
    " and cut costs by 30 %.\nEducation\nBSc Computer Science"
)


@pytest.mark.parametrize(
    "head",
    ["Henrike Vasquez", "HENRIKE VASQUEZ", "Henrike Vasquez | Data Engineer", "# Henrike Vasquez"],
)
def test_the_head_name_is_scrubbed_everywhere(head):
    text = f"{head}\n{BODY}\nVasquez led the migration."
    out = scrub(json.dumps({"text": text}))
    assert "henrike" not in out.lower() and "vasquez" not in out.lower()
    assert "Python and SQL pipelines on AWS for Acme Logistics" in out


def test_a_sign_off_name_is_scrubbed():
    text = f"Dear hiring team,\n{BODY}\n\nKind regards,\nTobiah Okonkwo"
    assert "Okonkwo" not in scrub(text) and "Tobiah" not in scrub(text)
    assert "Tobiah" not in scrub("I am glad to apply. My name is Tobiah and I build APIs.")


@pytest.mark.parametrize(
    "line",
    [
        "Curriculum Vitae",
        "Senior Data Engineer",
        "Professional Summary",
        "Python Django",
        "New York",
        "Full Stack Developer",
        "C O N T A C T  M E  A T",
        "Java Spring Boot",
    ],
)
def test_heads_that_are_not_names(line):
    assert name_line(line) == []
    assert layout_names(f"{line}\n{BODY}") == []


def test_short_fields_are_not_documents():
    assert layout_names(json.dumps({"title": "Henrike Vasquez", "text": BODY})) == []


@pytest.mark.django_db
def test_the_account_e_mail_local_part_is_a_needle():
    user = UserFactory(first_name="", last_name="", email="henrike.vasquez@example.org")
    CandidateProfileFactory(user=user, full_name="")
    out = scrub("Worked with henrike on the Vasquez report", names_of(user))
    assert "henrike" not in out.lower() and "vasquez" not in out.lower()
