# ruff: noqa: RUF001
"""Rules for real resume layouts, each on a small made-up text shaped like the real ones
(résumé-builder PDFs, two-column and letter-spaced DOCX exports). No real resume text here."""

from __future__ import annotations

from datetime import date

import pytest

from profiles.parsing.dates import document_month, join_split_ranges, reference_date
from profiles.parsing.documents import read_document
from profiles.parsing.resume import parse_resume
from profiles.parsing.sections import clean_lines, heading_of, join_split_initials, unspace
from tests.profiles.documents import one_page_pdf

TODAY = date(2026, 11, 22)
LIMIT = 5 * 1024 * 1024


def _pdf_with_runs(runs: list[tuple[int, int, str]]) -> bytes:
    """A one-page PDF whose text is drawn run by run at (x, y), like an HTML-to-PDF export."""
    ops = []
    for x, y, text in runs:
        ops.append(f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET")
    return one_page_pdf("\n".join(ops).encode("latin-1"), font=b"Courier")


# --- PDF text ----------------------------------------------------------------------------------
def test_runs_drawn_one_by_one_on_a_line_are_read_as_one_line():
    # given a header drawn as separate runs on one baseline (Courier: 6 pt per character)
    runs, x = [], 50
    for piece in ("Company Name ", "City , State ", "HR Manager ", "04/2016 to Current"):
        runs.append((x, 700, piece))
        x += 6 * len(piece)
    # when
    text = read_document(_pdf_with_runs(runs), max_bytes=LIMIT).text
    # then
    assert "Company Name City , State HR Manager 04/2016 to Current" in text.splitlines()


def test_two_columns_on_one_baseline_become_two_lines():
    runs = [(50, 700, "Compensation and payroll"), (350, 700, "Employee relations"),
            (50, 686, "Regulatory compliance"), (350, 686, "Hiring and retention")]  # fmt: skip
    lines = read_document(_pdf_with_runs(runs), max_bytes=LIMIT).text.splitlines()
    assert "Compensation and payroll" in lines
    assert "Employee relations" in lines


def test_a_range_spread_over_three_lines_is_joined():
    assert join_split_ranges(["October 2011", "to", "August 2015", "Company Name"]) == [
        "October 2011 to August 2015",
        "Company Name",
    ]
    assert join_split_ranges(["HR Manager 04/2016", "to Current"]) == [
        "HR Manager 04/2016 to Current"
    ]


def test_a_date_line_followed_by_a_present_label_is_not_joined():
    lines = ["Date of Birth: 1992", "Present Residence: Houston, Texas"]
    assert join_split_ranges(lines) == lines


def test_broken_encoding_from_the_export_is_repaired():
    [line] = clean_lines("Sourcing Manager (2007 â€“ 2015) Company Name ï¼\u200b City , StateÂ ")
    assert line == "Sourcing Manager (2007 – 2015) Company Name | City , State"


# --- positions in résumé-builder layouts ---------------------------------------------------------
BUILDER_RESUME = """PAYROLL SPECIALIST
Summary
Payroll specialist seeking a position as a Senior Payroll Accountant in a growing firm.
Highlights
ADP Payroll, Excel
Experience
Company Name City , State Payroll Specialist 04/2016
to
Current
        Processed bi-weekly payroll for 300 employees.
Accounts Payable Clerk Jan 2012 to Mar 2016
Company Name ï¼\u200b City , State
        Matched invoices and purchase orders.
01/2010 - 12/2011
Company Name ï¼\u200b City , State Billing Assistant I prepared invoices for clients and kept the records of payments up to date every single week.
Education
Associate of Applied Science : Accounting 2009 Hill College City , State
Professional Affiliations
Member, Payroll Association Inc. 2012 - Current
"""  # noqa: E501


def test_builder_positions_have_titles_and_never_a_placeholder_employer():
    parsed = parse_resume(BUILDER_RESUME, today=date(2017, 6, 1))
    assert [(j.title, j.company) for j in parsed.jobs] == [
        ("Payroll Specialist", ""),
        ("Accounts Payable Clerk", ""),
        ("Billing Assistant", ""),
    ]
    assert parsed.companies == []


def test_the_headline_leads_the_titles_in_normal_case_and_the_objective_gives_desired_roles():
    parsed = parse_resume(BUILDER_RESUME, today=date(2017, 6, 1))
    assert parsed.job_titles[:2] == ["Payroll Specialist", "Accounts Payable Clerk"]
    assert parsed.desired_roles == ["Senior Payroll Accountant"]
    assert parsed.full_name == ""  # the headline is a title, not a name


def test_memberships_and_degrees_are_not_work():
    parsed = parse_resume(BUILDER_RESUME, today=date(2017, 6, 1))
    # 01/2010-05/2017, merged: the 2012-now membership and the 2009 degree add nothing
    assert parsed.years_of_experience == pytest.approx(7.4, abs=0.1)


# --- dates relative to the document -----------------------------------------------------------
DATED_CV = """Data Analyst
Experience
Analyst | Pinetree | Nov 2020 - present
Courses
SQL Certificate, 2021
"""


def test_present_is_the_newest_date_the_document_names_without_a_known_date():
    assert reference_date(document_month(DATED_CV, today=None)) == date(2021, 7, 1)
    parsed = parse_resume(DATED_CV)
    assert parsed.jobs[0].months == 8  # Nov 2020 to mid-2021, not to the day the parser runs


def test_present_is_the_given_day_when_the_caller_knows_it():
    assert parse_resume(DATED_CV, today=date(2022, 11, 1)).jobs[0].months == 24


def test_a_version_list_is_not_the_document_date():
    text = "Experience\nClerk, Acme Inc., Jan 2010 - present\nTools: QuickBooks 2016, Windows 2000"
    assert reference_date(document_month(text, today=None)) == date(2010, 1, 1)


def test_dated_positions_beat_a_headline_figure():
    text = "Web Developer with 1+ year of experience\nExperience\nDeveloper, Acme Inc 2009 - 2019"
    parsed = parse_resume(text, today=TODAY)
    assert (parsed.years_of_experience, parsed.years_source) == (10.0, "dated work experience")


def test_school_years_next_to_a_school_are_never_work_even_in_two_column_exports():
    text = (
        "Python Developer\nExperience\n"
        "Head of IT department Jul 2001 - Dec 2009 EDUCATION\nAlterplast ltd\n1984 - 1994\n"
        "Supervised every IT aspect of the company.\nHigh School #218 Moscow\n"
    )
    parsed = parse_resume(text, today=TODAY)
    assert [(j.start, j.end) for j in parsed.jobs] == [("Jul 2001", "Dec 2009")]
    assert parsed.years_of_experience == pytest.approx(8.4, abs=0.1)


def test_product_versions_are_not_a_position_but_a_slash_range_after_a_title_is():
    text = (
        "Experience\nSQL Developer, Acme LLC, Team Lead 2004/ 2013\n"
        "Environment: SQL Server 2008/2012, Windows 2000/2003/2008"
    )
    parsed = parse_resume(text, today=TODAY)
    assert [(j.start, j.end) for j in parsed.jobs] == [("2004", "2013")]


def test_a_title_and_employer_run_together_are_split_after_the_role():
    text = (
        "Experience\nBusiness Owner Butchery, Ekaterinburg, Russia\nOct 2018 - Mar 2022 Ran a shop."
    )
    [job] = parse_resume(text, today=TODAY).jobs
    assert (job.title, job.company) == ("Business Owner", "Butchery")


# --- contact --------------------------------------------------------------------------------------
def test_a_location_comes_only_from_the_contact_block_and_must_be_a_place():
    text = (
        "Jane Roe\njane@example.com\nSkills\nFacebook, Twitter\nV-Lookups, Formulas\n"
        "Tableau, MS Excel\nExperience\nAnalyst, Acme Inc., Boston, MA, 2019 - 2021"
    )
    assert parse_resume(text, today=TODAY).location == ""


def test_a_residence_label_in_personal_information_gives_the_location_not_the_birthplace():
    text = (
        "CONSULTANT\nSummary\nConsultant.\nPersonal Information\n"
        "Place of Birth: Pune, India\nDate of Birth: 14th of May, 1992\n"
        "Present Residence: Houston, Texas\nSex: Male"
    )
    assert parse_resume(text, today=TODAY).location == "Houston, Texas"


def test_a_street_and_number_are_left_out_of_the_location():
    text = "Developer\nResidence: Kiryat Ono, Herzl St, 13.\nSkills\nPython"
    assert parse_resume(text, today=TODAY).location == "Kiryat Ono"


# --- skills ---------------------------------------------------------------------------------
def test_letter_spaced_headings_are_joined_and_never_yield_one_letter_skills():
    assert unspace("T E C H N I C A L  S K I L L S") == "TECHNICAL SKILLS"
    assert unspace("P R O J E C T S (clickable)") == "PROJECTS (clickable)"
    assert heading_of("T O O L S  &  T E C H") == "skills"
    text = (
        "D A T A\tA N A L Y S T\nT O O L S  &  T E C H\nPython SQL Tableau\n"
        "P R O J E C T S (clickable)"
    )
    parsed = parse_resume(text, today=TODAY)
    assert "C" not in parsed.skills and "R" not in parsed.skills
    assert parsed.job_titles == ["Data Analyst"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Don't have experience with Python, Golang, Kubernetes.",
        "No experience in Python, Golang or Kubernetes.",
        "Not familiar with Python, Golang and Kubernetes.",
        "I have not worked with Python, Golang or Kubernetes yet.",
    ],
)
def test_disclaimed_skills_are_not_skills(sentence):
    text = f"Java Developer\nSkills\nJava, Spring, React\nAbout me\n{sentence}"
    parsed = parse_resume(text, today=TODAY)
    assert {"Java", "Spring"} <= set(parsed.skills)
    assert not {"Python", "Go", "Kubernetes"} & set(parsed.skills)


