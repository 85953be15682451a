"""Measure the advanced engines (Resume DNA, market intelligence, temporal) on real data and on
the simulator's truth.

    .venv/bin/python bench/advanced_engines.py [--part real|sim|all] [--candidates N]

Real data (skipped with a message when ../shared/bench-data/resumes-jobs is absent):

1. Market intelligence's posting mix on the 904 real Google postings (jobs.csv): postings per
   category and per role (``learning.advanced.market.role_of``), and the share of postings
   asking for each skill (``profiles.parsing.postings`` required + nice-to-have skills) with
   its 95 % Wilson interval. The file has no dates and no outcomes: posting velocity,
   predictions and response rates cannot be measured on it, nor can the temporal engine.
2. Resume DNA's features on the real PDF resumes (up to 20 per category, 460 in all; pypdf
   text, ``parse_resume``; about 1-3 s per PDF): the
   share readable (a role and a bullet found), each feature's median and quartiles, and the
   clustering the engine would choose (k, silhouette, stability). No outcomes: no rates.

Simulator (no database): the temporal engine on 36-month worlds (planted shift and season,
season only, flat), the hiring-velocity interval's coverage on held-out weeks, and Resume
DNA's patterns against the true interview probabilities. Run by hand; not part of CI.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learning.advanced.dna import FEATURES, features_of, patterns_build  # noqa: E402
from learning.advanced.market import role_of, velocity_backtest  # noqa: E402
from learning.advanced.temporal import volume_analyze  # noqa: E402
from learning.analytics.rates import wilson_interval  # noqa: E402
from learning.simulation import jobs  # noqa: E402
from learning.simulation.world import WorldConfig, generate_world  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench-data" / "resumes-jobs"
MAX_PDF_BYTES = 10 * 1024 * 1024
END = date(2026, 10, 1)


def real_market() -> None:
    from profiles.parsing.postings import parse_posting

    path = BENCH / "jobs.csv"
    if not path.exists():
        print("== real postings: skipped (../shared/bench-data/resumes-jobs/jobs.csv absent) ==")
        return
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    began = time.perf_counter()
    skills: Counter[str] = Counter()
    for row in rows:
        text = (
            f"Responsibilities:\n{row['Responsibilities']}\n"
            f"Minimum qualifications:\n{row['Minimum Qualifications']}\n"
            f"Preferred qualifications:\n{row['Preferred Qualifications']}"
        )
        parsed = parse_posting(title=row["Title"], description=text, company=row["Company"])
        skills.update({s.lower() for s in [*parsed.required_skills, *parsed.nice_to_have_skills]})
    n = len(rows)
    took = time.perf_counter() - began
    print(f"== real postings: {n} Google postings, parsed in {took:.1f} s ==")
    print("companies:", dict(Counter(r["Company"] for r in rows)))
    print("top categories:", Counter(r["Category"] for r in rows).most_common(8))
    roles = Counter(role_of(r["Title"]) for r in rows)
    print(f"roles: {len(roles)} distinct; top:", roles.most_common(6))
    top = skills.most_common(15)
    low, high = wilson_interval(np.array([c for _, c in top]), np.full(len(top), n))
    print("skill share of postings (95 % Wilson):")
    for (skill, count), lo, hi in zip(top, low, high, strict=True):
        print(f"  {skill:<28} {count:4d}  {count / n:6.1%}  [{lo:.1%}, {hi:.1%}]")


def real_dna(per_category: int) -> None:
    from learning.services.advanced_dna import facts_from_parsed, readable
    from profiles.parsing.documents import ResumeDocumentError, read_document
    from profiles.parsing.resume import ResumeTextError, parse_resume

    folder = BENCH / "resumes"
    if not folder.exists():
        print("== real resumes: skipped (../shared/bench-data/resumes-jobs/resumes absent) ==")
        return
    folders = [d for d in sorted(folder.iterdir()) if d.is_dir()]
    files = [f for d in folders for f in sorted(d.glob("*.pdf"))[:per_category]]
    began = time.perf_counter()
    rows, unreadable, failed = [], 0, 0
    for file in files:
        # the upload path's reader (layout mode: one line per laid-out line, columns split);
        # pypdf's plain extraction breaks these exports into one fragment a line and left 17 %
        # of them with a dated role
        try:
            text = read_document(file.read_bytes(), max_bytes=MAX_PDF_BYTES).text
            facts = facts_from_parsed(parse_resume(text), text)
        except (ResumeTextError, ResumeDocumentError):
            failed += 1
            continue
        if not readable(facts):
            unreadable += 1
            continue
        rows.append({**features_of(facts), "applications": 3, "interviews": 0})
    took = time.perf_counter() - began
    print(
        f"== real resumes: {len(files)} PDFs in {took:.1f} s; readable {len(rows)} "
        f"({len(rows) / len(files):.1%}), no role or bullet {unreadable}, "
        f"text too short {failed} =="
    )
    frame = pd.DataFrame(rows)
    for name in FEATURES:
        q = frame[name].quantile([0.25, 0.5, 0.75]).to_numpy()
        print(f"  {FEATURES[name][0]:<45} median {q[1]:7.2f}  IQR {q[0]:.2f}-{q[2]:.2f}")
    library = patterns_build(frame)
    if library:
        sizes = sorted((p.members for p in library.patterns), reverse=True)
        sil = {k: round(v, 3) for k, v in library.silhouettes.items()}
        print(f"  k = {library.k} (silhouettes {sil}), stability {library.stability:.2f}")
        print(f"  shown pattern sizes {sizes}; hidden {library.hidden_patterns}")


def sim_temporal() -> None:
    cases = {
        "shift + season": jobs.DEFAULT_MARKET,
        "season only": jobs.PostingMarket(shift_factor=1.0),
        "flat": jobs.PostingMarket(seasonal=False, shift_factor=1.0),
    }
    print("== temporal, 36-month worlds, 6,000 postings, seeds 7-11 ==")
    for name, market in cases.items():
        for seed in range(7, 12):
            world = generate_world(
                WorldConfig(
                    candidates=5, jobs=6000, months=36, seed=seed, end_date=END, market=market
                )
            )
            posted = pd.Series([j.posted_at for j in world.jobs])
            began = time.perf_counter()
            result = volume_analyze(posted, start=world.start, end=world.end)
            took = time.perf_counter() - began
            season = result.seasonality
            cps = [
                f"{(c.at - world.shift_date).days:+d} d x {c.ratio:.3f} "
                f"[{c.ratio_low:.3f}, {c.ratio_high:.3f}]"
                for c in result.change_points
            ]
            print(
                f"  {name:<15} seed {seed}: F_S {season.strength:.2f} p {season.p_value:.1e} "
                f"seasonal={season.significant}; changes {cps or 'none'}; {took:.2f} s"
                if season
                else f"  {name}: no seasonality"
            )


def sim_velocity() -> None:
    world = generate_world(WorldConfig(candidates=5, jobs=5000, months=12, seed=7, end_date=END))
    frame = pd.DataFrame(
        {
            "posted_at": [j.posted_at for j in world.jobs],
            "company": [j.company for j in world.jobs],
            "role": [role_of(j.title) for j in world.jobs],
            "skills": [list(j.required_skills) for j in world.jobs],
        }
    )
    cutoffs = [world.end - timedelta(weeks=4 * i) for i in range(2, 9)]
    print("== hiring-velocity 90 % prediction interval, held-out 4 weeks, 7 cut-offs ==")
    for dimension in ("role", "skill"):
        covered, total = velocity_backtest(frame, dimension, cutoffs)
        low, high = wilson_interval(covered, total)
        print(f"  {dimension}: {covered}/{total} = {covered / total:.3f} [{low:.3f}, {high:.3f}]")


def sim_dna(candidates: int) -> None:
    from learning.services.advanced_dna import facts_from_parsed, readable
    from profiles.parsing.resume import parse_resume

    world = generate_world(
        WorldConfig(candidates=candidates, jobs=candidates * 2, months=12, seed=7, end_date=END)
    )
    mature = [a for a in world.applications if a.submitted_at <= world.end - timedelta(days=30)]
    by_candidate = defaultdict(list)
    for app in mature:
        by_candidate[app.candidate].append(app)
    rows = []
    for apps in by_candidate.values():
        version = Counter(a.resume_version for a in apps).most_common(1)[0][0]
        used = [a for a in apps if a.resume_version == version]
        text = world.resume_versions[version].text
        facts = facts_from_parsed(parse_resume(text), text)
        if readable(facts):
            rows.append(
                {
                    **features_of(facts),
                    "applications": len(used),
                    "interviews": sum(a.interviewed for a in used),
                    "expected": sum(a.interview_probability for a in used),
                }
            )
    frame = pd.DataFrame(rows)
    began = time.perf_counter()
    library = patterns_build(frame)
    assert library is not None
    print(
        f"== Resume DNA, {candidates} simulated candidates: {len(frame)} readable resumes, "
        f"k = {library.k}, stability {library.stability:.2f}, built in "
        f"{time.perf_counter() - began:.1f} s =="
    )
    kept = frame[frame["applications"] >= 3].reset_index(drop=True)
    x = (kept[list(FEATURES)].to_numpy(float) - library.mean) / np.array(library.scale)
    centroids = np.array([p.centroid for p in library.patterns])
    nearest = np.argmin(((x[:, None, :] - centroids[None]) ** 2).sum(axis=2), axis=1)
    for i, p in enumerate(library.patterns):
        group = kept[nearest == i]
        truth = group["expected"].sum() / group["applications"].sum()
        print(
            f"  {p.name:<70} n={p.members:4d} rate {p.interview_rate:.3f} "
            f"[{p.low:.3f}, {p.high:.3f}] truth {truth:.3f} successful={p.successful}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("real", "sim", "all"), default="all")
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument(
        "--per-category", type=int, default=20, help="real resumes read per category (max 20)"
    )
    args = parser.parse_args()
    import django

    django.setup()
    if args.part in ("real", "all"):
        real_market()
        real_dna(args.per_category)
    if args.part in ("sim", "all"):
        sim_temporal()
        sim_velocity()
        sim_dna(args.candidates)


if __name__ == "__main__":
    main()
