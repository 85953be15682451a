# ruff: noqa: RUF001, RUF002, RUF003 -- "everyone else − holdout" is a difference, with a minus
"""The holdout's question: did everything shipped since it began add up, and by how much?

Holdout members against every other candidate, on the holdout's metrics, counted from the
holdout's start (every candidate's window opens then: joining later only shortens it, and
alike in both groups, because membership is a hash). The difference is "shipped − holdout",
so a positive interview-rate effect means the changes shipped since raised it.

Reviewers look at this page for months, so the verdict rests on the always-valid interval
(:mod:`experiments.stats.sequential`), which keeps its 95 % coverage however often it is
read; the fixed-horizon interval is reported beside it. Too few candidates or outcomes give
no estimate at all, only the sizes and the smallest effect the current sizes could detect.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pandas as pd
from django.utils import timezone

from experiments.allocation import in_holdout
from experiments.metrics import MetricDefinition, arm_statistics, experiment_frames, metric_get
from experiments.models import Holdout
from experiments.selectors import (
    candidate_population,
    experiments_shipping,
    metric_event_frame,
    parameter_versions_since,
)
from experiments.services.jsonsafe import json_safe
from experiments.stats import Comparison, RatioStats, SampleStats, compare, srm_sequential
from experiments.stats.power import mde_relative_groups
from experiments.stats.sequential import DEFAULT_TUNING, cs_multiplier
from recruitly.spine.selectors import parameter_active_version_list
from recruitly.spine.specs import REGISTRY

HOLDOUT, REST = 0, 1
# Below these, the normal approximation behind every interval is not trusted: no estimate
# is shown. 100 per group keeps Welch's t close to normal; 10 successes and 10 failures per
# group is the usual rule for a proportion's normal interval.
MIN_USERS_PER_GROUP = 100
MIN_OUTCOMES = 10
ALPHA = 0.05
TARGET_POWER = 0.8


def membership_frame(holdout: Holdout) -> pd.DataFrame:
    """user_id, variant_id (0 holdout, 1 everyone else), exposed_at (the holdout's start)."""
    population = candidate_population()

    def held(username: str) -> int:
        return HOLDOUT if in_holdout(holdout.salt, holdout.share, username) else REST

    return pd.DataFrame(
        {
            "user_id": pd.Series([pk for pk, _ in population], dtype="int64"),
            "variant_id": pd.Series([held(name) for _, name in population], dtype="int64"),
            "exposed_at": pd.Series(
                [pd.Timestamp(holdout.started_at)] * len(population), dtype="datetime64[ns, UTC]"
            ),
        }
    )


def _empty(metric: MetricDefinition) -> SampleStats | RatioStats:
    return RatioStats(0, 0, 0, 0, 0, 0) if metric.kind == "ratio" else SampleStats(0, 0, 0)


def _too_few(metric: MetricDefinition, arms: dict[int, Any]) -> list[str]:
    reasons = []
    for group, name in ((HOLDOUT, "the holdout"), (REST, "everyone else")):
        n = arms[group].n
        if n < MIN_USERS_PER_GROUP:
            reasons.append(
                f"{name} has {n} candidates with a value; at least {MIN_USERS_PER_GROUP} "
                "per group are needed before an estimate means anything"
            )
        elif metric.kind == "binomial":
            yes = round(arms[group].sum)
            if min(yes, n - yes) < MIN_OUTCOMES:
                reasons.append(
                    f"{name} has {yes} of {n} candidates with the outcome; at least "
                    f"{MIN_OUTCOMES} with and {MIN_OUTCOMES} without it are needed"
                )
    return reasons


def _mde(metric: MetricDefinition, comparison: Comparison) -> float:
    """Smallest relative effect detectable now (always-valid, 80 % power)."""
    c, t = comparison.control, comparison.treatment
    n = c.n + t.n
    if n < 2 or c.mean == 0:
        return math.nan
    pooled = (c.n * c.variance + t.n * t.variance) / n
    return mde_relative_groups(
        baseline=c.mean,
        variance=pooled,
        n_a=c.n,
        n_b=t.n,
        target_power=TARGET_POWER,
        multiplier=float(cs_multiplier(n, alpha=ALPHA, tuning=DEFAULT_TUNING)),
    )


def _verdict(metric: MetricDefinition, comparison: Comparison) -> tuple[str, str]:
    relative = comparison.relative
    if not relative.defined:
        return "undefined", (
            "the relative effect is undefined (a group without variation or a baseline of "
            "zero): no interval is given"
            + (f"; Fisher's exact p = {relative.p_value:.3g}" if metric.kind == "binomial" else "")
        )
    low, high = relative.sequential_ci
    better = (low > 0) if metric.higher_is_better else (high < 0)
    worse = (high < 0) if metric.higher_is_better else (low > 0)
    if better:
        return "improved", "the always-valid interval lies entirely on the better side"
    if worse:
        return "worsened", "the always-valid interval lies entirely on the worse side"
    return "no_detectable_effect", "the always-valid interval includes no effect"


def metric_effect(metric: MetricDefinition, arms: dict[int, Any], *, role: str) -> dict[str, Any]:
    """One metric's holdout comparison: sizes, means, and an effect only when trustworthy."""
    comparison = compare(arms[HOLDOUT], arms[REST], metric=metric.kind, alpha=ALPHA)
    row: dict[str, Any] = {
        "metric": metric.key,
        "label": metric.label,
        "kind": metric.kind,
        "role": role,
        "higher_is_better": metric.higher_is_better,
        "holdout": {"n": comparison.control.n, "mean": comparison.control.mean},
        "rest": {"n": comparison.treatment.n, "mean": comparison.treatment.mean},
        "mde_relative": _mde(metric, comparison),
        "absolute": None,
        "relative": None,
    }
    too_few = _too_few(metric, arms)
    if too_few:
        row.update(verdict="too_few_users", reasons=too_few)
        return row
    verdict, reason = _verdict(metric, comparison)
    row.update(verdict=verdict, reasons=[reason])
    if verdict != "undefined":
        row.update(absolute=comparison.absolute.as_dict(), relative=comparison.relative.as_dict())
    return row


def shipped_since(holdout: Holdout) -> list[dict[str, Any]]:
    """Every parameter version written after the snapshot, with the experiment that shipped it."""
    versions = parameter_versions_since(frozen=holdout.frozen_values)
    experiments = experiments_shipping(version_ids=[v.pk for v in versions])
    return [
        {
            "component": v.component,
            "version": v.version,
            "source": v.source,
            "value": v.value,
            "reason": v.reason,
            "created_at": v.created_at,
            "created_by": v.created_by.get_username() if v.created_by else None,
            "experiment": experiments[v.pk].key if v.pk in experiments else None,
        }
        for v in versions
    ]


def differences_now(holdout: Holdout) -> list[dict[str, Any]]:
    """Components whose value today differs from the holdout's frozen one."""
    versions = {v.component: v for v in parameter_active_version_list()}
    rows = []
    for component, entry in sorted(holdout.frozen_values.items()):
        if component not in REGISTRY:
            continue
        active = versions.get(component)
        current = active.value if active is not None else REGISTRY[component].default
        if current != entry["value"]:
            rows.append(
                {
                    "component": component,
                    "frozen_value": entry["value"],
                    "frozen_version": entry.get("version"),
                    "current_value": current,
                    "current_version": active.version if active is not None else None,
                }
            )
    return rows


def holdout_report(*, holdout: Holdout, now: datetime | None = None) -> dict[str, Any]:
    """The cumulative effect of everything shipped since ``holdout`` began (read-only, JSON)."""
    until = now or timezone.now()
    if holdout.ended_at is not None:
        until = min(until, holdout.ended_at)
    members = membership_frame(holdout)
    events = metric_event_frame(since=holdout.started_at, until=until)
    post, _ = experiment_frames(members, events, now=until)
    metrics = [metric_get(holdout.primary_metric)]
    metrics += [metric_get(k) for k in holdout.secondary_metrics]
    rows = []
    for i, metric in enumerate(metrics):
        stats = arm_statistics(metric, post) if len(post) else {}
        arms = {g: stats.get(g, _empty(metric)) for g in (HOLDOUT, REST)}
        rows.append(metric_effect(metric, arms, role="primary" if i == 0 else "secondary"))
    n_holdout = int((members["variant_id"] == HOLDOUT).sum())
    n_rest = len(members) - n_holdout
    return json_safe(
        {
            "holdout": holdout.key,
            "status": holdout.status,
            "share": holdout.share,
            "started_at": holdout.started_at.isoformat(),
            "ended_at": holdout.ended_at.isoformat() if holdout.ended_at else None,
            "as_of": until.isoformat(),
            "sizes": {
                "holdout": n_holdout,
                "rest": n_rest,
                "observed_share": n_holdout / len(members) if len(members) else None,
                "srm_p_value": srm_sequential(
                    [n_holdout, n_rest], [holdout.share, 1 - holdout.share]
                ),
            },
            "effect_is": "everyone else − holdout: what the changes shipped since the start did",
            "metrics": rows,
            "shipped": [
                {**s, "created_at": s["created_at"].isoformat()} for s in shipped_since(holdout)
            ],
            "differs_now": differences_now(holdout),
        }
    )