def test_a_negation_ends_with_its_clause():
    text = "Skills\nNo experience with Golang; daily work in Python and Docker."
    skills = parse_resume(text, today=TODAY).skills
    assert "Python" in skills and "Docker" in skills and "Go" not in skills


def test_an_ambiguous_abbreviation_counts_only_in_its_field():
    java_cv = "Java Developer\nSkills\nJava, Spring, Unity, AR, VR"
    office_cv = "Office Manager\nSkills\nBilling, Bank R, Cash Receipts"
    data_cv = "Data Analyst\nSkills\nR, SQL, regression models"
    assert "Accounts Receivable" not in parse_resume(java_cv, today=TODAY).skills
    assert "R" not in parse_resume(office_cv, today=TODAY).skills
    assert "R" in parse_resume(data_cv, today=TODAY).skills


def test_the_context_filter_decides_by_the_rest_of_the_document():
    from profiles.parsing.context import supported
    from profiles.skills.extractor import SkillMatch

    ar = SkillMatch("Accounts Receivable", "domain", 0, 2, "AR")
    assert supported([ar], text="AR", document="Java, Spring, AR") == []
    assert supported([ar], text="AR", document="AR, invoicing, ledger") == [ar]


def test_the_letter_c_in_an_office_resume_is_not_the_language():
    text = "Office Manager\nSkills\nBilling, C, Cash Receipts, Excel"
    assert "C" not in parse_resume(text, today=TODAY).skills
    assert "C" in parse_resume("Skills\nC, C++, embedded Linux", today=TODAY).skills


