"""Callback rate after a resume optimization against without one (seed 000's
``callback_improvement``), for the weekly AI report and the AI loop page.

Over the ``WINDOW`` before ``end``:

* **after optimization** — each optimization in which the candidate kept at least one
  suggestion (a result version exists) and whose outcome is known: the candidate's own report
  (``callback_reported``), else the outcome of their application to that posting (interview or
  offer = callback; rejected or ghosted = none);
* **without** — each application with a known outcome to a posting the candidate kept no
  optimization for, and each optimization with a reported outcome in which nothing was kept.

Each rate carries its count and 95 % Wilson interval; the difference (after minus without) its
Newcombe hybrid-score interval (Newcombe 1998, method 10, from the two Wilson intervals). The
difference is *established* only with ``MIN_N`` outcomes on each side and an interval that
excludes zero; otherwise "not established". Candidates choose to optimize, so this is an
association, not the effect of optimizing (the resume-edit IV analysis estimates that).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from math import sqrt
from typing import Any

from learning.analytics.rates import wilson_interval
from profiles.models import Application, OutcomeStatus, ResumeOptimization

WINDOW = timedelta(days=90)
MIN_N = 30
CALLBACK_OUTCOMES = frozenset({OutcomeStatus.INTERVIEW, OutcomeStatus.OFFER})


def wilson(k: int, n: int) -> tuple[float, float]:
    low, high = wilson_interval(k, n)
    return float(low), float(high)


def newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """Newcombe's hybrid-score 95 % interval of ``k1/n1 - k2/n2``."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def _side(k: int, n: int) -> dict[str, Any]:
    if n == 0:
        return {"n": 0, "callbacks": 0, "rate": None, "ci_low": None, "ci_high": None}
    low, high = wilson(k, n)
    return {"n": n, "callbacks": k, "rate": round(100 * k / n, 1),
            "ci_low": round(100 * low, 1), "ci_high": round(100 * high, 1)}  # fmt: skip


def _outcomes(end: datetime) -> tuple[list[bool], list[bool]]:
    start = end - WINDOW
    applied = {
        (a["candidate_id"], a["job_id"]): a["outcome_status"] in CALLBACK_OUTCOMES
        for a in Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .exclude(outcome_status="")
        .values("candidate_id", "job_id", "outcome_status")
        .order_by("submitted_at")
    }
    optimized: dict[tuple[int, int], bool] = {}
    not_kept: list[bool] = []
    runs = ResumeOptimization.objects.filter(created_at__gte=start, created_at__lt=end).values(
        "candidate_id", "job_id", "result_version_id", "callback_reported"
    )
    for run in runs.order_by("created_at", "pk"):
        pair = (run["candidate_id"], run["job_id"])
        reported = run["callback_reported"]
        if run["result_version_id"] is None:
            if reported is not None:
                not_kept.append(reported)
            continue
        outcome = reported if reported is not None else applied.get(pair)
        if outcome is not None:
            optimized[pair] = outcome  # one per candidate and posting: the latest report
    kept_pairs = {
        (r["candidate_id"], r["job_id"]) for r in runs if r["result_version_id"] is not None
    }
    without = [v for pair, v in applied.items() if pair not in kept_pairs] + not_kept
    return list(optimized.values()), without


def callback_comparison(*, end: datetime) -> dict[str, Any]:
    after, without = _outcomes(end)
    k1, n1, k2, n2 = sum(after), len(after), sum(without), len(without)
    result: dict[str, Any] = {
        "window_days": WINDOW.days,
        "optimized": _side(k1, n1),
        "without": _side(k2, n2),
        "difference": None,
        "established": False,
        "verdict": "not established",
        "min_n": MIN_N,
    }
    result["rows"] = [("After optimization", result["optimized"]), ("Without", result["without"])]
    if n1 and n2:
        low, high = newcombe(k1, n1, k2, n2)
        result["difference"] = {
            "points": round(100 * (k1 / n1 - k2 / n2), 1),
            "ci_low": round(100 * low, 1),
            "ci_high": round(100 * high, 1),
        }
        if min(n1, n2) >= MIN_N and (low > 0 or high < 0):
            result["established"] = True
            result["verdict"] = (
                "higher after optimization" if low > 0 else "lower after optimization"
            )
    return result


def callback_text(c: dict[str, Any]) -> str:
    def side(s: dict[str, Any]) -> str:
        if not s["n"]:
            return "no known outcome"
        return f"{s['rate']} % [{s['ci_low']}-{s['ci_high']}] of {s['n']}"

    diff = c["difference"]
    gap = (
        f"; difference {diff['points']} points [{diff['ci_low']} to {diff['ci_high']}] (Newcombe)"
        if diff
        else ""
    )
    return (
        f"Callbacks ({c['window_days']} days): after optimization {side(c['optimized'])}, "
        f"without {side(c['without'])}{gap}: {c['verdict']}."
    )
