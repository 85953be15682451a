"""Benchmark daily digests: 10,000 candidates, one digest each (target: at most 60 s).

    .venv/bin/python bench/digest_bench.py [--candidates 10000] [--jobs 200] [--no-mail]
        [--workers 2]

Builds a throw-away SQLite database (or, with ``DATABASE_URL``, fills that empty PostgreSQL
database) with simulator candidates scored against simulator jobs
(about 20 stored matches each), then times ``digests_generate`` in the task's batches of
500: new matches, totals, market trends, skill advice, the summary through the AI layer
(local provider, logged), the HTML page and the mail (locmem backend), with ``DEBUG`` off as
in production. It prints the CPU
seconds of the process and of its PostgreSQL backend too: wall time on a shared machine
depends on what else runs. With ``--workers N`` the daily task runs on a real celery worker
of N prefork processes (Redis broker) as in production: fan-out, batches, send tasks with
their claims, timed until every mail is marked sent.
"""

from __future__ import annotations

import argparse
import gc
import os
import secrets
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_world(n_candidates: int, n_jobs: int) -> None:
    import score_bench
    from django.contrib.auth import get_user_model

    from profiles.feeds.normalize import skills_of
    from profiles.models import CandidateProfile, JobListing
    from profiles.services.scoring import job_scores_compute

    cands, posts = score_bench.world(n_candidates, n_jobs)
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(username=c.username, email=c.email) for c in cands], batch_size=1000
    )
    profiles = CandidateProfile.objects.bulk_create(
        [
            CandidateProfile(
                user=u, full_name=c.full_name, email=c.email, location=c.location,
                years_of_experience=c.years_of_experience, programming_languages=list(c.skills),
                soft_skills=list(c.soft_skills), preferred_locations=list(c.preferred_locations),
                open_to_remote=c.open_to_remote, salary_range_min=c.salary_min,
                salary_range_max=c.salary_max, job_titles=[p.title for p in c.positions],
            )
            for u, c in zip(users, cands, strict=True)
        ],
        batch_size=1000,
    )  # fmt: skip
    score_bench.resumes_store(profiles, cands)
    JobListing.objects.bulk_create(
        [
            JobListing(
                title=p.title, company=p.company, company_stage=p.company_stage,
                industry=p.industry, seniority=p.seniority, location=p.location, remote=p.remote,
                salary_min=p.salary_min, salary_max=p.salary_max, salary_currency="USD",
                required_skills=skills_of(p.title, p.description)[0], description=p.description,
                url=p.url, source="bench", external_id=p.external_id,
                content_hash=p.content_hash, posted_at=p.posted_at,
            )
            for p in posts
        ],
        batch_size=1000,
    )  # fmt: skip
    profiles = list(CandidateProfile.objects.select_related("user").order_by("pk"))
    job_scores_compute(candidates=profiles)
    from django.db import connection

    if connection.vendor == "postgresql":
        # The morning's digests run hours after the night's scoring, when autovacuum has
        # analysed the new matches; without statistics the planner guesses most of the table
        # per batch and JIT-compiles the window query (about 1 s of 1.1 s per 500 digests).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _proc_cpu(pid: int, missing: float = 0.0) -> float:
    """CPU seconds (user + system) of one process so far, from /proc (``missing`` when it is
    gone or elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return missing
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _backend_cpu_reader(connection):  # type: ignore[no-untyped-def]
    """A function returning the CPU seconds (user + system) of this connection's PostgreSQL
    backend process so far, read from /proc (NaN when the server is elsewhere or not PG)."""
    if connection.vendor != "postgresql":
        return lambda: float("nan")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return lambda: _proc_cpu(pid, missing=float("nan"))


def _tree_cpu(root: int) -> float:
    """CPU seconds of ``root`` and all its descendants (the worker and its prefork children)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(_proc_cpu(pid) for pid in tree)


