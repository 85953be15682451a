"""Turn optimizer findings into ``Recommendation`` rows (the write side of the optimizers).

* A parameter change is stored PENDING with a route from
  :func:`learning.optimizers.findings.route_for`; its ``change_key`` hashes the component and
  the recommended value, and while one such row is pending the same change is not proposed
  again (also enforced by the partial unique constraint).
* A finding that changes nothing is stored INFORMATIONAL; a later run with the same
  conclusion refreshes that row's evidence instead of adding another.
* ``auto_apply`` rows are applied at once through the decision service when
  ``LEARNING_AUTO_APPLY_ENABLED`` is on (the route is only chosen then).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction

from learning.models import AnalysisRun, Recommendation, RecommendationRoute, RecommendationStatus
from learning.optimizers.findings import Finding, route_for
from learning.services.recommendations import recommendation_auto_apply
from recruitly.spine.audit import audit_record


def jsonable(value: Any) -> Any:
    """Plain JSON types: numpy scalars → Python, NaN/inf → None, tuples → lists."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [jsonable(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def change_key(component: str, value: Any) -> str:
    canonical = json.dumps({"component": component, "value": jsonable(value)}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _informational_key(finding: Finding) -> str:
    return change_key(f"info:{finding.kind}:{finding.component}", finding.conclusion)


def _fields(finding: Finding, run: AnalysisRun | None) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "component": finding.component,
        "parameter": finding.parameter,
        "current_value": jsonable(finding.current_value),
        "recommended_value": jsonable(finding.recommended_value),
        "reasoning": finding.reasoning,
        "evidence": jsonable(finding.evidence),
        "impact": jsonable(finding.impact),
        "risk_level": finding.risk_level,
        "chart": jsonable(finding.chart),
        "analysis_run": run,
    }


def _informational_store(finding: Finding, run: AnalysisRun | None) -> Recommendation:
    key = _informational_key(finding)
    existing = Recommendation.objects.filter(
        change_key=key, status=RecommendationStatus.INFORMATIONAL
    ).first()
    fields = _fields(finding, run)
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*fields, "updated_at"])
        return existing
    return Recommendation.objects.create(
        **fields,
        change_key=key,
        route=RecommendationRoute.MANUAL_REVIEW,
        status=RecommendationStatus.INFORMATIONAL,
    )


def _proposal_store(
    finding: Finding, run: AnalysisRun | None, auto_apply_enabled: bool
) -> Recommendation | None:
    key = change_key(finding.component, finding.recommended_value)
    if Recommendation.objects.filter(change_key=key, status=RecommendationStatus.PENDING).exists():
        return None
    route = route_for(finding, auto_apply_enabled=auto_apply_enabled)
    try:
        with transaction.atomic():
            recommendation = Recommendation.objects.create(
                **_fields(finding, run),
                change_key=key,
                route=route or RecommendationRoute.MANUAL_REVIEW,
                status=RecommendationStatus.PENDING,
            )
    except IntegrityError:
        return None  # a concurrent run proposed the same change first
    audit_record(
        acting_user=None,
        action="recommendation.proposed",
        target=recommendation,
        reason=finding.reasoning,
        details={"route": recommendation.route, "evidence": recommendation.evidence},
    )
    return recommendation


@transaction.atomic
def recommendations_from_findings(
    *,
    findings: list[Finding],
    analysis_run: AnalysisRun | None = None,
    auto_apply_enabled: bool | None = None,
) -> list[Recommendation]:
    """Store each finding; returns the rows created or refreshed (skipped duplicates omitted).

    Idempotent: running it twice with the same findings adds nothing the second time.
    """
    enabled = (
        settings.LEARNING_AUTO_APPLY_ENABLED if auto_apply_enabled is None else auto_apply_enabled
    )
    stored = []
    for finding in findings:
        if finding.changes_parameter:
            row = _proposal_store(finding, analysis_run, enabled)
        else:
            row = _informational_store(finding, analysis_run)
        if row is not None:
            stored.append(row)
    if enabled:
        for row in stored:
            if row.route == RecommendationRoute.AUTO_APPLY:
                recommendation_auto_apply(recommendation=row)
    return stored
