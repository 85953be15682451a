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

from profiles.parsing.dates import (
    RANGE_RE,
    Span,
    find_ranges,
    find_split_range,
    merged_months,
)
from profiles.parsing.scoring import ResumeScore, score_resume
from profiles.parsing.sections import Section, clean_lines, heading_of, split_sections
from profiles.skills import CATEGORIES, extract_matches

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(
    r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w/])"
)
LINKEDIN_RE = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/[\w-]+/?", re.IGNORECASE)
YEARS_STATED_RE = re.compile(
    r"(\d{1,2}(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)\b(?=[^.;\n]{0,30}?\b(?:experience|work|in|as)\b)",
    re.IGNORECASE,
)
US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
]
LOCATION_RE = re.compile(
    r"\b([A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+){0,2}),\s?(" + "|".join(US_STATES) + r"|"
    r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b"
)
LOCATION_LABEL_RE = re.compile(
    r"(?:location|address|residence|based in)\s*:\s*([^|•·\n]{3,60})", re.I
)
TITLE_WORDS = frozenset(
    [
        "engineer",
        "developer",
        "programmer",
        "manager",
        "analyst",
        "designer",
        "scientist",
        "consultant",
        "specialist",
        "director",
        "lead",
        "intern",
        "assistant",
        "coordinator",
        "nurse",
        "teacher",
        "accountant",
        "architect",
        "administrator",
        "officer",
        "representative",
        "associate",
        "executive",
        "technician",
        "head",
        "president",
        "vp",
        "founder",
        "co-founder",
        "owner",
        "advisor",
        "adviser",
        "researcher",
        "professor",
        "lecturer",
        "instructor",
        "tutor",
        "writer",
        "editor",
        "recruiter",
        "marketer",
        "strategist",
        "planner",
        "supervisor",
        "clerk",
        "cashier",
        "agent",
        "therapist",
        "pharmacist",
        "physician",
        "attorney",
        "lawyer",
        "paralegal",
        "auditor",
        "controller",
        "bookkeeper",
        "buyer",
        "chef",
        "mechanic",
        "electrician",
        "operator",
        "trainee",
        "apprentice",
        "fellow",
        "partner",
        "principal",
        "sre",
        "devops",
        "qa",
        "tester",
        "cto",
        "ceo",
        "cfo",
        "coo",
        "cio",
        "salesperson",
        "producer",
        "artist",
        "photographer",
        "counselor",
        "counsellor",
        "librarian",
        "scrum",
        "product-owner",
        "tech-lead",
        "webmaster",
        "dba",
        "hygienist",
        "therapist",
        "dentist",
        "surgeon",
        "paramedic",
        "caregiver",
        "receptionist",
        "secretary",
        "specialist",
    ]
)
COMPANY_HINTS = re.compile(
    r"\b(inc|llc|ltd|corp|corporation|company|gmbh|plc|group|technologies|labs|bank|"
    r"systems|solutions|partners|holdings|studio|studios|agency|hospital|clinic|university|"
    r"software|consulting|ventures|health|media|capital)\b\.?",
    re.IGNORECASE,
)
DEGREE_RE = re.compile(
    r"\b(?P<degree>Ph\.?\s?D\.?|Doctor(?:ate)? of [A-Z]\w+|M\.?B\.?A\.?|B\.?B\.?A\.?|"
    r"Master(?:'s)?(?: of [A-Z]\w+)?|Bachelor(?:'s)?(?: of [A-Z]\w+)?|"
    r"Associate(?:'s)?(?: Degree| of [A-Z]\w+)|B\.?\s?Eng\.?|M\.?\s?Eng\.?|"
    r"B\.?\s?Tech|M\.?\s?Tech|B\.?\s?S\.?c?\.?|B\.?\s?A\.?|M\.?\s?S\.?c?\.?|M\.?\s?A\.?|"
    r"A\.A\.S?\.?|High School Diploma|GED)"
    r"(?=[\s,.|;:()-]|$)(?:\s*(?:in|of|,|-|—)?\s*"
    r"(?P<field>[A-Z][\w&/]*(?:\s+(?:and|of|&|[A-Z][\w&/]*))*))?"
)
INSTITUTION_RE = re.compile(
    r"((?:[A-Z][\w.&'-]*\s+(?:(?:of|the|and|for|de|&|[A-Z][\w.&'-]*)\s+){0,6})?"
    r"(?:University|College|Institute|School|Academy|Polytechnic|Université|Universidad|"
    r"Universität)(?:\s+(?:of|at|in)\s+[A-Z][\w.'-]*(?:\s+(?:at\s+)?[A-Z][\w.'-]*){0,3})?)"
)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
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
}
_LABEL_RE = re.compile(r"^[^:,]{1,30}:\s*")
PROSE_CATEGORIES = frozenset({"language", "framework", "tool"})
MAX_DESCRIPTIONS = 25
# A line this long inside Experience is a description even without a bullet mark.
MIN_DESCRIPTION_CHARS = 60
MAX_SUMMARY_CHARS = 1500


