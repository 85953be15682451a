# ruff: noqa: RUF002 -- ranges are written with en dashes
"""The truth file: every planted parameter, plus what it implies in this particular world.

"true" entries are parameters of the model (:mod:`learning.simulation.model`,
:mod:`learning.simulation.jobs`). "expected" entries are exact expectations in this world,
computed from each application's true interview probability rather than from the drawn
outcomes: a correct estimator applied to the world's data should land on them up to sampling
noise. Rates are fractions (0–1); effects on interviews are in log-odds unless named
``*_rate_difference``.

Top-level keys: ``world`` (size, window, counts, outcome-model constants), ``fit_weights``
(``true``, ``platform_default``, ``ordering``), ``weekday_effect`` (``true`` = 0 for every day,
``strong_candidates_prefer``, ``expected_naive``), ``resume_edit_effects`` (``true`` log-odds
per edit type; ``added_metrics``: ``ate_rate_difference``, ``wald_estimand``,
``expected_naive_difference``, ``instrument``), ``calibration`` (``claimed`` and ``true``
interview rate per resume-score bucket, ``direction``, ``mean_absolute_error``),
``strategy_thresholds`` (``used``, ``true_best``), ``seasonality`` (``true`` monthly
multipliers, ``expected_postings_by_month``), ``market_shift`` (``date``,
``posting_volume_factor``), ``ai_approval_by_action`` (``true``, ``health_threshold``,
``below_threshold``), ``null_effects`` and ``text`` (per candidate and per posting, what the
text really states, and the planted and drawn noise shares: :mod:`.text_truth`).
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np
import pandas as pd

from learning.simulation import jobs, model
from learning.simulation.tables import applications_frame
from learning.simulation.text_truth import text_truth
from learning.simulation.world import World

SCHEMA_VERSION = 1


def truth_document(world: World) -> dict[str, Any]:
    frame = applications_frame(world)
    return {
        "schema_version": SCHEMA_VERSION,
        "world": _world(world, frame),
        "fit_weights": _fit_weights(world),
        "weekday_effect": _weekday(frame),
        "resume_edit_effects": _edits(world, frame),
        "calibration": _calibration(frame),
        "strategy_thresholds": _strategy(world, frame),
        "seasonality": _seasonality(world),
        "market_shift": _market_shift(world),
        "ai_approval_by_action": _ai(world),
        "null_effects": {
            "weekday": 0.0,
            "hour": 0.0,
            "tailoring_applied": 0.0,
            "strategy_mode": 0.0,
            "market_shift_on_interviews": 0.0,
            "other_edit_types": 0.0,
        },
        "text": text_truth(world),
    }


def _round(value: float, digits: int = 4) -> float | None:
    """A JSON-safe number: None when a tiny world leaves the quantity undefined."""
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def _world(world: World, frame: pd.DataFrame) -> dict[str, Any]:
    config = world.config
    return {
        "seed": config.seed,
        "candidates": config.candidates,
        "jobs": config.jobs,
        "months": config.months,
        "prefix": config.prefix,
        "start": world.start.isoformat(),
        "end": world.end.isoformat(),
        "counts": {
            "applications": len(world.applications),
            "resume_versions": len(world.resume_versions),
            "resume_edits": len(world.edits),
            "suggestions": len(world.suggestions),
            "mode_changes": len(world.mode_changes),
            "ai_ratings": len(world.ai_ratings),
        },
        "expected_interview_rate": _round(frame["p"].mean()),
        "outcome_model": {
            "intercept": model.INTERCEPT,
            "logit_per_true_fit_point": model.FIT_LOGIT_SCALE / 100,
            "logit_per_quality_sd": model.QUALITY_LOGIT,
            "logit_per_10_resume_points_below_knee": model.RESUME_LOGIT_PER_10,
            "resume_quality_knee": model.RESUME_KNEE,
            "ghosted_after_days": model.GHOSTED_AFTER_DAYS,
            "reject_share_without_interview": model.REJECT_SHARE,
        },
    }


def _fit_weights(world: World) -> dict[str, Any]:
    true = model.TRUE_FIT_WEIGHTS
    return {
        "true": dict(true),
        "platform_default": dict(world.config.platform_weights),
        "ordering": sorted(true, key=lambda k: -true[k]),
        "logit_per_true_fit_point": model.FIT_LOGIT_SCALE / 100,
        "note": "Outcomes follow the true weights; applications and events carry fit_score "
        "computed with the platform's default weights, and the five components.",
    }


def _weekday(frame: pd.DataFrame) -> dict[str, Any]:
    preferred = frame["weekday"] == model.PREFERRED_WEEKDAY
    on_day, elsewhere = frame.loc[preferred, "p"].mean(), frame.loc[~preferred, "p"].mean()
    return {
        "true": dict(model.TRUE_WEEKDAY_EFFECT),
        "true_effect": 0.0,
        "strong_candidates_prefer": model.WEEKDAYS[model.PREFERRED_WEEKDAY],
        "preference": {
            "max_share": model.WEEKDAY_PREFERENCE_MAX,
            "slope_per_quality_sd": model.WEEKDAY_PREFERENCE_SLOPE,
            "centre_quality": model.WEEKDAY_PREFERENCE_CENTRE,
        },
        "share_on_preferred_weekday": _round(preferred.mean()),
        "expected_naive": {
            "rate_on_preferred_weekday": _round(on_day),
            "rate_on_other_days": _round(elsewhere),
            "relative_lift": _round(on_day / elsewhere - 1),
        },
    }


def _edits(world: World, frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "scale": "log-odds of an interview",
        "true": dict(model.TRUE_EDIT_LOGITS),
        "effective_edit": "added_metrics",
        "added_metrics": _metrics_edit(world, frame),
        "platform_score_bumps": dict(model.EDIT_SCORE_BUMP),
    }


def _metrics_edit(world: World, frame: pd.DataFrame) -> dict[str, Any]:
    base = model.base_logit(
        frame[list(model.FIT_COMPONENTS)].to_numpy(),
        frame["quality"].to_numpy(),
        frame["base_score"].to_numpy(),
    )
    lift = model.sigmoid(base + model.METRICS_LOGIT) - model.sigmoid(base)
    d1 = np.array([a.metrics_if_suggested for a in world.applications], dtype=bool)
    d0 = np.array([a.metrics_if_not_suggested for a in world.applications], dtype=bool)
    moved = d1 & ~d0
    treated = frame["has_metrics"] == 1
    suggested = np.array([c.suggested_metrics for c in world.candidates])
    return {
        "true_log_odds": model.METRICS_LOGIT,
        "true_odds_ratio": _round(np.exp(model.METRICS_LOGIT)),
        "ate_rate_difference": _round(_mean(lift)),
        "wald_estimand": _round(_mean(lift[moved])),
        "expected_naive_difference": _round(
            frame.loc[treated, "p"].mean() - frame.loc[~treated, "p"].mean()
        ),
        "confounder": "latent quality: stronger candidates add metrics on their own more often",
        "self_edit_probability": {
            "intercept": model.SELF_METRICS_INTERCEPT,
            "slope_per_quality_sd": model.SELF_METRICS_SLOPE,
        },
        "instrument": {
            "description": "a rewrite suggestion (SUGGESTION_ACCEPTED / EDITED / REJECTED, "
            "suggestion_type 'rewrite', suggested_content.edit_type 'added_metrics') shown "
            "to a random half of the candidates",
            "share_suggested": model.INSTRUMENT_SHARE,
            "candidates_suggested": int(suggested.sum()),
            "compliance": _round(model.SUGGESTION_ACCEPT + model.SUGGESTION_EDIT),
            "expected_first_stage": _round(_mean(d1.astype(float) - d0)),
        },
    }


def _calibration(frame: pd.DataFrame) -> dict[str, Any]:
    grouped = frame.groupby("bucket")["p"].agg(["mean", "size"])
    buckets = [b for b in model.CLAIMED_RATE_BY_BUCKET if b in grouped.index]
    true = {b: _round(cast(float, grouped.loc[b, "mean"])) for b in buckets}
    # a bucket in the index has rows, so its mean is finite and _round returns a number
    gaps = [cast(float, true[b]) - model.CLAIMED_RATE_BY_BUCKET[b] for b in buckets]
    return {
        "score": "resume_score at the time of applying (the platform's displayed score)",
        "claimed": dict(model.CLAIMED_RATE_BY_BUCKET),
        "true": true,
        "applications": {b: int(cast(int, grouped.loc[b, "size"])) for b in buckets},
        "direction": _direction(gaps),
        "mean_absolute_error": _round(_mean(np.abs(np.array(gaps)))),
        "resume_quality_knee": model.RESUME_KNEE,
        "note": "Interview odds rise with the first resume's score only up to the knee, and "
        "edit bumps other than added_metrics raise the displayed score without effect.",
    }


def _direction(gaps: list[float]) -> str:
    if gaps and min(gaps) > 0:
        return "too_pessimistic"
    if gaps and max(gaps) < 0:
        return "too_optimistic"
    return "mixed"


def _strategy(world: World, frame: pd.DataFrame) -> dict[str, Any]:
    thresholds = world.config.thresholds
    counts = pd.Series([m.to_mode for m in world.mode_changes]).value_counts()
    return {
        "used": {
            "improve_resume_threshold": thresholds.improve_resume,
            "rethink_targets_threshold": thresholds.rethink_applications,
            "rethink_interview_rate": thresholds.rethink_interview_rate,
        },
        "true_best": {"improve_resume_threshold": model.RESUME_KNEE},
        "note": "Resume quality above the knee does not raise interview odds, so holding "
        "candidates in IMPROVE_RESUME_FIRST above it delays applications for nothing. Modes "
        "label applications and do not change how often candidates apply.",
        "mode_changes": {str(k): int(v) for k, v in counts.items()},
        "applications_by_mode": {
            str(k): int(v) for k, v in frame["strategy_mode"].value_counts().items()
        },
    }


def _seasonality(world: World) -> dict[str, Any]:
    market = world.config.market
    days, weights = jobs.daily_intensity(world.start, world.end, market)
    expected = pd.Series(weights / weights.sum() * len(world.jobs), index=days)
    by_month = expected.groupby([f"{d:%Y-%m}" for d in days]).sum()
    return {
        "true": {str(m): (v if market.seasonal else 1.0) for m, v in jobs.SEASONALITY.items()},
        "scale": "posting-volume multiplier of each calendar month (mean 1)",
        "posting_weekday_factor": dict(
            zip(model.WEEKDAYS, jobs.POSTING_WEEKDAY_FACTOR, strict=True)
        ),
        "expected_postings_by_month": {k: _round(v, 1) for k, v in by_month.items()},
    }


def _market_shift(world: World) -> dict[str, Any]:
    factor = world.config.market.shift_factor
    days, weights = jobs.daily_intensity(world.start, world.end, world.config.market)
    expected = weights / weights.sum() * len(world.jobs)
    after = np.array([d >= world.shift_date for d in days])
    return {
        "date": world.shift_date.isoformat() if factor != 1 else None,
        "posting_volume_factor": factor,
        "direction": "down" if factor < 1 else ("up" if factor > 1 else "none"),
        "affects": "posting volume only (not interview rates)",
        "expected_daily_postings_before": _round(_mean(expected[~after]), 2),
        "expected_daily_postings_after": _round(_mean(expected[after]), 2),
    }


def _ai(world: World) -> dict[str, Any]:
    below = [a for a, r in model.AI_APPROVAL_BY_ACTION.items() if r < model.AI_HEALTH_THRESHOLD]
    counts = pd.Series([r.action_type for r in world.ai_ratings]).value_counts()
    return {
        "true": dict(model.AI_APPROVAL_BY_ACTION),
        "health_threshold": model.AI_HEALTH_THRESHOLD,
        "below_threshold": below,
        "ratings": {str(k): int(v) for k, v in counts.items()},
    }
