# ruff: noqa: RUF001
"""Skill mentions the document itself rules out: negated ones, and ambiguous abbreviations
whose meaning the rest of the resume does not support.

The extractor matches words; whether "AR" is Accounts Receivable or augmented reality, and
whether "Python" is claimed or disclaimed, depends on the document around it, so the resume
parser decides, not the taxonomy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from profiles.skills.extractor import SkillMatch

# A cue, then everything up to the end of the clause, disclaims the skills in it.
NEGATION_RE = re.compile(
    r"\b(?:(?:do|does|did)\s*n[o']?t|don[’']t|doesn[’']t|didn[’']t|have\s*n[o']?t|"
    r"haven[’']t|has\s*n[o']?t|hasn[’']t)\s+(?:yet\s+)?(?:have|had|got|used|use|worked|"
    r"know|any)\b[^.;:\n]*?\b(?:with|in|of|on)\b"
    r"|\bno\s+(?:prior\s+|professional\s+|commercial\s+|real\s+)?(?:experience|knowledge|"
    r"exposure|background)\s+(?:with|in|of|on)\b"
    r"|\b(?:not|never)\s+(?:yet\s+)?(?:familiar|experienced|proficient|skilled|worked|used)"
    r"\s+(?:with|in|on)?"
    r"|\b(?:unfamiliar|inexperienced)\s+(?:with|in)\b"
    r"|\black(?:ing|s)?\s+(?:of\s+)?(?:experience|knowledge)\s+(?:with|in|of)\b",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r"[.;\n]|\bbut\b|\bhowever\b|\bwhile\b", re.IGNORECASE)

# Short forms that mean a skill only in one field of work: the alias (as written, lower
# case) and the words one of which the document must contain elsewhere to support it.
_FINANCE = (
    "accounting",
    "accountant",
    "invoice",
    "invoices",
    "invoicing",
    "billing",
    "ledger",
    "receivable",
    "receivables",
    "payable",
    "payables",
    "bookkeeping",
    "collections",
    "reconciliation",
    "reconciliations",
    "journal entries",
    "a/p",
    "a/r",
    "ap/ar",
    "ar/ap",
)
_PROGRAMMING = (
    "programming", "programmer", "compiler", "python", "java", "c++", "c#", "javascript",
    "linux", "embedded", "algorithms", "microcontroller", "firmware", "golang", "rust",
    "kotlin", "swift", "software engineer", "software developer", "software development",
)  # fmt: skip
# "ASM" is also F5's Application Security Manager, "assembly" a step of manufacturing; as the
# assembly language either comes with low-level work.
_LOW_LEVEL = (
    "assembler", "x86", "microcontroller", "microcontrollers", "embedded", "firmware",
    "compiler", "low-level", "low level", "disassembly", "reverse engineering", "8051", "avr",
    "assembly language", "c/c++", "kernel", "device drivers", "computer architecture", "mips",
)  # fmt: skip
# "ATC" is also a data centre, an advanced technology centre or "authority to commence".
_AVIATION = (
    "aviation", "aircraft", "airport", "airspace", "pilot", "faa", "flight", "air traffic",
    "airline", "tower", "radar",
)  # fmt: skip
# "Unity" is also Cisco Unity voicemail and a team value.
_GAMES = (
    "game", "games", "gaming", "gameplay", "unreal", "3d", "c#", "shader", "shaders", "vr",
    "ar/vr", "augmented reality", "virtual reality",
)  # fmt: skip
_STATISTICS = (
    "statistics",
    "statistical",
    "rstudio",
    "ggplot",
    "tidyverse",
    "cran",
    "shiny",
    "regression",
    "data analysis",
    "data science",
    "python",
    "sql",
    "spss",
    "stata",
)
_MACHINE_LEARNING = (
    "machine learning",
    "deep learning",
    "model",
    "models",
    "neural",
    "data science",
    "python",
    "tensorflow",
    "pytorch",
    "scikit",
    "nlp",
    "ai",
)
AMBIGUOUS = {
    "ar": _FINANCE,
    "ap": _FINANCE,
    "c": _PROGRAMMING,
    "assembly": _LOW_LEVEL,  # "newsletter assembly", "assembly line", "part and assembly"
    "asm": _LOW_LEVEL,
    "atc": _AVIATION,
    "unity": _GAMES,
    "go": _PROGRAMMING,
    "elm": _PROGRAMMING,
    "ada": _PROGRAMMING,
    "r": _STATISTICS,
    "ml": _MACHINE_LEARNING,
}  # fmt: skip


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that disclaim experience ("no experience with X, Y")."""
    spans = []
    for cue in NEGATION_RE.finditer(text):
        end = _CLAUSE_END_RE.search(text, cue.end())
        spans.append((cue.start(), end.start() if end else len(text)))
    return spans


def supported(matches: Iterable[SkillMatch], *, text: str, document: str) -> list[SkillMatch]:
    """Drop matches inside a negated clause of ``text`` (the text the matches come from),
    and ambiguous short forms whose field ``document`` (the whole resume) never mentions."""
    negated = negated_spans(text)
    lower = document.lower()
    out = []
    for match in matches:
        if any(start <= match.start < end for start, end in negated):
            continue
        field = AMBIGUOUS.get(match.text.lower())
        if field is not None and not _field_present(lower, field):
            continue
        out.append(match)
    return out


def _field_present(lower: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", lower) for word in words)