@dataclass
class Job:
    title: str
    company: str
    start: str
    end: str
    months: int
    ongoing: bool


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


def parse_resume(text: str, *, today: date) -> ParsedResume:
    """Parse resume ``text``; ``today`` closes "Present" ranges so results are reproducible."""
    lines = clean_lines(text)
    if sum(ch.isalpha() for ch in text) < 10 or len(" ".join(lines).split()) < 3:
        raise ResumeTextError("The resume text is too short to read: paste the whole resume.")
    sections = split_sections(lines)
    result = ParsedResume(sections_found=sorted({s.name for s in sections if s.lines}))
    _contact(result, lines)
    _skills(result, sections)
    _experience(result, sections, today)
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
def _contact(result: ParsedResume, lines: list[str]) -> None:
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
    result.full_name = _name(lines)
    result.location = _location(lines)


YEAR_RANGE_LIKE = re.compile(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d")
_NOT_NAME_WORDS = frozenset(
    [
        "summary",
        "education",
        "experience",
        "skills",
        "contact",
        "contacts",
        "profile",
        "personal",
        "information",
        "objective",
        "resume",
        "curriculum",
        "vitae",
        "cv",
        "work",
        "history",
        "professional",
        "positions",
        "description",
        "details",
        "career",
        "about",
        "languages",
        "tel",
        "phone",
        "email",
        "address",
    ]
)
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’-]*\.?$|^[A-Z]{2,}$")


def _name(lines: list[str]) -> str:
    for line in [x for x in lines if x][:6]:
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
        if extract_matches(candidate):
            continue
        return " ".join(w if not w.isupper() or len(w) <= 2 else w.title() for w in words)
    return ""


def _location(lines: list[str]) -> str:
    head = "\n".join(x for x in lines[:12] if x)
    labelled = LOCATION_LABEL_RE.search(head)
    if labelled:
        return labelled.group(1).strip(" .,")
    for line in lines[:12]:
        for part in re.split(r"\s[|•·]\s|\s{2,}|\t", line):
            if EMAIL_RE.search(part) or any(ch.isdigit() for ch in part):
                continue
            m = LOCATION_RE.search(part)
            if m and not extract_matches(m.group(0)):
                return m.group(0)
    return ""


