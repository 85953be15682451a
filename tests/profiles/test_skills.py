from __future__ import annotations

from profiles.skills import (
    CATEGORIES,
    TAXONOMY,
    extract,
    extract_matches,
    implications,
    implied_skills,
    normalize,
)
from profiles.skills.taxonomy import ALIAS_INDEX


def test_the_taxonomy_holds_at_least_800_skills_in_known_categories():
    assert len(TAXONOMY) >= 800
    assert {skill.category for skill in TAXONOMY.values()} <= set(CATEGORIES)


def test_no_alias_points_at_two_skills():
    ambiguous = {k: v for k, v in ALIAS_INDEX.items() if len({a.skill.name for a in v}) > 1}
    assert ambiguous == {}


def test_aliases_resolve_to_canonical_names():
    assert extract("JS, Postgres, k8s and sklearn") == [
        "JavaScript",
        "PostgreSQL",
        "Kubernetes",
        "scikit-learn",
    ]


def test_the_longest_alias_wins_and_punctuation_separates_skills():
    assert extract("React Native, Spring Boot; Excel, VBA") == [
        "React Native",
        "Spring Boot",
        "Excel",
        "VBA",
    ]


def test_symbols_inside_names_are_kept():
    assert extract("C++, C#, .NET, Node.js, CI/CD, Objective-C") == [
        "C++",
        "C#",
        ".NET",
        "Node.js",
        "CI/CD",
        "Objective-C",
    ]


def test_ambiguous_words_match_only_in_their_technical_spelling():
    assert extract("I react quickly, go to work, excel at R&D in a Series C startup") == []
    assert extract("Skills: Go, R, React, Excel") == ["Go", "R", "React", "Excel"]


def test_a_season_before_a_year_is_not_the_spring_framework():
    assert extract("Spring 2021 semester") == []
    assert extract("Java, Spring, Hibernate") == ["Java", "Spring", "Hibernate"]


def test_matches_report_where_they_are():
    [match] = extract_matches("We use Postgres daily")
    assert (match.skill, match.text, match.category) == ("PostgreSQL", "Postgres", "tool")


def test_extraction_is_deterministic():
    text = "Python, Django, AWS, Terraform, leadership and communication " * 20
    assert extract(text) == extract(text)


def test_normalize_maps_typed_names_and_refuses_unknown_ones():
    assert normalize("postgres") == "PostgreSQL"
    assert normalize("K8S") == "Kubernetes"
    assert normalize("underwater basket weaving") is None


def test_skills_of_occupations_beyond_software_are_found():
    assert extract(
        "Prepared journal entries and month-end close in QuickBooks; A/P, A/R; GAAP; 1099s"
    ) == [
        "Journal Entries",
        "Month-End Close",
        "QuickBooks",
        "Accounts Payable",
        "Accounts Receivable",
        "GAAP",
        "Payroll Tax",
    ]
    assert extract("HRIS (Workday), benefits administration, open enrollment, FMLA") == [
        "HRIS",
        "Workday",
        "Benefits Administration",
        "HR Compliance",
    ]
    assert extract("Sous chef: menu planning, food cost control, ServSafe certified") == [
        "Menu Planning",
        "Food Cost Control",
        "ServSafe",
    ]
    assert extract("Lesson plans, differentiated instruction, IEP, parent-teacher conferences") == [
        "Lesson Planning",
        "Differentiated Instruction",
        "Individualized Education Programs",
        "Parent Communication",
    ]


def test_every_named_occupation_has_its_core_skills():
    texts = {
        "Patient Care": "patient care, EMR, CPR",
        "Cold Calling": "prospecting by cold calls into Salesforce",
        "Adobe Photoshop": "Photoshop, Illustrator, InDesign, typography",
        "Blueprint Reading": "read blueprints; OSHA 30; Procore",
        "A&P License": "A&P certificate, aircraft inspections",
        "Crop Production": "row crops, irrigation, livestock care",
        "Personal Training": "personal trainer, group fitness classes, strength training",
        "Automotive Diagnostics": "engine diagnostics, brake repair, wheel alignment",
        "Media Outreach": "press releases, media pitching, Cision",
        "Legal Research": "legal research in Westlaw and LexisNexis, drafting pleadings",
        "Pattern Making": "pattern grading, tech packs, Gerber AccuMark",
        "Management Consulting": "strategy consulting, SWOT analysis, business cases",
    }
    for skill, text in texts.items():
        assert skill in extract(text), (skill, extract(text))


def test_common_english_words_do_not_become_occupational_skills():
    text = (
        "Drawing on ten years, reporting to the director, I was acting manager; framing the "
        "question, outreach to him, painting a picture; stem from; grading; listings"
    )
    assert extract(text) == []


def test_two_letter_abbreviations_of_accounting_terms_are_not_read_in_other_contexts():
    assert extract("Java developer: Java, AR, Spring; AP style guide") == ["Java", "Spring"]
    assert extract("a/p") == []  # only the capitalised accounting form counts


def test_implied_skills_name_the_held_skill_behind_each():
    assert implied_skills(["MySQL", "PostgreSQL"]) == {
        "SQL": "MySQL",
        "Relational Databases": "MySQL",
        "Databases": "MySQL",
    }
    implied = implied_skills(["React", "Django", "QuickBooks", "Adobe Photoshop"])
    assert implied["JavaScript"] == "React"
    assert implied["Python"] == "Django"
    assert implied["Bookkeeping"] == "QuickBooks"
    assert implied["Adobe Creative Suite"] == "Adobe Photoshop"


def test_implied_skills_never_include_a_held_skill_and_follow_chains():
    implied = implied_skills(["Django REST Framework", "Python", "SQL", "MySQL"])
    assert "Python" not in implied and "SQL" not in implied
    assert implied["Django"] == "Django REST Framework"
    assert implied["Web Development"] == "Django REST Framework"  # via Django
    assert implied_skills(["Underwater Basket Weaving"]) == {}
    assert implied_skills([]) == {}


def test_every_relation_names_skills_of_the_taxonomy():
    table = implications()
    assert len(table) > 200
    for held, implied in table.items():
        assert held in TAXONOMY
        assert held not in implied
        assert set(implied) <= set(TAXONOMY)
