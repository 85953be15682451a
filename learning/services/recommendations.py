"""Decide on recommendations: approve (new version), approve as an A/B test, reject, auto-apply.

Every decision locks the recommendation row, is taken once, and writes an audit row with who,
when, why and the evidence in the same transaction. Repeating the decision a recommendation
already has returns it unchanged (a double-clicked button is harmless); any other decision on
a decided recommendation raises :class:`RecommendationAlreadyDecidedError`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from experiments.services import ExperimentError, experiment_create, experiment_start
from learning.models import Recommendation, RecommendationRoute, RecommendationStatus
from recruitly.roles import is_reviewer
from recruitly.spine.audit import audit_record
from recruitly.spine.models import VersionSource
from recruitly.spine.resolver import resolve_value
from recruitly.spine.services import parameter_version_create
from recruitly.spine.specs import REGISTRY, ParameterValueError, validate_value


class RecommendationDecisionError(ValueError):
    """The decision cannot be taken on this recommendation (bad value, missing reason...)."""


class RecommendationAlreadyDecidedError(RecommendationDecisionError):
    """The recommendation was already decided otherwise."""


def _require_reviewer(acting_user: User) -> None:
    if not is_reviewer(acting_user):
        raise PermissionDenied("only members of the Reviewers group may decide recommendations")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RecommendationDecisionError("a reason is required")
    return reason


def _lock(recommendation: Recommendation) -> Recommendation:
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _check_pending(locked: Recommendation, target: str) -> bool:
    """True when the decision must go ahead; False when it was already taken (idempotent)."""
    if locked.status == target:
        return False
    if locked.status != RecommendationStatus.PENDING:
        raise RecommendationAlreadyDecidedError(
            f"recommendation {locked.pk} is already {locked.get_status_display().lower()}"
        )
    return True


def recommendation_value(recommendation: Recommendation) -> Any:
    """The full component value the recommendation proposes, validated against the spine.

    When ``parameter`` names one key of an object-valued component and ``recommended_value``
    is that key's value alone, it is merged into the component's current value.
    """
    component = recommendation.component
    if component not in REGISTRY:
        raise RecommendationDecisionError(f"{component!r} is not a declared parameter component")
    value = recommendation.recommended_value
    current = resolve_value(component)
    if (
        isinstance(current, dict)
        and not isinstance(value, dict)
        and recommendation.parameter in current
    ):
        value = {**current, recommendation.parameter: value}
    try:
        validate_value(component, value)
    except ParameterValueError as exc:
        raise RecommendationDecisionError(str(exc)) from exc
    return value


def _evidence(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "recommendation_id": recommendation.pk,
        "kind": recommendation.kind,
        "parameter": recommendation.parameter,
        "current_value": recommendation.current_value,
        "recommended_value": recommendation.recommended_value,
        "evidence": recommendation.evidence,
        "impact": recommendation.impact,
        "route": recommendation.route,
    }


def _decide(
    locked: Recommendation,
    *,
    status: str,
    acting_user: User | None,
    reason: str,
    **fields: Any,
) -> Recommendation:
    locked.status = status
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "updated_at",
            *fields,
        ]
    )
    audit_record(
        acting_user=acting_user,
        action=f"recommendation.{status}",
        target=locked,
        reason=reason,
        details={
            **_evidence(locked),
            "decided_at": locked.decided_at.isoformat(),
            **{k: getattr(v, "pk", v) for k, v in fields.items()},
        },
    )
    return locked


def _apply(
    locked: Recommendation,
    *,
    status: str,
    acting_user: User | None,
    reason: str,
) -> Recommendation:
    version = parameter_version_create(
        component=locked.component,
        value=recommendation_value(locked),
        acting_user=acting_user,
        reason=reason,
        source=VersionSource.RECOMMENDATION,
        evidence=_evidence(locked),
    )
    return _decide(
        locked, status=status, acting_user=acting_user, reason=reason, resulting_version=version
    )


@transaction.atomic
def recommendation_approve(
    *, recommendation: Recommendation, acting_user: User, reason: str
) -> Recommendation:
    """Apply the recommended value as a new active version of its component.

    Raises PermissionDenied for non-reviewers, RecommendationDecisionError for an empty reason
    or a value the spine refuses, RecommendationAlreadyDecidedError when decided otherwise.
    """
    _require_reviewer(acting_user)
    reason = _require_reason(reason)
    locked = _lock(recommendation)
    if not _check_pending(locked, RecommendationStatus.APPROVED):
        return locked
    return _apply(
        locked, status=RecommendationStatus.APPROVED, acting_user=acting_user, reason=reason
    )


@transaction.atomic
def recommendation_approve_as_test(
    *, recommendation: Recommendation, acting_user: User, reason: str
) -> Recommendation:
    """Start an A/B test of the recommended value (control: the current value).

    The experiment is created and started through the experiments app; the recommendation
    records its key. Raises like :func:`recommendation_approve`.
    """
    _require_reviewer(acting_user)
    reason = _require_reason(reason)
    locked = _lock(recommendation)
    if not _check_pending(locked, RecommendationStatus.TESTING):
        return locked
    experiment = _experiment_for_recommendation(locked, acting_user=acting_user, reason=reason)
    return _decide(
        locked,
        status=RecommendationStatus.TESTING,
        acting_user=acting_user,
        reason=reason,
        experiment_key=experiment.key,
    )


# Metrics the experiments app can measure; others fall back to the interview rate.
TESTABLE_METRICS = ("interview_rate", "jobs_applied_rate", "thumbs_up_rate", "thumbs_up_share")
AB_GUARDRAILS = {"interview_rate": ["jobs_applied_rate"]}
DEFAULT_GUARDRAILS = ["interview_rate"]
AB_ROLLBACK_PLAN = (
    "Stop the experiment or roll it back: every candidate returns to the control arm, which "
    "is the value they get today."
)


def _experiment_for_recommendation(
    locked: Recommendation, *, acting_user: User, reason: str
) -> Any:
    """Create and start a two-arm experiment through the experiments app.

    Control keeps today's value, treatment is the recommended one; the experiments app owns
    assignment, exposure, analysis and rollout from here on. Raises RecommendationDecisionError
    with the experiments app's reasons when it refuses to create or start the test (ethics
    checks included): the whole decision is then undone.
    """

    evidence = locked.evidence or {}
    metric = str(evidence.get("metric") or "")
    primary = metric if metric in TESTABLE_METRICS else "interview_rate"
    try:
        experiment = experiment_create(
            key=f"rec-{locked.pk}-{slugify(locked.component.replace('.', '-'))}"[:100],
            name=f"{locked.get_kind_display()}: {locked.component}"[:200],
            component=locked.component,
            variants=[
                {
                    "key": "control",
                    "name": "Current value",
                    "value": resolve_value(locked.component),
                    "is_control": True,
                },
                {
                    "key": "treatment",
                    "name": "Recommended value",
                    "value": recommendation_value(locked),
                },
            ],
            acting_user=acting_user,
            hypothesis=f"{locked.reasoning}\n\nApproved for testing: {reason}",
            primary_metric=primary,
            guardrail_metrics=AB_GUARDRAILS.get(primary, DEFAULT_GUARDRAILS),
            namespace=locked.component,
            rollback_plan=AB_ROLLBACK_PLAN,
        )
        return experiment_start(experiment=experiment, acting_user=acting_user)
    except ExperimentError as exc:
        raise RecommendationDecisionError(f"the A/B test was refused: {exc}") from exc


@transaction.atomic
def recommendation_reject(
    *, recommendation: Recommendation, acting_user: User, reason: str
) -> Recommendation:
    """Reject the recommendation; the reason is required and kept with the decision."""
    _require_reviewer(acting_user)
    reason = _require_reason(reason)
    locked = _lock(recommendation)
    if not _check_pending(locked, RecommendationStatus.REJECTED):
        return locked
    return _decide(
        locked, status=RecommendationStatus.REJECTED, acting_user=acting_user, reason=reason
    )


AUTO_APPLY_REASON = "auto-applied: route auto_apply and LEARNING_AUTO_APPLY_ENABLED is on"


@transaction.atomic
def recommendation_auto_apply(*, recommendation: Recommendation) -> Recommendation | None:
    """Apply a pending ``auto_apply`` recommendation without a reviewer, when settings allow.

    Returns None (and changes nothing) when auto-apply is off or the route is another one;
    the decision is audited with no actor, marking it as automatic.
    """
    if not settings.LEARNING_AUTO_APPLY_ENABLED:
        return None
    locked = _lock(recommendation)
    if locked.route != RecommendationRoute.AUTO_APPLY:
        return None
    if not _check_pending(locked, RecommendationStatus.AUTO_APPLIED):
        return locked
    return _apply(
        locked, status=RecommendationStatus.AUTO_APPLIED, acting_user=None, reason=AUTO_APPLY_REASON
    )


def recommendations_auto_apply_pending() -> int:
    """Auto-apply every pending ``auto_apply`` recommendation; returns how many were applied."""
    if not settings.LEARNING_AUTO_APPLY_ENABLED:
        return 0
    pending = Recommendation.objects.filter(
        status=RecommendationStatus.PENDING, route=RecommendationRoute.AUTO_APPLY
    ).order_by("created_at", "id")
    return sum(1 for rec in pending if recommendation_auto_apply(recommendation=rec) is not None)
