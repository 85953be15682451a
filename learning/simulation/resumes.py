# ruff: noqa: RUF001, RUF002 -- resumes use typographic dashes
"""Resumes in five layouts, written the way people write them, and the edits that rewrite them.

A resume is rendered from the candidate's facts and a :class:`ResumeState` (layout plus the
edits made so far), so every version of a candidate's resume states the same facts: the
skills, positions, dates and education of :class:`~learning.simulation.people.Candidate`.
Layouts: ``classic`` (upper-case EXPERIENCE / EDUCATION / SKILLS sections, 06/2019 – Present),
``compact`` (inline "Skills:" list, one line per job), ``professional`` ("Professional
Experience", "Jan 2019 – Present"), ``grouped`` (summary paragraph and skills grouped as
Languages / Frameworks / Tools) and ``markdown``.

The text is not the parser's friend. Each candidate has a
:class:`~learning.simulation.noise.WritingStyle`, drawn once and kept across versions (the
shares are constants of :mod:`learning.simulation.noise`; measured on a 2,000-candidate world
they land within a couple of points of these):

* **Spellings** (every layout): each skill that people write in several ways
  (:mod:`learning.simulation.spellings`: "Postgres", "JS", "MS Excel", "Adobe PS", "A/R",
  "full-cycle recruiting", "OSHA 30", "detail-oriented") is written in one of them with
  probability ``VARIANT_SHARE`` = 0.4, the same way in the skills list, the bullets, the
  summary and the keywords line; about 35 % of all skills end up written non-canonically.
  ``LOWER_CASE_SHARE`` = 6 % of candidates type their other hard skills in lower case.
* **PDF extraction** (``PDF_SHARE`` = 45 % of candidates; never the markdown layout): lines
  hard-broken at 55–95 characters mid-sentence (wrapped skill lists and bullets), bullets
  turned into "●", "", "▪", "o", "➢" glyphs; and among those PDF resumes:
  half with dates split over three lines ("04/2020" / "to" / "Current"; "Present", "Now"),
  half with page furniture (a footer such as "Page 1 of 2" every 28–45 lines, a form feed and
  a repeated name/e-mail header), a quarter in two columns (skills and education as a
  26-character sidebar interleaved line by line with the experience), a tenth with
  letter-spaced headings ("W O R K   H I S T O R Y"). Overall: ~22 % split dates, ~22 % page
  furniture, ~11 % two columns, ~4.5 % letter-spaced headings, 55 % no layout noise.
* Non-tech occupations (accounting, HR, sales, design, teaching, hospitality, construction,
  nursing, finance, marketing: 61 % of candidates) have their own titles and skills, and
  their resumes say "Areas of Expertise" and "Software" where tech ones say "Technical
  Skills" and "Tools".

The truth stays canonical: :class:`~learning.simulation.people.Candidate` holds the canonical
skills, the positions and the years, and the truth file lists them per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any

from learning.simulation import noise
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
    "business": "Expertise",
    "creative": "Design",
    "education": "Teaching",
    "hospitality": "Operations",
    "trades": "Field",
}
GROUP_LABELS = {
    "language": "Languages",
    "framework": "Frameworks",
    "tool": "Tools",
    "soft": "Soft skills",
}
NON_TECH_LABELS = {"tool": "Software"}
SKILLS_HEADING = {"tech": "Technical Skills"}
OTHER_SKILLS_HEADING = "Areas of Expertise"
SUMMARY_SKILL_LEADS = ("Skilled in ", "strongest in ", "hands-on work with ")
# Section headings of the plain-text layouts (letter-spaced in some PDFs), and those a
# two-column PDF puts in its sidebar.
HEADINGS = frozenset(
    {
        "SUMMARY", "EXPERIENCE", "EDUCATION", "SKILLS", "Professional Summary",
        "Professional Experience", "Education", "Technical Skills", OTHER_SKILLS_HEADING,
        "Summary", "Skills", "Work History",
    }
)  # fmt: skip
SIDEBAR = frozenset({"EDUCATION", "SKILLS", "Education", "Technical Skills", "Skills",
                     OTHER_SKILLS_HEADING})  # fmt: skip


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
    view = _View(candidate, state, family)
    text = _WRITERS[state.layout](view)
    if not view.pdf:
        return text
    return noise.pdf_text(
        text.rstrip("\n").split("\n"),
        candidate.style,
        headings=HEADINGS,
        sidebar=SIDEBAR,
        name=candidate.full_name,
        email=candidate.email,
    )


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

    @property
    def pdf(self) -> bool:
        return self.candidate.style.pdf and self.state.layout != "markdown"

    @cached_property
    def _spelled(self) -> dict[str, str]:
        return dict(self.candidate.style.spellings)

    def spell(self, skill: str) -> str:
        return self._spelled.get(skill, skill)

    def skills(self) -> list[str]:
        return [self.spell(s) for s in self.candidate.skills]

    def soft_skills(self) -> list[str]:
        return [self.spell(s) for s in self.candidate.soft_skills]

    def summary(self) -> str:
        """The summary with its closing skills written the candidate's way."""
        text = self.candidate.summary
        cut = max(text.rfind(lead) for lead in SUMMARY_SKILL_LEADS)
        if cut < 0:
            return text
        head, tail = text[:cut], text[cut:]
        for skill in dict.fromkeys(self.candidate.skills[:3]):
            tail = re.sub(rf"(?<![\w.+#/-]){re.escape(skill)}(?![\w+#-])", self.spell(skill), tail)
        return head + tail

    def dates(self, position: Position, fmt: Callable[[date], str], present: str, sep: str) -> str:
        style = self.candidate.style
        if not (self.pdf and style.split_dates):
            return _dates(position, fmt, present, sep)
        return _dates(position, fmt, style.present_word, f"\n{style.date_joiner}\n")

    def skills_heading(self) -> str:
        return SKILLS_HEADING.get(self.family, OTHER_SKILLS_HEADING)

    def bullets(self, position: Position, rank: int) -> list[str]:
        facts = position.bullets
        if self.state.shortened:
            facts = facts[: SHORT_BULLETS if rank < 2 else 1]
        return [self._bullet(f) for f in facts]

    def _bullet(self, fact: BulletFact) -> str:
        verb = fact.bullet.strong if self.state.strong_verbs else fact.bullet.weak
        text = f"{verb} {fact.bullet.work.format(tool=self.spell(fact.tool))}"
        if self.state.metrics:
            text += ", " + fact.bullet.metric.format(n=fact.number)
        return text

    def keywords_line(self) -> list[str]:
        if not self.state.keywords:
            return []
        return ["Core competencies: " + " · ".join(self.skills())]

    def headline(self) -> str:
        return self.candidate.positions[0].title

    def graduation(self, education: Education) -> str:
        if self.candidate.seniority == "intern":
            return f"Expected May {education.graduation_year}"
        return str(education.graduation_year)

    def skill_groups(self) -> list[tuple[str, list[str]]]:
        labels = {**GROUP_LABELS, "domain": DOMAIN_LABEL[self.family]}
        if self.family != "tech":
            labels.update(NON_TECH_LABELS)
        grouped = self.candidate.skills_by_category
        order = ("language", "framework", "tool", "domain", "soft")
        return [(labels[c], [self.spell(s) for s in grouped[c]]) for c in order if grouped.get(c)]


