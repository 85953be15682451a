"""The periodic analysis at scale: 100 running experiments over 1,000,000 exposures.

    .venv/bin/python bench/experiments_analysis.py [--experiments 100] [--per-experiment 10000]
        [--database sqlite:////tmp/bench.sqlite3]   # a database of an earlier run is reused

Setup (not timed) writes straight to a scratch database: 50,000 candidates, 10,000 exposed
assignments per experiment (1,000,000 in total, users shared between experiments as in real
traffic), and one application plus one response event per candidate (days to response,
interview or rejection). The timed part is exactly what the beat job runs:
``experiments_analyse(now=...)`` reads the exposures and events, computes every metric and
decision and stores 100 analyses.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

import numpy as np
from experiments_bench_setup import django_on_scratch_database

USERS = 50_000
COMPONENT = "strategy.improve_resume_threshold"


def _setup(experiments: int, per_experiment: int, rng: np.random.Generator):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from experiments.models import Assignment, Experiment, ExperimentStatus
    from experiments.services import experiment_create
    from recruitly.eventlog.models import Event

    now = timezone.now()
    user_model = get_user_model()
    user_model.objects.bulk_create(
        (user_model(username=f"c{i}", password="!") for i in range(USERS)), batch_size=5000
    )
    user_ids = np.array(user_model.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(experiments):
        experiment_create(
            key=f"bench-{i}",
            name=f"bench {i}",
            component=COMPONENT,
            hypothesis="bench",
            variants=[
                {"key": "control", "value": 75, "is_control": True},
                {"key": "treatment", "value": 70},
            ],
            guardrail_metrics=["days_to_response", "applications_per_week"],
            rollback_plan="back to 75",
            acting_user=None,
        )
    # 100 experiments on one component would never pass the start checks together: the
    # benchmark measures the analysis, so it sets them running directly.
    started = now - timedelta(days=14)
    Experiment.objects.update(
        status=ExperimentStatus.RUNNING,
        rollout_stage=100,
        started_at=started,
        stage_changed_at=started,
    )
    rows = []
    for experiment in Experiment.objects.prefetch_related("variants"):
        variants = list(experiment.variants.all())
        chosen = rng.choice(user_ids, size=per_experiment, replace=False)
        arms = rng.integers(0, 2, size=per_experiment)
        offsets = rng.uniform(0, 13 * 86400, size=per_experiment)
        rows += [
            Assignment(
                experiment=experiment,
                variant=variants[a],
                user_id=int(u),
                bucket=0.5,
                first_exposed_at=started + timedelta(seconds=float(o)),
            )
            for u, a, o in zip(chosen, arms, offsets, strict=True)
        ]
    Assignment.objects.bulk_create(rows, batch_size=5000)
    events = []
    for u in user_ids:
        applied = started + timedelta(seconds=float(rng.uniform(0, 13 * 86400)))
        days = float(rng.uniform(1, 20))
        context = {"strategy_mode": "APPLY_MODE", "fit_score": 70}
        events.append(
            Event(
                event_id=f"a{u}",
                event_type="APPLICATION_SUBMITTED",
                family="application",
                user_id=int(u),
                occurred_at=applied,
                payload={"application_id": f"app{u}", "context": context},
            )
        )
        status = "interview" if rng.random() < 0.15 else "rejected"
        events.append(
            Event(
                event_id=f"s{u}",
                event_type="STATUS_CHANGED",
                family="application",
                user_id=int(u),
                occurred_at=min(applied + timedelta(days=days), now),
                payload={
                    "application_id": f"app{u}",
                    "context": context,
                    "outcome": {"status": status, "days_to_response": days},
                },
            )
        )
    Event.objects.bulk_create(events, batch_size=5000)
    return now, len(rows), len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experiments", type=int, default=100)
    parser.add_argument("--per-experiment", type=int, default=10_000)
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = django_on_scratch_database(args.database, keep=True)

    from django.utils import timezone

    from experiments.models import Analysis, Assignment, Experiment
    from experiments.services import experiments_analyse
    from recruitly.eventlog.models import Event

    if Experiment.objects.filter(key__startswith="bench-").exists():
        # --database of an earlier run: measure again without the 5-minute setup.
        Analysis.objects.all().delete()
        Experiment.objects.update(status="running", rollout_stage=100, last_analysed_at=None)
        now = timezone.now()
        print(
            f"reusing {Experiment.objects.count()} experiments, "
            f"{Assignment.objects.count():,} exposures, {Event.objects.count():,} events"
        )
    else:
        started = time.perf_counter()
        rng = np.random.default_rng(1)
        now, exposures, events = _setup(args.experiments, args.per_experiment, rng)
        print(
            f"setup: {args.experiments} experiments, {exposures:,} exposures, {events:,} events "
            f"in {time.perf_counter() - started:.1f} s (not timed)"
        )
    started, cpu = time.perf_counter(), time.process_time()
    analyses = experiments_analyse(now=now)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    actions: dict[str, int] = {}
    for analysis in analyses:
        actions[analysis.action] = actions.get(analysis.action, 0) + 1
    load = os.getloadavg()[0]
    print(
        f"analysis of {len(analyses)} experiments: {elapsed:.2f} s wall, {cpu:.2f} s CPU "
        f"(1-minute load average {load:.1f} on {os.cpu_count()} cores) {actions}"
    )
    if folder is not None:
        print(f"measure again: --database sqlite:///{folder / 'bench.sqlite3'} (then delete it)")


if __name__ == "__main__":
    main()
