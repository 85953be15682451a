"""Measure the local resume parser and the skill extractor.

    .venv/bin/python bench/parse_quality.py [--candidates 1000] [--real-only] [--sample N]

1. Simulator resumes (learning.simulation: five layouts, truth per candidate): skill
   precision / recall (micro, over canonical names), share of candidates whose years of
   experience are within one year of the truth, and contact-field accuracy.
2. SkillSpan dev splits (../shared/bench-data/skillspan): span precision / recall / F1 of the
   extractor against the Knowledge spans, exact and token-overlap matching.
3. Real resumes: the livecareer PDFs (../shared/bench-data/resumes-jobs/resumes, 460 files in
   23 occupations) and the DOCX CVs (../shared/bench-data/vanetik-vacancy-resume/CV, 35 files):
   the share of files whose profile has at least one skill, years from dated positions, a
   location and at least one job title, and time per file (extraction + parsing).

Sections 2 and 3 are skipped with a message when the bench-data folder is absent.
``--real-only`` runs section 3 alone; ``--sample N`` reads every k-th file, about N per set.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from skillspan import gold_spans, predicted_spans, read_conll  # noqa: E402

from profiles.parsing.documents import ResumeDocumentError, read_document  # noqa: E402
from profiles.parsing.resume import ParsedResume, parse_resume  # noqa: E402

BENCH_DATA = ROOT.parent / "shared" / "bench-data"
MAX_BYTES = 5 * 1024 * 1024
YEARS_TOLERANCE = 1.0


def simulator(count: int, seed: int) -> dict[str, float]:
    import numpy as np

    from learning.simulation import people, resumes

    rng = np.random.default_rng(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    companies = people.companies_make(rng, per_industry=12)
    candidates = people.candidates_make(
        rng, count=count, prefix="bench", start=start, end=end, companies=companies
    )
    from learning.simulation import catalog

    family = {t.key: t.family for t in catalog.TRACKS}
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    for c in candidates:
        for layout, edited in [(layout, e) for layout in people.LAYOUTS for e in (False, True)]:
            # each layout as first written, and with every edit applied (metrics, keywords,
            # action verbs, shortened)
            state = resumes.ResumeState(
                layout=layout, strong_verbs=c.strong_verbs or edited, metrics=edited,
                keywords=edited, shortened=edited,
            )  # fmt: skip
            text = resumes.render(c, state, family=family[c.track])
            parsed = parse_resume(text, today=c.joined_at.date())
            truth = {*c.skills, *c.soft_skills}
            found = set(parsed.skills)
            s = stats[layout]
            s["tp"] += len(truth & found)
            s["fp"] += len(found - truth)
            s["fn"] += len(truth - found)
            s["resumes"] += 1
            s["years_ok"] += (
                abs(parsed.years_of_experience - c.years_of_experience) <= YEARS_TOLERANCE
            )
            s["name_ok"] += parsed.full_name == c.full_name
            s["email_ok"] += parsed.email == c.email
            s["phone_ok"] += parsed.phone == c.phone
            s["location_ok"] += parsed.location == c.location
            s["titles_ok"] += parsed.job_titles[:1] == [c.positions[0].title]
            s["company_ok"] += parsed.companies[:1] == [c.positions[0].company]
            misses.update(truth - found)
            extras.update(found - truth)
    total: Counter[str] = sum(stats.values(), Counter())
    print(
        f"\n== Simulator resumes: {count} candidates x {len(people.LAYOUTS)} layouts, "
        "each as written and with every edit =="
    )
    print(f"{'layout':<14}{'P':>7}{'R':>7}{'years±1':>9}{'name':>7}{'email':>7}{'phone':>7}"
          f"{'loc':>7}{'title':>7}{'company':>8}")  # fmt: skip
    for name, s in [*sorted(stats.items()), ("ALL", total)]:
        n = s["resumes"]
        print(
            f"{name:<14}{s['tp'] / max(1, s['tp'] + s['fp']):>7.3f}"
            f"{s['tp'] / max(1, s['tp'] + s['fn']):>7.3f}{s['years_ok'] / n:>9.3f}"
            f"{s['name_ok'] / n:>7.3f}{s['email_ok'] / n:>7.3f}{s['phone_ok'] / n:>7.3f}"
            f"{s['location_ok'] / n:>7.3f}{s['titles_ok'] / n:>7.3f}{s['company_ok'] / n:>8.3f}"
        )
    print("most missed:", misses.most_common(8))
    print("most extra:", extras.most_common(8))
    return {
        "precision": total["tp"] / max(1, total["tp"] + total["fp"]),
        "recall": total["tp"] / max(1, total["tp"] + total["fn"]),
        "years_within_1": total["years_ok"] / total["resumes"],
    }


def skillspan() -> None:
    folder = BENCH_DATA / "skillspan"
    if not folder.exists():
        print("\n== SkillSpan: skipped (../shared/bench-data/skillspan not found) ==")
        return
    print("\n== SkillSpan dev: extractor vs Knowledge spans ==")
    print(f"{'split':<8}{'gold':>6}{'pred':>6}{'P exact':>9}{'R exact':>9}{'F1':>7}"
          f"{'P overlap':>11}{'R overlap':>11}{'F1':>7}")  # fmt: skip
    for split in ("house", "tech"):
        counts: Counter[str] = Counter()
        for sentence in read_conll(folder / f"skillspan_{split}_dev.conll"):
            tokens = [t for t, _ in sentence]
            gold = gold_spans([tag for _, tag in sentence])
            pred = predicted_spans(tokens)
            counts["gold"] += len(gold)
            counts["pred"] += len(pred)
            counts["exact"] += len(gold & pred)
            counts["gold_hit"] += sum(any(_overlap(g, p) for p in pred) for g in gold)
            counts["pred_hit"] += sum(any(_overlap(p, g) for g in gold) for p in pred)
        p_exact = counts["exact"] / max(1, counts["pred"])
        r_exact = counts["exact"] / max(1, counts["gold"])
        p_over = counts["pred_hit"] / max(1, counts["pred"])
        r_over = counts["gold_hit"] / max(1, counts["gold"])
        print(
            f"{split:<8}{counts['gold']:>6}{counts['pred']:>6}{p_exact:>9.3f}{r_exact:>9.3f}"
            f"{_f1(p_exact, r_exact):>7.3f}{p_over:>11.3f}{r_over:>11.3f}"
            f"{_f1(p_over, r_over):>7.3f}"
        )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RealRates:
    """Parse rates on real resumes: the share of files whose profile has each field."""

    files: int = 0
    errors: int = 0
    skills: int = 0
    dated: int = 0
    location: int = 0
    title: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, parsed: ParsedResume) -> None:
        self.files += 1
        self.skills += bool(parsed.skills)
        self.dated += parsed.years_source == "dated work experience"
        self.location += bool(parsed.location)
        self.title += bool(parsed.job_titles)

    def row(self, name: str) -> str:
        n = max(1, self.files)
        mean_ms = 1000 * sum(self.seconds) / max(1, len(self.seconds))
        shares = [self.skills / n, self.dated / n, self.location / n, self.title / n]
        return (
            f"{name:<26}{self.files:>6}{self.errors:>7}{shares[0]:>8.1%}{shares[1]:>8.1%}"
            f"{shares[2]:>9.1%}{shares[3]:>8.1%}{mean_ms:>10.0f}"
        )


def real_resumes(sample: int | None) -> None:
    """Parse rates on the real PDFs (livecareer) and DOCX CVs (Vanetik & Kogan).

    Files of unknown date: "Present" closes at the newest date each one names
    (``today=None``), never at the day the benchmark runs.
    """
    sets = [
        ("PDF (resumes-jobs)", BENCH_DATA / "resumes-jobs" / "resumes", "*/*.pdf"),
        ("DOCX (vanetik CV)", BENCH_DATA / "vanetik-vacancy-resume" / "CV", "*.docx"),
    ]
    print("\n== Real resumes: share of files with each field ==")
    print(f"{'set':<26}{'files':>6}{'errors':>7}{'skills':>8}{'dated':>8}{'location':>9}"
          f"{'title':>8}{'ms/file':>10}")  # fmt: skip
    for name, folder, pattern in sets:
        if not folder.exists():
            print(f"{name:<26}skipped: {folder.relative_to(ROOT.parent)} not found")
            continue
        files = sorted(folder.glob(pattern))
        rates = RealRates()
        for path in files[:: max(1, len(files) // sample)] if sample else files:
            began = time.perf_counter()
            try:
                document = read_document(path.read_bytes(), max_bytes=MAX_BYTES)
                rates.add(parse_resume(document.text, today=None))
            except (ResumeDocumentError, ValueError) as exc:
                rates.errors += 1
                print(f"  {path.name}: {exc}")
            rates.seconds.append(time.perf_counter() - began)
        print(rates.row(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--real-only", action="store_true", help="only the real PDF/DOCX sets")
    parser.add_argument("--sample", type=int, default=None, help="about N files per real set")
    args = parser.parse_args()
    if not args.real_only:
        try:
            simulator(args.candidates, args.seed)
        except ImportError as exc:
            print(f"\n== Simulator resumes: skipped ({exc}) ==")
        skillspan()
    real_resumes(args.sample)


if __name__ == "__main__":
    main()
