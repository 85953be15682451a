"""The nightly analysis at scale: 1,000,000 application events from 50,000 users, PostgreSQL.

    createdb -h 127.0.0.1 -U postgres recruitly_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/recruitly_bench \\
        .venv/bin/python bench/analyze_bench.py [--users 50000] [--applications 500000]

Setup (not timed): migrate, create the users, and COPY the event log straight into
``learning_event``: every application is one APPLICATION_SUBMITTED and one STATUS_CHANGED
event (2 x 500,000 = 1,000,000 application events), plus the resume edits and rewrite
suggestions of those users. Outcomes follow the simulator's true model
(:mod:`learning.simulation.model`: true fit weights, latent quality, the added_metrics edit,
the confounded weekday), so every optimizer has real work to do. ``--reuse`` skips the setup
when the events are already there.

Timed: ``analysis_run_nightly`` end to end — batched COPY reads of the event table, every
analytics and optimizer step, and the recommendation writes — exactly what the beat job runs.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WINDOW_END = datetime(2026, 11, 1, tzinfo=UTC)
SEARCH_DAYS = 120
SENIORITIES = ("entry", "mid", "senior", "lead")
INDUSTRIES = ("software", "fintech", "healthcare", "logistics", "retail", "media", "energy")
CITIES = ("Austin, TX", "Denver, CO", "Boston, MA", "Seattle, WA", "Chicago, IL", "Remote")
STAGES = ("seed", "series_a", "series_b", "growth", "public", "enterprise")
TITLES = ("Backend Engineer", "Data Analyst", "Registered Nurse", "Accountant", "Designer")
MODES = ("APPLY_MODE", "IMPROVE_RESUME_FIRST", "RETHINK_TARGETS")
CATEGORIES = ("reach", "target", "safety")
PLATFORM_WEIGHTS = np.array([0.40, 0.30, 0.20, 0.10, 0.00])
# source, created_at, updated_at of every copied row (Django fills them, the table does not)
TAIL = f"\tbench\t{WINDOW_END.isoformat()}\t{WINDOW_END.isoformat()}"


def _django(url: str) -> None:
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (see the docstring)")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _month_partitions() -> None:
    """The monthly partitions of the events' months (14 before ``WINDOW_END``'s to the one
    after it), made by the beat's own ``partitions_ensure``; without them every row would land
    in the default partition (the migration creates months from the current date on)."""
    from recruitly.eventlog.partitions import add_months, month_of, partitions_ensure

    partitions_ensure(15, today=add_months(month_of(WINDOW_END.date()), -14))


def _users(count: int) -> np.ndarray:
    from django.contrib.auth import get_user_model

    model = get_user_model()
    model.objects.filter(username__startswith="bench-").delete()
    model.objects.bulk_create(
        (model(username=f"bench-{i}", password="!") for i in range(count)), batch_size=10_000
    )
    pks = model.objects.filter(username__startswith="bench-").order_by("pk")
    return np.array(pks.values_list("pk", flat=True))


def _stamp(seconds: np.ndarray) -> np.ndarray:
    base = np.datetime64(WINDOW_END.replace(tzinfo=None), "s")
    return np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")


class World:
    """Per-user and per-application draws from the simulator's true model."""

    def __init__(self, rng: np.random.Generator, users: int, applications: int) -> None:
        from learning.simulation import model

        self.q = rng.standard_normal(users)
        self.s0 = np.clip(62 + 8 * (0.3 * self.q + 0.95 * rng.standard_normal(users)), 40, 98)
        self.seniority = rng.integers(len(SENIORITIES), size=users)
        self.start = -rng.uniform(SEARCH_DAYS + 40, 365, users) * 86400
        self.suggested = rng.random(users) < model.INSTRUMENT_SHARE
        suggest_at = self.start + rng.uniform(1, 10, users) * 86400
        accepted = rng.random(users) < model.SUGGESTION_ACCEPT + model.SUGGESTION_EDIT
        self_made = rng.random(users) < model.self_metrics_probability(self.q)
        self_at = self.start + rng.uniform(0, SEARCH_DAYS / 2, users) * 86400
        edit_at = np.where(self_made, self_at, np.inf)
        by_suggestion = self.suggested & accepted & (suggest_at < edit_at)
        self.edit_at = np.where(by_suggestion, suggest_at + 600, edit_at)
        self.suggest_at = np.where(self.suggested & (suggest_at < edit_at), suggest_at, np.nan)
        self.suggest_accepted = accepted
        self.user = rng.integers(users, size=applications)
        offset = rng.uniform(0, SEARCH_DAYS, applications) * 86400
        days = np.floor((self.start[self.user] + offset) / 86400)
        preferred = rng.random(applications) < model.weekday_preference(self.q[self.user])
        weekday = np.where(
            preferred,
            model.PREFERRED_WEEKDAY,
            rng.choice(7, applications, p=model.BASE_WEEKDAY_SHARES),
        )
        window_weekday = (days + 6) % 7  # days count back from WINDOW_END, a Sunday
        days += (weekday - window_weekday) % 7 - 7
        self.at = days * 86400 + rng.uniform(7, 21, applications) * 3600
        self.components = np.round(rng.uniform(20, 100, (applications, 5)), 1)
        self.metrics = self.at >= self.edit_at[self.user]
        p = model.interview_probability(
            self.components, self.q[self.user], self.s0[self.user], self.metrics
        )
        self.interviewed = rng.random(applications) < p
        self.rejected = ~self.interviewed & (rng.random(applications) < model.REJECT_SHARE)
        self.days = np.where(
            self.interviewed,
            2 + rng.gamma(2, 4, applications),
            np.where(self.rejected, 3 + rng.gamma(2, 6, applications), 30.0),
        )
        self.job = rng.integers(20_000, size=applications)