def test_a_start_date_whose_end_is_written_on_the_next_line_is_ongoing():
    text = "Experience\nBankCo\nSeptember 2019 Senior Team Manager\ncurrently working\nLed teams."
    [job] = parse_resume(text, today=date(2021, 9, 1)).jobs
    assert (job.title, job.months, job.ongoing) == ("Senior Team Manager", 24, True)


def test_an_employer_written_in_camel_case_is_kept_and_a_city_is_not_an_employer():
    text = "Experience\nWeb-developer, Teamleader at iBrush , Moscow\nOctober 2015 - December 2018"
    [job] = parse_resume(text, today=TODAY).jobs
    assert job.company == "iBrush"


def test_two_product_versions_after_a_product_name_are_not_a_position():
    text = (
        "Experience\nSystems Engineer\nJanuary 2013 to May 2014 Company Name\n"
        "ESXi 4.1-5.5, Exchange 2007/2013, IIS Servers, Windows Server 2003/2008\n"
    )
    parsed = parse_resume(text, today=TODAY)
    assert [(j.start, j.end) for j in parsed.jobs] == [("January 2013", "May 2014")]


def test_a_phone_number_is_not_glued_to_the_postal_code_before_it():
    text = "Experience\nIT Director 2007 - 2013 Company Name City , State 66062 913.710.7339\n"
    assert parse_resume(text, today=TODAY).phone == "913.710.7339"


