"""Posting parser: sections as recruiters write them, and the facts read from each."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from profiles.parsing.postings import parse_posting, parse_salary, years_asked
from profiles.parsing.postings.facts import education_asked

BENCH_JOBS = Path(__file__).resolve().parents[2].parent / "shared/bench-data/resumes-jobs/jobs.csv"


def _kinds(parsed) -> dict[str, str]:
    return {label: kind for label, kind, _ in parsed.sections}


def test_inline_headings_in_a_single_line_split_required_from_preferred():
    parsed = parse_posting(
        title="Backend Developer",
        description=(
            "Join us as a backend developer on payments. Minimum Required Skills: "
            "Java, SQL, Spring Boot. Preferred: Kafka and Docker. Benefits: 401k, dental, gym."
        ),
    )
    assert parsed.required_skills == ["Java", "SQL", "Spring Boot"]
    assert parsed.nice_to_have_skills == ["Kafka", "Docker"]
    assert parsed.skill_sources["SQL"] == "Minimum Required Skills"
    assert parsed.skill_sources["Kafka"] == "Preferred"
    assert _kinds(parsed)["Benefits"] == "benefits"


def test_headings_run_into_scraped_text_without_breaks_are_found():
    parsed = parse_posting(
        title="Senior Accountant",
        company="Acme Freight",
        description=(
            "Job Description The Senior Accountant owns month-end close in our NetSuite ledger "
            "Requirements Bachelor's degree in Accounting 5+ years of experience Advanced Excel "
            "skills Preferred Qualifications SAP experience Benefits 401k Medical Dental Vision "
            "About Us Acme Freight is a leading carrier using Oracle Transportation Management"
        ),
    )
    assert [(label, kind) for label, kind, _ in parsed.sections] == [
        ("Job Description", "responsibilities"),
        ("Requirements", "required"),
        ("Preferred Qualifications", "preferred"),
        ("Benefits", "benefits"),
        ("About Us", "company"),
    ]
    assert "Excel" in parsed.required_skills and "SAP" in parsed.nice_to_have_skills
    assert "Oracle" not in parsed.requirements_text
    assert (parsed.min_years, parsed.education_requirement, parsed.salary_min) == (
        5.0,
        "bachelor",
        None,
    )


def test_a_field_line_does_not_swallow_the_text_after_it():
    parsed = parse_posting(
        title="Data Engineer",
        description="Location: Berlin\nSalary: EUR 70,000 - 85,000 a year\nYou will build "
        "pipelines in Python and Airflow.\nRequirements:\n- 3+ years with SQL",
    )
    assert (parsed.salary_min, parsed.salary_max, parsed.salary_currency) == (70_000, 85_000, "EUR")
    assert parsed.required_skills == ["SQL"]
    assert "Python" in parsed.nice_to_have_skills  # duties: a plus, not a requirement


@pytest.mark.parametrize(
    "text",
    [
        "Benefits: 401k with company match, health insurance.",
        "We offer a 401(k) plan and a $5,000 annual learning budget.",
        "Founded in 2004, we have 10k+ employees and $500,000,000 in revenue.",
        "Call us at 555-123-4567 or visit us at 1200 Main Street.",
        "Posted 2024-03-01. Start date: 01/06/2024.",
    ],
)
def test_401k_perks_headcount_revenue_phones_and_dates_are_not_a_salary(text):
    parsed = parse_posting(title="Accountant", description=f"Requirements:\n- CPA\n{text}")
    assert (parsed.salary_min, parsed.salary_max, parsed.salary_currency) == (None, None, "")


def test_a_real_salary_next_to_a_401k_is_still_read():
    parsed = parse_posting(
        title="Senior Accountant",
        description="Perks: 401k match, dental, vision.\nCompensation: $85,000 - $95,000 per year",
    )
    assert (parsed.salary_min, parsed.salary_max) == (85_000, 95_000)
    assert parse_salary("$120k-$160k + bonus") == (120_000, 160_000, "USD")
    assert parse_salary("$45/hour") == (93_600, 93_600, "USD")
    assert parse_salary("Pay: $65,000.00 - $80,000.00 per year") == (65_000, 80_000, "USD")


def test_an_indeed_style_tail_of_fields_gives_pay_but_no_requirements():
    parsed = parse_posting(
        title="Junior Java Developer",
        description="Qualifications: 1-3 years of experience with Java and SQL. Familiarity "
        "with React is a plus. Job Type: Full-time Pay: $65,000.00 - $80,000.00 per year "
        "Benefits: 401(k) Dental insurance Health insurance Schedule: Monday to Friday "
        "Experience: Python: 5 years (Preferred)",
    )
    assert (parsed.salary_min, parsed.salary_max) == (65_000, 80_000)
    assert (parsed.min_years, parsed.max_years) == (1.0, 3.0)
    assert (parsed.required_skills, parsed.nice_to_have_skills) == (["Java", "SQL"], ["React"])


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Junior Java Developer (1-4 years experience)", "Java and SQL.", (1.0, 4.0)),
        ("Analyst", "5+ years of experience in financial analysis.", (5.0, None)),
        ("Analyst", "3-5 years of experience with Excel.", (3.0, 5.0)),
        ("Analyst", "A minimum of two years in a similar role.", (2.0, None)),
        ("Analyst", "Experience: 4 years in retail banking.", (4.0, None)),
        ("Analyst", "5 years in software; 2 years of experience with AWS.", (5.0, None)),
    ],
)
def test_years_asked_come_from_title_and_requirements(title, text, expected):
    parsed = parse_posting(title=title, description=f"Requirements:\n{text}")
    assert (parsed.min_years, parsed.max_years) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We have been serving clients for over 20 years.",
        "Applicants must be at least 18 years old.",
        "Our 401k vests after 3 years of service.",
        "The contract runs for 2 years from 2024.",
        "Founded in 1998, we celebrate 25 years of innovation.",
    ],
)
def test_company_age_ages_pension_vesting_and_dates_are_not_years_asked(text):
    assert years_asked(text) == (None, None)


def test_a_plus_inside_the_requirements_is_nice_to_have():
    parsed = parse_posting(
        title="Backend Engineer",
        description="Requirements:\n- 4+ years of experience with Go\n- PostgreSQL\n"
        "- Kubernetes is a plus\n- 8+ years in fintech preferred",
    )
    assert (parsed.required_skills, parsed.nice_to_have_skills) == (
        ["Go", "PostgreSQL"],
        ["Kubernetes"],
    )
    assert parsed.min_years == 4.0


def test_preferred_years_do_not_become_the_minimum():
    parsed = parse_posting(
        title="Engineer",
        description="Minimum qualifications:\n2 years of experience with C++.\n"
        "Preferred qualifications:\n8 years of experience with distributed systems.",
    )
    assert parsed.min_years == 2.0


def test_skills_in_the_company_blurb_are_not_requirements():
    headed = parse_posting(
        title="Financial Analyst",
        company="Northwind Capital",
        description="About us:\nWe run trading desks on the Bloomberg Terminal.\n"
        "Requirements:\n- Excel\n- Financial modeling",
    )
    unheaded = parse_posting(
        title="Financial Analyst",
        company="Northwind Capital",
        description="Northwind Capital is a leading trading firm built on the Bloomberg "
        "Terminal. We are looking for an analyst who knows Excel and financial modeling.",
    )
    for parsed in (headed, unheaded):
        skills = parsed.required_skills + parsed.nice_to_have_skills
        assert "Excel" in skills
        assert "Bloomberg Terminal" not in skills
        assert "Bloomberg" in parsed.company_text
        assert "Bloomberg" not in parsed.requirements_text


@pytest.mark.parametrize(
    ("company", "blurb"),
    [
        ("Northwind Capital LLC", "Northwind is a trading house on the Bloomberg Terminal."),
        ("", "Contoso Ltd is a leading provider of Bloomberg Terminal training."),
        ("Acme", "Founded in 1990, we run trading desks on the Bloomberg Terminal."),
    ],
)
def test_an_unheaded_self_description_is_the_company_blurb(company, blurb):
    parsed = parse_posting(
        title="Analyst", company=company, description=f"{blurb} You will model risk in Excel."
    )
    assert parsed.company_text == blurb
    assert parsed.required_skills == ["Excel"]


def test_skills_under_benefits_are_not_requirements():
    parsed = parse_posting(
        title="Support Engineer",
        description="What you'll need:\n- Linux\n- Bash\nWhat we offer:\n"
        "- Paid AWS and Kubernetes certifications\n- Free Python courses",
    )
    assert parsed.required_skills == ["Linux", "Bash"]
    assert parsed.nice_to_have_skills == []
    assert "Kubernetes" not in parsed.requirements_text


def test_eeo_boilerplate_is_kept_out_of_the_requirements_even_without_a_heading():
    parsed = parse_posting(
        title="Nurse",
        description="Requirements:\n- Registered nurse licence\n- BLS certification\n"
        "Acme Health is an equal opportunity employer. All qualified applicants will receive "
        "consideration without regard to race, color, religion or sex.",
    )
    assert "equal opportunity" not in parsed.requirements_text
    assert any("equal opportunity" in text for _, kind, text in parsed.sections if kind == "other")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BA/BS degree or equivalent practical experience.", ("bachelor", True)),
        ("Bachelor's degree in Accounting. Master's degree preferred.", ("bachelor", False)),
        ("PhD in Computer Science or a related field.", ("doctorate", False)),
        ("High school diploma or GED.", ("high school", False)),
        ("Associate's degree in Nursing.", ("associate", False)),
        ("MBA or Master's in Finance.", ("master", False)),
        ("Advanced MS Office and Excel skills.", ("", False)),
    ],
)
def test_education_is_the_lowest_degree_required(text, expected):
    assert education_asked(text) == expected


def test_education_named_only_as_preferred_is_not_required():
    parsed = parse_posting(
        title="Data Scientist",
        description="Minimum qualifications:\n3 years of experience with Python.\n"
        "Preferred qualifications:\nPhD in Statistics.",
    )
    assert parsed.education_requirement == ""


def test_a_posting_without_headings_is_read_whole_as_requirements():
    parsed = parse_posting(
        title="Senior Accountant",
        description="We need an accountant with 5+ years of experience in accounts payable, "
        "QuickBooks and Excel. CPA preferred. Salary $75,000 - $85,000 per year.",
    )
    assert {"Accounts Payable", "QuickBooks", "Excel"} <= set(parsed.required_skills)
    assert (parsed.min_years, parsed.seniority, parsed.salary_min) == (5.0, "senior", 75_000)
    assert parsed.requirements_text.startswith("We need an accountant")


def test_a_posting_with_no_recognisable_requirement_has_no_skills():
    parsed = parse_posting(
        title="Team Member",
        description="About us:\nWe build logistics software in Python and Go.\n"
        "Benefits:\n- Health insurance\n- Free Excel training",
    )
    assert (parsed.required_skills, parsed.nice_to_have_skills) == ([], [])
    assert parsed.requirements_text == ""
    assert not parsed.has_requirements


def test_html_postings_keep_their_headings():
    parsed = parse_posting(
        title="Frontend Developer",
        description="<h2>About the company</h2><p>We love <b>Tableau</b> dashboards.</p>"
        "<h3>What you bring</h3><ul><li>React &amp; TypeScript</li><li>3+ years of "
        "experience</li></ul><p><strong>Nice to have:</strong> GraphQL</p>",
    )
    assert parsed.required_skills == ["Frontend Development", "React", "TypeScript"]
    assert parsed.nice_to_have_skills == ["GraphQL"]
    assert parsed.min_years == 3.0
    assert "Tableau" not in parsed.required_skills + parsed.nice_to_have_skills


def test_pdf_text_with_bullets_hyphenation_and_page_footers_is_read():
    parsed = parse_posting(
        title="Mechanical Engineer",
        description="RESPONSIBILITIES\n● Design parts in SolidWorks\nPage 1 of 2\n"
        "QUALIFICATIONS\n● Bachelor's degree in Mechanical Engi-\nneering\n"
        "● 2+ years of experi-\nence with AutoCAD\nPREFERRED\n● ANSYS",
    )
    assert "AutoCAD" in parsed.required_skills
    assert parsed.skill_sources["AutoCAD"] == "QUALIFICATIONS"
    assert (parsed.min_years, parsed.education_requirement) == (2.0, "bachelor")
    assert "ANSYS" in parsed.nice_to_have_skills
    assert "Page 1" not in parsed.requirements_text


def test_the_multi_line_and_single_line_shapes_parse_alike():
    description = (
        "Responsibilities:\nBuild dashboards in Looker.\nMinimum qualifications:\n"
        "BA/BS degree or equivalent practical experience.\n4 years of experience with SQL.\n"
        "Preferred qualifications:\nExperience with Python."
    )
    multi = parse_posting(title="Analyst", description=description)
    single = parse_posting(title="Analyst", description=" ".join(description.split()))
    for parsed in (multi, single):
        assert _kinds(parsed) == {
            "Responsibilities": "responsibilities",
            "Minimum qualifications": "required",
            "Preferred qualifications": "preferred",
        }
        assert parsed.required_skills == ["SQL"]
        assert parsed.nice_to_have_skills == ["Data Visualization", "Looker", "Python"]
        assert (parsed.min_years, parsed.education_requirement) == (4.0, "bachelor")
        assert parsed.education_equivalent_ok


def test_seniority_comes_from_the_title_first_then_the_text():
    assert parse_posting(
        title="Sr. Engineer", description="Experience level: Junior"
    ).seniority == ("senior")
    assert parse_posting(title="Engineer", description="Experience level:\nSenior").seniority == (
        "senior"
    )
    assert parse_posting(title="Engineer", description="Build things.").seniority == ""


@pytest.mark.parametrize(
    ("title", "text", "remote"),
    [
        ("Distributed Systems Engineer", "Requirements: Go", False),
        ("Support Agent (Remote)", "Requirements: Zendesk", True),
        ("Support Agent", "This is a fully remote role.", True),
        ("Support Agent", "This is not a remote position; remote work is not possible.", False),
        ("Support Agent", "Benefits:\nWork from home Fridays", False),
    ],
)
def test_remote_is_read_from_title_and_job_text_not_from_perks(title, text, remote):
    assert parse_posting(title=title, description=text).remote is remote


@pytest.mark.skipif(not BENCH_JOBS.exists(), reason="../shared/bench-data/resumes-jobs absent")
def test_real_google_postings_keep_their_requirements_in_both_shapes():
    rows = list(csv.DictReader(BENCH_JOBS.open(encoding="utf-8")))[:120]
    with_required = agree = 0
    for row in rows:
        text = (
            f"Responsibilities:\n{row['Responsibilities']}\nMinimum qualifications:\n"
            f"{row['Minimum Qualifications']}\nPreferred qualifications:\n"
            f"{row['Preferred Qualifications']}"
        )
        multi = parse_posting(title=row["Title"], description=text)
        single = parse_posting(title=row["Title"], description=" ".join(text.split()))
        with_required += bool(multi.required_skills)
        agree += (multi.required_skills, multi.min_years) == (
            single.required_skills,
            single.min_years,
        )
    assert with_required >= 0.8 * len(rows)
    assert agree == len(rows)


def test_a_legal_counsel_posting_keeps_its_legal_requirements():
    # the shapes of real in-house counsel postings: a licence, research, advice, privacy law
    parsed = parse_posting(
        title="Privacy Counsel",
        description=(
            "Responsibilities:\nAdvise on global privacy law, including data protection.\n"
            "Provide specialist legal advice and draft agreements.\n"
            "Minimum qualifications:\nQualified to practice law in the state.\n"
            "Preferred qualifications:\nExcellent legal analysis and research skills."
        ),
    )
    asked = {*parsed.required_skills, *parsed.nice_to_have_skills}
    assert {"Bar Admission", "Data Privacy", "Legal Advice", "Legal Drafting"} <= asked
    assert "Legal Research" in parsed.nice_to_have_skills
    assert "Bar Admission" in parsed.required_skills
