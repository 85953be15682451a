from __future__ import annotations

from profiles.skills import CATEGORIES, TAXONOMY, extract, extract_matches, normalize
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
