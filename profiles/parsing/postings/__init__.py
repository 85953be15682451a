"""Read a job posting the way recruiters write it: requirements, nice-to-haves, company blurb.

Pure Python, no Django. ``parse_posting`` finds the sections (see ``sections.py``), keeps the
company's self-description, benefits and EEO boilerplate out of the requirements, and reads
the skills, years, education, seniority, salary and remote flag from where each belongs:

- required skills: the title and the requirement sections; when there is no requirement
  section, the responsibilities and untitled text stand in for it (a posting without headings
  is read whole, as its author meant all of it);
- nice to have: preferred sections, plus duties and untitled text when requirements exist;
- years and education: the title and the requirement-like sections, never preferred, company
  or benefits text;
- salary: anywhere but the company blurb, never from 401k, perks, headcounts or revenue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from profiles.parsing.postings.facts import (
    education_asked,
    parse_salary,
    remote_of,
    seniority_of_text,
    seniority_of_title,
    years_asked,
)
from profiles.parsing.postings.sections import (
    BENEFITS,
    BOILERPLATE,
    COMPANY,
    OTHER,
    PREFERRED,
    REQUIRED,
    RESPONSIBILITIES,
    Section,
    exported_kind,
    split_sections,
)
from profiles.parsing.postings.text import clean_lines, sentences
from profiles.skills import extract_matches

__all__ = ["ParsedPosting", "parse_posting", "parse_salary", "years_asked"]

TITLE_LABEL = "Title"
LEVEL_LABELS = frozenset({"experience level", "seniority", "career level", "seniority level"})
_SOFT = "soft"  # every posting asks for communication; it tells postings apart no better than "the"
_JOB_TEXT = (RESPONSIBILITIES, OTHER)  # text about the job that is not an explicit requirement
_EEO = re.compile(
    r"equal\s+(?:employment\s+)?opportunit|without\s+regard\s+to|regardless\s+of\s+(?:race|age|"
    r"gender|sex)|race,\s+colou?r|protected\s+(?:veteran|characteristic|status|class)|"
    r"sexual\s+orientation|gender\s+identity|reasonable\s+accommodation|affirmative\s+action|"
    r"e-verify|national\s+origin|irrespective\s+of\s+(?:age|gender)|all\s+qualified\s+applicants|"
    r"we\s+celebrate\s+diversity|drug[- ]free\s+workplace",
    re.I,
)
_BENEFIT_WORD = re.compile(
    r"401\s*\(?k\)?|\bdental\b|\bvision\s+(?:insurance|coverage|plan)|\bpto\b|paid\s+time\s+off|"
    r"health\s+(?:insurance|care|benefits)|\bmedical\b|parental\s+leave|maternity|paternity|"
    r"stock\s+options|\bequity\b|\bgym\b|\bpension\b|\bvacation\b|\bholidays\b|tuition|"
    r"\bwellness\b|life\s+(?:insurance|assurance)|commuter|free\s+(?:lunch|breakfast|snacks|meals)",
    re.I,
)
_BENEFIT_START = re.compile(
    r"^(?:we\s+offer|we\s+provide|benefits\s+include|perks\s+include|you'?ll\s+(?:get|receive)|"
    r"you\s+will\s+(?:get|receive)|in\s+return|our\s+benefits|competitive\s+"
    r"(?:salary|compensation|pay|benefits))",
    re.I,
)
_OPTIONAL_CUE = re.compile(
    r"\b(?:preferred|a\s+plus|is\s+a\s+bonus|nice\s+to\s+have|desirable|desired|"
    r"ideally|advantageous|an\s+advantage|would\s+be\s+great|bonus\s+points|not\s+required)\b",
    re.I,
)
MIN_BENEFIT_WORDS = 2  # one "medical" may be a domain ("medical devices"); two is a perks list
MAX_WORDS_PER_BENEFIT = 12  # ...when dense: a long run-on list of duties may name two in passing
_SELF = (
    r"(?:is|was|has|have|provides|offers|serves|builds|helps|operates|specializes|specialises|"
    r"develops|delivers|creates|powers|enables|makes|designs|started|began|employs|leads|"
    r"pioneered|transforms|connects)\b(?!\s+(?:hiring|looking|seeking|searching|recruiting))"
)
_COMPANY_START = re.compile(
    r"^(?:we(?:'re|\s+are)\s+(?:a|an|the|one\s+of|proud|committed|passionate|on\s+a\s+mission|"
    r"proud|backed|trusted|headquartered|based)\b|we(?:'ve|\s+have)\s+been|founded\s+in|"
    r"established\s+in|headquartered|since\s+(?:19|20)\d\d|with\s+(?:over|more\s+than)\s+\d|"
    r"our\s+(?:company|mission|vision|clients|customers|platform|products?|culture|values|story|"
    r"offices|founders|investors|history)\b|"
    r"our\s+(?:[\w-]+\s+){0,2}team\b(?!\s+(?:is\s+)?(?:hiring|looking|seeking))|"
    r"the\s+company\s+" + _SELF + "|"
    # "Contoso Ltd is a leading provider of…": any name that calls itself leading, global…
    r"(?:[\w&.'-]+\s+){1,4}(?:is|are)\s+(?:a|an|the|one\s+of)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:leading|global|largest|premier|top|fast[- ]growing|innovative|world|international|"
    r"national|privately|publicly|family|award|trusted|renowned|pioneering)\b)",
    re.I,
)
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|corp|corporation|co|gmbh|plc|ag|group|holdings)\.?$", re.I
)
_NAME_STOPWORDS = frozenset({"the", "a", "an", "unknown"})
MIN_NAME_WORD = 4  # a shorter first word ("GE", "Red") is too often an ordinary word


@dataclass(frozen=True)
class ParsedPosting:
    title: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    skill_sources: dict[str, str]  # skill → the heading it was asked under ("Title" for the title)
    min_years: float | None
    max_years: float | None
    seniority: str  # "" when neither the title nor the text says
    education_requirement: str  # "", "high school", "associate", "bachelor", "master", "doctorate"
    education_equivalent_ok: bool  # "or equivalent practical experience"
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    remote: bool
    requirements_text: str
    company_text: str
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (label, kind, text)

    @property
    def has_requirements(self) -> bool:
        return bool(self.required_skills or self.nice_to_have_skills or self.requirements_text)


@dataclass
class _Parts:
    """Section texts after boilerplate sentences moved out: what each reader may look at."""

    job: list[Section] = field(default_factory=list)  # required, preferred, duties, untitled
    company: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    exported: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self, *kinds: str) -> list[str]:
        return [s.text for s in self.job if s.kind in kinds]


def parse_posting(
    *, title: str, description: str, company: str = "", location: str = ""
) -> ParsedPosting:
    """Everything the matcher needs from a posting; unknown facts are None or "", never guessed."""
    title = " ".join(title.split())
    parts = _parts(split_sections(clean_lines(description or "")), company)
    has_required = any(s.kind == REQUIRED for s in parts.job)
    # Without a requirement section the duties and untitled text stand in for it; with one,
    # they are nice to have (the company's self-description is already out of them).
    required_kinds = (REQUIRED,) if has_required else (REQUIRED, *_JOB_TEXT)
    nice_kinds = (PREFERRED, *_JOB_TEXT) if has_required else (PREFERRED,)
    required, nice, sources = _skills(title, parts, required_kinds, nice_kinds)
    low, high = years_asked("\n".join([title, *parts.texts(REQUIRED, *_JOB_TEXT)]))
    education, equivalent = education_asked("\n".join(parts.texts(*required_kinds)))
    anywhere = "\n".join([*parts.texts(REQUIRED, PREFERRED, *_JOB_TEXT), *parts.boilerplate])
    salary = parse_salary("\n".join([*parts.benefits, anywhere, title]))
    return ParsedPosting(
        title=title,
        required_skills=required,
        nice_to_have_skills=nice,
        skill_sources=sources,
        min_years=low,
        max_years=high,
        seniority=seniority_of_title(title) or _level_field(parts) or seniority_of_text(anywhere),
        education_requirement=education,
        education_equivalent_ok=equivalent,
        salary_min=salary[0],
        salary_max=salary[1],
        salary_currency=salary[2],
        remote=remote_of(title, location, anywhere),
        requirements_text="\n".join(parts.texts(*required_kinds, *nice_kinds)),
        company_text="\n".join(parts.company),
        sections=parts.exported,
    )


def _level_field(parts: _Parts) -> str:
    """The value of an "Experience level:" field, which may sit on the line after its label."""
    for label, _kind, text in parts.exported:
        if label.lower() in LEVEL_LABELS:
            return seniority_of_text(f"{label}: {text}")
    return ""


def _parts(sections: list[Section], company: str) -> _Parts:
    parts = _Parts()
    for section in sections:
        if section.kind in (COMPANY, BENEFITS, BOILERPLATE):
            _keep(parts, section.label, section.kind, section.text)
            continue
        kept, blurb, perks, legal = _sort_sentences(section, company)
        for kind, text in _split_optional(section.kind, kept):
            parts.job.append(Section(section.label, kind, [text]))
            parts.exported.append((section.label, kind, text))
        for kind, text in ((COMPANY, blurb), (BENEFITS, perks), (BOILERPLATE, legal)):
            if text:
                _keep(parts, section.label, kind, text)
    return parts


def _keep(parts: _Parts, label: str, kind: str, text: str) -> None:
    bucket = {COMPANY: parts.company, BENEFITS: parts.benefits}.get(kind, parts.boilerplate)
    bucket.append(text)
    parts.exported.append((label, exported_kind(kind), text))


def _split_optional(kind: str, text: str) -> list[tuple[str, str]]:
    """A requirement list's "Kafka is a plus" lines are nice to have, not required."""
    if kind != REQUIRED:
        return [(kind, text)] if text else []
    lines = text.split("\n") if text else []
    required = [line for line in lines if not _OPTIONAL_CUE.search(line)]
    optional = [line for line in lines if _OPTIONAL_CUE.search(line)]
    pieces = [(REQUIRED, "\n".join(required)), (PREFERRED, "\n".join(optional))]
    return [(k, t) for k, t in pieces if t]


