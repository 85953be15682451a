# ruff: noqa: RUF001
"""The deterministic ``local`` resume parser: plain text in, structured profile out.

Every field comes from the text; a field the resume does not state stays empty. Pure Python
(no Django), so it can be measured and tested in isolation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from profiles.parsing.context import supported
from profiles.parsing.dates import Span, document_month, join_split_ranges, merged_months
from profiles.parsing.education import education_of, is_education_line, names_education
from profiles.parsing.places import find_location, is_place
from profiles.parsing.positions import (
    BULLET_RE,
    Anchor,
    Job,
    find_anchors,
    job_at,
)
from profiles.parsing.scoring import ResumeScore, score_resume
from profiles.parsing.sections import Section, clean_lines, heading_of, split_sections
from profiles.parsing.titles import TITLE_WORDS, desired_roles, headline_title, is_title
from profiles.skills import CATEGORIES, extract_matches

__all__ = ["Job", "ParsedResume", "ResumeTextError", "parse_resume"]

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(
    r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w/]|[.-]\d)"
)
LINKEDIN_RE = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/[\w-]+/?", re.IGNORECASE)
YEARS_STATED_RE = re.compile(
    r"(\d{1,2}(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)\b(?=[^.;\n]{0,30}?\b(?:experience|work|in|as)\b)",
    re.IGNORECASE,
)
INDUSTRY_WORDS = {
    "software": ("software", "saas", "cloud platform", "developer tools"),
    "finance": ("bank", "banking", "fintech", "financial services", "investment", "trading"),
    "healthcare": ("hospital", "clinic", "healthcare", "patient", "medical", "pharma"),
    "education": ("school", "teaching", "students", "curriculum", "edtech"),
    "retail": ("retail", "e-commerce", "ecommerce", "store", "merchandising"),
    "manufacturing": ("manufacturing", "factory", "production line", "plant"),
    "marketing": ("marketing agency", "advertising", "brand campaigns"),
    "consulting": ("consulting", "consultancy", "client engagements"),
    "logistics": ("logistics", "supply chain", "warehouse", "shipping"),
    "government": ("government", "public sector", "municipal", "federal"),
    "nonprofit": ("nonprofit", "non-profit", "charity", "foundation"),
    "media": ("media", "publishing", "journalism", "newsroom"),
    "energy": ("energy", "oil and gas", "renewable", "utilities"),
    "insurance": ("insurance", "underwriting", "claims"),
    "gaming": ("game studio", "gaming", "video games"),
    "telecom": ("telecom", "telecommunications", "network operator"),
}
SENIORITY_ORDER = ("intern", "entry", "mid", "senior", "lead", "executive")
# Section where a skill was seen, best evidence first: a skill listed in "Skills" and used in
# a job is reported as coming from the skills section.
SOURCE_ORDER = ("skills", "experience", "projects", "summary", "certifications", "education")
SOURCE_LABEL = {
    "skills": "skills section",
    "experience": "work experience",
    "projects": "projects",
    "summary": "summary",
    "certifications": "certifications",
    "education": "education",
    "header": "resume header",
    "languages": "languages",
    "other": "other sections",
    "contact": "contact details",
    "activities": "activities",
}
_LABEL_RE = re.compile(r"^[^:,]{1,30}:\s*")
PROSE_CATEGORIES = frozenset({"language", "framework", "tool"})
# Sections whose dates are never employment (education gets its own guarded pass).
NOT_WORK_SECTIONS = frozenset(
    {"experience", "education", "certifications", "activities", "contact"}
)
MAX_DESCRIPTIONS = 25
# A line this long inside Experience is a description even without a bullet mark.
MIN_DESCRIPTION_CHARS = 60
MAX_SUMMARY_CHARS = 1500


@dataclass
class ParsedResume:
    full_name: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    linkedin: str = ""
    professional_summary: str = ""
    programming_languages: list[str] = field(default_factory=list)
    frameworks_libraries: list[str] = field(default_factory=list)
    tools_platforms: list[str] = field(default_factory=list)
    soft_skills: list[str] = field(default_factory=list)
    skill_sources: dict[str, str] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    job_titles: list[str] = field(default_factory=list)
    desired_roles: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    experience_descriptions: list[str] = field(default_factory=list)
    years_of_experience: float = 0.0
    years_source: str = ""
    career_level: str = ""
    degrees: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    graduation_years: list[int] = field(default_factory=list)
    sections_found: list[str] = field(default_factory=list)
    resume_score: float = 0.0
    score_reasons: list[dict[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def skills(self) -> list[str]:
        return [
            *self.programming_languages,
            *self.frameworks_libraries,
            *self.tools_platforms,
            *self.soft_skills,
        ]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class ResumeTextError(ValueError):
    """The text is too short or too garbled to be a resume."""


def parse_resume(text: str, *, today: date | None = None) -> ParsedResume:
    """Parse resume ``text``.

    "Present" closes at ``today`` when the caller knows the document's date (an upload is
    current on its upload day); without it, at the newest date the document names, so an old
    file never gains the years since it was written. The wall clock is never read.
    """
    lines = join_split_ranges(clean_lines(text))
    if sum(ch.isalpha() for ch in text) < 10 or len(" ".join(lines).split()) < 3:
        raise ResumeTextError("The resume text is too short to read: paste the whole resume.")
    sections = split_sections(lines)
    result = ParsedResume(sections_found=sorted({s.name for s in sections if s.lines}))
    _contact(result, lines, sections)
    _skills(result, sections, document="\n".join(lines))
    _experience(result, sections, document_month("\n".join(lines), today=today))
    _titles(result, sections)
    _education(result, sections)
    result.professional_summary = _section_text(sections, "summary")[:MAX_SUMMARY_CHARS]
    result.industries = _industries(text)
    result.career_level = _career_level(result)
    scored: ResumeScore = score_resume(result, word_count=len(text.split()))
    result.resume_score, result.score_reasons = scored.total, scored.reasons
    if not result.jobs and not result.years_of_experience:
        result.warnings.append("No dated work experience found.")
    if not result.skills:
        result.warnings.append("No known skills found.")
    return result


def _section_text(sections: list[Section], name: str) -> str:
    return "\n".join(s.text for s in sections if s.name == name).strip()


# --- contact ----------------------------------------------------------------------------------
def _contact(result: ParsedResume, lines: list[str], sections: list[Section]) -> None:
    text = "\n".join(lines)
    email = EMAIL_RE.search(text)
    result.email = email.group(0) if email else ""
    linkedin = LINKEDIN_RE.search(text)
    result.linkedin = linkedin.group(0) if linkedin else ""
    for m in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 15 and not YEAR_RANGE_LIKE.fullmatch(m.group(0).strip()):
            result.phone = m.group(0).strip()
            break
    result.full_name = _name(next((s.lines for s in sections if s.name == "header"), []))
    header = next((s.lines for s in sections if s.name == "header"), [])
    contact = [line for s in sections if s.name == "contact" for line in s.lines]
    result.location = find_location(header, contact, [x for x in lines if x])


YEAR_RANGE_LIKE = re.compile(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d")
_NOT_NAME_WORDS = frozenset(
    {
        "summary", "education", "experience", "skills", "contact", "contacts", "profile",
        "personal", "information", "objective", "resume", "curriculum", "vitae", "cv", "work",
        "history", "professional", "positions", "description", "details", "career", "about",
        "languages", "tel", "phone", "email", "address", "highlights", "qualifications",
        "accomplishments", "core", "club", "center", "company", "name", "city", "state",
        "services", "management", "relations", "facilities", "quality", "background",
        "protocols", "practice", "staff", "tech", "creator", "participant", "candidate",
        "motivated", "dedicated", "sincerely", "positioning", "managing", "fellowship",
        "scholarship", "award", "program"
    }
)  # fmt: skip
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’-]*\.?$|^[A-Z]{2,}$")
# The name is among the first lines of the resume.
NAME_LINES = 6


def _name(lines: list[str]) -> str:
    """The candidate's name: a short capitalised line of the header, before any heading,
    that is neither a title nor a place nor a skill."""
    for line in [x for x in lines if x][:NAME_LINES]:
        candidate = re.split(r"\s[|•·–—]\s|,\s|\t", line.lstrip("#* "))[0].strip(" *")
        words = candidate.split()
        if not 2 <= len(words) <= 4 or heading_of(candidate):
            continue
        if any(ch.isdigit() or ch == "@" for ch in candidate):
            continue
        if not all(_NAME_WORD.match(w) for w in words):
            continue
        if any(w.lower().strip(".") in TITLE_WORDS | _NOT_NAME_WORDS for w in words):
            continue
        if is_title(candidate):
            continue
        if extract_matches(candidate) or is_place(line.strip(" |")) or is_place(candidate):
            continue
        return " ".join(w if not w.isupper() or len(w) <= 2 else w.title() for w in words)
    return ""


# --- skills -----------------------------------------------------------------------------------
def _skills(result: ParsedResume, sections: list[Section], *, document: str) -> None:
    """Collect skills with the section that evidences each.

    Explicit lists (skills sections) count in every category. Prose elsewhere only counts
    named technologies (languages, frameworks, tools): "coordinated discharge planning" or
    "Director of Nursing" do not make a candidate claim a domain or soft skill, the inflated
    "implicit skills" users distrust. Education is never a source (a degree is not a skill),
    nor is a heading, a disclaimed skill ("no experience with Go") or a short form the rest
    of the resume does not support ("AR" without any accounting).
    """
    best: dict[str, tuple[int, str, str]] = {}
    for section in sections:
        if section.name in ("education", "languages"):
            continue
        explicit = section.name == "skills"
        rank = SOURCE_ORDER.index(section.name) if section.name in SOURCE_ORDER else 99
        text = section.text
        if explicit:  # "Interpersonal: Teamwork, ..." — the label before ":" is not a skill
            text = "\n".join(_LABEL_RE.sub("", line) for line in section.lines)
        for match in supported(extract_matches(text), text=text, document=document):
            if not explicit and match.category not in PROSE_CATEGORIES:
                continue
            seen = best.get(match.skill)
            if seen is None or rank < seen[0]:
                best[match.skill] = (rank, section.name, match.category)
    if not best:  # everything sat under one mis-detected heading (two-column exports)
        for section in (s for s in sections if s.name == "education"):
            lines = [line for line in section.lines if not is_education_line(line)]
            text = "\n".join(lines)
            for match in supported(extract_matches(text), text=text, document=document):
                if match.category in PROSE_CATEGORIES:
                    best.setdefault(match.skill, (98, "other", match.category))
    first_seen = {skill: i for i, skill in enumerate(best)}
    for skill in sorted(best, key=lambda s: (best[s][0], first_seen[s])):
        _, section_name, category = best[skill]
        getattr(result, CATEGORIES[category]).append(skill)
        result.skill_sources[skill] = SOURCE_LABEL.get(section_name, section_name)


# --- experience -------------------------------------------------------------------------------
def _experience(result: ParsedResume, sections: list[Section], month_of_today: int) -> None:
    spans: list[Span] = []
    for scope in _job_scopes(sections):
        for section in scope:
            anchors = find_anchors(section.lines, month_of_today=month_of_today, scope=section.name)
            _jobs_from(result, section.lines, anchors)
            spans += [a.span for a in anchors]
        if result.jobs:
            break
    for section in (s for s in sections if s.name == "experience"):
        for line in section.lines:
            is_bullet = BULLET_RE.match(line) or len(line) > MIN_DESCRIPTION_CHARS
            if is_bullet and len(result.experience_descriptions) < MAX_DESCRIPTIONS:
                result.experience_descriptions.append(BULLET_RE.sub("", line))
    result.companies = _unique(j.company for j in result.jobs if j.company)
    months = merged_months(spans)
    # Dated positions decide; a stated figure ("1+ year") only stands in when none is dated.
    if months:
        result.years_of_experience = round(months / 12, 1)
        result.years_source = "dated work experience"
    elif (stated := _stated_years(sections)) is not None:
        result.years_of_experience = stated
        result.years_source = "stated in the resume"


def _jobs_from(result: ParsedResume, lines: list[str], anchors: list[Anchor]) -> None:
    taken = {a.index for a in anchors}
    seen = {(j.start, j.end, j.title) for j in result.jobs}
    for anchor in _outermost(anchors, lines, taken):
        job, used = job_at(lines, anchor, taken=taken)
        taken |= used
        if (job.start, job.end, job.title) in seen:
            continue  # a page header repeated on the next page
        seen.add((job.start, job.end, job.title))
        result.jobs.append(job)


def _outermost(anchors: list[Anchor], lines: list[str], taken: set[int]) -> list[Anchor]:
    """Drop an untitled period inside another position ("Suspense: (2012-2014)" within a
    2012-2016 job): a phase of that job, not a position of its own; and an untitled repeat of a
    titled position's dates ("10/2012 to 03/2014" then "October 2012 - March 2014")."""
    titled = {id(a): bool(job_at(lines, a, taken=taken)[0].title) for a in anchors}
    out = []
    for anchor in anchors:
        if titled[id(anchor)]:
            out.append(anchor)
            continue
        inside = any(
            other is not anchor
            and other.span.start <= anchor.span.start
            and anchor.span.end <= other.span.end
            and (other.span.months > anchor.span.months or titled[id(other)])
            for other in anchors
        )
        if not inside:
            out.append(anchor)
    return out