def _application_lines(world: World, user_pks: np.ndarray) -> io.StringIO:
    n = len(world.user)
    at, answered_at = _stamp(world.at), _stamp(world.at + world.days * 86400)
    fit = world.components @ PLATFORM_WEIGHTS
    score = np.round(world.s0[world.user] + 6 * world.metrics, 1)
    category = np.where(fit > 75, 2, np.where(fit > 55, 1, 0))
    mode = (world.user + world.job) % 3
    status = np.where(
        world.interviewed, "interview", np.where(world.rejected, "rejected", "ghosted")
    )
    out = io.StringIO()
    for i in range(n):
        c = world.components[i]
        job = world.job[i]
        u = world.user[i]
        payload = (
            f'{{"application_id": "b-{i}", "job_id": "bj-{job}", "resume_version_id": "br-{u}", '
            f'"context": {{"strategy_mode": "{MODES[mode[i]]}", "fit_score": {fit[i]:.1f}, '
            f'"category": "{CATEGORIES[category[i]]}", "resume_score": {score[i]}, '
            f'"tailoring_applied": {"true" if i % 3 else "false"}, "fit_components": '
            f'{{"skills": {c[0]}, "experience": {c[1]}, "location": {c[2]}, "salary": {c[3]}, '
            f'"culture": {c[4]}}}, "job_characteristics": {{"title": "{TITLES[job % 5]}", '
            f'"company": "Company {job % 900}", "seniority": '
            f'"{SENIORITIES[world.seniority[u]]}", "location": "{CITIES[job % 6]}", '
            f'"industry": "{INDUSTRIES[job % 7]}", "company_stage": "{STAGES[job % 6]}"}}}}'
        )
        pk = user_pks[u]
        out.write(
            f"b-s-{i}\tAPPLICATION_SUBMITTED\tapplication\t{pk}\t{at[i]}+00\t{payload}}}{TAIL}\n"
        )
        outcome = (
            f', "outcome": {{"status": "{status[i]}", "days_to_response": {world.days[i]:.2f}}}}}'
        )
        out.write(
            f"b-o-{i}\tSTATUS_CHANGED\tapplication\t{pk}\t{answered_at[i]}+00\t{payload}{outcome}{TAIL}\n"
        )
    return out


def _other_lines(world: World, user_pks: np.ndarray) -> io.StringIO:
    out = io.StringIO()
    edited = np.flatnonzero(np.isfinite(world.edit_at))
    for u, when in zip(edited, _stamp(world.edit_at[edited]), strict=True):
        before = round(float(world.s0[u]), 1)
        payload = (
            f'{{"resume_version_id": "br-{u}", "edit_type": "added_metrics", "rewrite_type": '
            f'"bullet", "before_score": {before}, "after_score": {before + 6}, "score_delta": 6, '
            f'"user_accepted": true}}'
        )
        out.write(f"b-e-{u}\tRESUME_REWRITTEN\tresume\t{user_pks[u]}\t{when}+00\t{payload}{TAIL}\n")
    told = np.flatnonzero(~np.isnan(world.suggest_at))
    for u, when in zip(told, _stamp(world.suggest_at[told]), strict=True):
        kind = "SUGGESTION_ACCEPTED" if world.suggest_accepted[u] else "SUGGESTION_REJECTED"
        payload = (
            '{"suggestion_type": "rewrite", "suggested_content": {"edit_type": "added_metrics"}, '
            f'"suggestion_id": "bs-{u}"}}'
        )
        out.write(f"b-g-{u}\t{kind}\tfeedback\t{user_pks[u]}\t{when}+00\t{payload}{TAIL}\n")
    return out


def _copy(buffer: io.StringIO) -> None:
    from django.db import connection

    buffer.seek(0)
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(
            "COPY learning_event (event_id, event_type, family, user_id, occurred_at, payload, "
            "source, created_at, updated_at) FROM STDIN"
        ) as copy,
    ):
        while chunk := buffer.read(8 << 20):
            copy.write(chunk)
    connection.connection.commit()


def setup(users: int, applications: int, seed: int) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE learning_event CASCADE")  # and its quarantine rows
    _month_partitions()
    user_pks = _users(users)
    world = World(np.random.default_rng(seed), users, applications)
    _copy(_application_lines(world, user_pks))
    _copy(_other_lines(world, user_pks))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE learning_event")
    print(f"setup: {time.perf_counter() - started:.1f} s (not timed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the events already loaded")
    args = parser.parse_args()
    _django(os.environ.get("DATABASE_URL", ""))

    from django.db import connection

    from learning.models import AnalysisRun, Recommendation
    from learning.services.analysis import analysis_run_nightly
    from recruitly.eventlog.models import Event

    if not (args.reuse and Event.objects.exists()):
        setup(args.users, args.applications, args.seed)
    counts = {
        f: Event.objects.filter(family=f).count() for f in ("application", "resume", "feedback")
    }
    print(f"events: {counts}")
    Recommendation.objects.all().delete()
    AnalysisRun.objects.all().delete()
    connection.close()  # the timed part opens its own connection, as the worker would

    marks: list[tuple[str, float]] = []
    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        marks.append((step, time.perf_counter() - started))

    run = analysis_run_nightly(window_end=WINDOW_END, progress=progress)
    elapsed = time.perf_counter() - started
    previous = 0.0
    for step, at in marks:
        print(f"  {step:<20} done at {at:6.2f} s (+{at - previous:.2f})")
        previous = at
    print(f"nightly analysis: {elapsed:.2f} s, status {run.status if run else 'not run'}")
    for rec in Recommendation.objects.order_by("kind"):
        print(f"  [{rec.status}/{rec.route}] {rec.component}: {rec.reasoning[:150]}")


if __name__ == "__main__":
    main()
