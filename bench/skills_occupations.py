"""Measure the skill taxonomy and the occupation table on real third-party data.

    .venv/bin/python bench/skills_occupations.py [--section skillspan|resumes|occupations|speed]

1. SkillSpan dev (../shared/bench-data/skillspan): token-overlap and exact span precision /
   recall of the extractor against the Knowledge spans, house and tech separately.
2. Real PDF resumes (../shared/bench-data/resumes-jobs/resumes/<CATEGORY>/*.pdf): share whose
   text yields at least three skills, per occupation folder.
3. Occupations: the headline (first line) of each resume and each posting title of jobs.csv
   mapped to occupations; how often the top occupation's major group of a resume equals the
   most common top major group of the postings of the same category (categories.csv is used
   only to group postings for this report, never by the code under test), and the share of
   titles with any occupation.
4. Speed of ``title_occupations`` on the posting titles (cache cleared) in titles per second.

Sections are skipped with a message when the bench-data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from skillspan import gold_spans, predicted_spans, read_conll  # noqa: E402

from profiles.skills import category_of, extract  # noqa: E402

BENCH_DATA = ROOT.parent / "shared" / "bench-data"
RESUMES_JOBS = BENCH_DATA / "resumes-jobs"
MIN_SKILLS = 3
MAX_BYTES = 5 * 1024 * 1024


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def skillspan() -> None:
    folder = BENCH_DATA / "skillspan"
    if not folder.exists():
        print("== SkillSpan: skipped (../shared/bench-data/skillspan not found) ==")
        return
    print("== SkillSpan dev: extractor vs Knowledge spans ==")
    print(f"{'split':<7}{'gold':>6}{'pred':>6}{'P exact':>9}{'R exact':>9}{'P overlap':>11}"
          f"{'R overlap':>11}")  # fmt: skip
    for split in ("house", "tech"):
        c: Counter[str] = Counter()
        for sentence in read_conll(folder / f"skillspan_{split}_dev.conll"):
            gold = gold_spans([tag for _, tag in sentence])
            pred = predicted_spans([t for t, _ in sentence])
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["exact"] += len(gold & pred)
            c["gold_hit"] += sum(any(_overlap(g, p) for p in pred) for g in gold)
            c["pred_hit"] += sum(any(_overlap(p, g) for g in gold) for p in pred)
        print(
            f"{split:<7}{c['gold']:>6}{c['pred']:>6}{c['exact'] / max(1, c['pred']):>9.3f}"
            f"{c['exact'] / max(1, c['gold']):>9.3f}{c['pred_hit'] / max(1, c['pred']):>11.3f}"
            f"{c['gold_hit'] / max(1, c['gold']):>11.3f}"
        )


def _resume_texts(cache: Path | None) -> dict[str, list[tuple[str, str]]]:
    """{category: [(file name, text)]} of the real PDF resumes (reading them takes minutes)."""
    import json

    if cache is not None and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    out = _read_resumes()
    if cache is not None:
        cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def _read_resumes() -> dict[str, list[tuple[str, str]]]:
    from profiles.parsing.documents import ResumeDocumentError, read_document

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted((RESUMES_JOBS / "resumes").glob("*/*.pdf")):
        try:
            text = read_document(path.read_bytes(), max_bytes=MAX_BYTES).text
        except ResumeDocumentError:
            text = ""
        out[path.parent.name].append((path.name, text))
    return out


def resumes(texts: dict[str, list[tuple[str, str]]]) -> None:
    print(f"\n== Real PDF resumes: share with >= {MIN_SKILLS} skills, per folder ==")
    print(f"{'folder':<23}{'any':>6}{'no soft':>9}{'median':>8}  most frequent non-soft skills")
    total = hit = hard_hit = 0
    for category, files in sorted(texts.items()):
        found = [extract(text) for _, text in files]
        hard = [[s for s in skills if category_of(s) != "soft"] for skills in found]
        ok = sum(len(s) >= MIN_SKILLS for s in found)
        hard_ok = sum(len(s) >= MIN_SKILLS for s in hard)
        total, hit, hard_hit = total + len(found), hit + ok, hard_hit + hard_ok
        median = sorted(len(s) for s in hard)[len(hard) // 2]
        top = ", ".join(s for s, _ in Counter(s for h in hard for s in h).most_common(8))
        print(
            f"{category:<23}{ok / len(found):>6.2f}{hard_ok / len(found):>9.2f}{median:>8}  {top}"
        )
    print(f"{'ALL':<23}{hit / max(1, total):>6.2f}{hard_hit / max(1, total):>9.2f}")


def _job_rows() -> list[dict[str, str]]:
    with (RESUMES_JOBS / "jobs.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _job_categories(rows: list[dict[str, str]]) -> dict[str, str]:
    """{job_id: resume category} by the README's rule (report grouping only)."""
    with (RESUMES_JOBS / "categories.csv").open(encoding="utf-8") as f:
        rules = list(csv.DictReader(f))
    out = {}
    for row in rows:
        for rule in rules:
            if rule["job_category"] not in ("*", row["Category"]):
                continue
            if rule["title_regex"] and not re.search(rule["title_regex"], row["Title"], re.I):
                continue
            out[row["job_id"]] = rule["resume_category"]
            break
    return out


