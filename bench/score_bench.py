"""Benchmark the local scorer: 1,000 candidates x 10,000 jobs (target: at most 60 s).

    .venv/bin/python bench/score_bench.py [--candidates 1000] [--jobs 10000] [--db]

Candidates and jobs come from the simulator's pure generators (learning.simulation), so the
skill overlap and the share of pairs above the storage threshold are realistic. Without
``--db`` it times the vectorised engine plus the explanations of every stored pair (what
``job_scores_compute`` does before writing); with ``--db`` it runs the full service against a
throw-away SQLite database, writes included.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WEIGHTS = {"skills": 0.40, "experience": 0.30, "location": 0.20, "salary": 0.10, "culture": 0.0}
THRESHOLD = 60.0
CAP = 200  # profiles.services.scoring.MAX_STORED_PER_CANDIDATE
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)


def world(n_candidates: int, n_jobs: int, seed: int = 11):
    from learning.simulation import jobs, people

    rng = np.random.default_rng(seed)
    companies = people.companies_make(rng, per_industry=12)
    cands = people.candidates_make(
        rng, count=n_candidates, prefix="bench", start=START, end=END, companies=companies
    )
    posts = jobs.jobs_make(
        rng, count=n_jobs, prefix="bench", start=START, end=END, companies=companies
    )
    return cands, posts


def features(cands, posts):
    from profiles.feeds.normalize import skills_of
    from profiles.matching.features import CandidateFeatures, JobFeatures, years_band

    cand_feats = [
        CandidateFeatures(
            key=i, skills=(*c.skills, *c.soft_skills), years=c.years_of_experience,
            location=c.location, preferred_locations=c.preferred_locations,
            open_to_remote=c.open_to_remote, salary_min=c.salary_min, salary_max=c.salary_max,
            preferred_stages=c.preferred_stages,
        )
        for i, c in enumerate(cands)
    ]  # fmt: skip
    job_feats = []
    for j, p in enumerate(posts):
        low, high = years_band(p.seniority, p.description)
        required, nice = skills_of(p.title, p.description)
        job_feats.append(
            JobFeatures(
                key=j, title=p.title, company=p.company, required_skills=tuple(required),
                nice_to_have_skills=tuple(nice), seniority=p.seniority, min_years=low,
                max_years=high, location=p.location, remote=p.remote, salary_min=p.salary_min,
                salary_max=p.salary_max, company_stage=p.company_stage, industry=p.industry,
            )
        )  # fmt: skip
    return cand_feats, job_feats


def engine_run(cand_feats, job_feats, batch: int) -> tuple[int, float]:
    from profiles.matching.engine import COMPONENTS, score_matrix
    from profiles.matching.explain import explain, top_missing_skill

    stored = above = 0
    started = time.perf_counter()
    for start in range(0, len(cand_feats), batch):
        chunk = cand_feats[start : start + batch]
        m = score_matrix(chunk, job_feats, WEIGHTS)
        for row, cand in enumerate(chunk):
            keep = np.flatnonzero(m.compatibility[row] >= THRESHOLD)
            above += len(keep)
            keep = keep[np.lexsort((keep, -m.compatibility[row][keep]))][:CAP]
            advice = top_missing_skill(cand, [job_feats[j] for j in keep[:10]])
            for j in keep:
                comps = {k: float(m.components[k][row, j]) for k in COMPONENTS}
                explain(cand, job_feats[j], comps, float(m.compatibility[row, j]), advice)
            stored += len(keep)
    print(f"pairs at or above {THRESHOLD:g} before the per-candidate cap of {CAP}: {above:,}")
    return stored, time.perf_counter() - started


def db_run(cands, posts, batch: int) -> tuple[int, float, float]:
    workdir = tempfile.mkdtemp(prefix="recruitly-bench-")
    os.environ["RECRUITLY_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from profiles.models import CandidateProfile, JobListing
    from profiles.services import scoring

    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=c.username) for c in cands], batch_size=1000
    )
    profiles = CandidateProfile.objects.bulk_create(
        [
            CandidateProfile(
                user=u, full_name=c.full_name, location=c.location,
                years_of_experience=c.years_of_experience,
                programming_languages=list(c.skills), soft_skills=list(c.soft_skills),
                preferred_locations=list(c.preferred_locations), open_to_remote=c.open_to_remote,
                salary_range_min=c.salary_min, salary_range_max=c.salary_max,
                company_size_preference=list(c.preferred_stages),
            )
            for u, c in zip(users, cands, strict=True)
        ],
        batch_size=1000,
    )  # fmt: skip
    from profiles.feeds.normalize import skills_of

    JobListing.objects.bulk_create(
        [
            JobListing(
                title=p.title, company=p.company, company_stage=p.company_stage,
                industry=p.industry, seniority=p.seniority, location=p.location,
                remote=p.remote, salary_min=p.salary_min,
                salary_max=p.salary_max, salary_currency="USD",
                required_skills=skills_of(p.title, p.description)[0], description=p.description,
                url=p.url, source="bench", external_id=p.external_id, content_hash=p.content_hash,
                posted_at=p.posted_at,
            )
            for p in posts
        ],
        batch_size=1000,
    )  # fmt: skip
    profiles = list(CandidateProfile.objects.select_related("user").order_by("pk"))
    started = time.perf_counter()
    summary = scoring.job_scores_compute(candidates=profiles)
    elapsed = time.perf_counter() - started
    return summary.stored, elapsed, summary.pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--db", action="store_true", help="run the full service with writes")
    args = parser.parse_args()
    began = time.perf_counter()
    cands, posts = world(args.candidates, args.jobs)
    print(
        f"world: {len(cands)} candidates, {len(posts)} jobs in {time.perf_counter() - began:.1f} s"
    )
    if args.db:
        stored, elapsed, pairs = db_run(cands, posts, args.batch)
        label = "full service (SQLite, writes included)"
    else:
        cand_feats, job_feats = features(cands, posts)
        stored, elapsed = engine_run(cand_feats, job_feats, args.batch)
        pairs = len(cands) * len(posts)
        label = "engine + explanations (no database)"
    print(
        f"{label}: {pairs:,} pairs scored, {stored:,} stored (>= {THRESHOLD:g}, best {CAP} "
        f"per candidate) in {elapsed:.1f} s = {pairs / elapsed:,.0f} pairs/s"
    )
    print("target: 1,000 x 10,000 in at most 60 s ->", "PASS" if elapsed <= 60 else "FAIL")


if __name__ == "__main__":
    main()
