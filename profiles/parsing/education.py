"""Degrees, institutions and graduation years from a resume's education lines."""

from __future__ import annotations

import re

DEGREE_RE = re.compile(
    r"\b(?P<degree>Ph\.?\s?D\.?|Doctor(?:ate)? of [A-Z]\w+|M\.?B\.?A\.?|B\.?B\.?A\.?|"
    r"Master(?:'s)?(?: of [A-Z]\w+)?|Bachelor(?:'s)?(?: of [A-Z]\w+)?|"
    r"Associate(?:'s)?(?: Degree| of [A-Z]\w+)|B\.?\s?Eng\.?|M\.?\s?Eng\.?|"
    r"B\.?\s?Tech|M\.?\s?Tech|B\.?\s?S\.?c?\.?|B\.?\s?A\.?|M\.?\s?S\.?c?\.?|M\.?\s?A\.?|"
    r"A\.A\.S?\.?|High School Diploma|GED)"
    r"(?=[\s,.|;:()-]|$)(?:\s*(?:in|of|,|-|—|:)?\s*"
    r"(?P<field>[A-Z][\w&/]*(?:\s+(?:and|of|&|[A-Z][\w&/]*))*))?"
)
INSTITUTION_RE = re.compile(
    r"((?:[A-Z][\w.&'-]*\s+(?:(?:of|the|and|for|de|&|[A-Z][\w.&'-]*)\s+){0,6})?"
    r"(?:University|College|Institute|School|Academy|Polytechnic|Université|Universidad|"
    r"Universität)(?:\s+(?:of|at|in)\s+[A-Z][\w.'-]*(?:\s+(?:at\s+)?[A-Z][\w.'-]*){0,3})?)"
)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Words that end a field of study ("Bachelor of Arts : Sociology GPA 3.8").
_FIELD_STOP_RE = re.compile(r"\s+(?:GPA|City|State|Company Name)\b.*$")


# Outside an Education section a short form ("MS Hyper-V", "BA" in a list) proves nothing;
# a degree written out, a short form with "in"/"of", or a school does.
_SPELLED_DEGREE_RE = re.compile(
    r"\b(?:Bachelor|Master|Doctor|Ph\.?\s?D|M\.?B\.?A|Associate of|High School Diploma|GED)\b"
    r"|\b(?:B|M)\.?\s?(?:S|A|Sc|Eng|Tech)\.?\s+(?:in|of)\s+[A-Z]"
)


def is_education_line(line: str) -> bool:
    return bool(DEGREE_RE.search(line) or INSTITUTION_RE.search(line))


def names_education(line: str) -> bool:
    """``line`` names a degree or a school clearly enough to count outside Education."""
    return bool(_SPELLED_DEGREE_RE.search(line) or INSTITUTION_RE.search(line))


def degree_of(line: str) -> str:
    for m in DEGREE_RE.finditer(line):
        degree, subject = m.group("degree").strip(), (m.group("field") or "").strip()
        subject = _FIELD_STOP_RE.sub("", subject)
        if subject and (INSTITUTION_RE.search(subject) or YEAR_RE.search(subject)):
            subject = ""
        if len(degree) == 2 and degree.isupper() and not subject:
            continue  # "MA" in "Boston, MA" is a state, not a master's degree
        return f"{degree} {subject}".strip()[:120]
    return ""


def education_of(lines: list[str]) -> tuple[list[str], list[str], list[int]]:
    """Degrees, institutions and graduation years named in ``lines``."""
    degrees: list[str] = []
    institutions: list[str] = []
    years: list[int] = []
    for index, line in enumerate(lines):
        degree = degree_of(line)
        if degree:
            degrees.append(degree)
        for m in INSTITUTION_RE.finditer(line):
            institutions.append(m.group(1).strip())
        if degree or INSTITUTION_RE.search(line):
            window = " ".join(lines[index : index + 2])
            found = [int(y) for y in YEAR_RE.findall(window)]
            if found:
                years.append(max(found))
    unique = lambda values: list(dict.fromkeys(values))  # noqa: E731
    return unique(degrees), unique(institutions), sorted(set(years))
