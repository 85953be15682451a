"""Resume quality score (0-100) with one reason per component."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from profiles.parsing.resume import ParsedResume

# Points per component; they sum to 100.
CONTACT, SKILLS, EXPERIENCE, IMPACT, EDUCATION, STRUCTURE, LENGTH = 15, 20, 20, 15, 10, 10, 10
# A skills list of this size already shows breadth; more does not raise the score.
FULL_SKILLS = 12
# Quantified bullets ("cut latency 40 %", "$2M pipeline") that earn full impact points.
FULL_QUANTIFIED = 4
WORDS_MIN, WORDS_MAX = 250, 1000
_NUMBER_RE = re.compile(
    r"\d+\s*%|\$\s?\d|\b\d{2,}\b|\b\d+(?:\.\d+)?\s*(?:x|k|m|million|users)\b", re.I
)
ACTION_VERBS = frozenset(
    [
        "led",
        "built",
        "designed",
        "developed",
        "launched",
        "improved",
        "reduced",
        "increased",
        "delivered",
        "created",
        "managed",
        "implemented",
        "automated",
        "optimized",
        "optimised",
        "migrated",
        "shipped",
        "owned",
        "drove",
        "grew",
        "mentored",
        "architected",
        "scaled",
        "negotiated",
        "streamlined",
        "established",
        "analyzed",
        "analysed",
    ]
)


@dataclass(frozen=True)
class ResumeScore:
    total: float
    reasons: list[dict[str, object]]


def _reason(component: str, points: float, maximum: int, reason: str) -> dict[str, object]:
    return {"component": component, "points": round(points, 1), "max": maximum, "reason": reason}


def score_resume(parsed: ParsedResume, *, word_count: int) -> ResumeScore:
    reasons = [
        _contact(parsed),
        _skills(parsed),
        _experience(parsed),
        _impact(parsed),
        _education(parsed),
        _structure(parsed),
        _length(word_count),
    ]
    total = round(min(100.0, sum(float(cast(float, r["points"])) for r in reasons)), 1)
    return ResumeScore(total, reasons)


def _contact(p: ParsedResume) -> dict[str, object]:
    present = [name for name, value in (("name", p.full_name), ("email", p.email),
               ("phone", p.phone), ("location", p.location)) if value]  # fmt: skip
    missing = [n for n in ("name", "email", "phone", "location") if n not in present]
    text = "has " + ", ".join(present) if present else "no contact details found"
    if missing:
        text += "; add " + ", ".join(missing)
    return _reason("contact", CONTACT * len(present) / 4, CONTACT, text)


def _count(n: int, noun: str) -> str:
    """``1 bullet``, ``3 bullets``: the resume-score reasons are read as sentences."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _skills(p: ParsedResume) -> dict[str, object]:
    n = len(p.skills)
    points = SKILLS * min(n, FULL_SKILLS) / FULL_SKILLS
    text = f"{_count(n, 'recognised skill')}" + (
        "" if n >= FULL_SKILLS else f"; {FULL_SKILLS}+ scores full"
    )
    return _reason("skills", points, SKILLS, text)


def _experience(p: ParsedResume) -> dict[str, object]:
    dated = len(p.jobs)
    with_titles = sum(1 for j in p.jobs if j.title)
    if not dated:
        return _reason("experience", 0, EXPERIENCE, "no dated positions; add start and end dates")
    points = EXPERIENCE * (0.5 + 0.5 * with_titles / dated)
    return _reason(
        "experience",
        points,
        EXPERIENCE,
        f"{_count(dated, 'dated position')}, {with_titles} with a job title",
    )


def _impact(p: ParsedResume) -> dict[str, object]:
    bullets = p.experience_descriptions
    quantified = sum(1 for b in bullets if _NUMBER_RE.search(b))
    verbs = sum(
        1 for b in bullets if b.split() and b.split()[0].lower().strip(",.") in ACTION_VERBS
    )
    points = IMPACT * (
        0.7 * min(quantified, FULL_QUANTIFIED) / FULL_QUANTIFIED + 0.3 * min(verbs, 4) / 4
    )
    text = f"{_count(quantified, 'bullet')} with numbers, {verbs} starting with an action verb"
    if quantified < FULL_QUANTIFIED:
        text += "; quantify results (%, $, counts)"
    return _reason("impact", points, IMPACT, text)


def _education(p: ParsedResume) -> dict[str, object]:
    if p.degrees:
        return _reason("education", EDUCATION, EDUCATION, f"degree found: {p.degrees[0]}")
    if p.institutions:
        return _reason("education", EDUCATION / 2, EDUCATION, "institution without a degree name")
    return _reason("education", 0, EDUCATION, "no education found")


def _structure(p: ParsedResume) -> dict[str, object]:
    wanted = ("summary", "experience", "education", "skills")
    found = [s for s in wanted if s in p.sections_found]
    missing = [s for s in wanted if s not in found]
    text = f"sections: {', '.join(found) or 'none recognised'}"
    if missing:
        text += f"; add a {', '.join(missing)} heading"
    return _reason("structure", STRUCTURE * len(found) / len(wanted), STRUCTURE, text)


def _length(words: int) -> dict[str, object]:
    if WORDS_MIN <= words <= WORDS_MAX:
        return _reason("length", LENGTH, LENGTH, f"{words} words, within {WORDS_MIN}-{WORDS_MAX}")
    if words < WORDS_MIN:
        return _reason("length", LENGTH * words / WORDS_MIN, LENGTH, f"{words} words; too short")
    return _reason("length", LENGTH * WORDS_MAX / words, LENGTH, f"{words} words; too long")
