"""The nightly ``predictions`` step: interview likelihood, cold start, strategies, insights.

Runs the pure engines of :mod:`learning.predict` on the window's applications and stores
their JSON summaries in the run's progress (``progress["predictions"]["summary"]``), where the
pages read them. The interview likelihood of every open match is written to
:class:`profiles.models_predict.InterviewLikelihood` — only where the ensemble is calibrated
(ECE at or below its noise floor on held-out candidates) and the prediction's reliability
bin is too; the rows of the previous night are replaced, so a night that is not calibrated
leaves no figure on the match list.
"""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from threadpoolctl import threadpool_limits

from learning.aggregates import aggregate_rows
from learning.models import AnalysisRun, AnalysisStatus
from learning.predict.coldstart import ColdStartModel, cold_start_evaluate
from learning.predict.ensemble import EnsembleResult, ensemble_fit
from learning.predict.features import feature_matrix
from learning.predict.insight_quality import insight_quality, insight_records, retired_kinds
from learning.predict.pareto import strategy_cells
from learning.services.predict_inputs import (
    cold_start_frame,
    insight_apps,
    profiles_frame,
    replayed_insights,
    strategy_history,
)
from profiles.models import InterviewLikelihood, JobScore
from profiles.parameters import PERSONAL_APPS_PER_WEEK
from profiles.services.actions import SAFETY_FIT, TARGET_FIT
from recruitly.spine.resolver import resolve_value

if TYPE_CHECKING:  # the step list imports this module: types only, no cycle
    from learning.services.analysis_steps import AnalysisData, StepResult

STEP = "predictions"
WRITE_BATCH = 2000
ALL_SEGMENTS = "all"
NEW_CANDIDATE_APPLICATIONS = 10  # as the weekly insights' minimum sample
MAX_REPLAY_CANDIDATES = 10_000


def step_predictions(data: AnalysisData) -> StepResult:
    profiles = profiles_frame()
    parts = {
        "interview_likelihood": lambda: interview_likelihood_run(data),
        "cold_start": lambda: _cold_start(data, profiles),
        "strategies": lambda: _strategies(data, profiles),
        "insight_quality": lambda: _insight_quality(data),
    }
    summary: dict[str, Any] = {}
    seconds = {}
    # one BLAS / OpenMP thread: the models are small, and on a shared 2-core machine the
    # default pools spin against other jobs (gradient boosting took 39 s with them, 4 s without)
    with threadpool_limits(1):
        for name, part in parts.items():
            clock = time.perf_counter()
            summary[name] = part()
            seconds[name] = round(time.perf_counter() - clock, 2)
    return {**summary, "seconds": seconds}, []


STEPS = {STEP: step_predictions}


def _resume_fill(rows: pd.DataFrame) -> float:
    scores = pd.to_numeric(rows["resume_score"], errors="coerce").dropna()
    return float(scores.median()) if len(scores) else 0.0


def interview_likelihood_run(data: AnalysisData) -> dict[str, Any]:
    rows = data.mature.reset_index(drop=True)
    fill = _resume_fill(rows)
    try:
        result = ensemble_fit(
            feature_matrix(rows, fill),
            rows["interviewed"].to_numpy(float),
            rows["user_id"].to_numpy(),
            resume_fill=fill,
        )
    except ValueError as exc:
        InterviewLikelihood.objects.all().delete()
        return {"skipped": str(exc)}
    shown, scored = likelihoods_write(result, data)
    return {**result.summary(), "matches_scored": scored, "matches_shown": shown}


def _match_frame(data: AnalysisData) -> pd.DataFrame:
    fields = {
        "pk": "job_score_id",
        "candidate__user_id": "user_id",
        "compatibility_score": "fit_score",
        "skills_match_score": "fit_skills",
        "experience_match_score": "fit_experience",
        "location_match_score": "fit_location",
        "salary_match_score": "fit_salary",
        "culture_match_score": "fit_culture",
        "job__seniority": "seniority",
    }
    values = JobScore.objects.filter(job__is_active=True).values_list(*fields)
    frame = pd.DataFrame(list(values), columns=list(fields.values()))
    # every user's, also on the streamed load where ``apps`` is a sample of the users
    frame["resume_score"] = frame["user_id"].map(data.user_totals["latest_resume_score"])
    fit = frame["fit_score"].astype(float)
    # the category an application to it would carry (profiles.services.actions)
    frame["category"] = np.where(
        fit >= SAFETY_FIT, "safety", np.where(fit >= TARGET_FIT, "target", "reach")
    )
    return frame


