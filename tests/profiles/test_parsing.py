from __future__ import annotations

from datetime import date

import pytest

from profiles.parsing.documents import ResumeDocumentError, read_document
from profiles.parsing.resume import ResumeTextError, parse_resume
from tests.profiles.documents import (
    RESUME_LINES,
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
)

LIMIT = 5 * 1024 * 1024
TODAY = date(2026, 11, 22)


def test_a_pdf_is_read_by_its_bytes_not_its_name():
    document = read_document(make_pdf(RESUME_LINES), max_bytes=LIMIT)
    assert document.kind == "pdf"
    assert "Kubernetes" in document.text


def test_a_docx_with_a_table_is_read_in_order():
    data = make_docx(RESUME_LINES[:5], table=[["Python", "Django"], ["AWS", "Docker"]])
    document = read_document(data, max_bytes=LIMIT)
    assert document.kind == "docx"
    assert document.text.splitlines()[0] == "Jane Doe"
    assert "Django" in document.text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (make_blank_pdf(), "scanned"),
        (make_encrypted_pdf(RESUME_LINES), "encrypted"),
        (b"%PDF-1.4\n1 0 obj garbage", "corrupt"),
        (b"PK\x03\x04" + b"\x00" * 64, "corrupt"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scanned"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "unsupported_type"),
        (b"\x00\x01\x02binary", "unsupported_type"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, code):
    with pytest.raises(ResumeDocumentError) as caught:
        read_document(data, max_bytes=LIMIT)
    assert caught.value.code == code
    assert caught.value.message


def test_files_over_the_limit_are_refused():
    with pytest.raises(ResumeDocumentError) as caught:
        read_document(b"a" * 101, max_bytes=100)
    assert caught.value.code == "too_large"


def test_the_local_parser_fills_the_profile_fields_from_the_text():
    parsed = parse_resume("\n".join(RESUME_LINES), today=TODAY)
    assert (parsed.full_name, parsed.email, parsed.phone, parsed.location) == (
        "Jane Doe",
        "jane.doe@example.com",
        "(512) 555-0199",
        "Austin, TX",
    )
    assert parsed.programming_languages == ["Python", "Go", "JavaScript"]
    assert "PostgreSQL" in parsed.tools_platforms
    assert parsed.soft_skills == ["Communication", "Mentoring"]
    assert parsed.skill_sources["Python"] == "skills section"
    assert parsed.skill_sources["Django"] == "work experience"
    assert parsed.job_titles == ["Senior Software Engineer", "Software Engineer"]
    assert parsed.companies == ["Acme Corp", "Globex Inc."]
    assert parsed.years_of_experience == pytest.approx(9.7, abs=0.1)
    assert parsed.career_level == "senior"
    assert parsed.degrees == ["B.S. Computer Science"]
    assert parsed.institutions == ["University of Texas at Austin"]
    assert parsed.graduation_years == [2016]


def test_the_resume_score_explains_each_component():
    parsed = parse_resume("\n".join(RESUME_LINES), today=TODAY)
    assert 0 <= parsed.resume_score <= 100
    components = {r["component"] for r in parsed.score_reasons}
    assert components == {
        "contact",
        "skills",
        "experience",
        "impact",
        "education",
        "structure",
        "length",
    }
    assert sum(r["max"] for r in parsed.score_reasons) == 100
    assert all(r["reason"] for r in parsed.score_reasons)


def test_prose_does_not_invent_domain_or_soft_skills():
    text = "Sam Lee\nEXPERIENCE\nDirector of Nursing, Harbor Health, 2019 - 2023\n- Led the team"
    parsed = parse_resume(text, today=TODAY)
    assert parsed.skills == []
    assert parsed.job_titles == ["Director of Nursing"]


def test_a_literal_backslash_n_from_a_shell_is_a_line_break():
    parsed = parse_resume(r"John Smith\nSoftware Engineer\nPython, JavaScript", today=TODAY)
    assert parsed.full_name == "John Smith"
    assert parsed.programming_languages == ["Python", "JavaScript"]


def test_dated_positions_beat_a_stated_figure():
    text = (
        "Ana Silva\nSummary\nAnalyst with 1+ year of experience.\n"
        "Experience\nAnalyst at X (2009 - now)"
    )
    parsed = parse_resume(text, today=TODAY)
    assert parsed.years_source == "dated work experience"
    assert parsed.years_of_experience == pytest.approx(17.3, abs=0.1)


def test_a_stated_figure_stands_in_only_when_nothing_is_dated():
    text = "Ana Silva\nSummary\nAnalyst with 6.5 years of experience.\nExperience\nAnalyst at X"
    parsed = parse_resume(text, today=TODAY)
    assert (parsed.years_of_experience, parsed.years_source) == (6.5, "stated in the resume")


def test_text_too_short_to_be_a_resume_is_refused():
    with pytest.raises(ResumeTextError):
        parse_resume("hi", today=TODAY)


def test_parsing_is_deterministic():
    text = "\n".join(RESUME_LINES)
    assert parse_resume(text, today=TODAY) == parse_resume(text, today=TODAY)


@pytest.mark.parametrize(
    ("line", "months"),
    [
        ("Jan 2019 \u2013 Present", 94),
        ("03/2018 - 06/2020", 28),
        ("2019-06 to 2021-03", 22),
        ("Apr 2020Jun 2020", 3),  # an export that lost the dash
        ("2019 october - now", 85),
        ("2014 2019", 60),  # bare years count from mid-year
    ],
)
def test_date_ranges_in_their_many_spellings(line, months):
    from profiles.parsing.dates import find_ranges

    [(span, _, _)] = find_ranges(line, today=TODAY)
    assert span.months == months


def test_a_range_split_over_two_lines_is_one_position():
    text = (
        "Ivan Petrov\nEXPERIENCE\n2012 , November ACME BANK, Russia\n"
        "2022, February Senior Software Developer (Python)\n- Built APIs with Python"
    )
    parsed = parse_resume(text, today=TODAY)
    assert [(j.title, j.company) for j in parsed.jobs] == [
        ("Senior Software Developer", "ACME BANK")  # "(Python)" is a field of its own
    ]
    assert parsed.years_of_experience == pytest.approx(9.3, abs=0.1)
