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
_SCHOOL_WORD = (
    r"(?:University|College|Institute|School|Academy|Polytechnic|Université|Universidad"
    r"|Universität)"
)
# Words after "University of Central Missouri" that start the next field of a one-line export.
_NOT_A_NAME = (
    r"(?!(?:Present|Current|Bachelor|Master|Associate|Diploma|Degree|City|State|GPA|Certificate"
    r"|Certification|[A-Z]{3,})\b)"
)
INSTITUTION_RE = re.compile(
    r"((?:[A-Z][\w.&'-]*\s+(?:(?:of|the|and|for|de|&|[A-Z][\w.&'-]*)\s+){0,6})?"
    rf"{_SCHOOL_WORD}(?:\s+(?:of|at|in)\s+(?:the\s+)?{_NOT_A_NAME}[A-Z][\w.'-]*"
    rf"(?:\s+(?:at\s+)?{_NOT_A_NAME}[A-Z][\w.'-]*){{0,3}})?"
    r"|(?:[A-Z][A-Z.&'-]+\s+){1,4}(?:UNIVERSITY|COLLEGE|INSTITUTE|SCHOOL|ACADEMY)"
    r"(?:\s+OF(?:\s+[A-Z][A-Z.'-]+){1,3})?)"
)
# Words that open "Psychology East Carolina University" in one-line exports ("Bachelor of
# Arts : Psychology East Carolina University"): the field of study or the degree, not the school.
_FIELD_WORDS = frozenset((
    "accounting", "administration", "advertising", "agriculture", "agricultural",
    "anthropology", "architecture", "art", "arts", "aviation", "automotive", "banking",
    "biochemistry", "biology", "biomedical", "business", "chemistry", "childhood", "civil",
    "communication", "communications", "computer", "criminal", "culinary", "dental",
    "design", "digital", "early", "economics", "education", "electrical", "elementary",
    "engineering", "english", "environmental", "estate", "exercise", "fashion", "film",
    "finance", "fine", "french", "general", "geography", "graphic", "health", "healthcare",
    "history", "hospitality", "human", "humanities", "industrial", "information",
    "insurance", "interior", "international", "journalism", "justice", "kinesiology", "law",
    "leadership", "legal", "liberal", "logistics", "management", "marketing", "mathematics",
    "math", "mechanical", "media", "medical", "merchandising", "multimedia", "music",
    "nursing", "nutrition", "operations", "organizational", "paralegal", "pharmacy",
    "philosophy", "physical", "physics", "political", "psychology", "public", "real",
    "recreation", "relations", "religious", "resources", "respiratory", "science",
    "sciences", "secondary", "services", "social", "sociology", "spanish", "special",
    "sports", "statistics", "studies", "supply", "systems", "technology", "theatre",
    "theater", "theology", "therapy", "chain", "work", "and", "of", "&", "in", "bachelor",
    "bachelors", "bachelor's", "master", "masters", "master's", "associate", "associates",
    "associate's", "degree", "diploma", "engineer", "specialist", "high", "school", "mis",
    "cis", "it", "chemical", "mathematical", "electronics", "petroleum", "aerospace",
    "materials", "software", "minor", "major", "us", "usa",
))  # fmt: skip
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Words that end a field of study ("Bachelor of Arts : Sociology GPA 3.8").
_FIELD_STOP_RE = re.compile(
    r"(?:^|\s+)(?:GPA|City|State|Company Name|Concentration|(?:January|February|March|April|May"
    r"|June|July|August|September|October|November|December)(?=\s+\d{4}|\s*$))\b.*$"
)


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
        school = INSTITUTION_RE.search(subject)
        if school:  # "Psychology East Carolina University": the field, then the school
            name = institution_name(school.group(1))
            subject = subject[: school.start() + school.group(1).index(name)].strip()
        if subject and (YEAR_RE.search(subject) or (not _fieldlike(subject) and school)):
            subject = ""
        if len(degree) == 2 and degree.isupper() and not (subject and _short_form_ok(m, subject)):
            continue  # "MA" in "Boston, MA" is a state, "MS Great Plains" a vendor
        words = subject.split()
        half = len(words) // 2
        if half and words[:half] == words[half:]:  # exports repeat the field at the end
            subject = " ".join(words[:half])
        return f"{degree} {subject}".strip()[:120]
    return ""


_GENERIC_SCHOOL_RE = re.compile(rf"(?:(?:High|Middle|Secondary|Graduate)\s+)?{_SCHOOL_WORD}", re.I)


def institution_name(found: str) -> str:
    """The school's own name: leading field-of-study and degree words peeled off, as long as
    a name remains before the school word ("Psychology East Carolina University" → "East
    Carolina University"; "Community College of the Air Force" stays whole)."""
    found = re.split(r"(?<=[a-z]{2})\.\s+", found.strip())[-1]  # "JS and React. Shevah …"
    words = found.split()
    name = rf"(?:[A-Z][\w.&'-]*\s+)+{_SCHOOL_WORD}\b|{_SCHOOL_WORD}\s+of\b"
    for cut in range(len(words) - 1, 0, -1):
        if all(w.lower().strip(",:;") in _FIELD_WORDS for w in words[:cut]) and re.match(
            name, " ".join(words[cut:])
        ):
            return " ".join(words[cut:])
    return " ".join(words)


def _short_form_ok(m: re.Match[str], subject: str) -> bool:
    """ "BS : Business", "MS in Robotics", "BA Economics": a connector or a known field."""
    connector = m.string[m.end("degree") : m.start("field")].strip()
    return bool(connector) or _fieldlike(subject)


def _fieldlike(subject: str) -> bool:
    return all(w.lower().strip(",:;") in _FIELD_WORDS for w in subject.split())


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
            name = institution_name(m.group(1))
            if not _GENERIC_SCHOOL_RE.fullmatch(name):  # "School", "High School": no name
                institutions.append(name)
        if degree or INSTITUTION_RE.search(line):
            window = " ".join(lines[index : index + 2])
            found = [int(y) for y in YEAR_RE.findall(window)]
            if found:
                years.append(max(found))
    unique = lambda values: list(dict.fromkeys(values))  # noqa: E731
    return unique(degrees), unique(institutions), sorted(set(years))
