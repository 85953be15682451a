# ruff: noqa: RUF001 -- PDF text holds typographic dashes and odd bullet glyphs
"""How a candidate's resume text gets messy: their spelling habits and their PDF's layout.

A :class:`WritingStyle` is drawn once per candidate (from its own random stream, so the
outcomes of the world do not depend on it) and kept across every version of their resume.
The shares are the module's constants; :mod:`learning.simulation.resumes` documents what each
transform does to the text. Everything here is pure string work on lists of lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import TypeVar

import numpy as np

from learning.simulation import spellings

T = TypeVar("T")
DICE_BLOCK = 4096  # uniforms fetched per numpy call
VARIANT_SHARE = 0.4  # a skill with other spellings is written in one of them
LOWER_CASE_SHARE = 0.06  # candidates who type their hard skills in lower case
SHORTEST_LOWERED = 3  # "R" and "Go" stay as they are even then
PDF_SHARE = 0.45  # resumes whose text was extracted from a PDF (hard line breaks)
# among PDF resumes only:
SPLIT_DATES_SHARE = 0.5  # a table cell per date: "04/2020" / "to" / "Current"
PAGE_FURNITURE_SHARE = 0.5  # page footers, form feeds and a repeated header
TWO_COLUMN_SHARE = 0.25  # a sidebar (skills, education) interleaved with the main column
LETTER_SPACED_SHARE = 0.1  # "E X P E R I E N C E" headings
WRAP_WIDTH = (55, 96)  # characters per PDF line, uniform, end exclusive
PAGE_LINES = (28, 46)  # lines per PDF page, uniform, end exclusive
SIDEBAR_WIDTH = 26  # characters of the left column
GUTTER = 34  # column where the main text starts on a two-column line
GLYPHS = ("•", "●", "", "▪", "o", "➢")  # what bullets become in extracted PDF text
PRESENT_WORDS = ("Current", "Present", "Now", "current")
DATE_JOINERS = ("to", "-", "–")
FOOTERS = ("Page {k} of {n}", "{k} | Page", "{name} – Page {k}", "- {k} -")
HEADERS = ("{name} | {email}", "{name}", "{name} – Resume")
BULLET_PREFIXES = ("• ", "  - ", "- ")


class Dice:
    """Uniform numbers drawn from numpy in blocks and spent one by one.

    A text needs dozens of small choices, and numpy's overhead per call (microseconds) was
    most of the writing's cost when each choice was its own call.
    """

    def __init__(self, rng: np.random.Generator, block: int = DICE_BLOCK) -> None:
        self._rng, self._block = rng, block
        self._numbers: list[float] = []
        self._next = 0

    def uniform(self) -> float:
        if self._next == len(self._numbers):
            self._numbers, self._next = self._rng.random(self._block).tolist(), 0
        self._next += 1
        return self._numbers[self._next - 1]

    def chance(self, share: float) -> bool:
        return self.uniform() < share

    def integer(self, low: int, high: int) -> int:
        """Uniform on low … high - 1."""
        return low + min(int(self.uniform() * (high - low)), high - low - 1)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options))]

    def shuffled(self, items: Sequence[T]) -> list[T]:
        keys = [self.uniform() for _ in items]
        return [item for _, item in sorted(zip(keys, items, strict=True), key=lambda p: p[0])]

    def weighted(self, shares: dict[str, float]) -> str:
        roll, total = self.uniform() * sum(shares.values()), 0.0
        for key, share in shares.items():
            total += share
            if roll < total:
                return key
        return key


@dataclass(frozen=True, slots=True)
class WritingStyle:
    """A candidate's habits; the defaults write the canonical, single-column plain text."""

    spellings: tuple[tuple[str, str], ...] = ()  # (canonical, as written) where they differ
    wrap_width: int = 0  # 0: not a PDF; otherwise hard line breaks at this width
    split_dates: bool = False
    date_joiner: str = "to"
    present_word: str = "Present"
    glyph: str = "•"
    page_lines: int = 0  # 0: no page furniture
    footer: str = FOOTERS[0]
    header: str = HEADERS[0]
    two_columns: bool = False
    letter_spaced: bool = False

    @property
    def pdf(self) -> bool:
        return self.wrap_width > 0

    def spell(self, skill: str) -> str:
        for canonical, written in self.spellings:
            if canonical == skill:
                return written
        return skill


PLAIN_STYLE = WritingStyle()  # canonical spellings, no PDF: how hand-made candidates write


