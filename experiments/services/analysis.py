"""The periodic analysis: statistics per metric and variant, the rule's verdict, and its action.

Runs every 30 minutes (celery beat) and from ``manage.py analyze_experiments``. Idempotent per
30-minute window: an experiment is claimed with a conditional UPDATE of ``last_analysed_at``
and stores at most one :class:`Analysis` row per window, so two workers never act twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from experiments.metrics import (
    MetricDefinition,
    arm_statistics,
    events_prepare,
    experiment_frames,
    metric_get,
)
from experiments.models import Analysis, AnalysisAction, Experiment, ExperimentStatus, Variant
from experiments.selectors import analysis_latest, assignment_frame, event_frame
from experiments.services.jsonsafe import json_safe
from experiments.services.lifecycle import (
    experiment_audit_record,
    experiment_stage_advance,
    experiment_stop,
)
from experiments.services.notify import reviewers_notify
from experiments.services.shipping import experiment_rollback, experiment_ship
from experiments.stats import (
    CupedStats,
    Decision,
    DecisionRule,
    Look,
    MetricAnalysis,
    MetricSpec,
    RatioStats,
    SampleStats,
    analyse,
    chance_to_beat,
    compare_cuped,
)

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=30)
EMPTY = {
    "binomial": SampleStats(0, 0, 0),
    "mean": SampleStats(0, 0, 0),
    "ratio": RatioStats(0, 0, 0, 0, 0, 0),
}


def analysis_window(now: datetime) -> datetime:
    seconds = int(WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def _claim(experiment: Experiment, window: datetime, now: datetime) -> bool:
    return (
        Experiment.objects.filter(pk=experiment.pk, status=ExperimentStatus.RUNNING)
        .filter(Q(last_analysed_at__isnull=True) | Q(last_analysed_at__lt=window))
        .update(last_analysed_at=now)
        == 1
    )


def experiments_analyse(
    *, now: datetime | None = None, keys: list[str] | None = None
) -> list[Analysis]:
    """Analyse every running experiment (or those in ``keys``) not yet analysed this window.

    Reads the exposures and events of all of them at once, evaluates each without holding
    a write lock, then stores the analyses and carries out the decisions in one transaction
    (a savepoint per experiment, so one failure does not undo the others).
    """
    now = now or timezone.now()
    running = Experiment.objects.filter(status=ExperimentStatus.RUNNING)
    if keys:
        running = running.filter(key__in=keys)
    window = analysis_window(now)
    with transaction.atomic():
        claimed = [e for e in running.prefetch_related("variants") if _claim(e, window, now)]
    if not claimed:
        return []
    ids = [e.pk for e in claimed]
    assignments = assignment_frame(experiment_ids=ids)
    since = min(e.started_at or now for e in claimed)
    events = events_prepare(event_frame(experiment_ids=ids, since=since, until=now))
    by_experiment = dict(tuple(assignments.groupby("experiment_id"))) if len(assignments) else {}
    evaluated = []
    for experiment in claimed:
        try:
            mine = by_experiment.get(experiment.pk, assignments.iloc[0:0])
            evaluation = experiment_evaluate(
                experiment=experiment, now=now, assignments=mine, events=events
            )
            evaluated.append((experiment, evaluation))
        except Exception:
            # One broken experiment must not stop the analysis of the others.
            logger.exception("analysis of experiment %s failed", experiment.key)
    done = []
    with transaction.atomic():
        for experiment, evaluation in evaluated:
            try:
                done.append(_store(experiment, now, evaluation))
            except Exception:
                logger.exception("recording the analysis of %s failed", experiment.key)
    return done


def _arms(
    metric: MetricDefinition,
    post: pd.DataFrame,
    variants: list[Variant],
    pre: pd.DataFrame | None = None,
) -> dict[str, Any]:
    stats = arm_statistics(metric, post, pre) if len(post) else {}
    empty = CupedStats(0, 0, 0, 0, 0, 0) if pre is not None else EMPTY[metric.kind]
    return {v.key: stats.get(v.pk, empty) for v in variants}


def _spec(metric: MetricDefinition) -> MetricSpec:
    return MetricSpec(metric.key, metric.kind, metric.higher_is_better)


def _hours(later: datetime, earlier: datetime | None) -> float:
    return (later - earlier).total_seconds() / 3600 if earlier else 0.0


def _metric_result(
    analysis: MetricAnalysis,
    metric: MetricDefinition,
    arms: dict[str, Any],
    control: Variant,
    cuped_arms: dict[str, Any] | None,
) -> dict[str, Any]:
    comparisons = []
    for t in analysis.treatments:
        row = t.as_dict()
        bayes = chance_to_beat(t.comparison, relative=True)
        if bayes is None:
            row["chance_to_beat_control"] = None
        elif metric.higher_is_better:
            row["chance_to_beat_control"] = bayes.chance_to_beat
        else:
            row["chance_to_beat_control"] = 1 - bayes.chance_to_beat
        if cuped_arms is not None:
            adjusted = compare_cuped(
                cuped_arms[control.key], cuped_arms[t.variant], metric=metric.kind
            )
            row["cuped"] = {
                "theta": adjusted.theta,
                "variance_reduction": adjusted.variance_reduction,
                "absolute": adjusted.absolute.as_dict(),
                "relative": adjusted.relative.as_dict(),
            }
        comparisons.append(row)
    return {
        "metric": metric.key,
        "label": metric.label,
        "kind": metric.kind,
        "role": analysis.role,
        "higher_is_better": metric.higher_is_better,
        "correction": analysis.correction,
        "decision_alpha": analysis.decision_alpha,
        "variants": [
            {"variant": key, "is_control": key == control.key, "n": s.n, "mean": s.mean}
            for key, s in arms.items()
        ],
        "comparisons": comparisons,
    }


@dataclass(frozen=True)
class Evaluation:
    """The statistics and the rule's verdict at one moment; nothing stored or acted on."""

    look: Look
    decision: Decision
    results: list[dict[str, Any]]