# --- skills -----------------------------------------------------------------------------------
def _skills(result: ParsedResume, sections: list[Section]) -> None:
    """Collect skills with the section that evidences each.

    Explicit lists (skills sections) count in every category. Prose elsewhere only counts
    named technologies (languages, frameworks, tools): "coordinated discharge planning" or
    "Director of Nursing" do not make a candidate claim a domain or soft skill, the inflated
    "implicit skills" users distrust. Education is never a source (a degree is not a skill).
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
        for match in extract_matches(text):
            if not explicit and match.category not in PROSE_CATEGORIES:
                continue
            seen = best.get(match.skill)
            if seen is None or rank < seen[0]:
                best[match.skill] = (rank, section.name, match.category)
    if not best:  # everything sat under one mis-detected heading (two-column exports)
        for section in (s for s in sections if s.name == "education"):
            for line in section.lines:
                if DEGREE_RE.search(line) or INSTITUTION_RE.search(line):
                    continue
                for match in extract_matches(line):
                    if match.category in PROSE_CATEGORIES:
                        best.setdefault(match.skill, (98, "other", match.category))
    first_seen = {skill: i for i, skill in enumerate(best)}
    for skill in sorted(best, key=lambda s: (best[s][0], first_seen[s])):
        _, section_name, category = best[skill]
        getattr(result, CATEGORIES[category]).append(skill)
        result.skill_sources[skill] = SOURCE_LABEL.get(section_name, section_name)


# --- experience -------------------------------------------------------------------------------
_SPLIT_RE = re.compile(
    r"\s+[|•·]\s+|\s+[–—-]\s+|\s+at\s+|\s+@\s+|\t|,\s+(?!(?:inc|llc|ltd)\b)"
    r"|(?<!\bSr)(?<!\bJr)(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bSt)\.\s+(?=[A-Z])",
    re.I,
)
_BULLET_RE = re.compile(r"^[•·*▪►‣◦-]\s*")


def _experience(result: ParsedResume, sections: list[Section], today: date) -> None:
    spans: list[Span] = []
    for scope in _job_scopes(sections):
        for section in scope:
            lines = section.lines
            consumed: set[int] = set()
            for index, line in enumerate(lines):
                if index in consumed:
                    continue
                if section.name != "experience" and not _looks_like_job(lines, index):
                    continue
                if index + 1 < len(lines):
                    split = find_split_range(line, lines[index + 1], today=today)
                    if split is not None:
                        span, first_rest, second_rest = split
                        spans.append(span)
                        remainder = f"{first_rest} | {second_rest}"
                        result.jobs.append(_job_at(lines, index, remainder, span))
                        consumed.add(index + 1)
                        continue
                for span, start, end in find_ranges(line, today=today):
                    spans.append(span)
                    # "(2019-2021): Built ..." ends the header; "2019 - now: Developer" does not
                    head, _, tail = line[end:].partition(":")
                    before = line[:start]
                    after = head if head.strip(" )(,.-") or before.strip(" -•*(") else tail
                    result.jobs.append(_job_at(lines, index, before + " " + after, span))
        if result.jobs:
            break
    for section in (s for s in sections if s.name == "experience"):
        for line in section.lines:
            is_bullet = _BULLET_RE.match(line) or len(line) > MIN_DESCRIPTION_CHARS
            if is_bullet and len(result.experience_descriptions) < MAX_DESCRIPTIONS:
                result.experience_descriptions.append(_BULLET_RE.sub("", line))
    result.job_titles = _unique(j.title for j in result.jobs if j.title)
    result.companies = _unique(j.company for j in result.jobs if j.company)
    months = merged_months(spans)
    stated = _stated_years(sections)
    precise = bool(spans) and all(span.precise for span in spans)
    # Month-precise dates beat a stated figure; a stated figure beats bare years.
    if months and (precise or stated is None):
        result.years_of_experience = round(months / 12, 1)
        result.years_source = "dated work experience"
    elif stated is not None:
        result.years_of_experience = stated
        result.years_source = "stated in the resume"


def _stated_years(sections: list[Section]) -> float | None:
    summary = _section_text(sections, "summary") or _section_text(sections, "header")
    found = [float(m.group(1)) for m in YEARS_STATED_RE.finditer(summary)]
    return max(found) if found else None


def _job_scopes(sections: list[Section]) -> list[list[Section]]:
    """Where to look for dated positions, most trusted first.

    Two-column exports and unusual headings scatter positions: when the experience section
    holds none, look in every other section, and last in education lines that name a role.
    """
    experience = [s for s in sections if s.name == "experience"]
    others = [s for s in sections if s.name not in ("experience", "education", "certifications")]
    education = [s for s in sections if s.name == "education"]
    if not experience:
        return [others, education]
    return [[*experience, *[s for s in others if s.name in ("header", "other")]], others, education]


def _looks_like_job(lines: list[str], index: int) -> bool:
    """Outside Experience, a dated line counts as a position only next to a role or employer."""
    line = lines[index]
    if DEGREE_RE.search(line) or INSTITUTION_RE.search(line):
        return False
    window = " ".join(lines[max(index - 1, 0) : index + 2])
    return any(_is_title(part) for part in _fragments(window)) or bool(COMPANY_HINTS.search(window))


def _job_at(lines: list[str], index: int, remainder: str, span: Span) -> Job:
    """Title and company of the position whose dates sit on ``lines[index]``.

    They share the line ("Engineer at Acme (2019-2021)") or sit on the one or two lines
    above ("Acme | Austin, TX" / "Engineer" / "Jan 2019 - Present").
    """
    fragments = _fragments(remainder)
    for back in (1, 2):
        if (any(_is_title(f) for f in fragments) and len(fragments) >= 2) or index < back:
            break
        previous = lines[index - back]
        if _BULLET_RE.match(previous) or len(previous) > 90 or _has_range(previous):
            break
        fragments = _fragments(previous) + fragments
    if not any(_is_title(f) for f in fragments) and index + 1 < len(lines):
        following = lines[index + 1]
        if not _BULLET_RE.match(following) and len(following) <= 90 and not _has_range(following):
            fragments += _fragments(following)
    title = next((f for f in fragments if _is_title(f)), "")
    others = [f for f in fragments if f != title and not _is_place(f)]
    company = next((f for f in others if COMPANY_HINTS.search(f)), others[0] if others else "")
    return Job(
        title=title[:120],
        company=company[:120],
        start=span.start_text.strip(),
        end=span.end_text.strip(),
        months=span.months,
        ongoing=span.ongoing,
    )


def _has_range(line: str) -> bool:
    return bool(RANGE_RE.search(line))


def _fragments(text: str) -> list[str]:
    text = re.sub(r"[()\[\]]", " ", text)
    text = re.sub(r" {2,}", " ", text)
    out = []
    for part in _SPLIT_RE.split(text):
        part = part.strip(" ,;:|•·-–—#*_")
        if part and len(part) <= 80 and any(ch.isalpha() for ch in part):
            out.append(part)
    return out


def _is_title(fragment: str) -> bool:
    words = re.findall(r"[a-z][a-z-]*", fragment.lower())
    return any(w in TITLE_WORDS for w in words) and len(words) <= 8


def _is_place(fragment: str) -> bool:
    if fragment in US_STATES or fragment.lower() in ("remote", "hybrid", "on-site"):
        return True
    return bool(LOCATION_RE.fullmatch(fragment))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- education --------------------------------------------------------------------------------
def _education(result: ParsedResume, sections: list[Section]) -> None:
    lines = [
        line for s in sections if s.name in ("education", "certifications") for line in s.lines
    ]
    if not lines:
        lines = [line for s in sections for line in s.lines if _degree(line)]
    years: list[int] = []
    for index, line in enumerate(lines):
        degree = _degree(line)
        if degree:
            result.degrees.append(degree)
        for m in INSTITUTION_RE.finditer(line):
            result.institutions.append(m.group(1).strip())
        if degree or INSTITUTION_RE.search(line):
            window = " ".join(lines[index : index + 2])
            found = [int(y) for y in YEAR_RE.findall(window)]
            if found:
                years.append(max(found))
    result.degrees = _unique(result.degrees)
    result.institutions = _unique(result.institutions)
    result.graduation_years = sorted(set(years))


def _degree(line: str) -> str:
    for m in DEGREE_RE.finditer(line):
        degree, subject = m.group("degree").strip(), (m.group("field") or "").strip()
        if subject and (INSTITUTION_RE.search(subject) or YEAR_RE.search(subject)):
            subject = ""
        if len(degree) == 2 and degree.isupper() and not subject:
            continue  # "MA" in "Boston, MA" is a state, not a master's degree
        return f"{degree} {subject}".strip()[:120]
    return ""


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
