"""Stage 3: validation scores 0-10 of a resume against a posting (seed 000).

The same rules score the original and the result, whichever provider wrote the suggestions,
so a provider cannot grade its own work. A score whose inputs are missing is ``None`` (a
posting without recognised skills has no keyword density) and stays out of ``overall``.

* ``keyword_density``: required skills the resume names count 1, nice-to-haves 0.5, over the
  posting's total; times 10. Only named skills count: ATS software matches the words, so an
  implied skill (SQL from MySQL) scores once it is written down.
* ``ats_compatibility``: the four standard headings (summary, experience, education, skills)
  1.5 each, an e-mail and a phone 1 each, dated positions 1, no table or column characters 1.
* ``readability``: over experience bullets, the share starting with an action verb (4),
  of 8-28 words (3) and with a number (3); ``None`` without bullets.
* ``overall``: the mean of the known scores above and the resume score / 10.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from profiles.optimize.rules import (
    LONG_BULLET_WORDS,
    WANTED_SECTIONS,
    Posting,
    bullets,
    has_number,
    resume_skills,
    starts_with_action_verb,
)
from profiles.parsing.resume import ParsedResume

SECTION_POINTS, CONTACT_POINT, DATED_POINT, PLAIN_POINT = 1.5, 1.0, 1.0, 1.0
VERB_POINTS, LENGTH_POINTS, NUMBER_POINTS = 4.0, 3.0, 3.0
MIN_BULLET_WORDS = 8
NICE_WEIGHT = 0.5
TABLE_CHARACTERS = frozenset("│┃┆┊║\t")  # box drawing and tabs: columns ATS reads out of order


@dataclass(frozen=True)
class Scores:
    overall: float
    ats_compatibility: float
    keyword_density: float | None
    readability: float | None

    def as_dict(self) -> dict[str, float | None]:
        return asdict(self)


def keyword_density(text: str, posting: Posting) -> float | None:
    have, _ = resume_skills(text)
    nice = [s for s in posting.nice_to_have_skills if s not in posting.required_skills]
    total = len(posting.required_skills) + NICE_WEIGHT * len(nice)
    if not total:
        return None
    got = float(sum(1 for s in posting.required_skills if s in have))
    got += NICE_WEIGHT * sum(1 for s in nice if s in have)
    return round(10 * got / total, 1)


def ats_compatibility(parsed: ParsedResume, text: str) -> float:
    points = SECTION_POINTS * sum(1 for s in WANTED_SECTIONS if s in parsed.sections_found)
    points += CONTACT_POINT * (bool(parsed.email) + bool(parsed.phone))
    points += DATED_POINT * bool(parsed.jobs)
    points += PLAIN_POINT * (not any(ch in TABLE_CHARACTERS for ch in text))
    return round(points, 1)


def readability(parsed: ParsedResume, text: str) -> float | None:
    lines = bullets(parsed, text)
    if not lines:
        return None
    n = len(lines)
    verbs = sum(starts_with_action_verb(b) for b in lines) / n
    length = sum(MIN_BULLET_WORDS <= len(b.split()) <= LONG_BULLET_WORDS for b in lines) / n
    numbers = sum(has_number(b) for b in lines) / n
    return round(VERB_POINTS * verbs + LENGTH_POINTS * length + NUMBER_POINTS * numbers, 1)


def validation_scores(parsed: ParsedResume, text: str, posting: Posting) -> Scores:
    ats = ats_compatibility(parsed, text)
    keywords = keyword_density(text, posting)
    read = readability(parsed, text)
    known = [v for v in (ats, keywords, read, parsed.resume_score / 10) if v is not None]
    return Scores(round(sum(known) / len(known), 1), ats, keywords, read)
