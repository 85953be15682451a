# ruff: noqa: RUF001
"""Dated positions in a resume: the date range, the title and the employer of each job.

A position is anchored on its dates. Its title and employer sit on the same line ("Engineer
at Acme (2019-2021)") or on the short header lines around it ("Acme | Austin, TX" /
"Engineer" / "Jan 2019 - Present"). Résumé builders (livecareer) leave template
placeholders ("Company Name", "City , State"): they separate fields and are never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from profiles.parsing.dates import RANGE_RE, Span, find_ranges, find_split_range, reference_date
from profiles.parsing.education import is_education_line
from profiles.parsing.places import is_place
from profiles.parsing.sections import heading_of
from profiles.parsing.titles import is_title, normalise_title
from profiles.skills import extract_matches

COMPANY_HINTS = re.compile(
    r"\b(inc|llc|ltd|corp|corporation|company|gmbh|plc|group|technologies|labs|bank|"
    r"systems|solutions|partners|holdings|studio|studios|agency|hospital|clinic|university|"
    r"software|consulting|ventures|health|media|capital)\b\.?",
    re.IGNORECASE,
)
# Words that make a fragment an employer even when it also holds a role word ("Nurse Staffing
# LLC").
LEGAL_FORM_RE = re.compile(r"\b(?:inc|llc|ltd|corp|corporation|company|gmbh|plc|co)\b\.?", re.I)
# Template text a résumé builder leaves in place of the employer and its city.
PLACEHOLDER_RE = re.compile(
    r"\bCompany Name\b|\bCity\s*,\s*State\b|(?<![A-Za-z] )\bCity\b(?=\s*[,|/–—-]|\s*$)"
    r"|\bState\b(?=\s*[|/–—-]|\s*$)|^\s*State\b|\[[^\]]{1,40}\]",
)
_SPLIT_RE = re.compile(
    r"\s+(?:[|•·]{1,2}|//)\s+|\s+[–—-]\s+|\s+at\s+|\s+@\s+|\t|,\s+(?!(?:inc|llc|ltd)\b)|(?-i:,(?=[A-Z]))"
    r"|(?<!\bSr)(?<!\bJr)(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bSt)\.\s+(?=[A-Z])",
    re.I,
)
BULLET_RE = re.compile(r"^[•·*▪►‣◦-]\s*")
# Lines either side of an untitled date where a school or degree makes it a study period.
STUDY_WINDOW = 2
STUDY_RE = re.compile(
    r"\b(?:school|college|universit\w*|studied|studies|student|graduat\w*|diploma|degree|"
    r"coursework|bachelor\w*|master'?s|gpa)\b",
    re.I,
)
# Words of a section heading or a note, never of an employer's name.
_HEADING_WORD_RE = re.compile(
    r"\b(?:Experience|Committee|Member|Day|Skills|Summary|Award|Retired|Journal)\b|\d\.\d"
)
_EMPLOYER_PLACEHOLDER_RE = re.compile(r"\bCompany Name\b")
# Header lines are short; longer ones are descriptions of the job above.
MAX_HEADER_CHARS = 90
MAX_FRAGMENT_CHARS = 80
# A range after this many lower-case words of a long line is part of a sentence ("...
# Employee of the Month, 2004 to 2006 & the second year ..."), not a position's dates.
PROSE_WORDS = 4
_LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-z][a-z'-]*\b")
_YEAR_PAIR_RE = re.compile(r"(?:19|20)\d\d\s*/\s*(?:19|20)\d\d")
# Characters before a year pair searched for the product it versions.
VERSION_CONTEXT_CHARS = 30
SOFTWARE_CATEGORIES = frozenset({"language", "framework", "tool"})
MAX_COMPANY_WORDS = 6
# Words that open a sentence of description, not a title ("... Advocate The nonprofit ...").
_SENTENCE_START = frozenset(
    {
        "the", "i", "my", "we", "our", "this", "a", "an", "responsible", "responsibilities",
        "duties", "worked", "work", "provide", "provided", "perform", "performed", "manage",
        "managed", "assist", "assisted", "maintain", "maintained", "handled", "developed",
        "led", "oversaw", "supervised", "served", "serve"
    }
)  # fmt: skip
_TITLE_CASE_WORD = re.compile(
    r"^(?:[a-z]?[A-Z0-9][\w'’./&+-]*|&|/|of|and|for|the|in|to|de|II|III)$"
)


_ABBREVIATION_END_RE = re.compile(r"\b(?:inc|co|ltd|corp|jr|sr|st|llc)\.$", re.I)


_LEADING_PREPOSITION_RE = re.compile(r"^(?:(?:in|at|for|with|by|from|project)\s+)+")
# "2019 Embedded Linux Engineer": a year left at either end of a title by a two-column export.
_EDGE_YEAR_RE = re.compile(r"^(?:(?:19|20)\d\d\s+)+|(?:\s+(?:19|20)\d\d)+$")
MAX_POSITION_TITLE_WORDS = 6
# Share of a fragment's characters that skill names cover when it lists a stack.
SKILL_SHARE = 0.6
# Words after a role's head noun that still belong to the title.
_KEEP_AFTER_TITLE = frozenset({"of", "and", "&", "/", "to", "-", "de"})
_LEVEL_RE = re.compile(r"^(?:I{1,3}|IV|V|\d|Sr\.?|Jr\.?|Senior|Junior|Lead|Level)$")


@dataclass
class Job:
    title: str
    company: str
    start: str
    end: str
    months: int
    ongoing: bool


@dataclass(frozen=True)
class Anchor:
    """A date range found on ``lines[index]`` and the text of that line around it."""

    index: int
    span: Span
    before: str
    after: str


def find_anchors(lines: list[str], *, month_of_today: int, scope: str) -> list[Anchor]:
    """Every dated position in ``lines``; ``scope`` is the section's name.

    Outside Experience a date counts only next to a role or an employer, and in Education
    only when it names a role and no study sits next to it (two-column exports put work
    history under an Education heading; school years are never work).
    """
    today = reference_date(month_of_today)
    anchors: list[Anchor] = []
    skip: set[int] = set()
    for index, line in enumerate(lines):
        if index in skip or (scope != "experience" and not looks_like_job(lines, index)):
            continue
        if index + 1 < len(lines):
            split = find_split_range(line, lines[index + 1], today=today)
            if split is not None:
                span, first_rest, second_rest = split
                anchors.append(Anchor(index, span, first_rest, second_rest))
                skip.add(index + 1)
                continue
        anchors += _line_anchors(lines, index, today)
    if scope == "education":
        anchors = [a for a in anchors if _titled_here_or_above(lines, a)]
    return anchors


def _titled_here_or_above(lines: list[str], anchor: Anchor) -> bool:
    above = fragments(lines[anchor.index - 1]) if anchor.index else []
    return any(_title_like(f) for f in [*_own_fragments(anchor), *above])


def _line_anchors(lines: list[str], index: int, today: date) -> list[Anchor]:
    line = lines[index]
    found = find_ranges(line, today=today)
    out = []
    for number, (span, start, end) in enumerate(found):
        # Text between this range and its neighbours on the line, not across them.
        left = found[number - 1][2] if number else 0
        right = found[number + 1][1] if number + 1 < len(found) else len(line)
        # "(2019-2021): Built ..." ends the header; "2019 - now: Developer" does not
        head, _, tail = line[end:right].partition(":")
        before = line[left:start]
        after = head if head.strip(" )(,.-") or before.strip(" -•*(") else tail
        if _is_version_pair(span, line[:start]):
            continue
        anchor = Anchor(index, span, before, after)
        in_prose = (
            len(line) > MAX_HEADER_CHARS and len(_LOWER_WORD_RE.findall(before)) >= PROSE_WORDS
        )
        if not in_prose and not _is_study(lines, anchor):
            out.append(anchor)
    return out


def _header_fragments(line: str) -> list[str]:
    if not is_header_line(line, allow_tail=True):
        return []
    return fragments(line) if len(line) <= MAX_HEADER_CHARS else _tail_titles(line)


def _is_version_pair(span: Span, before: str) -> bool:
    """ "SQL Server 2008/2012", "Exchange 2007/2013": product versions, not a position's dates
    (which "Team Lead 2004/ 2013" is)."""
    if not _YEAR_PAIR_RE.fullmatch(span.text):
        return False
    tail = before.rstrip()[-VERSION_CONTEXT_CHARS:]
    return any(
        m.end >= len(tail) - 1 for m in extract_matches(tail) if m.category in SOFTWARE_CATEGORIES
    )


def _is_study(lines: list[str], anchor: Anchor) -> bool:
    """Dates of a course or a school: no role on their own line, and study next to them."""
    own = _own_fragments(anchor)
    neighbours = [lines[i] for i in (anchor.index - 1, anchor.index + 1) if 0 <= i < len(lines)]
    header = [f for line in neighbours for f in _header_fragments(line)]
    if any(_title_like(f) for f in [*own, *header]):
        return False
    window = lines[max(0, anchor.index - STUDY_WINDOW) : anchor.index + STUDY_WINDOW + 1]
    return any(is_education_line(x) or STUDY_RE.search(x) for x in window)


def looks_like_job(lines: list[str], index: int) -> bool:
    """Outside Experience, a dated line counts as a position only next to a role or employer."""
    line = lines[index]
    if is_education_line(line):
        return False
    window = " | ".join(lines[max(index - 2, 0) : index + 2])
    return any(is_title(part) for part in fragments(window)) or bool(COMPANY_HINTS.search(window))


def job_at(lines: list[str], anchor: Anchor, *, taken: set[int]) -> tuple[Job, set[int]]:
    """Title and employer of the position dated by ``anchor``, and the lines they came from.

    Own-line text first; then the header lines just above (not those another position
    already took) and, when still no title, the lines below.
    """
    found = _own_fragments(anchor)
    used = {anchor.index}
    for back in (1, 2):
        index = anchor.index - back
        if _has_title_and_other(found) or index < 0:
            break
        if index in taken or not is_header_line(lines[index]):
            break
        found = fragments(lines[index]) + found
        used.add(index)
    for ahead in (1, 2):
        index = anchor.index + ahead
        if any(_title_like(f) for f in found) or index >= len(lines) or index in taken:
            break
        if not is_header_line(lines[index], allow_tail=True):
            break
        following = lines[index]
        found += (
            fragments(following) if len(following) <= MAX_HEADER_CHARS else _tail_titles(following)
        )
        used.add(index)
    title, employer = next((split_title(f) for f in found if _title_like(f)), ("", ""))
    company = _company([employer, *(f for f in found if not f.startswith(title) or not title)])
    if _employer_withheld(lines, anchor.index):
        company = ""  # the template's "Company Name" stands where the employer would be
    span = anchor.span
    job = Job(
        title=normalise_title(title)[:120],
        company=company[:120],
        start=span.start_text.strip(),
        end=span.end_text.strip(),
        months=span.months,
        ongoing=span.ongoing,
    )
    return job, used


def _employer_withheld(lines: list[str], index: int) -> bool:
    window = lines[max(0, index - 1) : index + 2]
    return any(_EMPLOYER_PLACEHOLDER_RE.search(line) for line in window)


def _own_fragments(anchor: Anchor) -> list[str]:
    before = fragments(anchor.before)
    if len(anchor.after) <= MAX_HEADER_CHARS:
        return before + fragments(anchor.after)
    return before + _tail_titles(anchor.after)


def _tail_titles(text: str) -> list[str]:
    """From a header that runs on into its description, only a title can be trusted:
    "Company Name | City , State Shelter Hotline Advocate I took a graveyard position ..."."""
    return [f for f in _leading_fragments(text[:MAX_HEADER_CHARS]) if _title_like(f)]


def _has_title_and_other(found: list[str]) -> bool:
    return any(_title_like(f) for f in found) and len(found) >= 2


def _title_like(fragment: str) -> bool:
    title, _ = split_title(fragment)
    return (
        is_title(title)
        and len(title.split()) <= MAX_POSITION_TITLE_WORDS
        and not LEGAL_FORM_RE.search(title)
        and title[:1].isupper()
        and not _head_is_skill(title)
    )


def _head_is_skill(title: str) -> bool:
    """ "SQL Server" names software: the role word sits inside a skill's name."""
    heads = [m for m in re.finditer(r"[A-Za-z][\w-]*", title) if is_title(m.group(0))]
    if not heads:
        return False
    head = heads[-1]
    software = (m for m in extract_matches(title) if m.category in SOFTWARE_CATEGORIES)
    return any(m.start <= head.start() < m.end for m in software)


