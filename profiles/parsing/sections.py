# ruff: noqa: RUF001
"""Split resume text into lines and named sections by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADINGS = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "objective",
        "career objective", "about", "about me", "overview", "career summary", "personal profile",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "professional history",
        "relevant experience", "experience history", "career", "positions held",
    ),
    "education": (
        "education", "academic background", "education and training", "academic history",
        "qualifications", "education & courses", "education and courses", "academic",
        "education & certifications", "education and certifications",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "core competencies",
        "competencies", "technologies", "tools", "tech stack", "skills & tools", "tools & tech",
        "skills and tools", "technical competencies", "areas of expertise", "expertise",
        "skills summary", "technical proficiencies", "programming languages", "soft skills",
        "languages & tools", "skills & technologies", "skills and technologies", "strengths",
        "key strengths",
    ),
    "projects": ("projects", "personal projects", "selected projects", "key projects"),
    "certifications": (
        "certifications", "certificates", "licenses", "licenses & certifications",
        "certifications & licenses", "courses", "training",
    ),
    "languages": ("languages", "spoken languages"),
    "other": (
        "interests", "hobbies", "awards", "honors", "publications", "volunteer",
        "volunteering", "references", "achievements", "activities", "contact", "contact me at",
        "personal", "additional information", "military service",
    ),
}  # fmt: skip
_HEADING_LOOKUP = {
    re.sub(r"[^a-z]", "", name): section for section, names in HEADINGS.items() for name in names
}
_DECORATION = re.compile(r"^[\s#*=_\-–—•·|:]+|[\s#*=_\-–—•·|:]+$")
MAX_HEADING_WORDS = 5


@dataclass
class Section:
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def unspace(line: str) -> str:
    """Join letter-spaced headings: "W O R K  E X P E R I E N C E" → "WORK EXPERIENCE"."""
    words = re.split(r"\s{2,}|\t", line.strip())
    if words and all(len(w.replace(" ", "")) >= 1 for w in words):
        letters = [w.split(" ") for w in words]
        if all(all(len(ch) == 1 for ch in w) for w in letters) and sum(map(len, letters)) >= 3:
            return " ".join("".join(w) for w in letters)
    return line


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
    return [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]


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
