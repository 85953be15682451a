"""Output-shape features of an AI answer, for the failure-pattern analysis (seed 004).

Pure functions of what the call log keeps (the task, the answer's JSON, the ``error`` note of
the call and of the remote call a local answer replaced); no Django.

* ``truncated`` — the answer was cut off: the provider stopped at its token limit
  (``finish_reason=length``, recorded by :mod:`profiles.ai.service` on the call, or on the
  remote call this local answer replaced), the stored raw answer is JSON cut mid-way, or a
  prose field (reasoning, summary, professional summary) stops mid-sentence — after a comma,
  colon, dash or an opening bracket, or with unclosed brackets or quotes.
* ``output_length`` — ``short`` below the task's 20th percentile of answer characters (all
  string values, nested), ``long`` above its 80th, ``typical`` between; the percentiles are
  taken over the answers being analysed, so "too long" means long for that task.
* ``broken_layout`` — markup in plain-text fields (the pages show them as text, so it shows
  as stray symbols): a code fence or ``**`` bold marker, a markdown heading, table rule or
  ``*``/``+`` list marker at a line start, or an HTML tag.
* ``missing_sections`` — a section the task's answer should have is absent or empty: for a
  resume parse the skills (all four lists), the experience (titles and companies) or the
  education (degrees and institutions); for an optimization the suggestions or the analysis;
  for the other tasks their text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

TRUNCATED_NOTE = "finish_reason=length"
PROSE_FIELDS = ("reasoning", "summary", "professional_summary")
SHORT_QUANTILE, LONG_QUANTILE = 0.2, 0.8
MIN_PROSE = 40  # characters: shorter texts are labels, not sentences

_CUT_END = re.compile(r"[,;:(\[{/&\-\u2013\u2014]$|\b(?:and|or|the|a|an|of|to|with|for|in)$", re.I)
_MARKDOWN_LINE = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s|\|?\s*:?-{3,}|[*+]\s)")
_HTML_TAG = re.compile(
    r"</?(?:br|p|div|span|ul|ol|li|b|i|strong|em|h[1-6]|table|tr|td)\b[^>]*>", re.I
)
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))

SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "resume_parse": {
        "skills": ("programming_languages", "frameworks_libraries", "tools_platforms",
                   "soft_skills"),
        "experience": ("job_titles", "companies"),
        "education": ("degrees", "institutions"),
    },
    "resume_optimize": {"suggestions": ("suggestions",), "analysis": ("analysis",)},
    "job_score": {"reasoning": ("reasoning",)},
    "job_reasoning": {"reasoning": ("reasoning",)},
    "digest_summary": {"summary": ("summary",)},
}  # fmt: skip


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def output_chars(output: Any) -> int:
    return sum(len(s) for s in strings(output))


def _unbalanced(text: str) -> bool:
    if any(text.count(a) != text.count(b) for a, b in _PAIRS):
        return True
    return text.count('"') % 2 == 1


def cut_mid_sentence(text: str) -> bool:
    """A prose text that stops where no sentence ends."""
    stripped = text.strip()
    if len(stripped) < MIN_PROSE:
        return False
    return bool(_CUT_END.search(stripped)) or _unbalanced(stripped)


def _cut_json(raw: str) -> bool:
    stripped = raw.strip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        json.loads(stripped)
    except json.JSONDecodeError:
        return True
    return False


def truncated(output: Any, notes: Sequence[str]) -> bool:
    if any(TRUNCATED_NOTE in (note or "") for note in notes):
        return True
    if isinstance(output, dict):
        raw = output.get("raw")
        if isinstance(raw, str) and _cut_json(raw):
            return True
        return any(
            isinstance(output.get(k), str) and cut_mid_sentence(output[k]) for k in PROSE_FIELDS
        )
    return False


def broken_layout(output: Any) -> bool:
    for text in strings(output):
        if "```" in text or "**" in text:
            return True
        if _MARKDOWN_LINE.search(text) or _HTML_TAG.search(text):
            return True
    return False


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def missing_sections(task: str, output: Any) -> list[str]:
    """The task's sections that are absent or empty in ``output`` (all when it is no object)."""
    sections = SECTIONS.get(task, {})
    if not isinstance(output, dict):
        return sorted(sections)
    return sorted(
        name
        for name, fields in sections.items()
        if all(_empty(output.get(field)) for field in fields)
    )


def quantile(sorted_values: Sequence[int], q: float) -> float:
    """Linear-interpolated quantile (numpy's default) of an ascending sequence."""
    if not sorted_values:
        return 0.0
    position = q * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def length_band(chars: int, cuts: tuple[float, float]) -> str:
    short, long = cuts
    return "short" if chars < short else "long" if chars > long else "typical"


def length_cuts(sizes: Sequence[int]) -> tuple[float, float]:
    ordered = sorted(sizes)
    return quantile(ordered, SHORT_QUANTILE), quantile(ordered, LONG_QUANTILE)


def shape_features(task: str, output: Any, notes: Sequence[str]) -> dict[str, str]:
    """The yes/no shape features of one answer (``output_length`` needs the task's cuts)."""
    return {
        "truncated": "yes" if truncated(output, notes) else "no",
        "broken_layout": "yes" if broken_layout(output) else "no",
        "missing_sections": "yes" if missing_sections(task, output) else "no",
    }
