# ruff: noqa: RUF001
"""Find a posting's sections by their headings: on their own line, inline, or in one long line.

Recruiters write "Requirements" on its own line, "Minimum Required Skills: Java, SQL" inside a
paragraph, or a whole posting on one line; PDFs add bullets and HTML adds tags. A heading is
a known phrase that stands on its own line, ends in a colon, or starts a sentence in Title
Case followed by a capital. Short generic words ("Skills", "Salary", "Role") count only on
their own line or before a colon at a line or sentence start, and then only for that line:
"Salary: $90k" is a field, not the start of a benefits section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from profiles.parsing.postings.text import Line

REQUIRED, PREFERRED, RESPONSIBILITIES = "required", "preferred", "responsibilities"
COMPANY, BENEFITS, OTHER = "company", "benefits", "other"
BOILERPLATE = "boilerplate"  # application steps, contacts, metadata: exported as "other"
UNTITLED = "Posting text"  # the label of text before any heading

_PHRASES: dict[str, tuple[str, ...]] = {
    REQUIRED: (
        "requirements", "job requirements", "key requirements", "minimum requirements",
        "basic requirements", "position requirements", "role requirements", "the requirements",
        "technical requirements", "requirements and qualifications",
        "requirements & qualifications", "qualifications and requirements",
        "qualifications & requirements", "requirements include", "qualifications",
        "minimum qualifications", "basic qualifications", "required qualifications",
        "key qualifications", "job qualifications", "essential qualifications",
        "qualifications include", "professional qualifications", "personal qualifications",
        "qualifications and experience", "qualifications & experience",
        "the qualifications you need", "your qualifications", "required skills",
        "minimum required skills", "required skills and experience", "skills required",
        "required experience", "experience required", "essential skills", "essential criteria",
        "essential requirements", "must have", "must haves", "must-have", "must-haves",
        "must have skills", "skills", "key skills", "skills and experience", "skills & experience",
        "skills and qualifications", "skills & qualifications", "your skills", "technical skills",
        "skills and abilities", "knowledge, skills and abilities", "experience",
        "experience and skills", "your experience", "your background", "competencies",
        "required competencies", "what you bring", "what you'll bring", "what you will bring",
        "what you bring to the table", "what you need", "what you'll need", "what you will need",
        "what you need to succeed", "what we're looking for", "what we are looking for",
        "what we look for", "who we're looking for", "who we are looking for", "who you are",
        "about you", "you have", "you are", "you will have", "you should have", "you'll have",
        "your profile", "profile", "the ideal candidate", "ideal candidate", "candidate profile",
        "desired profile", "our expectations of you", "what we expect", "what we expect from you",
        "is this you", "technologies", "tech stack", "our tech stack", "our stack", "tools",
        "job requirements and qualifications", "education and experience",
    ),
    PREFERRED: (
        "preferred qualifications", "preferred", "preferred skills", "preferred experience",
        "preferred requirements", "desired qualifications", "desired skills", "desired experience",
        "desirable", "desirable skills", "desirable qualifications", "nice to have",
        "nice to haves", "nice-to-have", "nice-to-haves", "nice to have skills", "bonus points",
        "bonus points if", "bonus points if you have", "bonus if you have", "bonus skills",
        "extra points", "extra credit", "pluses", "plus", "a plus", "good to have",
        "it's a plus if", "it would be great if", "ideally", "ideally you have",
        "ideally you'll have", "additional qualifications", "additional skills", "optional",
        "advantageous", "even better if", "even better", "great to have", "bonus",
    ),
    RESPONSIBILITIES: (
        "responsibilities", "key responsibilities", "main responsibilities",
        "your responsibilities", "job responsibilities", "role responsibilities",
        "primary responsibilities", "responsibilities and tasks", "responsibilities and duties",
        "duties and responsibilities", "responsibilities include", "duties", "key duties",
        "main duties", "your duties", "tasks", "your tasks", "key tasks", "main tasks",
        "work assignments", "primary areas of responsibility", "areas of responsibility",
        "what you'll do", "what you will do", "what you'll be doing", "what you will be doing",
        "what you do", "what you'll work on", "in this role you will", "in this role", "the role",
        "your role", "about the role", "about the job", "about the position", "about this role",
        "about the opportunity", "the opportunity", "the position", "role", "role description",
        "job description", "position description", "position summary", "job summary",
        "role summary", "the job", "your mission", "your impact", "a day in the life",
        "day to day", "brief description", "description", "job details",
    ),
    OTHER: (
        "overview", "summary", "background", "details", "project description",
    ),
    COMPANY: (
        "about us", "about the company", "about the team", "about our team", "about our company",
        "who we are", "who are we", "the company", "our company", "company", "company description",
        "company overview", "company profile", "company info", "company information", "our story",
        "our mission", "mission", "our vision", "our values", "our culture", "culture", "the team",
        "our team", "meet the team", "about the organization", "about the organisation",
        "equal opportunity employer", "equal employment opportunity", "eeo statement", "eeo",
        "equal opportunity", "diversity", "diversity and inclusion", "diversity & inclusion",
        "diversity, equity and inclusion", "our commitment to diversity",
        "commitment to diversity", "accommodations", "company type", "company size", "industry",
        "about",
    ),
    BENEFITS: (
        "benefits", "job benefits", "our benefits", "benefits and perks", "perks and benefits",
        "perks & benefits", "benefits & perks", "perks", "what we offer", "we offer",
        "what we can offer", "what we can offer you", "our offer", "the offer",
        "what's in it for you", "whats in it for you", "what you'll get", "what you get",
        "what you will get", "why join us", "why you'll love working here", "why work with us",
        "why work here", "why us", "in return", "in return we offer", "compensation",
        "compensation and benefits", "compensation & benefits", "salary", "salary and benefits",
        "salary and terms of employment", "salary range", "salary and appointment terms",
        "terms of employment", "employment conditions", "conditions", "pay", "pay range",
        "rewards", "total rewards", "your opportunities", "your benefits", "working conditions",
        "working hours", "schedule", "benefits include",
    ),
    BOILERPLATE: (
        "how to apply", "to apply", "application", "application procedure", "application process",
        "applications", "apply", "apply now", "application deadline", "deadline", "contact",
        "contact information", "contacts", "further information", "more information",
        "additional information", "questions", "next steps", "the process",
        "the evaluation process", "hiring process", "our hiring process", "interview process",
        "recruitment process", "assessment", "place of work", "workplace", "date posted",
        "job type", "experience level", "seniority", "seniority level", "career level",
        "employment type", "job id", "req id", "start date", "closing date", "interested",
        "location", "approval and enrolment",
    ),
}  # fmt: skip
# Generic words that head a section only on their own line or before a colon at a line start.
_WEAK = frozenset(
    [
        "about", "accommodations", "advantageous", "application", "applications", "apply",
        "assessment", "background", "bonus", "company", "compensation", "conditions", "contact",
        "contacts", "culture", "deadline", "description", "desirable", "details", "diversity",
        "duties", "eeo", "experience", "ideally", "industry", "interested", "job", "location",
        "mission", "opportunity", "optional", "overview", "pay", "plus", "pluses", "position",
        "preferred", "profile", "questions", "role", "salary", "schedule", "skills", "summary",
        "tasks", "team", "technologies", "tools", "workplace", "a plus", "even better",
        "in return", "job type", "our stack", "our team", "the company", "the job", "the offer",
        "the opportunity", "the position", "the process", "the role", "the team", "to apply",
        "we offer", "you are", "you have", "in this role",
    ]
)  # fmt: skip
# Metadata labels: their value is the rest of the line or, alone on a line, the next line only.
_FIELDS = frozenset(
    [
        "application deadline", "closing date", "company size", "company type", "compensation",
        "date posted", "deadline", "employment type", "experience level",
        "seniority", "seniority level", "career level", "industry", "job id",
        "job type", "location", "pay", "pay range", "place of work", "req id", "role", "salary",
        "salary range", "schedule", "start date", "working hours", "workplace",
    ]
)  # fmt: skip
_KIND_OF = {phrase: kind for kind, phrases in _PHRASES.items() for phrase in phrases}


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(w).replace("'", "'?") for w in phrase.split(" ")]
    return r"[\s-]+".join(words)


_ALTERNATION = "|".join(_phrase_pattern(p) for p in sorted(_KIND_OF, key=len, reverse=True))
_HEADING_RE = re.compile(
    rf"(?<![\w'&<-])(?P<h>{_ALTERNATION})(?![\w'>-])(?P<colon>\s*(?:\(s\))?\s*[:：])?", re.I
)
# Where a heading may start: its first word (a cheap scan before the full alternation).
_FIRST_WORDS = sorted({p.split(" ")[0] for p in _KIND_OF}, key=len, reverse=True)
_CANDIDATE_RE = re.compile(
    r"(?<![\w'&<-])(?:" + "|".join(_phrase_pattern(w) for w in _FIRST_WORDS) + r")(?![\w'>])",
    re.I,
)
_BARE_KIND = {phrase.replace("'", ""): kind for phrase, kind in _KIND_OF.items()}
# "About Acme", "Why Acme?", "Life at Acme": a company name is any Capitalised words.
_NAME = r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z&][\w&.'-]*|of|and|the)){0,3}"
_NAMED_RE = re.compile(
    rf"(?P<h>(?:About|Working at|Life at|Why join|Why)\s+(?!you\b|the\b|this\b|our\b|us\b){_NAME})"
    r"(?P<colon>\s*[:?])?"
)
_NAMED_KIND = {"about": COMPANY, "working": BENEFITS, "life": BENEFITS, "why": BENEFITS}
_DECORATION = " \t:*=_|.-–—#>?!()[]"
_SENTENCE_BEFORE = re.compile(r"(?:[.!?;|•]|\s{2,})\s*$")
_LOWER_WORD_BEFORE = re.compile(r"(?:\b[a-z][\w']*|\d|[)%])\s+$")
_SMALL_WORDS = frozenset({"and", "&", "of", "to", "you", "we", "in", "for", "the", "a"})
_CAPITAL_AFTER = re.compile(r"^\s+[A-Z0-9(\"•*-]")


@dataclass
class Section:
    label: str
    kind: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int  # where the section's text begins
    label: str
    kind: str
    field_only: bool  # a weak heading with its value on the same line
    field_next: bool = False  # a metadata label alone on its line: its value is the next line


def split_sections(lines: list[Line]) -> list[Section]:
    """Sections in reading order; text before the first heading is labelled UNTITLED."""
    sections = [Section(UNTITLED, OTHER)]
    field_of: Section | None = None  # the section to go back to after a metadata value line
    for line in lines:
        heads = _headings_in(line)
        if not heads:
            sections[-1].lines.append(line.text)
            if field_of is not None:
                sections.append(Section(field_of.label, field_of.kind))
                field_of = None
            continue
        resume = field_of or sections[-1]
        field_of = None
        if heads[0].start > 0:
            resume.lines.append(line.text[: heads[0].start].strip())
        for i, head in enumerate(heads):
            stop = heads[i + 1].start if i + 1 < len(heads) else len(line.text)
            body = line.text[head.end : stop].strip(" :;,-–—")
            sections.append(Section(head.label, head.kind, [body] if body else []))
            if not (head.field_only or head.field_next):
                resume = sections[-1]
        if heads[-1].field_only:  # the field ends with its line: go back to the open section
            sections.append(Section(resume.label, resume.kind))
        elif heads[-1].field_next:
            field_of = resume
    return [s for s in sections if any(s.lines)]


def _headings_in(line: Line) -> list[_Heading]:
    found: list[_Heading] = []
    matches = sorted([*_phrases_in(line.text), *_NAMED_RE.finditer(line.text)], key=_start)
    for m in matches:
        if found and m.start() < found[-1].end:
            continue
        head = _accept(line, m, after_field=bool(found) and found[-1].field_only)
        if head is not None:
            found.append(head)
    return found


def _run_in(phrase: str, before: str) -> bool:
    """A Title Case heading run into the text: several words, or one after a lowercase word.

    One capitalised word after another is a name more often than a heading: "Employee
    Benefits Specialist", "Senior Requirements Engineer".
    """
    words = re.split(r"[\s-]+", phrase)
    if not all(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS):
        return False
    return len(words) > 1 or bool(_LOWER_WORD_BEFORE.search(before))


def _start(m: re.Match[str]) -> int:
    return m.start()


def _phrases_in(text: str) -> list[re.Match[str]]:
    """Heading phrases in ``text``, left to right, not overlapping (as ``finditer`` would)."""
    found: list[re.Match[str]] = []
    for candidate in _CANDIDATE_RE.finditer(text):
        if found and candidate.start() < found[-1].end():
            continue
        m = _HEADING_RE.match(text, candidate.start())
        if m is not None:
            found.append(m)
    return found


def _accept(line: Line, m: re.Match[str], *, after_field: bool) -> _Heading | None:
    text, phrase = line.text, m.group("h")
    before, after = text[: m.start()], text[m.end() :]
    at_start = not before.strip(_DECORATION)
    own_line = at_start and not after.strip(_DECORATION)
    colon = bool(m.group("colon"))
    key = re.sub(r"[\s-]+", " ", phrase.lower())
    named = m.re is _NAMED_RE
    weak = named or key in _WEAK
    sentence_start = at_start or bool(_SENTENCE_BEFORE.search(before))
    label, kind = _label_kind(phrase, key, named)
    if own_line:
        ok = not (line.bullet and weak)
    elif after_field:  # "Job type: Full-time Role: DevOps": a field's value is short
        ok = phrase[0].isupper()
    elif colon:
        ok = (not weak and (sentence_start or phrase[0].isupper())) or (
            weak and sentence_start and not line.bullet and (at_start or phrase[0].isupper())
        )
    else:  # "…month-end close Requirements Bachelor's degree…": scraped text lost its breaks
        ok = (
            not weak
            and phrase[0].isupper()
            and (sentence_start or _run_in(phrase, before))
            and (bool(_CAPITAL_AFTER.match(after)) or key.endswith("include"))
        )
    if not ok:
        return None
    is_field = key in _FIELDS
    field_only = (weak or is_field) and not own_line and bool(after.strip(_DECORATION))
    return _Heading(m.start(), m.end(), label, kind, field_only, is_field and own_line)


def _label_kind(phrase: str, key: str, named: bool) -> tuple[str, str]:
    label = re.sub(r"\s+", " ", phrase).strip()
    if named:
        return label, _NAMED_KIND[key.split(" ")[0]]
    # The regex accepts "what youll do" for "what you'll do": look it up without quotes too.
    return label, _KIND_OF.get(key) or _BARE_KIND.get(key.replace("'", ""), OTHER)


def exported_kind(kind: str) -> str:
    return OTHER if kind == BOILERPLATE else kind
