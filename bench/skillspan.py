"""Read SkillSpan's CoNLL files (../shared/bench-data/skillspan): shared by the benchmarks."""

from __future__ import annotations

from pathlib import Path

from profiles.skills import extract_matches


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


def predicted_spans(tokens: list[str]) -> set[tuple[int, int]]:
    """Token spans the extractor finds in the re-joined sentence (soft skills left out:
    they are SkillSpan's "Skill" spans, not "Knowledge")."""
    text, offsets, cursor = "", [], 0
    for token in tokens:
        offsets.append((cursor, cursor + len(token)))
        text += token + " "
        cursor += len(token) + 1
    pred = set()
    for m in extract_matches(text):
        if m.category == "soft":
            continue
        covered = [i for i, (s, e) in enumerate(offsets) if s < m.end and e > m.start]
        if covered:
            pred.add((covered[0], covered[-1] + 1))
    return pred
