# ruff: noqa: RUF001, RUF002
"""Split resume text into lines and named sections by their headings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

HEADINGS = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "objective",
        "career objective", "about", "about me", "overview", "career summary", "personal profile",
        "executive profile", "career overview", "career focus", "executive summary",
        "professional overview", "summary of qualifications", "qualifications summary",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "professional history",
        "relevant experience", "experience history", "career", "positions held",
        "military experience", "employment experience", "work and experience",
    ),
    "education": (
        "education", "academic background", "education and training", "academic history",
        "education & courses", "education and courses", "academic",
        "education & certifications", "education and certifications", "educational background",
        "education and coursework", "academic qualifications", "education & training",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "core competencies",
        "competencies", "technologies", "tools", "tech stack", "skills & tools", "tools & tech",
        "skills and tools", "technical competencies", "areas of expertise", "expertise",
        # a bare "Qualifications" lists skills in the real resumes we read, not degrees
        "qualifications",
        "skills summary", "technical proficiencies", "programming languages", "soft skills",
        "languages & tools", "skills & technologies", "skills and technologies", "strengths",
        "key strengths", "highlights", "skill highlights", "core qualifications",
        "core strengths", "summary of skills", "computer skills", "technical expertise",
        "professional skills", "skills & expertise", "skills and expertise", "key qualifications",
        "additional skills", "skills & abilities", "skills and abilities", "relevant skills",
        "tools & tech",
    ),
    "projects": ("projects", "personal projects", "selected projects", "key projects"),
    "certifications": (
        "certifications", "certificates", "licenses", "licenses & certifications",
        "certifications & licenses", "courses", "training",
    ),
    "languages": ("languages", "spoken languages"),
    "other": ("additional information", "military service", "professional development"),
    # Memberships, honours and pastimes: dated, but never employment.
    "activities": (
        "interests", "hobbies", "awards", "honors", "publications", "volunteer", "volunteering",
        "references", "achievements", "activities", "accomplishments", "core accomplishments",
        "professional affiliations", "affiliations", "activities and honors", "honors and awards",
        "awards and honors", "presentations", "community service", "extra-curricular activities",
        "memberships", "volunteer experience", "volunteer work",
    ),
    # Where the candidate's own address sits; read for contact details only.
    "contact": (
        "contact", "contacts", "contact me at", "contact information", "contact details",
        "personal", "personal information", "personal details", "personal data",
    ),
}  # fmt: skip
_HEADING_LOOKUP = {
    re.sub(r"[^a-z]", "", name): section for section, names in HEADINGS.items() for name in names
}
_DECORATION = re.compile(r"^[\s#*=_\-–—•·|:]+|[\s#*=_\-–—•·|:]+$")
MAX_HEADING_WORDS = 5
_SPACED_RUN_RE = re.compile(r"(?<!\S)(?:[^\W\d_&] ){3,}[^\W\d_](?!\S)|(?<!\S)& (?=[^\W\d_] )")
# A UTF-8 lead byte read as Windows-1252 ("â", "Ã") followed by its continuation bytes.
_MOJIBAKE_RE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


@dataclass
class Section:
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def unspace(line: str) -> str:
    """Join letter-spaced words: "W O R K  E X P E R I E N C E" → "WORK EXPERIENCE".

    A run of four or more single characters separated by single spaces is one word; two
    spaces (or a tab) separate words. Text after the run stays as it is ("P R O J E C T S
    (clickable)" → "PROJECTS (clickable)"), so a spaced heading never yields the skills "C"
    or "R".
    """
    joined = _SPACED_RUN_RE.sub(lambda m: m.group(0).replace(" ", ""), line)
    return re.sub(r"\s{2,}|\t", " ", joined.strip()) if joined != line else line


def heading_of(line: str) -> str | None:
    cleaned = _DECORATION.sub("", unspace(line)).lower()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if not cleaned or len(cleaned.split(" ")) > MAX_HEADING_WORDS:
        return None
    return _HEADING_LOOKUP.get(re.sub(r"[^a-z]", "", cleaned))


def clean_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text and "\\n" in text:
        text = text.replace("\\n", "\n")  # shell-quoted curl bodies carry literal "\n"
    text = join_split_initials(unmojibake(text))
    return [re.sub(r"[ \t\u00a0]+", " ", unspace(line)).strip() for line in text.split("\n")]


# Some PDF-to-DOCX conversions detach every word's first letter ("J ava, T ypeScript, C ++;
# Looking f or t he S enior p osition"). "A" and "I" stay apart: they are words of their own.
_SPLIT_INITIAL_RE = re.compile(
    r"(?<![\w.+#/&'-])(?:([B-HJ-Z]) (?=[a-z]{2,}|[A-Z][a-z]|\+\+|#(?!\w))|([b-hj-z]) (?=[a-z]{2,}))"
)
# Real resumes show at most a handful ("C and C++"); a detached document shows one per few words.
SPLIT_INITIALS_MIN, SPLIT_INITIALS_SHARE = 20, 0.05


def join_split_initials(text: str) -> str:
    """Rejoin detached first letters, only in a document that shows the artefact throughout."""
    hits = len(_SPLIT_INITIAL_RE.findall(text))
    if hits < SPLIT_INITIALS_MIN or hits < SPLIT_INITIALS_SHARE * len(text.split()):
        return text
    return _SPLIT_INITIAL_RE.sub(lambda m: m.group(1) or m.group(2), text)


def unmojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252, common in HTML-to-PDF exports ("â€“" → "–").

    The livecareer exports write "Company Name ï¼​ City": a fullwidth separator whose last
    byte was lost, so it becomes a plain separator.
    """
    text = text.replace("ï¼\u200b", " | ").replace("ï¼", " | ")
    text = _MOJIBAKE_RE.sub(_decode_mojibake, text)
    text = text.replace("\u200b", "").replace("Â", " ")
    return unicodedata.normalize("NFKC", text)


def _decode_mojibake(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group(0)


def split_sections(lines: list[str]) -> list[Section]:
    """Consecutive blocks of lines; the text before the first heading is the "header"."""
    sections = [Section("header")]
    for line in lines:
        if not line:
            continue
        name = heading_of(line)
        if name is not None:
            sections.append(Section(name))
            continue
        head, sep, rest = line.partition(":")
        inline = heading_of(head) if sep and len(head) < 40 else None
        if inline is not None and rest.strip():
            # "Skills: Python, SQL" is a one-line section; the surrounding one continues after.
            previous = sections[-1].name
            if previous == "skills":  # "Languages: ..." inside a skills block is still skills
                sections[-1].lines.append(rest.strip())
                continue
            sections += [Section(inline, [rest.strip()]), Section(previous)]
            continue
        sections[-1].lines.append(line)
    return sections