def _company(candidates: list[str]) -> str:
    others = []
    for fragment in candidates:
        fragment = _LEADING_PREPOSITION_RE.sub("", fragment)
        camel = fragment[:1].islower() and fragment[1:2].isupper()  # "iBrush", "eBay"
        if not (fragment[:1].isupper() or fragment[:1].isdigit() or camel):
            continue
        if is_place(fragment) or is_title(fragment):
            continue
        if not _is_name_like(fragment) or _ends_sentence(fragment):
            continue  # "The added responsibility was to ...", "Woven Bottoms $100 million"
        if fragment.split()[-1].islower() or _HEADING_WORD_RE.search(fragment):
            continue
        if _is_skill_list(fragment):  # "Angular", "PL/SQL": a stack line, not an employer
            continue
        others.append(fragment)
    return next((f for f in others if COMPANY_HINTS.search(f)), others[0] if others else "")


def _is_skill_list(fragment: str) -> bool:
    covered = sum(m.end - m.start for m in extract_matches(fragment))
    letters = sum(ch.isalnum() for ch in fragment)
    return covered >= SKILL_SHARE * letters


def split_title(fragment: str) -> tuple[str, str]:
    """Split "C# Software Developer Professional Registry Center" after the role's head noun.

    What follows the last role word is the employer when it is capitalised ("Business Owner
    Butchery") or introduced by "for"/"at"/"in"; "Director of Nursing", "Accountant III"
    stay whole.
    """
    fragment = _EDGE_YEAR_RE.sub("", fragment).strip()
    words = fragment.split()
    heads = [i for i, w in enumerate(words) if is_title(w)]
    if not heads or heads[-1] == len(words) - 1:
        return fragment, ""
    cut = heads[-1] + 1
    rest = words[cut:]
    if rest[0].lower() in ("for", "at", "in", "with") and len(rest) > 1:
        return " ".join(words[:cut]), " ".join(rest[1:])
    capitalised = all(_TITLE_CASE_WORD.match(w) for w in rest)
    level = all(_LEVEL_RE.match(w) for w in rest)
    if capitalised and not level and rest[0].lower() not in _KEEP_AFTER_TITLE:
        return " ".join(words[:cut]), " ".join(rest)
    return fragment, ""