def _stated_years(sections: list[Section]) -> float | None:
    summary = _section_text(sections, "summary") or _section_text(sections, "header")
    found = [float(m.group(1)) for m in YEARS_STATED_RE.finditer(summary)]
    return max(found) if found else None


def _job_scopes(sections: list[Section]) -> list[list[Section]]:
    """Where to look for dated positions, most trusted first.

    Two-column exports and unusual headings scatter positions: when the experience section
    holds none, look in every other section but activities (memberships, honours), and
    last in education lines that name a role with no study next to them (``find_anchors``
    never takes school years for work).
    """
    experience = [s for s in sections if s.name == "experience"]
    others = [s for s in sections if s.name not in NOT_WORK_SECTIONS]
    education = [s for s in sections if s.name == "education"]
    if not experience:
        return [others, education]
    return [[*experience, *[s for s in others if s.name in ("header", "other")]], others, education]


def _titles(result: ParsedResume, sections: list[Section]) -> None:
    """Position titles, led by the headline title; desired roles from the objective."""
    header = next((s.lines for s in sections if s.name == "header"), [])
    headline = headline_title(header, name=result.full_name)
    result.job_titles = _unique(
        [headline, *(j.title for j in result.jobs)] if headline else (j.title for j in result.jobs)
    )
    result.job_titles = [t for t in result.job_titles if t]
    summary = "\n".join([*header, _section_text(sections, "summary")])
    result.desired_roles = desired_roles(summary)


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return list(seen.values())


