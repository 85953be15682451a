"""Pages of the advanced engines: market intelligence with posting volume over time, and the
Resume DNA patterns with the signed-in candidate's own match. Both read the last nightly
run's stored results; only aggregates (k-anonymous) and the viewer's own resume are shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from learning.advanced.dna import FEATURES, PatternLibrary
from learning.advanced.market import HISTORY_WEEKS, HORIZON_WEEKS, PREDICTION_LEVEL
from learning.advanced.temporal import MIN_SEASONAL_MONTHS
from learning.charts_advanced import factor_chart, volume_chart
from learning.services.advanced_dna import candidate_match
from learning.services.advanced_steps import (
    MARKET_INTELLIGENCE,
    RESUME_DNA,
    TEMPORAL,
    latest_result,
)
from profiles.selectors import candidate_profile_get
from recruitly.charts import effect_with_ci, rates_with_ci
from recruitly.http import AuthenticatedHttpRequest
from recruitly.ids import parse_id

CHART_ROWS = 10
DIMENSION_LABELS = {"company": "Company", "role": "Role", "skill": "Skill", "industry": "Industry"}


def _velocity_chart(rows: list[dict[str, Any]]) -> Any:
    rows = [r for r in rows if r.get("ratio") is not None][:CHART_ROWS]
    return effect_with_ci(
        [r["key"][:18] for r in rows],
        [r["ratio"] - 1 for r in rows],
        [r["ratio_low"] - 1 for r in rows],
        [r["ratio_high"] - 1 for r in rows],
    )


def _response_chart(rows: list[dict[str, Any]]) -> Any:
    rows = [r for r in rows if r.get("rate") is not None][:CHART_ROWS]
    return rates_with_ci(
        [r["key"][:12] for r in rows],
        [r["rate"] for r in rows],
        [r["low"] for r in rows],
        [r["high"] for r in rows],
    )


@login_required
def market(request: AuthenticatedHttpRequest) -> HttpResponse:
    temporal, temporal_end = latest_result(TEMPORAL)
    summary, market_end = latest_result(MARKET_INTELLIGENCE)
    series = list((temporal or {}).get("series") or [])
    index = parse_id(request.GET.get("series"))
    current = series[index] if index is not None and index < len(series) else None
    current = current or (series[0] if series else None)
    report = (summary or {}).get("report")
    velocity = [
        (DIMENSION_LABELS[d], rows, _velocity_chart(rows))
        for d, rows in ((report or {}).get("velocity") or {}).items()
    ]
    response = [
        (DIMENSION_LABELS[d], rows, _response_chart(rows))
        for d, rows in ((report or {}).get("response") or {}).items()
    ]
    season = (current or {}).get("seasonality") or {}
    context = {
        "series": series,
        "current": current,
        "current_index": series.index(current) if current else None,
        "volume_chart": volume_chart(current) if current else None,
        "factor_chart": factor_chart(season.get("factors") or {}) if season else None,
        "season": season,
        "temporal_end": temporal_end,
        "report": report,
        "market_end": market_end,
        "velocity": velocity,
        "response": response,
        "k": settings.LEARNING_MIN_GROUP_SIZE,
        "history_weeks": HISTORY_WEEKS,
        "horizon_weeks": HORIZON_WEEKS,
        "prediction_level": round(PREDICTION_LEVEL * 100),
        "min_seasonal_months": MIN_SEASONAL_MONTHS,
    }
    return render(request, "learning/advanced/market.html", context)


def _fmt(value: float, unit: str) -> str:
    return f"{value:.0%}" if unit == "share" else f"{value:,.1f}".removesuffix(".0")


@login_required
def resume_dna(request: AuthenticatedHttpRequest) -> HttpResponse:
    summary, end = latest_result(RESUME_DNA)
    raw = (summary or {}).get("library")
    library = PatternLibrary.from_dict(raw) if raw else None
    match = features = version = None
    profile = candidate_profile_get(user=request.user)
    if library is not None and profile is not None:
        match, features, version = candidate_match(library, profile)
    patterns = library.patterns if library else []
    rows = [
        {
            "pattern": p,
            "number": i + 1,
            "traits": [
                (FEATURES[n][0], _fmt(p.medians[n], FEATURES[n][1]))
                for n in ("metric_density", "action_verb_share", "skill_count", "role_months")
            ],
        }
        for i, p in enumerate(patterns)
    ]
    chart = rates_with_ci(
        [f"Pattern {i + 1}" for i in range(len(patterns))],
        [p.interview_rate for p in patterns],
        [p.low for p in patterns],
        [p.high for p in patterns],
    )
    gaps = [
        {
            "label": g.label,
            "yours": _fmt(g.yours, g.unit),
            "low": _fmt(g.pattern_low, g.unit),
            "high": _fmt(g.pattern_high, g.unit),
            "direction": g.direction,
        }
        for g in (match.gaps if match else [])
    ]
    number = next((r["number"] for r in rows if match and r["pattern"] == match.pattern), None)
    context = {
        "library": library,
        "rows": rows,
        "chart": chart if patterns else None,
        "counts": (summary or {}).get("counts") or {},
        "end": end,
        "profile": profile,
        "match": match,
        "match_number": number,
        "gaps": gaps,
        "version": version,
        "has_features": features is not None,
    }
    return render(request, "learning/advanced/resume_dna.html", context)