def _sort_sentences(section: Section, company: str) -> tuple[str, str, str, str]:
    """(job text, company blurb, perks, EEO) of a job section, sentence by sentence."""
    kept: list[str] = []
    blurb: list[str] = []
    perks: list[str] = []
    legal: list[str] = []
    company_start = _company_start(company)
    # one look at the whole section first: most have no EEO text and no perks list
    maybe_legal = _EEO.search(section.text) is not None
    maybe_perks = len(_BENEFIT_WORD.findall(section.text)) >= MIN_BENEFIT_WORDS
    for sentence in sentences(section.text):
        if maybe_legal and _EEO.search(sentence):
            legal.append(sentence)
        elif _BENEFIT_START.match(sentence) or (maybe_perks and _is_perks(sentence)):
            perks.append(sentence)
        elif section.kind in _JOB_TEXT and company_start.match(sentence):
            blurb.append(sentence)
        else:
            kept.append(sentence)
    return "\n".join(kept), "\n".join(blurb), "\n".join(perks), "\n".join(legal)


def _is_perks(sentence: str) -> bool:
    count = len(_BENEFIT_WORD.findall(sentence))
    dense = count and len(sentence.split()) / count <= MAX_WORDS_PER_BENEFIT
    return count >= MIN_BENEFIT_WORDS and bool(dense)


