"""Find taxonomy skills in free text by longest alias match over a token stream."""

from __future__ import annotations

import re
from dataclasses import dataclass

from profiles.skills.taxonomy import (
    ALIAS_INDEX,
    FIRST_TOKENS,
    MAX_ALIAS_TOKENS,
    TOKEN_RE,
    Alias,
    skill_by_lower,
)

# Words after which a capital single letter is a grade or a series, not a language
# ("Series C", "Vitamin C", "Plan B").
_LETTER_CONTEXT = frozenset(
    [
        "series",
        "vitamin",
        "grade",
        "type",
        "plan",
        "class",
        "section",
        "category",
        "level",
        "tier",
        "phase",
        "round",
        "part",
        "model",
        "option",
        "group",
        "division",
    ]
)
# Season words that name a skill only when no year follows ("Spring 2021" is a semester).
_SEASONAL = frozenset({"spring"})
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_BREAK_RE = re.compile(r"[,;:|()\[\]•·\n\t]|\.\s")


@dataclass(frozen=True)
class SkillMatch:
    skill: str
    category: str
    start: int
    end: int
    text: str


def _guard_ok(
    alias: Alias, text: str, spans: list[tuple[int, int]], toks: list[str], i: int, k: int
) -> bool:
    start, end = spans[i][0], spans[i + k - 1][1]
    form = alias.exact
    if form is not None and len(form) <= 2:
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before in "-&/'" or after in "-&'" or (i and toks[i - 1].lower() in _LETTER_CONTEXT):
            return False
        if i + 1 < len(toks) and toks[i + 1].lower() == "to":
            return False
    followed_by_year = i + k < len(toks) and _YEAR_RE.match(toks[i + k]) is not None
    return not (toks[i].lower() in _SEASONAL and followed_by_year)


def extract_matches(text: str) -> list[SkillMatch]:
    """Every skill mention in ``text``, longest alias first, left to right."""
    found = [(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    toks = [t for t, _, _ in found]
    lower = [t.lower() for t in toks]
    spans = [(s, e) for _, s, e in found]
    # breaks[j]: punctuation between token j and j + 1 ("Excel, VBA" is two skills, not "Excel VBA")
    breaks = [
        bool(_BREAK_RE.search(text[spans[j][1] : spans[j + 1][0]])) for j in range(len(spans) - 1)
    ]
    out: list[SkillMatch] = []
    i, n = 0, len(toks)
    while i < n:
        if lower[i] not in FIRST_TOKENS:
            i += 1
            continue
        matched = 0
        longest = 1
        while longest < min(MAX_ALIAS_TOKENS, n - i) and not breaks[i + longest - 1]:
            longest += 1
        for k in range(longest, 0, -1):
            entries = ALIAS_INDEX.get(" ".join(lower[i : i + k]))
            if not entries:
                continue
            original = " ".join(toks[i : i + k])
            for alias in entries:
                if alias.exact is not None and alias.exact != original:
                    continue
                if not _guard_ok(alias, text, spans, toks, i, k):
                    continue
                start, end = spans[i][0], spans[i + k - 1][1]
                out.append(
                    SkillMatch(alias.skill.name, alias.skill.category, start, end, text[start:end])
                )
                matched = k
                break
            if matched:
                break
        i += matched or 1
    return out


def extract(text: str) -> list[str]:
    """Canonical names of the skills ``text`` mentions, in order of first mention."""
    seen: dict[str, None] = {}
    for match in extract_matches(text):
        seen.setdefault(match.skill, None)
    return list(seen)


def normalize(name: str) -> str | None:
    """The canonical name for a skill a person typed ("postgres" → "PostgreSQL"), if known."""
    name = name.strip()
    if not name:
        return None
    skill = skill_by_lower(name)
    if skill is not None:
        return skill.name
    matches = extract_matches(name)
    if len(matches) == 1 and matches[0].end - matches[0].start >= len(name) - 1:
        return matches[0].skill
    return None
