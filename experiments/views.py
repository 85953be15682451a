"""Reviewer pages: the experiments list and each experiment's results, with htmx actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from experiments.charts import EffectPoint, Interval, effect_over_time, interval_plot
from experiments.models import Analysis, Experiment, ExperimentStatus
from experiments.selectors import (
    analysis_latest,
    analysis_list,
    experiment_audit_list,
    experiment_get,
    experiment_list,
)
from experiments.services import (
    ExperimentError,
    experiment_ethics_checks,
    experiment_evaluate,
    experiment_pause,
    experiment_resume,
    experiment_rollback,
    experiment_ship,
    experiment_start,
    experiment_stop,
    variant_get,
)
from recruitly.http import AuthenticatedHttpRequest
from recruitly.roles import is_reviewer

PAGE_SIZE = 50
TIMELINE_POINTS = 300  # the effect-over-time chart samples at most this many analyses


def _reviewer(request: HttpRequest) -> None:
    if not is_reviewer(request.user):
        raise PermissionDenied("Experiments are for reviewers.")


@login_required
def experiment_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reviewer(request)
    page = Paginator(experiment_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "experiments/list.html", {"page": page})


def _interval(label: str, effect: dict[str, Any]) -> Interval | None:
    keys = ("estimate", "ci_low", "ci_high", "sequential_ci_low", "sequential_ci_high")
    if any(effect.get(k) is None for k in keys):
        return None
    return Interval(label, *(effect[k] for k in keys))


def _metric_charts(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for metric in metrics:
        rows = [_interval(c["variant"], c["relative"]) for c in metric["comparisons"]]
        out.append({**metric, "chart": interval_plot([r for r in rows if r is not None])})
    return out


def _timelines(experiment: Experiment) -> list[dict[str, Any]]:
    rows = list(analysis_list(experiment=experiment).values_list("analysed_at", "results"))
    step = max(1, len(rows) // TIMELINE_POINTS)
    rows = rows[::step] + ([rows[-1]] if rows and (len(rows) - 1) % step else [])
    series: dict[str, list[EffectPoint]] = {}
    for analysed_at, results in rows:
        if not results:
            continue
        for comparison in results[0]["comparisons"]:
            effect = comparison["absolute"]
            # a degenerate look (an arm without variation) has an estimate but no interval
            if any(effect.get(k) is None for k in ("estimate", "sequential_ci_low")):
                continue
            series.setdefault(comparison["variant"], []).append(
                EffectPoint(
                    analysed_at,
                    effect["estimate"],
                    effect["sequential_ci_low"],
                    effect["sequential_ci_high"],
                )
            )
    return [{"variant": k, "chart": effect_over_time(v)} for k, v in series.items()]


def _results(experiment: Experiment) -> dict[str, Any]:
    latest = analysis_latest(experiment=experiment)
    if latest is not None:
        return {
            "stored": True,
            "analysed_at": latest.analysed_at,
            "action": latest.action,
            "reasons": latest.reasons,
            "checks": latest.checks,
            "srm_p_value": latest.srm_p_value,
            "counts": latest.counts,
            "metrics": latest.results,
        }
    if experiment.status == ExperimentStatus.DRAFT:
        return {}
    evaluation = experiment_evaluate(experiment=experiment)
    return {
        "stored": False,
        "action": evaluation.decision.action,
        "reasons": evaluation.decision.reasons,
        "checks": evaluation.decision.checks,
        "srm_p_value": evaluation.decision.srm_p_value,
        "counts": dict(evaluation.look.counts),
        "metrics": evaluation.results,
    }


def _leader(experiment: Experiment, results: dict[str, Any]) -> str:
    """The arm ahead on the primary metric (in its better direction): the ship default."""
    metrics = results.get("metrics") or []
    variants = [v for v in (metrics[0]["variants"] if metrics else []) if v["mean"] is not None]
    if not variants:
        control = next((v for v in experiment.variants.all() if v.is_control), None)
        return control.key if control else ""
    sign = 1 if metrics[0]["higher_is_better"] else -1
    return str(max(variants, key=lambda v: sign * v["mean"])["variant"])


def _decision_log(experiment: Experiment) -> list[dict[str, Any]]:
    """Audit entries with the time they happened in the experiment's own timeline.

    A simulated experiment is analysed at simulated times: an automatic decision is shown
    at the time of the analysis it rests on, a start at the start, not at the wall-clock
    time its row was written.
    """
    entries = list(experiment_audit_list(experiment=experiment)[:100])
    ids = [(e.details or {}).get("analysis_id") for e in entries]
    analysed = dict(
        Analysis.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "analysed_at")
    )
    log = []
    for entry, analysis_id in zip(entries, ids, strict=True):
        at = analysed.get(analysis_id) if analysis_id else None
        if at is None and entry.action in ("experiment.start",) and experiment.started_at:
            at = experiment.started_at
        log.append({"entry": entry, "at": at or entry.created_at})
    return log


def _context(experiment: Experiment) -> dict[str, Any]:
    results = _results(experiment)
    harmed = [
        c["variant"] + " on " + m["label"]
        for m in results.get("metrics", [])
        if m["role"] == "guardrail"
        for c in m["comparisons"]
        if c.get("decision_ci")
        and None not in c["decision_ci"]
        and (c["decision_ci"][1] < 0 if m["higher_is_better"] else c["decision_ci"][0] > 0)
    ]
    return {
        "experiment": experiment,
        "results": results,
        "metrics": _metric_charts(results.get("metrics", [])),
        "timelines": _timelines(experiment),
        "srm_flag": results.get("srm_p_value") is not None and results["srm_p_value"] < 0.001,
        "guardrail_harm": harmed,
        "decisions": _decision_log(experiment),
        "leader": _leader(experiment, results),
        "ethics": experiment_ethics_checks(experiment=experiment)
        if experiment.status == ExperimentStatus.DRAFT
        else [],
    }


@login_required
def experiment_detail_view(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _reviewer(request)
    experiment = get_object_or_404(experiment_list(), key=key)
    return render(request, "experiments/detail.html", _context(experiment))


ACTIONS = ("start", "pause", "resume", "stop", "rollback", "ship")


def _act(request: AuthenticatedHttpRequest, experiment: Experiment, action: str) -> str:
    user, reason = request.user, request.POST.get("reason", "").strip()
    if action == "start":
        experiment_start(experiment=experiment, acting_user=user)
    elif action == "pause":
        experiment_pause(experiment=experiment, acting_user=user, reason=reason)
    elif action == "resume":
        experiment_resume(experiment=experiment, acting_user=user, reason=reason)
    elif action == "stop":
        experiment_stop(experiment=experiment, acting_user=user, reason=reason)
    elif action == "rollback":
        experiment_rollback(experiment=experiment, acting_user=user, reason=reason or "reviewer")
    else:
        variant = variant_get(experiment=experiment, key=request.POST.get("variant", ""))
        experiment_ship(
            experiment=experiment, variant=variant, acting_user=user, reason=reason or "reviewer"
        )
    return f"{experiment.key}: {action} done"


@login_required
@require_POST
def experiment_action_view(
    request: AuthenticatedHttpRequest, key: str, action: str
) -> HttpResponse:
    _reviewer(request)
    if action not in ACTIONS:
        raise PermissionDenied(f"unknown action {action}")
    experiment = get_object_or_404(Experiment, key=key)
    try:
        messages.success(request, _act(request, experiment, action))
    except ExperimentError as exc:
        messages.error(request, f"{action} refused: " + "; ".join(exc.reasons))
    if request.htmx:
        return render(
            request,
            "experiments/partials/_actions.html",
            {
                "experiment": experiment_get(key=key),
                "partial_messages": True,
                "leader": _leader(experiment, _results(experiment)),
            },
        )
    return redirect("experiments:detail", key=key)
