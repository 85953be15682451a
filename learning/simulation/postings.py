# ruff: noqa: RUF001 -- postings use typographic dashes
"""Posting text written the way recruiters write it, around the job's true requirements.

A :class:`PostingText` is drawn per job from the jobs' own spawned stream, after the job's
facts, so the text never shifts the outcomes. Shares (constants below):

* an opening line, then a company blurb (``BLURB_SHARE`` = 70 %) that in half the cases names
  two skills of the occupation that the job does *not* require ("Our teams work with
  Kubernetes and Snowflake every day": a trap for a parser that reads the whole text);
* duties ("What you'll do", "Responsibilities", ...) naming the required tools;
* the requirements in one of four shapes (``REQUIREMENT_SHAPES``): a headed list (60 %), one
  inline line "Requirements: A, B and C." (20 %), only inside the duties prose with no
  requirement section (15 %), or not named at all (5 %, the skills are still the truth);
* years of experience in varied forms ("3+ years", "at least 3 years", "3-5 yrs");
* a nice-to-have section with one to three other skills (``NICE_SHARE`` = 45 %);
* benefits with numbers that are not pay ("401(k) with 4% match", "$1,500 learning budget",
  ``BENEFITS_SHARE`` = 60 %), the salary in one of five formats, an EEO footer (40 %);
* every skill mention spelled as people do with :data:`noise.VARIANT_SHARE`;
* the whole description as lines (75 %), collapsed to one line as some feeds do (15 %) or in
  HTML (10 %).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from learning.simulation import catalog, noise
from learning.simulation.catalog import Track

REQUIREMENT_SHAPES = {"section": 0.6, "inline": 0.2, "prose": 0.15, "unstated": 0.05}
FORMATS = {"lines": 0.75, "one_line": 0.15, "html": 0.1}
BLURB_SHARE = 0.7
BLURB_SKILLS_SHARE = 0.5  # of blurbs: they name skills the job does not require
BLURB_SKILLS = 2
NICE_SHARE = 0.45
NICE_SKILLS = (1, 4)  # uniform, end exclusive
BENEFITS_SHARE = 0.6
BENEFITS = (2, 6)  # items, uniform, end exclusive
EEO_SHARE = 0.4
DUTIES = (2, 5)
FOUNDED = (1975, 2021)  # years a company was founded, uniform, end exclusive
BENEFIT_NUMBERS = (3, 9)  # match %, weeks, days: uniform, end exclusive
HTML_HEADING_MAX = 40  # a line ending in ":" shorter than this is a heading

OPENERS = (
    "{company} is hiring a {title} in {where}.",
    "We are looking for a {title} to join our team in {where}.",
    "Join {company} as a {title} ({where}).",
    "{title} – {where}",
)
REMOTE_WORDS = ("remote-friendly", "Remote OK", "remote possible within the US")
STAGE_WORDS = {
    "seed": "seed-stage",
    "series_a": "Series A",
    "series_b": "Series B",
    "growth": "fast-growing",
    "public": "publicly traded",
    "enterprise": "established",
    "nonprofit": "nonprofit",
}
BLURB_MISSIONS = (
    "We serve customers in {n} states and keep growing every year.",
    "Since {year} we have built a team of more than {n}0 people who care about the details.",
    "Our work reaches over {n}0,000 people a year.",
)
BLURB_SKILL_LINE = "Our teams work with {a} and {b} every day."
DUTY_HEADINGS = ("What you'll do", "Responsibilities", "The role", "Key duties", "Your day")
REQUIREMENT_HEADINGS = (
    "Requirements", "What you bring", "Qualifications", "Minimum Qualifications", "Must have",
    "You have", "What we're looking for", "Required Skills",
)  # fmt: skip
INLINE_LEADS = ("Requirements", "Required skills", "Minimum Required Skills", "Must have")
ITEMS = (
    "Experience with {s}", "Hands-on experience with {s}", "Proficiency in {s}", "{s}",
    "Strong {s} skills", "Working knowledge of {s}", "Solid understanding of {s}",
)  # fmt: skip
NICE_HEADINGS = ("Nice to have", "Preferred Qualifications", "Bonus points", "Pluses")
YEARS_FORMS = (
    "{y}+ years of relevant experience",
    "At least {y} years in a similar role",
    "{y}-{y2} yrs experience",
    "Minimum {y} years' experience",
)
PROSE_YEARS = "Ideally you have {years} behind you."
BENEFIT_HEADINGS = ("Benefits", "What we offer", "Perks", "Why you'll love working here")
BENEFIT_ITEMS = (
    "401(k) with {n}% match", "Medical, dental and vision insurance", "{n} days of paid time off",
    "Flexible PTO", "$1,{n}00 yearly learning budget", "Paid parental leave ({n} weeks)",
    "Commuter benefits", "Tuition reimbursement up to $5,250 a year",
    "Employee stock purchase plan", "Free parking",
)  # fmt: skip
SALARY_FORMS = (
    "Salary: ${lo:,} – ${hi:,} a year",
    "Pay range: ${lo_k}K - ${hi_k}K",
    "Compensation: USD {lo:,}–{hi:,} per year",
    "The base salary range for this role is ${lo:,} to ${hi:,}.",
    "${lo:,} - ${hi:,} per year, depending on experience",
)
EEO = (
    "{company} is an equal opportunity employer. All qualified applicants will receive "
    "consideration for employment without regard to race, color, religion, sex, sexual "
    "orientation, gender identity, national origin, disability or veteran status."
)


@dataclass(frozen=True, slots=True)
class PostingFacts:
    """What the text must state (the truth), and the company around it."""

    track: Track
    title: str
    company: str
    industry: str
    stage: str
    where: str
    required: tuple[str, ...]
    years: float
    salary: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class PostingText:
    description: str
    preferred_skills: tuple[str, ...]
    requirements: str  # a key of REQUIREMENT_SHAPES
    text_format: str  # a key of FORMATS


def posting_text(dice: noise.Dice, facts: PostingFacts) -> PostingText:
    shape = dice.weighted(REQUIREMENT_SHAPES)
    preferred = _preferred(dice, facts) if dice.chance(NICE_SHARE) else ()
    spell = _speller(dice, (*facts.required, *preferred))
    blocks = [
        [_opener(dice, facts)],
        _blurb(dice, facts, preferred, spell),
        _duties(dice, facts, shape, spell),
        _requirements(dice, facts, shape, spell),
        _nice(dice, preferred, spell),
        _pay_and_benefits(dice, facts),
        [EEO.format(company=facts.company)] if dice.chance(EEO_SHARE) else [],
    ]
    text_format = dice.weighted(FORMATS)
    return PostingText(
        _layout([b for b in blocks if b], text_format), preferred, shape, text_format
    )


def _speller(dice: noise.Dice, skills: tuple[str, ...]) -> dict[str, str]:
    """One spelling per skill for the whole posting: a recruiter is consistent within a text."""
    return {s: noise.variant_spelling(dice, s) for s in skills}


def _preferred(dice: noise.Dice, facts: PostingFacts) -> tuple[str, ...]:
    others = [s for s in facts.track.skills if s not in facts.required]
    return tuple(dice.shuffled(others)[: dice.integer(*NICE_SKILLS)])


def _opener(dice: noise.Dice, facts: PostingFacts) -> str:
    return dice.pick(OPENERS).format(company=facts.company, title=facts.title, where=facts.where)


def _blurb(
    dice: noise.Dice, facts: PostingFacts, preferred: tuple[str, ...], spell: dict[str, str]
) -> list[str]:
    if not dice.chance(BLURB_SHARE):
        return []
    n, year = dice.integer(3, 40), dice.integer(*FOUNDED)
    kind = f"{STAGE_WORDS[facts.stage]} {facts.industry} company"
    mission = dice.pick(BLURB_MISSIONS).format(n=n, year=year)
    text = f"{facts.company} is {'an' if kind[0] in 'aeiou' else 'a'} {kind}. {mission}"
    unrelated = [
        s
        for s in facts.track.skills
        if s not in (*facts.required, *preferred) and catalog.SKILL_CATEGORY[s] != "domain"
    ]
    if dice.chance(BLURB_SKILLS_SHARE) and len(unrelated) >= BLURB_SKILLS:
        a, b = dice.shuffled(unrelated)[:BLURB_SKILLS]
        line = BLURB_SKILL_LINE.format(
            a=noise.variant_spelling(dice, a), b=noise.variant_spelling(dice, b)
        )
        text += " " + line
    return [f"About {facts.company}:", text]


def _duties(dice: noise.Dice, facts: PostingFacts, shape: str, spell: dict[str, str]) -> list[str]:
    tools = [s for s in facts.required if catalog.SKILL_CATEGORY[s] != "domain"]
    chosen = dice.shuffled(facts.track.bullets)[: dice.integer(*DUTIES)]
    items = []
    for k, bullet in enumerate(chosen):
        tool = spell[tools[k % len(tools)]] if tools and shape != "unstated" else "our own systems"
        items.append(f"{bullet.strong} {bullet.work.format(tool=tool)}")
    lines = [f"{dice.pick(DUTY_HEADINGS)}:", *(f"- {item}" for item in items)]
    if shape == "prose":
        lines += [_prose_requirements(dice, facts, spell)]
    return lines


def _prose_requirements(dice: noise.Dice, facts: PostingFacts, spell: dict[str, str]) -> str:
    sentence = f"Day to day you will use {_listed([spell[s] for s in facts.required])}."
    if facts.years:
        sentence += " " + PROSE_YEARS.format(years=_years(dice, facts.years).lower())
    return sentence


def _requirements(
    dice: noise.Dice, facts: PostingFacts, shape: str, spell: dict[str, str]
) -> list[str]:
    named = [spell[s] for s in facts.required]
    if shape == "inline":
        line = f"{dice.pick(INLINE_LEADS)}: {_listed(named)}."
        return [line + (f" {_years(dice, facts.years)}." if facts.years else "")]
    if shape != "section":
        return []
    items = [dice.pick(ITEMS).format(s=s) for s in named]
    if facts.years:
        items.append(_years(dice, facts.years))
    return [f"{dice.pick(REQUIREMENT_HEADINGS)}:", *(f"- {item}" for item in items)]


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _years(dice: noise.Dice, years: float) -> str:
    y = max(int(years), 1)
    return dice.pick(YEARS_FORMS).format(y=y, y2=y + 2)


def _nice(dice: noise.Dice, preferred: tuple[str, ...], spell: dict[str, str]) -> list[str]:
    if not preferred:
        return []
    return [f"{dice.pick(NICE_HEADINGS)}:", *(f"- {spell[s]}" for s in preferred)]


def _pay_and_benefits(dice: noise.Dice, facts: PostingFacts) -> list[str]:
    lines = []
    if dice.chance(BENEFITS_SHARE):
        picks = dice.shuffled(BENEFIT_ITEMS)[: dice.integer(*BENEFITS)]
        items = [item.format(n=dice.integer(*BENEFIT_NUMBERS)) for item in picks]
        lines += [f"{dice.pick(BENEFIT_HEADINGS)}:", *(f"- {item}" for item in items)]
    if facts.salary:
        lo, hi = facts.salary
        form = dice.pick(SALARY_FORMS)
        lines.append(form.format(lo=lo, hi=hi, lo_k=lo // 1000, hi_k=hi // 1000))
    return lines


def _layout(blocks: list[list[str]], text_format: str) -> str:
    if text_format == "one_line":
        return " ".join(line for block in blocks for line in block)
    if text_format == "html":
        return "".join(_html(block) for block in blocks)
    return "\n\n".join("\n".join(block) for block in blocks)


def _html(block: list[str]) -> str:
    parts = []
    items = [html.escape(line[2:]) for line in block if line.startswith("- ")]
    for line in block:
        if line.endswith(":") and len(line) < HTML_HEADING_MAX:
            parts.append(f"<p><strong>{html.escape(line[:-1])}</strong></p>")
        elif not line.startswith("- "):
            parts.append(f"<p>{html.escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return "".join(parts)
