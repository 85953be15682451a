"""Benchmark the local scorer: 1,000 candidates x 10,000 jobs (engine target: at most 10 s).

    .venv/bin/python bench/score_bench.py [--candidates 1000] [--jobs 10000] [--repeat 2]
        [--db [--changed 0.05]]

Candidates and jobs come from the simulator's pure generators (learning.simulation), so the
skill overlap and the share of pairs above the storage threshold are realistic; resumes are
the simulator's rendered texts, so text relevance and title similarity work on real-shaped
input. Without ``--db`` it times the vectorised engine with all seven components plus the
explanations of every stored pair, as ``job_scores_compute`` runs them before writing (each
batch scored by ``scored_ahead`` while the one before is explained by ``stored_pairs``),
``--repeat`` times in one process, the bound measured after each run, and prints the best,
median and worst rate (the first run fills the process's caches of titles and words, as a
worker's first run does), and the engine's own time alone after each run. With ``--db`` it runs
the full service, writes included, ``--repeat`` times (the first inserts, the next re-score
in place) against the empty PostgreSQL database named by ``DATABASE_URL`` (else a
throw-away SQLite file), prints the write step's own time and, on PostgreSQL, the bound for
the write: COPY of the same stored rows into an empty table, in the same run.

The bound measured in the same run is numpy's own floor for the output: the weighted sum of
seven dense float64 candidate x job matrices (what any scorer must at least write); the
report gives our time as a multiple of it.
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

from profiles.matching.components import DEFAULT_WEIGHTS  # noqa: E402

WEIGHTS = DEFAULT_WEIGHTS
THRESHOLD = 35.0  # learning.parameters: job_scoring.min_stored_score
CAP = 100  # profiles.services.scoring.MAX_STORED_PER_CANDIDATE
WRITES: list[float] = []  # seconds of each write call of the service (--db)
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
    from learning.simulation import catalog, resumes
    from profiles.matching.features import CandidateFeatures, JobFeatures
    from profiles.occupations import text_occupations
    from profiles.parsing.postings import parse_posting
    from profiles.skills import implied_skills

    family = {t.key: t.family for t in catalog.TRACKS}
    cand_feats = []
    for i, c in enumerate(cands):
        text = resumes.render(c, resumes.initial_state(c), family=family[c.track])
        cand_feats.append(
            CandidateFeatures(
                key=i, skills=(*c.skills, *c.soft_skills), years=c.years_of_experience,
                location=c.location, preferred_locations=c.preferred_locations,
                open_to_remote=c.open_to_remote, salary_min=c.salary_min,
                salary_max=c.salary_max, preferred_stages=c.preferred_stages,
                related_skills=implied_skills(c.skills),
                titles=tuple(p.title for p in c.positions), occupations=text_occupations(text),
                text=text,
            )
        )  # fmt: skip
    job_feats = []
    for j, p in enumerate(posts):
        parsed = parse_posting(title=p.title, description=p.description, location=p.location)
        job_feats.append(
            JobFeatures(
                key=j, title=p.title, company=p.company,
                required_skills=tuple(parsed.required_skills),
                nice_to_have_skills=tuple(parsed.nice_to_have_skills), seniority=p.seniority,
                min_years=parsed.min_years, max_years=parsed.max_years, location=p.location,
                remote=p.remote, salary_min=p.salary_min, salary_max=p.salary_max,
                company_stage=p.company_stage, industry=p.industry,
                skill_sources=parsed.skill_sources,
                text=f"{p.title}\n{parsed.requirements_text or p.description}",
            )
        )  # fmt: skip
    return cand_feats, job_feats


def engine_run(cand_feats, job_feats, batch: int) -> tuple[int, float]:
    from profiles.matching.engine import prepare_jobs, scored_ahead
    from profiles.matching.explain import Explainer, stored_pairs
    from profiles.occupations import title_occupations
    from recruitly.gcpause import gc_paused

    stored = above = 0
    started = time.perf_counter()
    job_set = prepare_jobs(job_feats, occupations=title_occupations)
    prepared = time.perf_counter() - started
    print(f"jobs prepared (text and title indexes) in {prepared:.1f} s")
    explainer = Explainer(job_feats)
    chunks = (
        (cand_feats[i : i + batch], cand_feats[i : i + batch], WEIGHTS)
        for i in range(0, len(cand_feats), batch)
    )
    # as profiles.services.scoring runs a batch: the next one scored while this one is explained
    for chunk, m in scored_ahead(chunks, job_set):
        with gc_paused():
            above += int((m.compatibility >= THRESHOLD).sum())
            stored += sum(len(s.cols) for s in stored_pairs(m, chunk, explainer, THRESHOLD, CAP))
        del m
    elapsed = time.perf_counter() - started
    engine = engine_alone(cand_feats, job_set, batch)
    print(f"pairs at or above {THRESHOLD:g} before the per-candidate cap of {CAP}: {above:,}")
    print(f"engine alone (score_matrix, all components, {len(cand_feats):,} x "
          f"{len(job_feats):,}, timed after the run): {engine:.1f} s; with preparing the jobs: "
          f"{engine + prepared:.1f} s (target: at most 10 s)")  # fmt: skip
    return stored, elapsed


def engine_alone(cand_feats, job_set, batch: int) -> float:
    """The engine's own time, batch after batch on one thread (not part of the run's time)."""
    from profiles.matching.engine import score_matrix

    began = time.perf_counter()
    for i in range(0, len(cand_feats), batch):
        score_matrix(cand_feats[i : i + batch], job_set, WEIGHTS)
    return time.perf_counter() - began


def db_run(
    cands, posts, batch: int, repeat: int = 1, changed: float = 0.0
) -> tuple[int, list[float], float]:
    """The full service; with ``DATABASE_URL`` set (an empty PostgreSQL database) there, else
    on a throw-away SQLite file. Run ``repeat`` times: the first run inserts, later runs are
    the nightly re-score that updates every stored pair in place, after editing the
    description of a ``changed`` share of the postings (a night's edits: the job set is
    prepared again, reading only the edited postings)."""
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
                job_titles=[p.title for p in c.positions],
            )
            for u, c in zip(users, cands, strict=True)
        ],
        batch_size=1000,
    )  # fmt: skip
    resumes_store(profiles, cands)
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
    upsert = scoring._upsert

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        upsert(*args, **kwargs)
        WRITES.append(time.perf_counter() - began)

    scoring._upsert = timed  # the write step's own time, printed beside the total
    times = []
    job_ids = list(JobListing.objects.order_by("pk").values_list("pk", flat=True))
    for run in range(repeat):
        if run and changed:
            from django.db.models import F, Value
            from django.db.models.functions import Concat

            edited = job_ids[run % 7 :: max(1, round(1 / changed))]
            JobListing.objects.filter(pk__in=edited).update(
                description=Concat(F("description"), Value(f" Revised ({run})."))
            )
            print(f"edited {len(edited):,} postings before run {run + 1}")
        started = time.perf_counter()
        summary = scoring.job_scores_compute(candidates=profiles)
        times.append(time.perf_counter() - started)
    return summary.stored, times, summary.pairs


def resumes_store(profiles, cands) -> None:
    """Each candidate's simulated resume as their newest version (text and title relevance
    carry 70 % of the default weights, so a bench without resumes stores nothing)."""
    import hashlib

    from learning.simulation import catalog, resumes
    from profiles.models import ResumeVersion
    from profiles.occupations import text_occupations

    family = {t.key: t.family for t in catalog.TRACKS}
    rows = []
    for profile, c in zip(profiles, cands, strict=True):
        text = resumes.render(c, resumes.initial_state(c), family=family[c.track])
        rows.append(
            ResumeVersion(
                candidate=profile, version=1, text=text,
                source_hash=hashlib.sha256(text.encode()).hexdigest(),
                parsed_data={"occupations": text_occupations(text)},
            )
        )  # fmt: skip
    ResumeVersion.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--db", action="store_true", help="run the full service with writes")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs: engine runs, or service runs with --db"
    )
    parser.add_argument(
        "--changed", type=float, default=0.05,
        help="with --db: share of the postings edited before each re-score",
    )  # fmt: skip
    args = parser.parse_args()
    began = time.perf_counter()
    cands, posts = world(args.candidates, args.jobs)
    print(
        f"world: {len(cands)} candidates, {len(posts)} jobs in {time.perf_counter() - began:.1f} s"
    )
    if args.db:
        db_main(cands, posts, args)
        return
    began = time.perf_counter()
    cand_feats, job_feats = features(cands, posts)
    print(f"features (parse postings, render resumes) in {time.perf_counter() - began:.1f} s")
    pairs = len(cands) * len(posts)
    rates = []
    for run in range(max(args.repeat, 1)):
        print(f"-- engine run {run + 1}" + (" (cold: first use of the caches)" if not run else ""))
        stored, elapsed = engine_run(cand_feats, job_feats, args.batch)
        bound = numpy_bound(len(cands), len(posts))
        print(f"numpy bound (weighted sum of 7 dense matrices): {bound:.2f} s; "
              f"ours = {elapsed / bound:.1f}x the bound")  # fmt: skip
        print(
            f"engine + explanations (no database): {pairs:,} pairs scored, {stored:,} stored "
            f"(>= {THRESHOLD:g}, best {CAP} per candidate) in {elapsed:.1f} s = "
            f"{pairs / elapsed:,.0f} pairs/s"
        )
        rates.append(pairs / elapsed)
        print("target: at most 10 s ->", "PASS" if elapsed <= 10 else "FAIL")
    if len(rates) > 1:
        print(f"pairs/s over {len(rates)} runs: best {max(rates):,.0f}, "
              f"median {float(np.median(rates)):,.0f}, worst {min(rates):,.0f} "
              f"(issue 15 asks >= 2,000,000)")  # fmt: skip


def db_main(cands, posts, args) -> None:
    stored, times, pairs = db_run(cands, posts, args.batch, args.repeat, args.changed)
    from django.db import connection

    writes = WRITES
    per_run = len(writes) // len(times)
    for i, elapsed in enumerate(times):
        written = sum(writes[i * per_run : (i + 1) * per_run])
        print(f"run {i + 1} ({'insert' if i == 0 else 're-score, update in place'}): "
              f"{pairs:,} pairs, {stored:,} stored in {elapsed:.1f} s = {pairs / elapsed:,.0f} "
              f"pairs/s; writing {written:.2f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        bound = copy_bound()
        best = min(times)
        ratio = best / bound
        print(f"bound in the same run: COPY of the {stored:,} stored rows into an empty "
              f"table {bound:.2f} s; ours (best run) {best:.1f} s = {ratio:.1f}x it")  # fmt: skip
        dense = numpy_bound(len(cands), len(posts))
        print(f"end-to-end bound in the same run: numpy's weighted sum of 7 dense matrices "
              f"{dense:.2f} s + that COPY {bound:.2f} s = {dense + bound:.2f} s "
              f"({pairs / (dense + bound):,.0f} pairs/s); ours (best run) = "
              f"{best / (dense + bound):.1f}x it")  # fmt: skip
    best = min(times)
    print("target: at least 1,000,000 pairs/s end to end ->",
          "PASS" if pairs / best >= 1_000_000 else "FAIL")  # fmt: skip


def copy_bound() -> float:
    """PostgreSQL's floor for the write: COPY the stored rows (as text) into a fresh table."""
    import io

    from django.db import connection

    from profiles.services.scoring import _COLUMNS

    cols = ", ".join(_COLUMNS)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY (SELECT {cols} FROM profiles_jobscore) TO STDOUT") as copy:
            for block in copy:
                buffer.write(block)
        cursor.execute("DROP TABLE IF EXISTS bench_copy_bound")
        cursor.execute(
            f"CREATE TABLE bench_copy_bound AS SELECT {cols} FROM profiles_jobscore WITH NO DATA"
        )
        started = time.perf_counter()
        with raw.copy(f"COPY bench_copy_bound ({cols}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_bound")
    return elapsed


def numpy_bound(rows: int, cols: int) -> float:
    rng = np.random.default_rng(0)
    parts = [rng.random((rows, cols)) for _ in range(7)]
    started = time.perf_counter()
    total = np.zeros((rows, cols))
    for weight, part in zip(WEIGHTS.values(), parts, strict=True):
        total += weight * part
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
