"""How well the platform's parsers read the simulated world's own text, against its truth.

    .venv/bin/python bench/sim_text_quality.py [--candidates 600] [--jobs 1500] [--seed 7]

Generates a world (12 months to 2026-11-30, no database), then:

1. Resumes: the first version of every candidate's resume, through ``parse_resume`` with the
   upload date as "today": skill precision / recall (micro, soft skills included) and the
   share whose years of experience are within one year of the truth, overall and per kind of
   text noise (plain text, PDF line breaks, split dates, page furniture, two columns,
   letter-spaced headings) and per occupation family.
2. Postings: every description through the feed normaliser (``normalize``): required-skill
   precision / recall, nice-to-have recall, years asked (when the text states them) and
   salary (exact range, or none when undisclosed), per requirement shape.

Truth names are mapped through the taxonomy's own ``normalize`` before comparing, so a
naming difference ("Excel" vs "Microsoft Excel") is not counted as a parsing error; a skill
the taxonomy does not know stays as it is and counts as missed. Works on older simulators
that predate the text noise (their resumes all count as plain text).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learning.simulation import catalog  # noqa: E402
from learning.simulation.world import WorldConfig, generate_world  # noqa: E402
from profiles.feeds.normalize import normalize as normalize_posting  # noqa: E402
from profiles.parsing.resume import parse_resume  # noqa: E402
from profiles.skills import normalize as normalize_skill  # noqa: E402

END = date(2026, 11, 30)
YEARS_TOLERANCE = 1.0
SALARY_TOLERANCE = 1000  # USD: a range parsed to the dollar counts as right
FAMILY = {t.key: t.family for t in catalog.TRACKS}


def _canon(names: list[str] | tuple[str, ...]) -> set[str]:
    return {(normalize_skill(n) or n).lower() for n in names}


def _noise_kinds(candidate: Any, layout: str) -> list[str]:
    style = getattr(candidate, "style", None)
    if style is None or not style.pdf or layout == "markdown":
        return ["plain text"]
    kinds = ["PDF line breaks"]
    flags = {
        "split dates": style.split_dates,
        "page furniture": style.page_lines > 0,
        "two columns": style.two_columns,
        "letter-spaced": style.letter_spaced,
    }
    return kinds + [k for k, on in flags.items() if on]


def resumes(world: Any) -> None:
    first: dict[int, Any] = {}
    for version in world.resume_versions:
        first.setdefault(version.candidate, version)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    missed: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    for c in world.candidates:
        version = first[c.index]
        parsed = parse_resume(version.text, today=version.created_at.date())
        truth, found = _canon([*c.skills, *c.soft_skills]), _canon(parsed.skills)
        years_ok = abs(parsed.years_of_experience - c.years_of_experience) <= YEARS_TOLERANCE
        family = "tech" if FAMILY[c.track] == "tech" else "non-tech"
        for key in ["ALL", *_noise_kinds(c, version.state.layout), f"family: {family}"]:
            s = stats[key]
            s["tp"] += len(truth & found)
            s["fp"] += len(found - truth)
            s["fn"] += len(truth - found)
            s["n"] += 1
            s["years_ok"] += years_ok
        missed.update(truth - found)
        extra.update(found - truth)
    print(f"\n== Resumes: first version of {len(world.candidates)} candidates ==")
    print(f"{'text':<22}{'n':>6}{'P':>8}{'R':>8}{'years±1':>9}")
    for key, s in sorted(stats.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
        print(
            f"{key:<22}{s['n']:>6}{_ratio(s['tp'], s['tp'] + s['fp']):>8.3f}"
            f"{_ratio(s['tp'], s['tp'] + s['fn']):>8.3f}{_ratio(s['years_ok'], s['n']):>9.3f}"
        )
    print("most missed:", missed.most_common(10))
    print("most extra:", extra.most_common(10))


def postings(world: Any) -> None:
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for job in world.jobs:
        posting = normalize_posting(
            {"id": job.external_id, "title": job.title, "company": job.company,
             "location": job.location, "description": job.description}
        )  # fmt: skip
        if posting is None:
            continue
        truth, found = _canon(job.required_skills), _canon(posting.required_skills)
        nice = _canon(getattr(job, "preferred_skills", ()))
        shape = getattr(job, "requirements", "section")
        for key in ("ALL", f"requirements: {shape}"):
            s = stats[key]
            s["tp"] += len(truth & found)
            s["fp"] += len(found - truth)
            s["fn"] += len(truth - found)
            s["nice"] += len(nice)
            s["nice_found"] += len(nice & _canon(posting.nice_to_have_skills))
            s["n"] += 1
            _years(s, job, posting)
            s["salary_ok"] += _salary_ok(job, posting)
    print(f"\n== Postings: {len(world.jobs)} descriptions through the feed normaliser ==")
    print(f"{'requirements':<26}{'n':>6}{'P':>8}{'R':>8}{'nice R':>8}{'years':>8}{'salary':>8}")
    for key, s in sorted(stats.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
        print(
            f"{key:<26}{s['n']:>6}{_ratio(s['tp'], s['tp'] + s['fp']):>8.3f}"
            f"{_ratio(s['tp'], s['tp'] + s['fn']):>8.3f}{_ratio(s['nice_found'], s['nice']):>8.3f}"
            f"{_ratio(s['years_ok'], s['years_n']):>8.3f}{_ratio(s['salary_ok'], s['n']):>8.3f}"
        )


def _years(s: Counter[str], job: Any, posting: Any) -> None:
    required = getattr(job, "years_required", catalog.SENIORITY_YEARS[job.seniority][0])
    if not getattr(job, "years_stated", required > 0) or not hasattr(posting, "min_years"):
        return
    s["years_n"] += 1
    parsed = posting.min_years
    s["years_ok"] += parsed is not None and abs(parsed - required) <= YEARS_TOLERANCE


def _salary_ok(job: Any, posting: Any) -> bool:
    if job.salary_max is None:
        return posting.salary_max is None
    if posting.salary_max is None or posting.salary_min is None:
        return False
    return (
        abs(posting.salary_max - job.salary_max) <= SALARY_TOLERANCE
        and abs(posting.salary_min - job.salary_min) <= SALARY_TOLERANCE
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    world = generate_world(
        WorldConfig(candidates=args.candidates, jobs=args.jobs, seed=args.seed, end_date=END)
    )
    print(f"world generated in {time.perf_counter() - began:.1f} s")
    resumes(world)
    postings(world)


if __name__ == "__main__":
    main()
