# ruff: noqa: RUF001, RUF002 -- resumes use typographic dashes
"""Plain-text resumes in five realistic layouts, and the edits that rewrite them.

A resume is rendered from the candidate's facts and a :class:`ResumeState` (layout plus the
edits made so far), so every version of a candidate's resume states the same facts: the
skills, positions, dates and education of :class:`~learning.simulation.people.Candidate`.
Layouts: ``classic`` (upper-case EXPERIENCE / EDUCATION / SKILLS sections, 06/2019 – Present),
``compact`` (inline "Skills:" list, one line per job), ``professional`` ("Professional
Experience", "Jan 2019 – Present"), ``grouped`` (summary paragraph and skills grouped as
Languages / Frameworks / Tools) and ``markdown``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from learning.simulation.people import LAYOUTS, BulletFact, Candidate, Education, Position

SHORT_BULLETS = 2  # bullets per job kept by the "shortened" edit
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DOMAIN_LABEL = {
    "tech": "Methods",
    "healthcare": "Clinical",
    "finance": "Finance",
    "marketing": "Marketing",
}
GROUP_LABELS = {
    "language": "Languages",
    "framework": "Frameworks",
    "tool": "Tools",
    "soft": "Soft skills",
}


@dataclass(frozen=True, slots=True)
class ResumeState:
    layout: str
    metrics: bool = False
    strong_verbs: bool = False
    keywords: bool = False
    shortened: bool = False


def initial_state(candidate: Candidate) -> ResumeState:
    return ResumeState(layout=candidate.layout, strong_verbs=candidate.strong_verbs)


def available_edits(state: ResumeState) -> tuple[str, ...]:
    """Edit types that still change this resume (reformatting always does)."""
    pending = (
        ("added_metrics", not state.metrics),
        ("action_verbs", not state.strong_verbs),
        ("added_keywords", not state.keywords),
        ("shortened", not state.shortened),
        ("reformatted", True),
    )
    return tuple(edit for edit, ok in pending if ok)


def apply_edit(state: ResumeState, edit_type: str) -> ResumeState:
    if edit_type == "reformatted":
        return replace(state, layout=LAYOUTS[(LAYOUTS.index(state.layout) + 1) % len(LAYOUTS)])
    flag = {
        "added_metrics": "metrics",
        "action_verbs": "strong_verbs",
        "added_keywords": "keywords",
        "shortened": "shortened",
    }[edit_type]
    changes: dict[str, Any] = {flag: True}
    return replace(state, **changes)


def render(candidate: Candidate, state: ResumeState, *, family: str) -> str:
    return _WRITERS[state.layout](_View(candidate, state, family))


def experience_lines(candidate: Candidate, state: ResumeState) -> list[str]:
    """The achievement bullets of every position, as written in this resume state."""
    view = _View(candidate, state, family="")
    return [b for rank, p in enumerate(candidate.positions) for b in view.bullets(p, rank)]


@dataclass(frozen=True)
class _View:
    """What every layout needs: the facts with the state's edits applied."""

    candidate: Candidate
    state: ResumeState
    family: str

    def bullets(self, position: Position, rank: int) -> list[str]:
        facts = position.bullets
        if self.state.shortened:
            facts = facts[: SHORT_BULLETS if rank < 2 else 1]
        return [self._bullet(f) for f in facts]

    def _bullet(self, fact: BulletFact) -> str:
        verb = fact.bullet.strong if self.state.strong_verbs else fact.bullet.weak
        text = f"{verb} {fact.bullet.work.format(tool=fact.tool)}"
        if self.state.metrics:
            text += ", " + fact.bullet.metric.format(n=fact.number)
        return text

    def keywords_line(self) -> list[str]:
        if not self.state.keywords:
            return []
        return ["Core competencies: " + " · ".join(self.candidate.skills)]

    def headline(self) -> str:
        return self.candidate.positions[0].title

    def graduation(self, education: Education) -> str:
        if self.candidate.seniority == "intern":
            return f"Expected May {education.graduation_year}"
        return str(education.graduation_year)

    def skill_groups(self) -> list[tuple[str, list[str]]]:
        labels = {**GROUP_LABELS, "domain": DOMAIN_LABEL[self.family]}
        grouped = self.candidate.skills_by_category
        order = ("language", "framework", "tool", "domain", "soft")
        return [(labels[c], grouped[c]) for c in order if grouped.get(c)]