def experiment_evaluate(
    *,
    experiment: Experiment,
    now: datetime | None = None,
    assignments: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> Evaluation:
    """Compute every metric's statistics and the decision rule's verdict (read-only)."""
    now = now or timezone.now()
    if assignments is None or events is None:
        assignments = assignment_frame(experiment_ids=[experiment.pk])
        since = experiment.started_at or now
        events = event_frame(experiment_ids=[experiment.pk], since=since, until=now)
    rule = DecisionRule.from_dict(experiment.decision_rule)
    variants = sorted(experiment.variants.all(), key=lambda v: (v.position, v.pk))
    control = next(v for v in variants if v.is_control)
    mine = assignments[
        (assignments["experiment_id"] == experiment.pk) & (assignments["exposed_at"] <= now)
    ]
    window = timedelta(days=rule.outcome_window_days) if rule.outcome_window_days else None
    post, pre = experiment_frames(mine, events, now=now, window=window)
    primary = metric_get(experiment.primary_metric)
    guardrails = [metric_get(k) for k in experiment.guardrail_metrics]
    cuped_arms = _arms(primary, post, variants, pre) if primary.kind != "ratio" else None
    plain_primary = _arms(primary, post, variants)
    primary_arms = cuped_arms if rule.cuped and cuped_arms else plain_primary
    guard_arms = {g.key: _arms(g, post, variants) for g in guardrails}
    counts = mine.groupby("variant_id").size().to_dict()
    look = Look(
        control=control.key,
        weights={v.key: v.weight for v in variants},
        counts={v.key: int(counts.get(v.pk, 0)) for v in variants},
        primary=_spec(primary),
        primary_arms=primary_arms,
        guardrails=[(_spec(g), guard_arms[g.key]) for g in guardrails],
        stage=experiment.rollout_stage,
        hours_at_stage=_hours(now, experiment.stage_changed_at),
        hours_running=_hours(now, experiment.started_at),
        max_hours=experiment.max_duration_days * 24.0,
    )
    analyses, decision = analyse(look, rule)
    results = [_metric_result(analyses[0], primary, plain_primary, control, cuped_arms)]
    results += [
        _metric_result(a, g, guard_arms[g.key], control, None)
        for a, g in zip(analyses[1:], guardrails, strict=True)
    ]
    return Evaluation(look, decision, json_safe(results))


def experiment_analyse(
    *,
    experiment: Experiment,
    now: datetime | None = None,
    assignments: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> Analysis:
    """Analyse one experiment at ``now``, store the analysis and carry out its decision."""
    now = now or timezone.now()
    evaluation = experiment_evaluate(
        experiment=experiment, now=now, assignments=assignments, events=events
    )
    return _store(experiment, now, evaluation)


def _store(experiment: Experiment, now: datetime, evaluation: Evaluation) -> Analysis:
    variants = list(experiment.variants.all())
    return _record(
        experiment, now, evaluation.look, evaluation.decision, evaluation.results, variants
    )


@transaction.atomic
def _record(
    experiment: Experiment,
    now: datetime,
    look: Look,
    decision: Decision,
    results: list[dict[str, Any]],
    variants: list[Variant],
) -> Analysis:
    previous = analysis_latest(experiment=experiment)
    analysis, created = Analysis.objects.get_or_create(
        experiment=experiment,
        window=analysis_window(now),
        defaults={
            "analysed_at": now,
            "stage": experiment.rollout_stage,
            "status": experiment.status,
            "action": decision.action,
            "reasons": decision.reasons,
            "checks": json_safe(decision.checks),
            "srm_p_value": json_safe(decision.srm_p_value),
            "counts": dict(look.counts),
            "results": json_safe(results),
        },
    )
    if created:
        evidence = json_safe(
            {
                "analysis_id": analysis.pk,
                "decision": decision.action,
                "reasons": decision.reasons,
                "checks": decision.checks,
                "srm_p_value": decision.srm_p_value,
                "harms": decision.harms,
                "counts": dict(look.counts),
                "primary": results[0],
            }
        )
        _act(experiment, decision, evidence, variants, now, previous)
    return analysis


def _act(
    experiment: Experiment,
    decision: Decision,
    evidence: dict[str, Any],
    variants: list[Variant],
    now: datetime,
    previous: Analysis | None,
) -> None:
    reason = "; ".join(decision.reasons)
    if decision.action == AnalysisAction.ROLLBACK:
        experiment_rollback(
            experiment=experiment, acting_user=None, reason=reason, details=evidence, now=now
        )
        reviewers_notify(
            subject=f"experiment {experiment.key} rolled back automatically",
            body=f"{reason}\n\nEveryone is back on the control value. Review the results page.",
        )
    elif decision.action == AnalysisAction.ADVANCE:
        experiment_stage_advance(
            experiment=experiment, acting_user=None, reason=reason, details=evidence, now=now
        )
    elif decision.action == AnalysisAction.SHIP:
        winner = next(v for v in variants if v.key == decision.winner)
        experiment_ship(
            experiment=experiment,
            variant=winner,
            acting_user=None,
            reason=reason,
            evidence=evidence,
            now=now,
        )
    elif decision.action == AnalysisAction.CONCLUDE:
        experiment_stop(
            experiment=experiment, acting_user=None, reason=reason, details=evidence, now=now
        )
    elif decision.action == AnalysisAction.HOLD and (
        previous is None or previous.action != AnalysisAction.HOLD
    ):
        experiment_audit_record(experiment, "srm_hold", None, reason, evidence)
        reviewers_notify(subject=f"experiment {experiment.key}: sample-ratio mismatch", body=reason)
