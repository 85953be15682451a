"""Pages of the prediction engines: the reviewers' predictions page and a candidate's
trade-offs (the Pareto frontier of search strategies for their stated priorities)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from learning.predict.pareto import (
    OBJECTIVES,
    ROLE_SETS,
    Cell,
    pareto_front,
    recommend,
    strategies_from_cells,
)
from learning.services.predict_nightly import ALL_SEGMENTS, latest_predictions
from learning.views import reviewer_required
from profiles.models import JobScore
from profiles.selectors import candidate_profile_get
from profiles.services.actions import SAFETY_FIT, TARGET_FIT
from recruitly.charts import calibration_curve, effect_with_ci
from recruitly.charts_tradeoff import Point, tradeoff_scatter
from recruitly.http import AuthenticatedHttpRequest

SUPPLY_WEEKS = 4
PRIORITY_CHOICES = (0, 1, 2, 3)
PRIORITY_LABELS = {
    "interview_rate": "A high interview rate",
    "effort": "Few applications a week",
    "expected_salary": "A high salary",
    "weeks_to_offer": "A fast offer",
    "risk": "Little risk of no offer in 12 weeks",
}


def likelihood_chart(likelihood: dict[str, Any]) -> Any:
    after = likelihood.get("after")
    if not after:
        return None
    keep = [i for i, n in enumerate(after["counts"]) if n > 0]
    # each reliability bin is labelled by its mean prediction
    return calibration_curve(
        [f"{after['mean_predicted'][i]:.0%}" for i in keep],
        [after["mean_predicted"][i] for i in keep],
        [after["observed"][i] for i in keep],
    )


def insight_chart(quality: dict[str, Any]) -> Any:
    kinds = [k for k in quality.get("kinds", []) if k.get("estimate") is not None]
    return effect_with_ci(
        [k["kind"] for k in kinds],
        [k["estimate"] for k in kinds],
        [k["ci_low"] for k in kinds],
        [k["ci_high"] for k in kinds],
        naive=[k["naive_difference"] or 0.0 for k in kinds],
    )


@reviewer_required
def predictions(request: AuthenticatedHttpRequest) -> HttpResponse:
    summary = latest_predictions()
    context: dict[str, Any] = {"summary": summary}
    if summary:
        likelihood = summary.get("interview_likelihood", {})
        cold = summary.get("cold_start", {})
        context |= {
            "likelihood": likelihood,
            "likelihood_chart": likelihood_chart(likelihood),
            "cold": cold,
            "cold_chart": effect_with_ci(
                ["day 1 vs no personalisation"],
                [cold["improvement"]],
                [cold["improvement_ci"][0]],
                [cold["improvement_ci"][1]],
            )
            if "improvement" in cold
            else None,
            "quality": summary.get("insight_quality", {}),
            "quality_chart": insight_chart(summary.get("insight_quality", {})),
        }
    return render(request, "learning/predictions.html", context)


def _priorities(request: AuthenticatedHttpRequest) -> dict[str, int]:
    out = {}
    for name in OBJECTIVES:
        raw = request.GET.get(name, "1")
        out[name] = int(raw) if raw in {str(c) for c in PRIORITY_CHOICES} else 1
    return out


def _category(fit: np.ndarray) -> np.ndarray:
    return np.where(fit >= SAFETY_FIT, "safety", np.where(fit >= TARGET_FIT, "target", "reach"))


def _supply(profile: Any, window_end: Any) -> Any:
    """Matching postings a week over the ``SUPPLY_WEEKS`` weeks before the analysis; None
    when nothing was posted (the strategies then assume no limit, and the page says so)."""
    fits = np.array(
        JobScore.objects.filter(
            candidate=profile,
            job__posted_at__gte=window_end - timedelta(weeks=SUPPLY_WEEKS),
            job__posted_at__lt=window_end,
        ).values_list("compatibility_score", flat=True),
        dtype=float,
    )
    if not len(fits):
        return None
    categories = _category(fits)

    def supply(min_fit: int, roles: tuple[str, ...]) -> float:
        return float(np.sum((fits >= min_fit) & np.isin(categories, roles))) / SUPPLY_WEEKS

    return supply


@login_required
def strategy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in candidate's trade-offs and, while they are new, their day-1 outlook."""
    profile = candidate_profile_get(user=request.user)
    summary = latest_predictions()
    priorities = _priorities(request)
    context: dict[str, Any] = {
        "summary": summary,
        "priority_fields": [(name, PRIORITY_LABELS[name], priorities[name]) for name in OBJECTIVES],
        "priority_choices": PRIORITY_CHOICES,
        "role_sets": ROLE_SETS,
    }
    if summary is None or profile is None:
        return render(request, "learning/strategy.html", context)
    cells_by_segment = summary.get("strategies", {}).get("cells", {})
    segment = profile.career_level if profile.career_level in cells_by_segment else ALL_SEGMENTS
    cells = [Cell(**c) for c in cells_by_segment.get(segment, [])]
    supply = _supply(profile, summary["window_end"])
    strategies = strategies_from_cells(cells, supply)
    front = pareto_front(strategies)
    chosen = recommend(front, priorities)
    points = [
        Point(
            x=s.weeks_to_offer,
            y=s.interview_rate,
            label=f"{s.applications_per_week}/week, fit ≥ {s.min_fit}, {s.roles}: "
            f"{s.interview_rate:.0%} interviews, {s.weeks_to_offer:.0f} weeks to an offer",
            frontier=s in front,
            recommended=s == chosen,
        )
        for s in strategies
    ]
    context |= {
        "segment": segment,
        "supply_known": supply is not None,
        "front": sorted(front, key=lambda s: s.weeks_to_offer),
        "chosen": chosen,
        "strategies": len(strategies),
        "chart": tradeoff_scatter(
            points, x_label="weeks to a first offer", y_label="interview rate"
        ),
        "day_one": summary.get("cold_start", {}).get("day_one", {}).get(str(request.user.pk)),
        "questions": summary.get("cold_start", {}).get("questions", []),
    }
    return render(request, "learning/strategy.html", context)