def _headline(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _top_group(vector: dict[str, float]) -> str | None:
    """The major group and career family of the vector's top occupation ("29/health")."""
    from profiles.occupations import occupation_get, top_occupations

    top = top_occupations(vector, k=1)
    occupation = occupation_get(top[0][0]) if top else None
    return f"{occupation.major_group}/{occupation.family}" if occupation else None


def occupations(texts: dict[str, list[tuple[str, str]]]) -> None:
    from profiles.occupations import title_occupations

    rows = _job_rows()
    categories = _job_categories(rows)
    job_groups: dict[str, Counter[str]] = defaultdict(Counter)
    mapped_jobs = 0
    for row in rows:
        group = _top_group(title_occupations(row["Title"]))
        mapped_jobs += group is not None
        if row["job_id"] in categories and group:
            job_groups[categories[row["job_id"]]][group] += 1
    print("\n== Occupations: resume headline vs postings of the same category ==")
    print(f"posting titles with an occupation: {mapped_jobs}/{len(rows)}")
    mapped = n = 0
    agree: Counter[str] = Counter()
    for category, files in sorted(texts.items()):
        groups = [_top_group(title_occupations(_headline(text))) for _, text in files]
        hits = sum(g is not None for g in groups)
        mapped, n = mapped + hits, n + len(groups)
        line = f"{category:<24}headline mapped {hits:>2}/{len(groups)}"
        if category in job_groups:
            common = job_groups[category].most_common(1)[0][0]
            same_group = sum(
                g is not None and g.split("/")[0] == common.split("/")[0] for g in groups
            )
            same_family = sum(
                g is not None and g.split("/")[1] == common.split("/")[1] for g in groups
            )
            agree.update(group=same_group, family=same_family)
            line += (
                f"  postings' top {common}: group {same_group}/{len(groups)}, family {same_family}"
            )
        print(line)
    print(f"headlines mapped: {mapped}/{n}")
    _similarity_report(texts, rows, categories)
    queried = sum(len(texts[c]) for c in job_groups if c in texts)
    for what in ("group", "family"):
        print(f"{what} agreement over categories with postings: {agree[what]}/{queried} = "
              f"{agree[what] / queried:.2f}")  # fmt: skip


def _similarity_report(
    texts: dict[str, list[tuple[str, str]]], rows: list[dict[str, str]], categories: dict[str, str]
) -> None:
    """Mean headline-to-title similarity for postings of the resume's category and others."""
    from profiles.occupations import similarity, title_occupations

    jobs = [
        (categories[r["job_id"]], title_occupations(r["Title"]))
        for r in rows
        if r["job_id"] in categories
    ]
    same: list[float] = []
    other: list[float] = []
    for category, files in texts.items():
        if category not in {c for c, _ in jobs}:
            continue
        for _, text in files:
            vector = title_occupations(_headline(text))
            for job_category, job_vector in jobs:
                (same if job_category == category else other).append(similarity(vector, job_vector))
    print(f"mean similarity, headline vs posting title: same category {sum(same) / len(same):.3f}, "
          f"other categories {sum(other) / len(other):.3f}")  # fmt: skip


def speed() -> None:
    from profiles.occupations import title_occupations

    title_occupations("Accountant")  # build the table and index first (about a second)
    titles = [row["Title"] for row in _job_rows()] * 5
    titles = [f"{t} {i}" for i, t in enumerate(titles)]  # distinct: the cache never helps
    start, cpu = time.perf_counter(), time.process_time()
    for title in titles:
        title_occupations(title)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    again = time.perf_counter()
    for title in titles:
        title_occupations(title)
    cached = time.perf_counter() - again
    n = len(titles)
    print(f"\n== Speed: {n} distinct titles in {elapsed:.2f} s wall, {cpu:.2f} s CPU = "
          f"{n / cpu:,.0f} titles/s per core; cached {n / cached:,.0f}/s ==")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--section", choices=["skillspan", "resumes", "occupations", "speed"])
    parser.add_argument("--text-cache", type=Path, help="JSON file to keep the PDF texts in")
    args = parser.parse_args()
    wanted = {args.section} if args.section else {"skillspan", "resumes", "occupations", "speed"}
    if "skillspan" in wanted:
        skillspan()
    if not RESUMES_JOBS.exists():
        print("== resumes-jobs: skipped (../shared/bench-data/resumes-jobs not found) ==")
        return
    texts = _resume_texts(args.text_cache) if wanted & {"resumes", "occupations"} else {}
    if "resumes" in wanted:
        resumes(texts)
    if "occupations" in wanted:
        occupations(texts)
    if "speed" in wanted:
        speed()


if __name__ == "__main__":
    main()