def _backends_cpu(connection) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """CPU seconds of every other backend connected to this database, by pid."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return {pid: _proc_cpu(pid) for (pid,) in cursor.fetchall()}


def workers_run(day: date, expected: int, concurrency: int) -> None:
    """The production path on ``concurrency`` worker processes: ``digests_daily`` fans the
    candidates out in chunks to ``digests_batch`` tasks; each sends its mails right after its
    commit (claim, deliver with the locmem backend, mark); timed from the dispatch until every
    outbox row is sent. Starting the worker is not timed.
    """
    from bench_worker import celery_worker
    from django.db import connection
    from django.db.models import Count, Q

    from profiles.models import DigestMail, DigestMailStatus
    from recruitly.celery import app

    broker = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
    s = connection.settings_dict
    url = (
        f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}"
        f":{s['PORT'] or 5432}/{s['NAME']}"
    )
    log = Path(os.environ["RECRUITLY_VAR_DIR"]) / "worker.log"
    with celery_worker(
        prefix="digest-bench", concurrency=concurrency, broker=broker, database_url=url, log=log
    ) as bench_worker:
        worker, queue = bench_worker.process, bench_worker.queue
        cpu_before, backends_before = _tree_cpu(worker.pid), _backends_cpu(connection)
        started = time.perf_counter()
        app.send_task("profiles.digests_daily", args=[day.isoformat()], queue=queue)
        sent = rows = 0
        mails = DigestMail.objects.filter(digest__digest_date=day)
        while sent < expected and time.perf_counter() - started < 1800:
            # every 0.1 s, one query: polling takes CPU from the two cores the run measures
            time.sleep(0.1)
            counts = mails.aggregate(
                rows=Count("pk"), sent=Count("pk", filter=Q(status=DigestMailStatus.SENT))
            )
            rows, sent = counts["rows"], counts["sent"]
        elapsed = time.perf_counter() - started
        # what the run cost the machine, whatever else it ran: the worker's processes and
        # the database backends they used (their connections persist, CONN_MAX_AGE)
        worker_cpu = _tree_cpu(worker.pid) - cpu_before
        backends = _backends_cpu(connection)
        db_cpu = sum(cpu - backends_before.get(pid, 0.0) for pid, cpu in backends.items())
    mails = DigestMail.objects.filter(digest__digest_date=day)
    twice = mails.exclude(attempts=1).count()
    print(
        f"{sent:,} digests with their mails sent ({rows:,} outbox rows, {twice} claimed more "
        f"than once) in {elapsed:.1f} s = {1000 * elapsed / max(sent, 1):.2f} ms each, "
        f"on {concurrency} worker processes (celery prefork, Redis)"
    )
    n = max(sent, 1)
    print(
        f"CPU: the worker's processes {worker_cpu:.1f} s = {1000 * worker_cpu / n:.2f} ms per "
        f"digest; their database backends {db_cpu:.1f} s = {1000 * db_cpu / n:.2f} ms; "
        f"{1000 * (worker_cpu + db_cpu) / n / concurrency:.2f} ms of wall per digest if "
        f"{concurrency} cores ran nothing else"
    )
    target = 15 * sent / 10_000
    print(f"target: at most 15 s per 10,000 digests ({target:.1f} s for {sent:,}) ->",
          "PASS" if elapsed <= target and sent == expected else "FAIL")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--no-mail", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=0,
        help="run the daily task on a real celery worker with this concurrency (prefork; needs "
        "Redis at CELERY_BROKER_URL, default redis://127.0.0.1:6379/0, and PostgreSQL)",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ["RECRUITLY_VAR_DIR"] = tempfile.mkdtemp(prefix="recruitly-bench-")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # as in production: with DEBUG on, Django keeps every statement's SQL of the process
    # (connection.queries) and wraps each cursor call to time it
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection

    from profiles.models import DailyDigest, JobScore
    from profiles.services.digests import digests_generate
    from profiles.tasks import DIGEST_BATCH

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    setup_world(args.candidates, args.jobs)
    print(
        f"world: {args.candidates:,} candidates, {args.jobs} jobs, "
        f"{JobScore.objects.count():,} stored matches in {time.perf_counter() - began:.1f} s"
    )
    day = date(2026, 11, 22)
    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    if args.workers:
        workers_run(day, args.candidates, args.workers)
        return
    # what a worker process does before its first task (recruitly.celery): the setup's
    # objects stay out of the garbage collector's full passes, as Django's do there
    gc.collect()
    gc.freeze()
    backend = _backend_cpu_reader(connection)
    started, cpu, db_cpu = time.perf_counter(), time.process_time(), backend()
    cursor: int | None = 0
    with connection.execute_wrapper(count):
        while cursor is not None:  # what the daily task does, one batch per call
            cursor = digests_generate(
                day=day, after_id=cursor, limit=DIGEST_BATCH, send=not args.no_mail
            )
    elapsed = time.perf_counter() - started
    cpu, db_cpu = time.process_time() - cpu, backend() - db_cpu
    made = DailyDigest.objects.filter(digest_date=day).count()
    again = time.perf_counter()
    digests_generate(day=day, send=not args.no_mail)  # a second run the same day adds nothing
    rerun = time.perf_counter() - again
    print(
        f"{made:,} digests ({len(getattr(mail, 'outbox', [])):,} mails) in {elapsed:.1f} s = "
        f"{1000 * elapsed / max(made, 1):.2f} ms each, {statements[0] / max(made, 1):.2f} SQL "
        f"statements each ({connection.vendor}); a second run added "
        f"{DailyDigest.objects.filter(digest_date=day).count() - made} in {rerun:.1f} s"
    )
    # CPU seconds do not depend on what else the shared machine runs, wall seconds do
    print(
        f"CPU: this process {cpu:.1f} s = {1000 * cpu / max(made, 1):.2f} ms per digest; "
        + (
            f"its database backend {db_cpu:.1f} s = {1000 * db_cpu / max(made, 1):.2f} ms"
            if db_cpu == db_cpu
            else "database backend not measured (not PostgreSQL on this host)"
        )
    )
    target = 15 * made / 10_000
    print(f"target: at most 15 s per 10,000 digests ({target:.1f} s for {made:,}) ->",
          "PASS" if elapsed <= target else "FAIL")  # fmt: skip


if __name__ == "__main__":
    main()
