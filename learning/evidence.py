"""How a recommendation's evidence is shown to reviewers: a chart and labelled figures.

``Recommendation.chart`` names its chart, as the optimizers write it:

* ``calibration``: ``labels``, ``expected``, ``observed`` (rates per score bucket);
* ``weights``: ``labels``, ``before``, ``after``;
* ``effects``: ``labels``, ``estimate``, ``ci_low``, ``ci_high`` and optionally ``naive``;
* ``bars``: ``labels``, ``values``, ``ci_low``, ``ci_high``, ``marker`` (today's bin);
* ``profile``: ``x``, ``y``, ``marker`` (proposed), ``current``.

Without a usable one, object-valued changes are drawn as before/after bars and everything
else as the effect with its confidence interval from the evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, cast

from django.utils.safestring import SafeString, mark_safe

from learning.models import Recommendation
from recruitly.charts import (
    bars_before_after,
    calibration_curve,
    effect_with_ci,
    profile_curve,
    rates_with_ci,
)


def _numbers(values: Any) -> list[float] | None:
    if not isinstance(values, list | tuple) or not values:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None
    return [float(v) for v in values]


def _labels(chart: dict[str, Any], n: int) -> list[str]:
    labels = chart.get("labels") or chart.get("buckets") or []
    return [str(v) for v in labels][:n] if len(labels) >= n else [str(i + 1) for i in range(n)]


def _columns(chart: dict[str, Any], *keys: str) -> list[list[float]] | None:
    """The named numeric columns, all present and of one length, or None."""
    columns = [_numbers(chart.get(k)) for k in keys]
    if not all(columns) or len({len(c) for c in columns if c}) != 1:
        return None
    return cast("list[list[float]]", columns)  # all(columns): none is None


def _marker(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _calibration(chart: dict[str, Any]) -> SafeString | None:
    cols = _columns(chart, "expected", "observed")
    return calibration_curve(_labels(chart, len(cols[0])), *cols) if cols else None


def _weights(chart: dict[str, Any]) -> SafeString | None:
    cols = _columns(chart, "before", "after")
    return bars_before_after(_labels(chart, len(cols[0])), *cols) if cols else None


def _effects(chart: dict[str, Any]) -> SafeString | None:
    # the optimizers write "estimate"/"ci_low"/"ci_high"; "estimates"/"lows"/"highs" also read
    cols = _columns(chart, "estimate", "ci_low", "ci_high") or _columns(
        chart, "estimates", "lows", "highs"
    )
    if not cols:
        return None
    naive = _numbers(chart.get("naive"))
    naive = naive if naive and len(naive) == len(cols[0]) else None
    return effect_with_ci(_labels(chart, len(cols[0])), *cols, naive=naive)


def _bars(chart: dict[str, Any]) -> SafeString | None:
    cols = _columns(chart, "values", "ci_low", "ci_high")
    if not cols:
        return None
    marker = chart.get("marker")
    return rates_with_ci(
        _labels(chart, len(cols[0])), *cols, marker=None if marker is None else str(marker)
    )


def _profile(chart: dict[str, Any]) -> SafeString | None:
    cols = _columns(chart, "x", "y")
    if not cols:
        return None
    return profile_curve(
        *cols, marker=_marker(chart.get("marker")), current=_marker(chart.get("current"))
    )


CHARTS = {
    "calibration": _calibration,
    "weights": _weights,
    "effect": _effects,
    "effects": _effects,
    "bars": _bars,
    "profile": _profile,
}


def _named_chart(chart: dict[str, Any]) -> SafeString | None:
    draw = CHARTS.get(str(chart.get("type")))
    return draw(chart) if draw is not None else None


def _numeric_dict(value: Any) -> dict[str, float] | None:
    if not isinstance(value, dict) or not value:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()):
        return None
    return {str(k): float(v) for k, v in value.items()}


def recommendation_chart(rec: Recommendation) -> SafeString:
    """The SVG that best shows this recommendation's evidence."""
    chart = rec.chart if isinstance(rec.chart, dict) else {}
    named = _named_chart(chart)
    if named is not None:
        return named
    before, after = _numeric_dict(rec.current_value), _numeric_dict(rec.recommended_value)
    if before and after:
        keys = list(dict.fromkeys([*before, *after]))
        return bars_before_after(
            keys, [before.get(k, 0.0) for k in keys], [after.get(k, 0.0) for k in keys]
        )
    evidence = rec.evidence or {}
    interval = _numbers(evidence.get("confidence_interval"))
    improvement = evidence.get("improvement")
    if interval and len(interval) == 2 and isinstance(improvement, int | float):
        label = str(evidence.get("metric") or "effect")[:14]
        return effect_with_ci([label], [float(improvement)], [interval[0]], [interval[1]])
    return mark_safe('<p class="muted">No chart data for this recommendation.</p>')


@dataclass(frozen=True)
class EvidenceRow:
    label: str
    value: str