def is_header_line(line: str, *, allow_tail: bool = False) -> bool:
    """A short line of a position's header, not a bullet, a sentence or another position."""
    if not line or BULLET_RE.match(line) or RANGE_RE.search(line):
        return False
    if len(line) > MAX_HEADER_CHARS:
        return allow_tail and bool(PLACEHOLDER_RE.search(line[:MAX_HEADER_CHARS]))
    if _ends_sentence(line) and not PLACEHOLDER_RE.search(line):
        return False
    return bool(
        PLACEHOLDER_RE.search(line)
        or any(is_title(f) or is_place(f) for f in fragments(line))
        or COMPANY_HINTS.search(line)
        or _is_name_like(line)
    )


def _ends_sentence(line: str) -> bool:
    line = line.rstrip()
    return line.endswith(";") or (line.endswith(".") and not _ABBREVIATION_END_RE.search(line))


def _is_name_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= MAX_COMPANY_WORDS and all(_TITLE_CASE_WORD.match(w) for w in words)


def _leading_fragments(text: str) -> list[str]:
    """Fragments of a header that runs on into its description: up to the first sentence."""
    parts = fragments(text)
    out = []
    for part in parts:
        words = part.split()
        cut = next(
            (
                i
                for i, w in enumerate(words)
                if i and (w.lower() in _SENTENCE_START or not w[0].isupper())
            ),
            len(words),
        )
        if cut:
            out.append(" ".join(words[:cut]))
        if cut < len(words):
            break
    return out


def fragments(text: str) -> list[str]:
    """Split a header line into its fields; placeholders become separators."""
    text = PLACEHOLDER_RE.sub(" | ", text)
    text = re.sub(r"[()\[\]]", " | ", text)
    text = re.sub(r" {2,}", " ", text)
    out = []
    for part in _SPLIT_RE.split(text):
        part = part.strip(" ,;:|•·-–—#*_/")
        if not part or len(part) > MAX_FRAGMENT_CHARS or not any(ch.isalpha() for ch in part):
            continue
        if heading_of(part) is None:  # "... Dec 2009 EDUCATION": a heading, not an employer
            out.append(part)
    return out
