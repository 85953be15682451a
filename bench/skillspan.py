"""Read SkillSpan's CoNLL files (../shared/bench-data/skillspan): shared by the benchmarks."""

from __future__ import annotations

from pathlib import Path


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as (token, knowledge tag) pairs; a blank line ends a sentence."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t")
        current.append((parts[0], parts[2] if len(parts) > 2 else "O"))
    if current:
        sentences.append(current)
    return sentences


def gold_spans(tags: list[str]) -> set[tuple[int, int]]:
    """(first, end) token indexes of each B-/I- span."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O":
            if start is not None:
                spans.add((start, i))
                start = None
            if tag.startswith("B-"):
                start = i
    return spans
