"""Resume optimization by deterministic rules: the ``local`` provider's three stages.

Pure Python, no Django. Stage 1 reads the gaps between a resume and a posting (required
skills neither held nor implied, posting keywords the resume could name, bullets without an
action verb, bullets without a number, missing sections); stage 2 proposes rewrites that only
rearrange what the resume already says; stage 3 (:mod:`profiles.optimize.scores`) scores the
original and the result.

Honesty rules, each held by a test in ``tests/profiles/test_optimize_rules.py``:

* a suggestion never adds a number, an employer, a title or a skill the resume does not state
  or imply (a skill is implied through the taxonomy: MySQL implies SQL);
* a bullet without a number gets a suggestion only with a placeholder the candidate must fill
  (``needs_input``): the rules cannot know the figure, so they never write one;
* a required skill the candidate neither holds nor implies is a gap, never a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from profiles.parsing.resume import ParsedResume
from profiles.parsing.scoring import _NUMBER_RE, ACTION_VERBS
from profiles.parsing.sections import clean_lines, heading_of
from profiles.skills import extract
from profiles.skills.relations import implied_skills

PLACEHOLDER_RE = re.compile(r"\[[^\]]*\]")
METRIC_PLACEHOLDER = "[add the result: how many, how much or how fast]"
WANTED_SECTIONS = ("summary", "experience", "education", "skills")
MAX_METRIC_SUGGESTIONS = 3  # more placeholders than this read as a chore, not help
MAX_SUMMARY_SKILLS = 3
LONG_BULLET_WORDS = 28  # above this a bullet reads as a paragraph; recruiters skim
# Weak openings → the past-tense verb they stand for; the object that follows is kept as is.
_WEAK_LEAD = re.compile(
    r"^(?:i\s+)?(?:was\s+)?(?:responsible\s+for|worked\s+on|helped(?:\s+to)?|helped\s+with|"
    r"assisted\s+(?:with|in)|involved\s+in|tasked\s+with|duties\s+included|participated\s+in|"
    r"in\s+charge\s+of)\s+",
    re.I,
)
_LEAD_VERB = {  # the weak opening itself, when no -ing verb follows it
    "responsible for": "Owned",
    "in charge of": "Led",
    "tasked with": "Handled",
    "worked on": "Contributed to",
    "participated in": "Contributed to",
    "involved in": "Contributed to",
    "helped with": "Supported",
    "assisted with": "Supported",
    "assisted in": "Supported",
}
_GERUND_PAST = {
    "analyzing": "Analyzed", "analysing": "Analysed", "automating": "Automated",
    "building": "Built", "coordinating": "Coordinated", "creating": "Created",
    "delivering": "Delivered", "deploying": "Deployed", "designing": "Designed",
    "developing": "Developed", "handling": "Handled", "implementing": "Implemented",
    "improving": "Improved", "leading": "Led", "maintaining": "Maintained",
    "managing": "Managed", "migrating": "Migrated", "monitoring": "Monitored",
    "overseeing": "Oversaw", "planning": "Planned", "preparing": "Prepared",
    "reviewing": "Reviewed", "running": "Ran", "supporting": "Supported", "teaching": "Taught",
    "testing": "Tested", "training": "Trained", "writing": "Wrote", "mentoring": "Mentored",
    "optimizing": "Optimized", "reducing": "Reduced", "launching": "Launched",
    "establishing": "Established", "negotiating": "Negotiated", "scaling": "Scaled",
}  # fmt: skip
_FILLER = (
    (re.compile(r"\bin order to\b", re.I), "to"),
    (re.compile(r"\bwas able to\s+", re.I), ""),
    (re.compile(r"\bsuccessfully\s+", re.I), ""),
    (re.compile(r"\butiliz(?:ed|ing)\b", re.I), "used"),
    (re.compile(r"\butilize\b", re.I), "use"),
    (re.compile(r"\bvarious\s+", re.I), ""),
    (re.compile(r"\ba number of\b", re.I), "several"),
    (re.compile(r"\bon a daily basis\b", re.I), "daily"),
)


@dataclass(frozen=True)
class Posting:
    title: str
    required_skills: tuple[str, ...]
    nice_to_have_skills: tuple[str, ...] = ()
    skill_sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    kind: str  # bullet | summary | section (the event schema's rewrite_type)
    edit_type: str  # the event schema's edit type: action_verbs, added_metrics, ...
    original: str  # text replaced; "" for an insertion
    suggested: str
    reason: str
    anchor: str = ""  # insertion: the line it goes before ("" = at the end)
    needs_input: bool = False  # a placeholder the candidate must replace before accepting
    optional: bool = False  # offered only to candidates randomised to it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def resume_skills(text: str) -> tuple[set[str], dict[str, str]]:
    """(skills the text names, skills those imply → the held skill)."""
    held = extract(text)
    return set(held), implied_skills(held)


def bullets(parsed: ParsedResume, text: str) -> list[str]:
    """Experience bullets exactly as they appear in ``text`` (so they can be replaced)."""
    return [b for b in dict.fromkeys(parsed.experience_descriptions) if b and b in text]


def has_number(line: str) -> bool:
    return bool(_NUMBER_RE.search(line))


def starts_with_action_verb(line: str) -> bool:
    words = line.split()
    return bool(words) and words[0].lower().strip(",.") in ACTION_VERBS


def gap_analysis(parsed: ParsedResume, text: str, posting: Posting) -> dict[str, Any]:
    """Stage 1: what stands between this resume and this posting."""
    held, implied = resume_skills(text)
    lines = bullets(parsed, text)
    return {
        "missing_required_skills": [
            {"skill": s, "where": posting.skill_sources.get(s, "the posting")}
            for s in posting.required_skills
            if s not in held and s not in implied
        ],
        "keywords_to_name": [
            {"skill": s, "because": f"you have {implied[s]}"}
            for s in (*posting.required_skills, *posting.nice_to_have_skills)
            if s in implied and s not in held
        ],
        "missing_nice_to_have": [
            s for s in posting.nice_to_have_skills if s not in held and s not in implied
        ],
        "weak_bullets": [b for b in lines if not starts_with_action_verb(b)],
        "bullets_without_numbers": [b for b in lines if not has_number(b)],
        "missing_sections": [s for s in WANTED_SECTIONS if s not in parsed.sections_found],
        "bullets": len(lines),
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def action_verb_rewrite(line: str) -> str | None:
    """``Responsible for managing the team`` → ``Managed the team``; None when no rule fits."""
    m = _WEAK_LEAD.match(line)
    if m is None:
        return None
    rest = line[m.end() :]
    first, _, tail = rest.partition(" ")
    past = _GERUND_PAST.get(first.lower())
    if past is not None:
        return f"{past} {tail}".strip()
    lead = " ".join(m.group(0).lower().split())
    for weak, verb in _LEAD_VERB.items():
        if lead.endswith(weak):
            return f"{verb} {rest}".strip()
    return None


def shortened(line: str) -> str | None:
    """The bullet without filler phrases, when it is long and loses some; else None."""
    if len(line.split()) <= LONG_BULLET_WORDS:
        return None
    out = line
    for pattern, repl in _FILLER:
        out = pattern.sub(repl, out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    return _capitalised(out) if out != line else None


def _skills_line(text: str) -> str | None:
    """The first line under a Skills heading (or an inline ``Skills: ...`` line)."""
    lines = clean_lines(text)
    raw = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        head, sep, rest = line.partition(":")
        if sep and heading_of(head) == "skills" and rest.strip():
            return raw[i].strip() if raw[i].strip() in text else None
        if heading_of(line) == "skills":
            for j in range(i + 1, len(lines)):
                if lines[j]:
                    return raw[j].strip() if raw[j].strip() in text else None
    return None


def _first_heading(text: str) -> str:
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() and heading_of(line.strip()) is not None:
            return line.strip()
    return ""


def _summary(parsed: ParsedResume, held: list[str], text: str) -> str | None:
    title = (parsed.job_titles or [""])[0]
    parts = []
    if title:
        parts.append(title)
    # Years read from dated positions are not written in the text: stated only when they are.
    years = f"{parsed.years_of_experience:g}"
    if parsed.years_of_experience and re.search(rf"\b{re.escape(years)}\b", text):
        parts.append(f"with {years} years of experience")
    if held:
        shown = held[:MAX_SUMMARY_SKILLS]
        skills = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
        parts.append(f"{'in' if parts else 'Experienced in'} {skills}")
    if not parts:
        return None
    return _capitalised(" ".join(parts)) + "."


def suggestions(
    parsed: ParsedResume, text: str, posting: Posting, *, offered: frozenset[str]
) -> list[Suggestion]:
    """Stage 2: one suggestion per bullet or section; ``offered`` are the optional edit types
    this candidate was randomised to see."""
    out: list[Suggestion] = []
    lines = bullets(parsed, text)
    for line in lines:
        better = action_verb_rewrite(line)
        if better is not None:
            why = "Start with what you did: an action verb, same facts."
            out.append(Suggestion("bullet", "action_verbs", line, better, why))
            continue
        short = shortened(line)
        if short is not None:
            why = "Shorter: the filler words go, the facts stay."
            out.append(Suggestion("bullet", "shortened", line, short, why))
    out += _keyword_suggestions(text, posting)
    out += _section_suggestions(parsed, text)
    if "added_metrics" in offered:
        unquantified = [b for b in lines if not has_number(b)][:MAX_METRIC_SUGGESTIONS]
        for line in unquantified:
            out.append(
                Suggestion(
                    "bullet", "added_metrics", line, f"{line.rstrip('. ')}, {METRIC_PLACEHOLDER}",
                    "A result with a number is read first. Only you know the figure: replace "
                    "the bracket with it, or reject if there is none.",
                    needs_input=True, optional=True,
                )
            )  # fmt: skip
    return out


def _keyword_suggestions(text: str, posting: Posting) -> list[Suggestion]:
    held, implied = resume_skills(text)
    wanted = [
        s
        for s in dict.fromkeys((*posting.required_skills, *posting.nice_to_have_skills))
        if s in implied and s not in held
    ]
    line = _skills_line(text)
    if not wanted or line is None:
        return []
    because = ", ".join(f"{s} (you list {implied[s]})" for s in wanted)
    return [
        Suggestion(
            "section", "added_keywords", line, f"{line.rstrip(', ')}, {', '.join(wanted)}",
            f"The posting asks for {because}: name them as the posting does.",
        )
    ]  # fmt: skip


def _section_suggestions(parsed: ParsedResume, text: str) -> list[Suggestion]:
    out = []
    held = extract(text)
    anchor = _first_heading(text)
    if "summary" not in parsed.sections_found:
        summary = _summary(parsed, held, text)
        if summary is not None:
            out.append(
                Suggestion(
                    "summary", "reformatted", "", f"Summary\n{summary}",
                    "A summary built only from your resume's own title, years and skills.",
                    anchor=anchor,
                )
            )  # fmt: skip
    if "skills" not in parsed.sections_found and held:
        out.append(
            Suggestion(
                "section", "reformatted", "", f"Skills\n{', '.join(held)}",
                "A Skills heading that ATS software looks for, listing skills your resume names.",
            )
        )  # fmt: skip
    return out


def apply(text: str, suggestion: dict[str, Any], final: str) -> str | None:
    """``text`` with the suggestion's ``final`` text in place; None when the original is gone."""
    original = suggestion.get("original") or ""
    if original:
        if original not in text:
            return None
        return text.replace(original, final, 1)
    anchor = suggestion.get("anchor") or ""
    if anchor and anchor in text:
        index = text.index(anchor)
        return f"{text[:index]}{final}\n\n{text[index:]}"
    return f"{text.rstrip()}\n\n{final}\n"


def invented(original: str, suggested: str, resume_text: str) -> list[str]:
    """What ``suggested`` states that neither ``original`` nor the resume supports.

    Numbers (any digit run) and skills count; placeholders in brackets are ignored.
    """
    body = PLACEHOLDER_RE.sub("", suggested)
    known_numbers = set(re.findall(r"\d+", original)) | set(re.findall(r"\d+", resume_text))
    problems = [f"number {n}" for n in re.findall(r"\d+", body) if n not in known_numbers]
    held, implied = resume_skills(resume_text)
    problems += [f"skill {s}" for s in extract(body) if s not in held and s not in implied]
    return problems