def _dates(position: Position, fmt: Callable[[date], str], present: str, sep: str) -> str:
    end = present if position.end is None else fmt(position.end)
    return f"{fmt(position.start)}{sep}{end}"


def _classic(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name.upper(), f"{c.location} | {c.email} | {c.phone}", ""]
    lines += ["SUMMARY", c.summary, *view.keywords_line(), "", "EXPERIENCE"]
    for rank, p in enumerate(c.positions):
        lines.append(f"{p.title}, {p.company} — {p.location}")
        lines.append(_dates(p, lambda d: f"{d.month:02d}/{d.year}", "Present", " – "))
        lines += [f"• {b}" for b in view.bullets(p, rank)]
        lines.append("")
    lines.append("EDUCATION")
    lines += [f"{e.degree}, {e.institution}, {view.graduation(e)}" for e in c.education]
    lines += ["", "SKILLS", ", ".join(c.skills), "Soft skills: " + ", ".join(c.soft_skills)]
    return "\n".join(lines) + "\n"


def _compact(view: _View) -> str:
    c = view.candidate
    lines = [
        f"{c.full_name} — {view.headline()}",
        f"Email: {c.email} · Phone: {c.phone} · Location: {c.location}",
        "Skills: " + ", ".join(c.skills),
        "Strengths: " + ", ".join(c.soft_skills),
        *view.keywords_line(),
        "",
        "Experience:",
    ]
    for rank, p in enumerate(c.positions):
        span = _dates(p, lambda d: str(d.year), "present", "–")
        lines.append(f"- {p.title} at {p.company} ({span}): " + "; ".join(view.bullets(p, rank)))
    lines.append("")
    for e in c.education:
        lines.append(f"Education: {e.degree}, {e.institution} ({view.graduation(e)})")
    return "\n".join(lines) + "\n"


def _professional(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name, c.location, c.phone, c.email, "", "Professional Summary", c.summary]
    lines += [*view.keywords_line(), "", "Professional Experience", ""]
    for rank, p in enumerate(c.positions):
        lines += [f"{p.company} | {p.location}", p.title]
        lines.append(_dates(p, lambda d: f"{MONTHS[d.month - 1]} {d.year}", "Present", " – "))
        lines += [f"  - {b}" for b in view.bullets(p, rank)]
        lines.append("")
    lines.append("Education")
    for e in c.education:
        lines += [e.institution, f"{e.degree}, {view.graduation(e)}"]
    lines += ["", "Technical Skills", " · ".join(c.skills)]
    lines.append("Interpersonal: " + ", ".join(c.soft_skills))
    return "\n".join(lines) + "\n"


def _grouped(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name, f"{c.email} | {c.phone} | {c.location}", "", "Summary", c.summary]
    lines += [*view.keywords_line(), "", "Skills"]
    lines += [f"• {label}: {', '.join(skills)}" for label, skills in view.skill_groups()]
    lines += ["", "Work History"]
    for rank, p in enumerate(c.positions):
        span = _dates(p, lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}", "Present", " - ")
        lines.append(f"{p.title} — {p.company}, {p.location} ({span})")
        lines += [f"• {b}" for b in view.bullets(p, rank)]
        lines.append("")
    lines.append("Education")
    for e in c.education:
        lines.append(f"{e.degree} — {e.institution} — Class of {e.graduation_year}")
    return "\n".join(lines) + "\n"


def _markdown(view: _View) -> str:
    c = view.candidate
    lines = [f"# {c.full_name}", f"**{view.headline()}** · {c.location}"]
    lines += [f"{c.email} · {c.phone}", "", "## About", c.summary, *view.keywords_line()]
    lines += ["", "## Experience"]
    for rank, p in enumerate(c.positions):
        span = _dates(p, lambda d: f"{d.year}-{d.month:02d}", "present", " to ")
        lines += ["", f"### {p.title} — {p.company}", f"*{p.location} · {span}*"]
        lines += [f"- {b}" for b in view.bullets(p, rank)]
    lines += ["", "## Education"]
    lines += [f"- **{e.degree}**, {e.institution} ({view.graduation(e)})" for e in c.education]
    lines += ["", "## Skills", *(f"- {s}" for s in (*c.skills, *c.soft_skills))]
    return "\n".join(lines) + "\n"


_WRITERS: dict[str, Callable[[_View], str]] = {
    "classic": _classic,
    "compact": _compact,
    "professional": _professional,
    "grouped": _grouped,
    "markdown": _markdown,
}