def test_abbreviations_outside_their_field_are_not_skills():
    it_admin = (
        "Skills\nF5 BigIP LTM/ASM, Cisco ASA Firewall\nExperience\n"
        "Network Administrator 2010 - 2014\nMoved the network to Layered Tech ATC.\n"
    )
    skills = parse_resume(it_admin, today=TODAY).skills
    assert "Assembly" not in skills and "Air Traffic Control" not in skills
    controller = (
        "Skills\nATC, radar, FAA regulations\nExperience\nAir Traffic Controller 2010 - 2014\n"
        "Firmware Engineer 2005 - 2010\nWrote ASM for 8051 microcontrollers.\n"
    )
    skills = parse_resume(controller, today=TODAY).skills
    assert "Air Traffic Control" in skills and "Assembly" in skills


def test_a_qualifications_heading_lists_skills_not_degrees():
    text = (
        "Qualifications\nWindows Server 2003/2008\nMS Hyperv 2005-2008 SECURITY SYSTEMS:\n"
        "Experience\nSystems Engineer 2013 - 2014\n"
    )
    parsed = parse_resume(text, today=TODAY)
    assert parsed.degrees == []
    assert "Windows Server" in parsed.skills


def test_cost_analysis_is_not_cost_accounting():
    skills = parse_resume("Skills\nCost Analysis, Data Center\n", today=TODAY).skills
    assert "Cost Analysis" in skills and "Cost Accounting" not in skills


@pytest.mark.parametrize(
    ("line", "degree", "school"),
    [
        (
            "Bachelor of Arts : Psychology East Carolina University City , State , USA",
            "Bachelor of Arts Psychology",
            "East Carolina University",
        ),
        (
            "MBA : Masters of Business Administration Ashworth College , City , State , US",
            "MBA Masters of Business Administration",
            "Ashworth College",
        ),
        (
            "Associate of Science : Healthcare Systems Community College of the Air Force , City",
            "Associate of Science Healthcare Systems",
            "Community College of the Air Force",
        ),
        (
            "University of Central Missouri Present Bachelor of Science : Education City , State",
            "Bachelor of Science Education",
            "University of Central Missouri",
        ),
        (
            "Bachelor of Science : Computer Science TROY STATE UNIVERSITY , City , State",
            "Bachelor of Science Computer Science",
            "TROY STATE UNIVERSITY",
        ),
        (
            "Metropolitan Community College 2012 Associate of Arts City , State",
            "Associate of Arts",
            "Metropolitan Community College",
        ),
    ],
)
def test_one_line_education_exports_split_degree_field_and_school(line, degree, school):
    parsed = parse_resume(f"Education\n{line}\nExperience\nClerk 2010 - 2012\n", today=TODAY)
    assert (parsed.degrees, parsed.institutions) == ([degree], [school])


