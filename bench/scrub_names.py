"""Recall of the candidate's own name and false scrubs of the training-data scrubber on real
resumes.

    .venv/bin/python bench/scrub_names.py [--sample 120]

The real files (../shared/bench-data: the 35 DOCX CVs of vanetik-vacancy-resume and every k-th
of the 460 livecareer PDFs of resumes-jobs, about ``--sample``) come with their owners' names
removed or masked, so a name is planted where resumes put it: the first line (as written,
"Maria Kowalczyk"; in capitals; or before a separator "Maria Kowalczyk | <first line>"), and
in every second file also under a sign-off at the end ("Sincerely,"). Names: 40 first and 40
last names of varied origins, one pair per file. The text is scrubbed as the export does it:
the call log's input ``{"text": ...}`` dumped to JSON.

* recall — share of planted name words (case-insensitive, whole words) gone after scrubbing,
  with the name unknown (``names=[]``) and known (the account's first and last name and
  e-mail local part as needles), before (layout names off) and after;
* false scrubs — on the files without a planted name: skill mentions (the skill extractor's
  surface forms) and company names (the parser's) of which an occurrence was lost to any
  token (``[NAME]``, ``[URL]``, ``[PHONE]`` ...), before and after.

Skipped with a message when the bench-data folder is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
import django  # noqa: E402

django.setup()

from profiles.parsing.documents import ResumeDocumentError, read_document  # noqa: E402
from profiles.parsing.resume import parse_resume  # noqa: E402
from profiles.privacy import scrub as scrub_module  # noqa: E402
from profiles.privacy.names import layout_names  # noqa: E402
from profiles.skills import extract_matches  # noqa: E402

BENCH_DATA = ROOT.parent / "shared" / "bench-data"
FIRST = [
    "Maria",
    "Olufemi",
    "Dieter",
    "Priya",
    "Tomasz",
    "Ngozi",
    "Haruto",
    "Ingrid",
    "Mateo",
    "Aisling",
    "Kwame",
    "Svetlana",
    "Rafael",
    "Yuki",
    "Oksana",
    "Tariq",
    "Beatriz",
    "Lars",
    "Amara",
    "Dmitri",
    "Siobhan",
    "Emeka",
    "Camila",
    "Henrik",
    "Leilani",
    "Anselm",
    "Farida",
    "Bogdan",
    "Ximena",
    "Torsten",
    "Nadia",
    "Caoimhe",
    "Rustam",
    "Valentina",
    "Jarrah",
    "Imke",
    "Kofi",
    "Marisol",
    "Eero",
    "Zainab",
]
LAST = [
    "Kowalczyk",
    "Adeyemi",
    "Brandt",
    "Raghunathan",
    "Wisniewski",
    "Okafor",
    "Takahashi",
    "Lindqvist",
    "Echeverria",
    "Fitzgerald",
    "Mensah",
    "Vasilenko",
    "Quintero",
    "Nakamura",
    "Hrytsenko",
    "Rahimi",
    "Figueiredo",
    "Johansson",
    "Diallo",
    "Sokolov",
    "Dunleavy",
    "Nwachukwu",
    "Restrepo",
    "Haugland",
    "Kahananui",
    "Brecht",
    "Haddad",
    "Ionescu",
    "Villalobos",
    "Eriksen",
    "Benali",
    "Ni-Bhriain",
    "Karimov",
    "Bustamante",
    "Wirrpanda",
    "Vogelsang",
    "Boateng",
    "Arriaga",
    "Makinen",
    "Chaudhry",
]


def _files(sample: int) -> list[Path]:
    docx = sorted((BENCH_DATA / "vanetik-vacancy-resume" / "CV").glob("*.docx"))
    pdfs = sorted((BENCH_DATA / "resumes-jobs" / "resumes").glob("*/*.pdf"))
    step = max(1, len(pdfs) // max(1, sample))
    return docx + pdfs[::step]


def _plant(text: str, i: int) -> tuple[str, str, str]:
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    lines = text.strip().splitlines()
    head = (f"{first} {last}", f"{first.upper()} {last.upper()}",
            f"{first} {last} | {lines[0].strip() if lines else ''}")[i % 3]  # fmt: skip
    planted = head + "\n" + "\n".join(lines[1:] if i % 3 == 2 else lines)
    if i % 2 == 0:
        planted += f"\n\nSincerely,\n{first} {last}"
    return planted, first, last


def _remaining(text: str, words: list[str]) -> int:
    return sum(len(re.findall(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)) for w in words)


def _export(text: str, names: list[str]) -> str:
    return scrub_module.scrub(json.dumps({"text": text}, ensure_ascii=False), names)


def _lost(original: str, scrubbed: str, surfaces: set[str]) -> tuple[int, int]:
    total = lost = 0
    for surface in surfaces:
        pattern = rf"(?<!\w){re.escape(surface)}(?!\w)"
        before = len(re.findall(pattern, json.dumps(original, ensure_ascii=False)))
        after = len(re.findall(pattern, scrubbed))
        total += before
        lost += max(0, before - after)
    return lost, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=120)
    args = parser.parse_args()
    if not BENCH_DATA.exists():
        print(f"skipped: {BENCH_DATA} is absent")
        return
    texts = []
    for path in _files(args.sample):
        try:
            texts.append(read_document(path.read_bytes(), max_bytes=5 * 2**20).text)
        except ResumeDocumentError:
            continue
    planted_words = 0
    remaining = {key: 0 for key in ("unknown_before", "unknown_after", "known_before",
                                    "known_after")}  # fmt: skip
    skills = {"before": [0, 0], "after": [0, 0]}
    companies = {"before": [0, 0], "after": [0, 0]}
    started = time.perf_counter()
    for i, text in enumerate(texts):
        planted, first, last = _plant(text, i)
        words = [first, *last.split("-")]
        occurrences = _remaining(planted, words)
        planted_words += occurrences
        known = [first, last, f"{first.lower()}.{last.lower()}"]
        for phase in ("before", "after"):
            if phase == "before":
                scrub_module.layout_names = lambda _text: []  # type: ignore[assignment]
            else:
                scrub_module.layout_names = layout_names
            remaining[f"unknown_{phase}"] += _remaining(_export(planted, []), words)
            remaining[f"known_{phase}"] += _remaining(_export(planted, known), words)
            scrubbed = _export(text, [])
            for target, surfaces in (
                (skills, {m.text for m in extract_matches(text)}),
                (companies, set(parse_resume(text).companies)),
            ):
                lost, total = _lost(text, scrubbed, surfaces)
                target[phase][0] += lost
                target[phase][1] += total
    scrub_module.layout_names = layout_names
    elapsed = time.perf_counter() - started
    print(f"files: {len(texts)} real resumes; planted name words: {planted_words}")
    for key, left in remaining.items():
        recall = 1 - left / planted_words if planted_words else float("nan")
        print(f"recall of the own name, {key.replace('_', ' ')}: {recall:.3f}")
    for label, counts in (("skill", skills), ("company", companies)):
        for phase, (lost, total) in counts.items():
            share = lost / total if total else 0.0
            print(f"false scrubs of {label} mentions, {phase}: {lost} of {total} ({share:.4f})")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
