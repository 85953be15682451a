"""Assignment throughput of the experiments app.

    .venv/bin/python bench/experiments_assignment.py [--users 1000000]

1. In-process assignment (the hash and the variant ranges, what every exposure computes):
   ``Allocation.assign(user_id)`` for ``--users`` ids, single thread.
2. Sticky bulk enrolment with the database (``experiment_assign_many``: existing rows, opt-outs,
   bulk insert) for 50,000 users, then again for the same users (all sticky hits).
3. The per-request resolver path (``resolve(component, user)``), first exposure and repeat, for
   2,000 users.
"""

from __future__ import annotations

import argparse
import time

from experiments_bench_setup import django_on_scratch_database


def _report(label: str, count: int, elapsed: float) -> None:
    print(f"{label}: {count:,} in {elapsed:.2f} s = {count / elapsed:,.0f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    from experiments.allocation import Allocation

    layout = Allocation("bench", ("control", "treatment"), (0.5, 0.5), 1.0)
    started = time.perf_counter()
    for user_id in range(args.users):
        layout.assign(user_id)
    elapsed = time.perf_counter() - started
    print(
        f"in-process assignment: {args.users:,} in {elapsed:.2f} s = {args.users / elapsed:,.0f}/s"
    )

    django_on_scratch_database(args.database)
    from django.contrib.auth import get_user_model

    from experiments.services import (
        experiment_assign_many,
        experiment_create,
        experiment_stage_advance,
        experiment_start,
    )
    from recruitly.spine.resolver import resolve

    experiment = experiment_create(
        key="bench-assign",
        name="bench",
        component="strategy.improve_resume_threshold",
        hypothesis="bench",
        variants=[{"key": "control", "value": 75, "is_control": True}, {"key": "t", "value": 70}],
        guardrail_metrics=["days_to_response"],
        rollback_plan="back to 75",
        acting_user=None,
    )
    experiment_start(experiment=experiment, acting_user=None)
    for _ in range(2):
        experiment = experiment_stage_advance(
            experiment=experiment, acting_user=None, reason="bench"
        )
    user_model = get_user_model()
    user_model.objects.bulk_create(
        (user_model(username=f"b{i}", password="!") for i in range(52_000)), batch_size=2000
    )
    users = list(user_model.objects.order_by("pk"))
    bulk, single = users[:50_000], users[50_000:]
    for label in ("first exposure", "sticky repeat"):
        started = time.perf_counter()
        experiment_assign_many(experiment=experiment, users=bulk)
        _report(f"bulk enrolment, {label}", len(bulk), time.perf_counter() - started)
    for label in ("first exposure (one INSERT each)", "sticky repeat"):
        started = time.perf_counter()
        for user in single:
            resolve("strategy.improve_resume_threshold", user)
        _report(f"resolver per request, {label}", len(single), time.perf_counter() - started)


if __name__ == "__main__":
    main()
