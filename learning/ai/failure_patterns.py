"""Input features that predict a thumbs-down (seed 004's "repeated failure patterns").

For each rated answer of the last ``WINDOW`` (an :class:`~learning.models.AIInteraction`
whose latest thumbs is up or down), per task, the features the log records:

* ``file_type`` — the uploaded file's type, for a resume parse (``ResumeVersion.source_type``);
* ``input_length`` — characters of the longest input text: ``short`` (< 2,000), ``medium``,
  ``long`` (> 6,000);
* ``seniority`` — the candidate's career level;
* ``fell_back`` — the remote answer failed (schema violation, empty, error) and the local
  provider answered instead;

and the answer's own shape (:mod:`learning.ai.output_shape`): ``truncated`` (cut off at the
token limit, JSON or a sentence cut mid-way), ``output_length`` (short / typical / long for
the task), ``broken_layout`` (markdown or HTML in plain-text fields) and ``missing_sections``.

Each value with at least ``MIN_GROUP`` ratings, against the task's other answers with at
least as many, is tested one-sided (Fisher's exact test: is the thumbs-down share higher?);
the p-values of all tests of a run are Holm-adjusted, and a pattern is reported below
``ALPHA``. The AI loop page shows every test of the run (:func:`failure_pattern_tests`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from scipy.stats import fisher_exact

from learning.ai.output_shape import length_band, length_cuts, output_chars, shape_features
from profiles.models import AIInteraction, ResumeVersion

WINDOW = timedelta(days=30)
MIN_GROUP = 30
ALPHA = 0.05
SHORT, LONG = 2000, 6000


def _length(data: Any) -> str:
    texts = (
        [v for v in (data or {}).values() if isinstance(v, str)] if isinstance(data, dict) else []
    )
    size = max((len(t) for t in texts), default=0)
    return "short" if size < SHORT else "long" if size > LONG else "medium"


def _rows(now: datetime) -> list[tuple[str, dict[str, str], bool]]:
    queryset = AIInteraction.objects.filter(
        rating__in=["up", "down"], created_at__gte=now - WINDOW, created_at__lte=now
    ).values("pk", "task", "rating", "input_data", "fallback_of_id", "output", "error",
             "fallback_of__error", "user__candidate_profile__career_level")  # fmt: skip
    rated = list(queryset)
    sizes: dict[str, list[int]] = defaultdict(list)
    for r in rated:
        sizes[r["task"]].append(output_chars(r["output"]))
    cuts = {task: length_cuts(values) for task, values in sizes.items()}
    files = dict(
        ResumeVersion.objects.filter(parse_interaction__in=[r["pk"] for r in rated]).values_list(
            "parse_interaction_id", "source_type"
        )
    )
    out = []
    for r in rated:
        features = {
            "input_length": _length(r["input_data"]),
            "fell_back": "yes" if r["fallback_of_id"] else "no",
            "output_length": length_band(output_chars(r["output"]), cuts[r["task"]]),
            **shape_features(
                r["task"], r["output"], [r["error"] or "", r["fallback_of__error"] or ""]
            ),
        }
        if r["user__candidate_profile__career_level"]:
            features["seniority"] = r["user__candidate_profile__career_level"]
        if r["pk"] in files:
            features["file_type"] = files[r["pk"]]
        out.append((r["task"], features, r["rating"] == "down"))
    return out


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the input order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def failure_pattern_tests(*, now: datetime) -> list[dict[str, Any]]:
    """Every test of the run (value against the task's other answers), Holm-adjusted."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for task, features, down in _rows(now):
        totals[task][0] += down
        totals[task][1] += 1
        for name, value in features.items():
            counts[(task, name, value)][0] += down
            counts[(task, name, value)][1] += 1
    tests: list[dict[str, Any]] = []
    for (task, name, value), (bad, n) in sorted(counts.items()):
        rest_down, rest_n = totals[task][0] - bad, totals[task][1] - n
        if n < MIN_GROUP or rest_n < MIN_GROUP:
            continue
        table = [[bad, n - bad], [rest_down, rest_n - rest_down]]
        p = float(fisher_exact(table, alternative="greater")[1])
        tests.append(
            {"action_type": task, "feature": name, "value": value, "n": n,
             "down_rate": round(100 * bad / n, 1), "rest_n": rest_n,
             "rest_down_rate": round(100 * rest_down / rest_n, 1), "p_value": p}
        )  # fmt: skip
    p_values = [float(t["p_value"]) for t in tests]
    for test, adjusted in zip(tests, holm(p_values), strict=True):
        test["p_holm"] = adjusted
        test["established"] = adjusted < ALPHA
    return tests


def failure_patterns(*, now: datetime) -> list[dict[str, Any]]:
    """Feature values whose answers are rated down more often than the task's others."""
    return [t for t in failure_pattern_tests(now=now) if t["established"]]