def _company_start(company: str) -> re.Pattern[str]:
    names = _company_names(company)
    if not names:
        return _COMPANY_START
    name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
    return re.compile(
        rf"{_COMPANY_START.pattern}|^(?:at\s+{name}\b|{name}(?:'s\b|,|\s+{_SELF}))", re.I
    )


def _company_names(company: str) -> list[str]:
    """What the text may call the company: "Northwind Capital LLC", "Northwind Capital"…"""
    full = company.strip()
    if not full or full.lower() in _NAME_STOPWORDS or full == "Unknown company":
        return []
    short = _LEGAL_SUFFIX.sub("", full).strip()
    first = short.split()[0] if short.split() else ""
    names = [full, short]
    if len(first) >= MIN_NAME_WORD and first.lower() not in _NAME_STOPWORDS:
        names.append(first)
    return sorted(set(names), key=len, reverse=True)


def _skills(
    title: str, parts: _Parts, required_kinds: Iterable[str], nice_kinds: Iterable[str]
) -> tuple[list[str], list[str], dict[str, str]]:
    sources: dict[str, str] = {}
    required = _collect([(TITLE_LABEL, title)], sources)
    required_kinds, nice_kinds = tuple(required_kinds), tuple(nice_kinds)
    required += _collect(
        [(s.label, s.text) for s in parts.job if s.kind in required_kinds], sources
    )
    nice = _collect([(s.label, s.text) for s in parts.job if s.kind in nice_kinds], sources)
    return required, nice, sources


def _collect(labelled: list[tuple[str, str]], sources: dict[str, str]) -> list[str]:
    """Skills not seen before, in order; ``sources`` remembers where each was first asked."""
    found: list[str] = []
    for label, text in labelled:
        for match in extract_matches(text):
            if match.category != _SOFT and match.skill not in sources:
                sources[match.skill] = label
                found.append(match.skill)
    return found