def test_cisco_unity_is_not_the_game_engine():
    text = (
        "Experience\nNetwork Engineer 2010 - 2014\nMaintains Cisco Call Manager and Unity Server.\n"
    )
    assert "Unity" not in parse_resume(text, today=TODAY).skills
    game = "Experience\nGame Developer 2010 - 2014\nBuilt 3D games in Unity with C#.\n"
    assert "Unity" in parse_resume(game, today=TODAY).skills


def test_an_untitled_repeat_of_a_positions_dates_is_not_a_second_position():
    text = (
        "Experience\nEngineering Manager 10/2012 to 03/2014 Company Name City , State\n"
        "Boyden, IA October 2012 - March 2014 Manufacturer of agricultural products.\n"
    )
    jobs = parse_resume(text, today=TODAY).jobs
    assert [(j.title, j.start, j.end) for j in jobs] == [
        ("Engineering Manager", "10/2012", "03/2014")
    ]


def test_manufacturing_words_are_not_software_skills():
    text = (
        "Experience\nDesigner 2010 - 2014\nResolved part and assembly discrepancies.\n"
        "Drew roofs and floor layouts in Inventor and AutoCAD.\n"
    )
    skills = parse_resume(text, today=TODAY).skills
    assert "Assembly" not in skills and "Page Layout" not in skills and "AutoCAD" in skills


def test_education_fields_stop_at_dates_and_bare_school_words_are_no_school():
    text = (
        "Education\nMaster of Business Administration May 2010 Concentration: Project Management\n"
        "High School\nExperience\nClerk 2010 - 2012\n"
    )
    parsed = parse_resume(text, today=TODAY)
    assert (parsed.degrees, parsed.institutions) == (["Master of Business Administration"], [])


def test_detached_first_letters_are_rejoined_only_in_a_document_full_of_them():
    detached = (
        "I am a S enior J ava D eveloper. Looking f or t he S enior p osition.\n"
        "Skills: J ava, T ypeScript, C ++, C #; M aven, G radle, G ulp;\n"
        "Spring, S pring B oot, N odeJs, A pache C amel; J Unit, M ockito, C ucumber;\n"
        "P ostgreSQL, M ongoDB, D ocker, K ubernetes, C IrcleCI, J enkins, G it\n"
    )
    skills = parse_resume(detached, today=TODAY).skills
    assert {"Java", "TypeScript", "C++", "C#", "Gradle", "PostgreSQL", "CircleCI"} <= set(skills)
    assert "C" not in skills
    normal = "Skills\nC and C++, Vitamin C research\nq Mechanical aptitude q Brake systems\n"
    assert join_split_initials(normal) == normal


@pytest.mark.parametrize(
    ("line", "degrees", "schools"),
    [
        ("MS Great Plains 2010", [], []),
        (
            "MS in Robotics, Carnegie Mellon University",
            ["MS Robotics"],
            ["Carnegie Mellon University"],
        ),
        ("University of Zimbabwe ACHIEVEMENTS Certificate", [], ["University of Zimbabwe"]),
        ("MIS Brigham Young University", [], ["Brigham Young University"]),
        ("Courses in JS and React. Shevah Mofet High School", [], ["Shevah Mofet High School"]),
        ("Mount St. Joseph University", [], ["Mount St. Joseph University"]),
        (
            "High School Diploma Bloomington High School",
            ["High School Diploma"],
            ["Bloomington High School"],
        ),
    ],
)
def test_short_degree_forms_need_a_field_and_schools_lose_their_neighbours(line, degrees, schools):
    parsed = parse_resume(f"Education\n{line}\nExperience\nClerk 2010 - 2012\n", today=TODAY)
    assert (parsed.degrees, parsed.institutions) == (degrees, schools)


def test_know_your_customer_is_not_anti_money_laundering():
    skills = parse_resume("Skills\nKnow-your-customer (KYC)\n", today=TODAY).skills
    assert "Know Your Customer" in skills and "Anti-Money Laundering" not in skills
