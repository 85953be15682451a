"""Measure the posting parser (profiles.parsing.postings) on real postings.

    .venv/bin/python bench/posting_quality.py [--show N]

1. Google postings (../shared/bench-data/resumes-jobs/jobs.csv, 904 real careers.google.com
   postings: Title, Responsibilities, Minimum and Preferred Qualifications), assembled as
   "Responsibilities:\\n…\\nMinimum qualifications:\\n…\\nPreferred qualifications:\\n…" and again
   as one single line: the share with at least one required skill, with years parsed, with an
   education requirement, the share whose sections were all found, and whether the two shapes
   agree.
2. SkillSpan postings (../shared/bench-data/skillspan, train and dev; sentences re-joined one
   per line, postings split at "Date posted" in tech and at an organisation banner in house, so
   house postings are approximate): the same shares, and the token-overlap span precision and
   recall against the Knowledge spans of (a) the raw extractor over the whole text and (b) the
   parser's required + nice-to-have skills, counted where the parser asked for them (mentions
   in the requirement, preferred, responsibility and untitled job text; not the company blurb,
   benefits, EEO or application boilerplate).

Each part is skipped with a message when its folder is absent. Run by hand; not part of CI.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from skillspan import read_conll  # noqa: E402

from profiles.parsing.postings import ParsedPosting, parse_posting  # noqa: E402
from profiles.skills import extract_matches  # noqa: E402

BENCH_DATA = ROOT.parent / "shared" / "bench-data"
HOUSE_MIN_SENTENCES = 15  # a new house posting starts no sooner than this after the last one
_SAME_LENGTH_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)
_ORG_BANNER = re.compile(r"^(?:=+ )?(?:The )?(?:<ORGANIZATION> ?){2,}")


@dataclass
class Posting:
    title: str
    tokens: list[list[str]]  # per sentence
    knowledge: list[list[str]]  # BIO tags per sentence

    @property
    def lines(self) -> list[str]:
        return [" ".join(t) for t in self.tokens]


def shares(parsed: list[ParsedPosting]) -> dict[str, float]:
    n = max(1, len(parsed))
    return {
        "n": len(parsed),
        "required skill": sum(bool(p.required_skills) for p in parsed) / n,
        "any skill": sum(bool(p.required_skills or p.nice_to_have_skills) for p in parsed) / n,
        "years": sum(p.min_years is not None for p in parsed) / n,
        "education": sum(bool(p.education_requirement) for p in parsed) / n,
        "salary": sum(p.salary_min is not None for p in parsed) / n,
        "seniority": sum(bool(p.seniority) for p in parsed) / n,
    }


def _print_shares(name: str, values: dict[str, float]) -> None:
    cells = "  ".join(f"{k} {v:.1%}" for k, v in values.items() if k != "n")
    print(f"{name:<28} n={int(values['n']):<5} {cells}")


def google(show: int) -> None:
    path = BENCH_DATA / "resumes-jobs" / "jobs.csv"
    if not path.exists():
        print("== Google postings: skipped (../shared/bench-data/resumes-jobs/jobs.csv absent) ==")
        return
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print(f"== Google postings ({len(rows)}) ==")
    began = time.perf_counter()
    multi = [_google_parse(row, single_line=False) for row in rows]
    per_posting = (time.perf_counter() - began) / max(1, len(rows))
    single = [_google_parse(row, single_line=True) for row in rows]
    _print_shares("multi-line", shares(multi))
    _print_shares("single line", shares(single))
    all_found = sum(_kinds(p) >= {"required", "preferred", "responsibilities"} for p in single)
    agree = sum(_same(a, b) for a, b in zip(multi, single, strict=True))
    print(f"single line: all three sections found in {all_found}/{len(rows)}")
    print(
        f"multi-line and single-line parses agree (skills, years, education): {agree}/{len(rows)}"
    )
    print(f"time per posting: {1000 * per_posting:.2f} ms")
    for row, parsed in list(zip(rows, multi, strict=True))[:show]:
        print(f"  {row['Title'][:60]!r}: req {parsed.required_skills[:6]} nice "
              f"{parsed.nice_to_have_skills[:4]} years {parsed.min_years}-{parsed.max_years} "
              f"edu {parsed.education_requirement!r}")  # fmt: skip


def _google_parse(row: dict[str, str], *, single_line: bool) -> ParsedPosting:
    text = (
        f"Responsibilities:\n{row['Responsibilities']}\n"
        f"Minimum qualifications:\n{row['Minimum Qualifications']}\n"
        f"Preferred qualifications:\n{row['Preferred Qualifications']}"
    )
    if single_line:
        text = " ".join(text.split())
    return parse_posting(title=row["Title"], description=text, company=row["Company"])


def _kinds(parsed: ParsedPosting) -> set[str]:
    return {kind for _, kind, _ in parsed.sections}


def _same(a: ParsedPosting, b: ParsedPosting) -> bool:
    return (
        set(a.required_skills) == set(b.required_skills)
        and set(a.nice_to_have_skills) == set(b.nice_to_have_skills)
        and (a.min_years, a.education_requirement) == (b.min_years, b.education_requirement)
    )


def skillspan() -> None:
    folder = BENCH_DATA / "skillspan"
    if not folder.exists():
        print("\n== SkillSpan postings: skipped (../shared/bench-data/skillspan absent) ==")
        return
    print("\n== SkillSpan postings: parser vs raw extractor, Knowledge spans, token overlap ==")
    for source in ("house", "tech"):
        postings = [
            p
            for split in ("train", "dev")
            for p in _postings(folder / f"skillspan_{source}_{split}.conll", source)
        ]
        parsed = [
            parse_posting(title=p.title, description="\n".join(p.lines), company="<ORGANIZATION>")
            for p in postings
        ]
        _print_shares(f"{source} (shares)", shares(parsed))
        raw, raw_hard, ours, inside = (Counter[str]() for _ in range(4))
        for posting, result in zip(postings, parsed, strict=True):
            scope = _scope_tokens(posting, result)
            _score(posting, raw, _raw_spans(posting, hard_only=False))
            _score(posting, raw_hard, _raw_spans(posting, hard_only=True))
            _score(posting, ours, _parser_spans(posting, result))
            _score(posting, inside, _parser_spans(posting, result), within=scope)
        outside = 1 - inside["gold"] / max(1, ours["gold"])
        print(f"  {source:<6}gold Knowledge spans outside the requirement text "
              f"(company, benefits, metadata): {outside:.1%}")  # fmt: skip
        for name, counts in (("raw extract", raw), ("raw extract, no soft", raw_hard),
                             ("parser required+nice", ours),
                             ("parser, gold in req. text", inside)):  # fmt: skip
            p = counts["pred_hit"] / max(1, counts["pred"])
            r = counts["gold_hit"] / max(1, counts["gold"])
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"  {source:<6}{name:<24} gold {counts['gold']:>5} pred {counts['pred']:>5}  "
                  f"P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")  # fmt: skip


def _postings(path: Path, source: str) -> Iterator[Posting]:
    sentences = read_conll(path)
    starts = _starts(sentences, source)
    for begin, end in zip(starts, [*starts[1:], len(sentences)], strict=True):
        chunk = sentences[begin:end]
        title = _title(" ".join(t for t, _ in chunk[0])) if source == "tech" else ""
        yield Posting(title, [[t for t, _ in s] for s in chunk], [[k for _, k in s] for s in chunk])


def _starts(sentences: list[list[tuple[str, str]]], source: str) -> list[int]:
    texts = [" ".join(t for t, _ in s) for s in sentences]
    if source == "tech":  # title, address, "Date posted: …" as lines or run together
        starts = [
            max(0, i - 2) if t.startswith("Date posted") else i
            for i, t in enumerate(texts)
            if "Date posted" in t
        ]
    else:
        starts = [0]
        for i, text in enumerate(texts):
            if _ORG_BANNER.match(text) and i - starts[-1] >= HOUSE_MIN_SENTENCES:
                starts.append(i)
    return sorted({0, *starts})


def _title(first_sentence: str) -> str:
    """The job title: the first sentence up to the employer placeholder."""
    return re.split(r"<ORGANIZATION>|<ADDRESS>|<LOCATION>|Date posted", first_sentence)[0].strip()


Span = tuple[int, int, int]  # sentence, first token, end token


def _gold(posting: Posting) -> set[Span]:
    spans: set[Span] = set()
    for s, tags in enumerate(posting.knowledge):
        start = None
        for i, tag in enumerate([*tags, "O"]):
            if start is not None and not tag.startswith("I-"):
                spans.add((s, start, i))
                start = None
            if tag.startswith("B-"):
                start = i
    return spans


def _token_span(tokens: list[str], sentence: int, start: int, end: int) -> Span | None:
    cursor, covered = 0, []
    for i, token in enumerate(tokens):
        if cursor < end and cursor + len(token) > start:
            covered.append(i)
        cursor += len(token) + 1
    return (sentence, covered[0], covered[-1] + 1) if covered else None


def _raw_spans(posting: Posting, *, hard_only: bool) -> set[Span]:
    spans: set[Span] = set()
    for s, line in enumerate(posting.lines):
        for m in extract_matches(line):
            if hard_only and m.category == "soft":
                continue
            span = _token_span(posting.tokens[s], s, m.start, m.end)
            if span:
                spans.add(span)
    return spans


def _ranges(posting: Posting, parsed: ParsedPosting) -> list[list[tuple[int, int]]]:
    """Per line, the character ranges the parser read skills from (requirement text, title)."""
    pieces = [p for p in parsed.requirements_text.split("\n") if p.strip()]
    if parsed.title:
        pieces.append(parsed.title)
    return [
        [(i, i + len(p)) for p in pieces for i in _find_all(line, p)]
        for line in (raw.translate(_SAME_LENGTH_QUOTES) for raw in posting.lines)
    ]


def _scope_tokens(posting: Posting, parsed: ParsedPosting) -> set[tuple[int, int]]:
    """(sentence, token) pairs inside the requirement text."""
    inside: set[tuple[int, int]] = set()
    for s, ranges in enumerate(_ranges(posting, parsed)):
        cursor = 0
        for t, token in enumerate(posting.tokens[s]):
            if any(a <= cursor and cursor + len(token) <= b for a, b in ranges):
                inside.add((s, t))
            cursor += len(token) + 1
    return inside


def _parser_spans(posting: Posting, parsed: ParsedPosting) -> set[Span]:
    """Mentions of the parser's skills inside the text it read the skills from."""
    skills = set(parsed.required_skills) | set(parsed.nice_to_have_skills)
    spans: set[Span] = set()
    for s, ranges in enumerate(_ranges(posting, parsed)):
        cleaned = posting.lines[s].translate(_SAME_LENGTH_QUOTES)  # the parser's offsets
        for m in extract_matches(cleaned):
            in_scope = any(a <= m.start and m.end <= b for a, b in ranges)
            if m.skill in skills and in_scope:
                span = _token_span(posting.tokens[s], s, m.start, m.end)
                if span:
                    spans.add(span)
    return spans


def _find_all(text: str, piece: str) -> Iterator[int]:
    start = text.find(piece)
    while start != -1:
        yield start
        start = text.find(piece, start + 1)


def _score(
    posting: Posting,
    counts: Counter[str],
    pred: set[Span],
    within: set[tuple[int, int]] | None = None,
) -> None:
    gold = _gold(posting)
    if within is not None:  # only gold spans wholly inside the requirement text
        gold = {g for g in gold if all((g[0], t) in within for t in range(g[1], g[2]))}
    counts["gold"] += len(gold)
    counts["pred"] += len(pred)
    counts["gold_hit"] += sum(any(_overlap(g, p) for p in pred) for g in gold)
    counts["pred_hit"] += sum(any(_overlap(p, g) for g in gold) for p in pred)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N parsed Google postings")
    args = parser.parse_args()
    google(args.show)
    skillspan()


if __name__ == "__main__":
    main()