def _dates(position: Position, fmt: Callable[[date], str], present: str, sep: str) -> str:
    end = present if position.end is None else fmt(position.end)
    return f"{fmt(position.start)}{sep}{end}"


def _classic(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name.upper(), f"{c.location} | {c.email} | {c.phone}", ""]
    lines += ["SUMMARY", view.summary(), *view.keywords_line(), "", "EXPERIENCE"]
    for rank, p in enumerate(c.positions):
        lines.append(f"{p.title}, {p.company} — {p.location}")
        lines.append(view.dates(p, lambda d: f"{d.month:02d}/{d.year}", "Present", " – "))
        lines += [f"• {b}" for b in view.bullets(p, rank)]
        lines.append("")
    lines.append("EDUCATION")
    lines += [f"{e.degree}, {e.institution}, {view.graduation(e)}" for e in c.education]
    lines += [
        "",
        "SKILLS",
        ", ".join(view.skills()),
        "Soft skills: " + ", ".join(view.soft_skills()),
    ]
    return "\n".join(lines) + "\n"


def _compact(view: _View) -> str:
    c = view.candidate
    lines = [
        f"{c.full_name} — {view.headline()}",
        f"Email: {c.email} · Phone: {c.phone} · Location: {c.location}",
        "Skills: " + ", ".join(view.skills()),
        "Strengths: " + ", ".join(view.soft_skills()),
        *view.keywords_line(),
        "",
        "Experience:",
    ]
    for rank, p in enumerate(c.positions):
        span = view.dates(p, lambda d: str(d.year), "present", "–")
        lines.append(f"- {p.title} at {p.company} ({span}): " + "; ".join(view.bullets(p, rank)))
    lines.append("")
    for e in c.education:
        lines.append(f"Education: {e.degree}, {e.institution} ({view.graduation(e)})")
    return "\n".join(lines) + "\n"


def _professional(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name, c.location, c.phone, c.email, "", "Professional Summary", view.summary()]
    lines += [*view.keywords_line(), "", "Professional Experience", ""]
    for rank, p in enumerate(c.positions):
        lines += [f"{p.company} | {p.location}", p.title]
        lines.append(view.dates(p, lambda d: f"{MONTHS[d.month - 1]} {d.year}", "Present", " – "))
        lines += [f"  - {b}" for b in view.bullets(p, rank)]
        lines.append("")
    lines.append("Education")
    for e in c.education:
        lines += [e.institution, f"{e.degree}, {view.graduation(e)}"]
    lines += ["", view.skills_heading(), " · ".join(view.skills())]
    lines.append("Interpersonal: " + ", ".join(view.soft_skills()))
    return "\n".join(lines) + "\n"


def _grouped(view: _View) -> str:
    c = view.candidate
    lines = [c.full_name, f"{c.email} | {c.phone} | {c.location}", "", "Summary", view.summary()]
    lines += [*view.keywords_line(), "", "Skills"]
    lines += [f"• {label}: {', '.join(skills)}" for label, skills in view.skill_groups()]
    lines += ["", "Work History"]
    for rank, p in enumerate(c.positions):
        span = view.dates(p, lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}", "Present", " - ")
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
    lines += [f"{c.email} · {c.phone}", "", "## About", view.summary(), *view.keywords_line()]
    lines += ["", "## Experience"]
    for rank, p in enumerate(c.positions):
        span = view.dates(p, lambda d: f"{d.year}-{d.month:02d}", "present", " to ")
        lines += ["", f"### {p.title} — {p.company}", f"*{p.location} · {span}*"]
        lines += [f"- {b}" for b in view.bullets(p, rank)]
    lines += ["", "## Education"]
    lines += [f"- **{e.degree}**, {e.institution} ({view.graduation(e)})" for e in c.education]
    lines += ["", "## Skills", *(f"- {s}" for s in (*view.skills(), *view.soft_skills()))]
    return "\n".join(lines) + "\n"


_WRITERS: dict[str, Callable[[_View], str]] = {
    "classic": _classic,
    "compact": _compact,
    "professional": _professional,
    "grouped": _grouped,
    "markdown": _markdown,
}
