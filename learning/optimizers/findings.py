"""What an optimizer returns, and the documented rule that routes it to reviewers.

A :class:`Finding` is one result in the seed's ``OptimizationRecommendation`` shape. When
``changes_parameter`` is false it is informational (a fact reviewers should see: "the weekday
has no effect", "added_metrics edits raise the interview rate") and changes nothing.

Route rule (:func:`route_for`), first match wins:

1. informational → no route;
2. risk ``high`` → ``manual_review``;
3. risk ``low``, ``p < AUTO_APPLY_MAX_P``, sample ≥ ``AUTO_APPLY_MIN_SAMPLE``, no failed
   refutation (``evidence["refuted"]`` is not true) and ``LEARNING_AUTO_APPLY_ENABLED`` →
   ``auto_apply``;
4. the change alters what candidates see and can be randomised per user
   (``ab_testable``) → ``a_b_test``;
5. otherwise → ``manual_review``.

Risk level (:func:`risk_for_change`) grows with the relative size of the change and shrinks
with evidence: ``low`` when the change is at most ``LOW_CHANGE`` of the current value and the
sample is large, ``high`` beyond ``HIGH_CHANGE`` or on a small sample, else ``medium``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AUTO_APPLY_MAX_P = 0.001
AUTO_APPLY_MIN_SAMPLE = 5_000
LOW_CHANGE = 0.10
HIGH_CHANGE = 0.40
SMALL_SAMPLE = 1_000

ROUTE_AUTO_APPLY = "auto_apply"
ROUTE_A_B_TEST = "a_b_test"
ROUTE_MANUAL_REVIEW = "manual_review"


@dataclass(frozen=True)
class Finding:
    kind: str
    component: str
    parameter: str
    current_value: Any
    recommended_value: Any
    reasoning: str
    evidence: dict[str, Any]
    impact: dict[str, Any]
    risk_level: str
    chart: dict[str, Any] = field(default_factory=dict)
    changes_parameter: bool = True
    ab_testable: bool = True
    # Identifies an informational conclusion so a later run refreshes it instead of repeating it.
    conclusion: str = ""


def risk_for_change(relative_change: float, sample_size: int) -> str:
    if relative_change > HIGH_CHANGE or sample_size < SMALL_SAMPLE:
        return "high"
    if relative_change <= LOW_CHANGE:
        return "low"
    return "medium"


def route_for(finding: Finding, *, auto_apply_enabled: bool) -> str | None:
    if not finding.changes_parameter:
        return None
    if finding.risk_level == "high":
        return ROUTE_MANUAL_REVIEW
    p_value = finding.evidence.get("p_value")
    sample = finding.evidence.get("sample_size") or 0
    if (
        auto_apply_enabled
        and finding.risk_level == "low"
        and p_value is not None
        and p_value < AUTO_APPLY_MAX_P
        and sample >= AUTO_APPLY_MIN_SAMPLE
        and not finding.evidence.get("refuted")
    ):
        return ROUTE_AUTO_APPLY
    return ROUTE_A_B_TEST if finding.ab_testable else ROUTE_MANUAL_REVIEW


def evidence(
    *,
    metric: str,
    improvement: float | None,
    sample_size: int,
    confidence_interval: tuple[float, float] | list[float] | None,
    p_value: float | None,
    method: str,
    **extra: Any,
) -> dict[str, Any]:
    """The seed's evidence block (plus ``method`` and any extra detail)."""
    return {
        "metric": metric,
        "improvement": _clean(improvement),
        "sample_size": int(sample_size),
        "confidence_interval": None
        if confidence_interval is None
        else [_clean(v) for v in confidence_interval],
        "p_value": _clean(p_value),
        "method": method,
        **extra,
    }


def _clean(value: Any) -> Any:
    if value is None:
        return None
    number = float(value)
    return None if number != number else round(number, 6)  # NaN → None (JSON has no NaN)