def _fmt(value: Any) -> str:
    """A value as a reviewer reads it: 4 significant digits, words for keys, no Python."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "not estimable"
        return f"{value:.4g}"
    if isinstance(value, list | tuple):
        if len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return f"{_fmt(value[0])} to {_fmt(value[1])}"
        return ", ".join(_fmt(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{_words(str(k))} {_fmt(v)}" for k, v in value.items()) or "none"
    if isinstance(value, str) and _KEY_RE.fullmatch(value):
        return _words(value)
    return "—" if value is None or value == "" else str(value)


_KEY_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(key: str) -> str:
    """``knee_95_set`` → ``knee 95 set``; keys in EVIDENCE_WORDS read as written there."""
    return EVIDENCE_WORDS.get(key, key.replace("_", " "))


EVIDENCE_LABELS = (
    ("metric", "Metric"),
    ("improvement", "Improvement"),
    ("sample_size", "Sample size"),
    ("confidence_interval", "95 % CI"),
    ("p_value", "p-value"),
    ("method", "Method"),
)
# What the optimizers' evidence keys mean, for keys whose words alone would not say it.
EVIDENCE_WORDS = {
    "knee_95_set": "Thresholds the data cannot rule out (95 % set)",
    "slope_below_per_10_points": "Change in interview odds per 10 points below the threshold",
    "slope_above_per_10_points": "Change in interview odds per 10 points above the threshold",
    "calibration_error": "Calibration error now",
    "seed_calibration_error": "Calibration error of the seed's values",
    "noise_floor": "Error chance alone would give",
    "holdout_error_current": "Held-out error, current values",
    "holdout_error_recommended": "Held-out error, recommended values",
    "auc_current": "AUC, current weights",
    "auc_learned": "AUC, learned weights",
    "test_applications": "Held-out applications",
    "treated_applications": "Applications after an edit",
    "estimates_agree": "Estimators agree",
    "corroborated_by_fixed_effects": "Confirmed by candidate fixed effects",
    "stratified_resume_score_seniority": "Effect within resume-score and seniority strata",
    "scores_too_pessimistic": "scores promise less than they deliver",
    "scores_too_optimistic": "scores promise more than they deliver",
}


@dataclass(frozen=True)
class ValueRow:
    """One setting of a parameter: today's value beside the recommended one."""

    name: str
    current: str
    recommended: str
    changed: bool


def value_rows(rec: Recommendation) -> list[ValueRow]:
    """Current against recommended value, one row per key of an object-valued parameter;
    a missing value reads as the code default rather than ``None``."""
    before, after = rec.current_value, rec.recommended_value
    if isinstance(before, dict) or isinstance(after, dict):
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        return [
            ValueRow(
                _words(str(k)),
                _fmt(before.get(k)),
                _fmt(after.get(k)),
                before.get(k) != after.get(k),
            )
            for k in keys
        ]
    current = "code default" if before is None else _fmt(before)
    proposed = "no change proposed" if after is None else _fmt(after)
    return [ValueRow("value", current, proposed, after is not None and before != after)]


CHECK_WORDS = {
    "no_conflict": "another experiment already tests this parameter",
    "potential_harm": "the change could harm candidates",
    "pre_registration": "the test is not fully pre-registered",
    "rollback_plan": "there is no rollback plan",
    "opt_out_mechanism": "candidates could not opt out",
}
_OTHER_TEST_RE = re.compile(r"(\S+) already tests (\S+?);")
_OVERLAP_RE = re.compile(r"namespace slice overlaps (\S+?)'s")


def refusal_message(error: str) -> str:
    """The experiments app's refusal in a reviewer's words: what blocks the A/B test and
    what to do about it (``no_conflict: x already tests c; share a namespace…`` reads as
    "Experiment x is already testing c: pause or finish it first")."""
    other, what = "", "this parameter"
    if (found := _OTHER_TEST_RE.search(error)) is not None:
        other, what = found.groups()
    elif (overlap := _OVERLAP_RE.search(error)) is not None:
        other = overlap.group(1)
    if other:
        return (
            f"The A/B test was not started: experiment {other} is already testing {what}. "
            "Finish or stop that experiment first, or approve the change without a test."
        )
    for name, words in CHECK_WORDS.items():
        if f"{name}:" in error:
            detail = error.split(f"{name}:", 1)[1].split("; ", 1)[0].strip(" ']\"")
            return f"The A/B test was not started: {words} ({detail})."
    return error


def evidence_rows(rec: Recommendation) -> list[EvidenceRow]:
    """The seed's evidence fields first, then anything else the optimizer recorded."""
    evidence = rec.evidence or {}
    rows = [EvidenceRow(label, _fmt(evidence.get(key))) for key, label in EVIDENCE_LABELS]
    known = {key for key, _ in EVIDENCE_LABELS}
    rows += [
        EvidenceRow(_sentence_case(_words(key)), _fmt(value))
        for key, value in evidence.items()
        if key not in known and not isinstance(value, dict)
    ]
    impact = rec.impact or {}
    rows += [
        EvidenceRow("Users affected", _fmt(impact.get("users_affected"))),
        EvidenceRow("Expected benefit", _fmt(impact.get("expected_benefit"))),
    ]
    return rows
