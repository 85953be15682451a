"""Names written with no cue: the candidate's own name at the head of a resume and under a
sign-off, found by layout (rules, no model), for the scrubber to remove everywhere.

A resume puts its owner's name on one of its first lines, alone or before a separator
("Jane Doe | Data Engineer"); a letter puts it on the lines after "Sincerely," or "Regards,".
A candidate line is two to four words, each capitalised or in capitals, with no digit or
``@``, that is not a heading, a job title, a place or a skill (the resume parser's own
vocabularies: :mod:`profiles.parsing`, :mod:`profiles.skills`) and holds none of the
section words below. Texts are read as they are stored: plain, or a JSON object whose string
values are the texts (the call log's inputs), newlines escaped or not.

The account's own names (first and last name, e-mail local part) are passed to the scrubber
as needles separately: candidates' own names are known.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from profiles.parsing.places import is_place
from profiles.parsing.sections import heading_of
from profiles.parsing.titles import TITLE_WORDS, is_title
from profiles.skills import extract_matches

HEAD_LINES = 6
TAIL_LINES = 4
MIN_TEXT = 80  # characters: shorter strings are fields, not documents
_LINE_BREAK = re.compile(r"\r?\n|\\r?\\n")
_SEPARATOR = re.compile(r"\s[|\u2022\u00b7\u2013\u2014-]\s|,\s|\t|\s{3,}")
_WORD = re.compile(r"^(?:[A-Z][a-z'\u2019-]+|[A-Z]{2,}|[A-Z]\.?)$")
_SIGN_OFF = re.compile(
    r"^\s*(?:sincerely|regards|best regards|kind regards|warm regards|yours truly|"
    r"yours sincerely|respectfully|best wishes|thank you|thanks)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
NOT_NAME = frozenset(
    {
        "summary", "education", "experience", "skills", "contact", "profile", "personal",
        "information", "objective", "resume", "curriculum", "vitae", "cv", "work", "history",
        "professional", "career", "about", "languages", "phone", "email", "address",
        "highlights", "qualifications", "accomplishments", "core", "company", "name", "city",
        "state", "services", "management", "university", "college", "school", "institute",
        "department", "inc", "llc", "ltd", "group", "full", "stack", "time", "remote",
        "hybrid", "position", "years", "year", "team", "project", "projects", "technical",
        "competencies", "tools", "tech", "me", "at", "and", "of", "the", "for", "in",
        "references", "available", "upon", "request", "dear", "hiring", "cover", "letter",
    }
)  # fmt: skip


def _texts(text: str) -> Iterator[str]:
    stripped = text.strip()
    if stripped[:1] == "{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            for value in data.values():
                if isinstance(value, str) and len(value) >= MIN_TEXT:
                    yield value
            return
    if len(stripped) >= MIN_TEXT:
        yield stripped


def name_line(line: str) -> list[str]:
    """The words of the name ``line`` starts with, or ``[]``."""
    first = _SEPARATOR.split(line.strip().lstrip("#*\u2022- ").strip())[0].strip(" *.,:")
    words = first.split()
    if not 2 <= len(words) <= 4 or heading_of(first):
        return []
    if not all(_WORD.match(w) for w in words):
        return []
    lowered = {w.lower().strip(".") for w in words}
    if lowered & (NOT_NAME | TITLE_WORDS) or is_title(first) or is_place(first):
        return []
    if extract_matches(first):
        return []
    return [w for w in words if len(w.strip(".")) >= 2]


def layout_names(text: str) -> list[str]:
    """Names found at the head of each document in ``text`` and after its sign-offs."""
    found: list[str] = []
    for document in _texts(text):
        lines = [x for x in _LINE_BREAK.split(document) if x.strip()]
        for line in lines[:HEAD_LINES]:
            words = name_line(line)
            if words:
                found.extend(words)
                break
        for i, line in enumerate(lines):
            if _SIGN_OFF.match(line):
                for after in lines[i + 1 : i + 1 + TAIL_LINES]:
                    words = name_line(after)
                    if words:
                        found.extend(words)
                        break
    return found