def style_draw(
    dice: Dice, *, skills: tuple[str, ...], soft_skills: tuple[str, ...]
) -> WritingStyle:
    """One candidate's habits."""
    lower = dice.chance(LOWER_CASE_SHARE)
    written = [_written(dice, s, lower=lower) for s in skills]
    written += [_written(dice, s, lower=False) for s in soft_skills]
    pdf, dates, pages = (
        dice.chance(p) for p in (PDF_SHARE, SPLIT_DATES_SHARE, PAGE_FURNITURE_SHARE)
    )
    columns, spaced = dice.chance(TWO_COLUMN_SHARE), dice.chance(LETTER_SPACED_SHARE)
    return WritingStyle(
        spellings=tuple(
            (s, w) for s, w in zip((*skills, *soft_skills), written, strict=True) if s != w
        ),
        wrap_width=dice.integer(*WRAP_WIDTH) if pdf else 0,
        split_dates=pdf and dates,
        date_joiner=dice.pick(DATE_JOINERS),
        present_word=dice.pick(PRESENT_WORDS),
        glyph=dice.pick(GLYPHS),
        page_lines=dice.integer(*PAGE_LINES) if pdf and pages else 0,
        footer=dice.pick(FOOTERS),
        header=dice.pick(HEADERS),
        two_columns=pdf and columns,
        letter_spaced=pdf and spaced,
    )


def _written(dice: Dice, skill: str, *, lower: bool) -> str:
    options = spellings.variants(skill)
    if options and dice.chance(VARIANT_SHARE):
        return dice.pick(options)
    return skill.lower() if lower and len(skill) >= SHORTEST_LOWERED else skill


def variant_spelling(dice: Dice, skill: str) -> str:
    """The skill as one writer (a recruiter, say) writes it this once."""
    return _written(dice, skill, lower=False)


def pdf_text(
    lines: list[str],
    style: WritingStyle,
    *,
    headings: frozenset[str],
    sidebar: frozenset[str],
    name: str,
    email: str,
) -> str:
    """The rendered lines as a PDF extractor would return them for this style."""
    if style.letter_spaced:
        lines = [_letter_spaced(line) if line in headings else line for line in lines]
        headings = frozenset(_letter_spaced(h) for h in headings)
        sidebar = frozenset(_letter_spaced(h) for h in sidebar)
    lines = [_glyph(line, style.glyph) for line in lines]
    if style.two_columns:
        lines = _two_columns(lines, style.wrap_width, headings=headings, sidebar=sidebar)
    else:
        lines = [part for line in lines for part in _wrap(line, style.wrap_width)]
    if style.page_lines:
        lines = _paginate(lines, style, name=name, email=email)
    return "\n".join(lines) + "\n"


def _letter_spaced(heading: str) -> str:
    return "   ".join(" ".join(word) for word in heading.upper().split())


def _glyph(line: str, glyph: str) -> str:
    for prefix in BULLET_PREFIXES:
        if line.startswith(prefix):
            return f"{glyph} {line[len(prefix) :]}"
    return line


def _wrap(line: str, width: int) -> list[str]:
    """Greedy breaks at spaces, as a PDF line ends (textwrap is ten times slower)."""
    if len(line) <= width:
        return [line]
    out, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current]


def _two_columns(
    lines: list[str], width: int, *, headings: frozenset[str], sidebar: frozenset[str]
) -> list[str]:
    """Banner (name, contact) on top, then the sidebar sections beside the main column."""
    first = next((i for i, line in enumerate(lines) if line in headings), None)
    if first is None:  # an inline layout has no sections to set side by side
        return [part for line in lines for part in _wrap(line, width)]
    left: list[str] = []
    main: list[str] = []
    target = main
    for line in lines[first:]:
        if line in headings:
            target = left if line in sidebar else main
        target.append(line)
    narrow = [part for line in left for part in _wrap(line, SIDEBAR_WIDTH)]
    wide = [part for line in main for part in _wrap(line, max(width - GUTTER, 30))]
    rows = [f"{a:<{GUTTER}}{b}".rstrip() for a, b in zip_longest(narrow, wide, fillvalue="")]
    return [*lines[:first], *rows]


def _paginate(lines: list[str], style: WritingStyle, *, name: str, email: str) -> list[str]:
    size = style.page_lines
    pages = [lines[i : i + size] for i in range(0, len(lines), size)]
    total = len(pages)
    out: list[str] = []
    for k, page in enumerate(pages, start=1):
        if k > 1:
            out += ["\f" + style.header.format(name=name, email=email), ""]
        out += [*page, "", style.footer.format(k=k, n=total, name=name)]
    return out