def likelihoods_write(result: EnsembleResult, data: AnalysisData) -> tuple[int, int]:
    """Replace the stored likelihoods; returns (rows written, matches scored)."""
    frame = _match_frame(data)
    report, now = result.after, timezone.now()
    rows = []
    if len(frame) and report.calibrated:
        prediction = result.ensemble.predict(feature_matrix(frame, result.ensemble.resume_fill))
        for i, pk in enumerate(frame["job_score_id"]):
            p = float(prediction.probability[i])
            if not report.shows(p):
                continue
            rows.append(
                InterviewLikelihood(
                    job_score_id=int(pk),
                    probability=p,
                    low=float(prediction.low[i]),
                    high=float(prediction.high[i]),
                    calibration_error=report.ece,
                    noise_floor=report.noise_floor,
                    sample_size=report.sample_size,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        InterviewLikelihood.objects.all().delete()
        InterviewLikelihood.objects.bulk_create(rows, batch_size=WRITE_BATCH)
    return len(rows), len(frame)


def _cold_start(data: AnalysisData, profiles: pd.DataFrame) -> dict[str, Any]:
    """The measured evaluation, then day-1 predictions for the candidates still new (fewer
    than ``NEW_CANDIDATE_APPLICATIONS`` applications), from a model fitted on everyone whose
    first month has matured."""
    frame = cold_start_frame(data, profiles)
    usable = frame[frame["n"] > 0] if len(frame) else frame
    # the peers a day-1 figure is drawn from are others: the opted-out are no peers, though
    # they get their own day-1 prediction below
    usable = aggregate_rows(usable, data.opted_out)
    try:
        evaluation = cold_start_evaluate(usable)
    except ValueError as exc:
        return {"skipped": str(exc), "candidates": len(usable)}
    questions = [q.key for q in evaluation.questions]
    model = ColdStartModel(usable, questions)
    totals = data.user_totals  # every user's, also when ``apps`` is a sample of the users
    counts = totals["applications"]
    new = profiles[profiles["user_id"].map(counts).fillna(0) < NEW_CANDIDATE_APPLICATIONS].copy()
    new["resume_score"] = new["user_id"].map(totals["baseline_score"])
    day_one = (
        {
            str(user_id): asdict(p)
            for user_id, p in zip(new["user_id"], model.predict(new), strict=True)
        }
        if len(new)
        else {}
    )
    return {**evaluation.as_dict(), "day_one": day_one}


def _strategies(data: AnalysisData, profiles: pd.DataFrame) -> dict[str, Any]:
    """Cells per candidate seniority (segments of at least k candidates) and for everyone."""
    history = strategy_history(data)
    segment = history["user_id"].map(
        profiles.set_index("user_id")["segment"] if len(profiles) else pd.Series(dtype=object)
    )
    out = {ALL_SEGMENTS: [c.as_dict() for c in strategy_cells(history)]}
    for name, rows in history.groupby(segment.fillna("unknown")):
        if rows["user_id"].nunique() >= settings.LEARNING_MIN_GROUP_SIZE:
            out[str(name)] = [c.as_dict() for c in strategy_cells(rows)]
    return {"cells": out, "applications": len(history)}


def replay_sample(apps: pd.DataFrame, cap: int = MAX_REPLAY_CANDIDATES) -> pd.DataFrame:
    """The applications of at most ``cap`` candidates, chosen by a hash of their id (a fixed
    draw, not a new one each night). 900 simulated candidates bound an
    insight's effect within 3 points; replaying 50,000 took minutes."""
    users = apps["user_id"].unique()
    if len(users) <= cap:
        return apps
    hashed = pd.util.hash_array(np.asarray(users, dtype=np.int64))
    chosen = users[np.argsort(hashed, kind="stable")[:cap]]
    return apps[apps["user_id"].isin(chosen)]


def _insight_quality(data: AnalysisData) -> dict[str, Any]:
    target = float(resolve_value(PERSONAL_APPS_PER_WEEK.component))
    sample = replace(data, apps=replay_sample(data.apps))
    insights = replayed_insights(sample, target)
    records = insight_records(insight_apps(sample), insights)
    qualities = insight_quality(records)
    return {
        "source": "replayed: the insights the weekly builder would have given, every 8 weeks",
        "candidates": int(sample.apps["user_id"].nunique()),
        "insights": len(insights),
        "records": len(records),
        "kinds": [q.as_dict() for q in qualities],
        "retired": retired_kinds(qualities),
    }


def latest_predictions() -> dict[str, Any] | None:
    """The newest finished nightly run's predictions summary, with its window end."""
    runs = AnalysisRun.objects.filter(
        kind="nightly", status=AnalysisStatus.DONE, progress__has_key=STEP
    ).order_by("-window_end")
    run = runs.first()
    if run is None:
        return None
    return {"window_end": run.window_end, **run.progress[STEP].get("summary", {})}


def retired_insight_kinds() -> frozenset[str]:
    """Insight kinds the newest nightly run retired (empty before any run)."""
    summary = latest_predictions() or {}
    return frozenset(summary.get("insight_quality", {}).get("retired", []))