# --- education --------------------------------------------------------------------------------
def _education(result: ParsedResume, sections: list[Section]) -> None:
    lines = [
        line for s in sections if s.name in ("education", "certifications") for line in s.lines
    ]
    if not lines:
        lines = [line for s in sections for line in s.lines if names_education(line)]
    result.degrees, result.institutions, result.graduation_years = education_of(lines)


# --- industries and level ---------------------------------------------------------------------
def _industries(text: str) -> list[str]:
    lower = text.lower()
    return [
        name
        for name, words in INDUSTRY_WORDS.items()
        if any(re.search(rf"\b{re.escape(w)}\b", lower) for w in words)
    ]


def _career_level(result: ParsedResume) -> str:
    years = result.years_of_experience
    level = "entry" if years < 2 else "mid" if years < 5 else "senior"
    latest = result.jobs[0].title.lower() if result.jobs else ""
    if re.search(r"\b(intern|trainee|apprentice)\b", latest):
        return "intern"
    if re.search(r"\b(chief|cto|ceo|cfo|coo|cio|vp|vice president|head of|director)\b", latest):
        return "executive"
    if re.search(r"\b(lead|principal|staff|manager)\b", latest) and years >= 5:
        return "lead"
    if re.search(r"\b(senior|sr\.?)\b", latest):
        return max(level, "senior", key=SENIORITY_ORDER.index)
    if not result.jobs and not years:
        return "entry" if result.degrees or result.graduation_years else ""
    return level
