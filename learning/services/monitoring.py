"""One day's monitoring: run the checks, store them, alert reviewers, act on what they found.

* every check is stored as a :class:`~learning.models.MonitoringCheck` (one per day, check
  and component; a repeated run updates the figures and never repeats an action);
* a check that turns to warning or critical (it was not on the day before) is e-mailed to
  the reviewers, all of the day's in one message (``experiments.services.notify``);
* a **critical** calibration check rolls its parameter back through the spine
  (``parameter_version_rollback``: a new version holding the previous value, with its own
  audit row) and writes a ``monitoring.rollback`` audit row carrying the check's evidence;
* a declining diversity trend switches exploration on (``exploration.epsilon`` = 0.15, a
  spine version and a ``monitoring.exploration_on`` audit row) unless it is on already or a
  reviewer switched it off in the last four weeks; a reviewer switches it off from the
  monitoring page (:func:`exploration_switch_off`, audited).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction

from experiments.services.notify import reviewers_notify
from learning.models import MonitoringCheck
from learning.monitoring.severity import Severity
from learning.parameters_monitoring import EXPLORATION_ON
from learning.services.exploration import exploration_matches_add, exploration_result
from learning.services.monitoring_checks import CHECKS, CheckResult
from learning.services.monitoring_data import MonitoringData, monitoring_data_load
from learning.services.recommendations_generate import jsonable
from recruitly.spine.audit import audit_record
from recruitly.spine.models import AuditEntry, VersionSource
from recruitly.spine.resolver import resolve_value
from recruitly.spine.services import (
    ParameterRollbackError,
    parameter_version_create,
    parameter_version_rollback,
)

ALERTING = (Severity.WARNING, Severity.CRITICAL)
EPSILON = "exploration.epsilon"
ROLLBACK_ACTION = "monitoring.rollback"
EXPLORATION_ON_ACTION = "monitoring.exploration_on"
EXPLORATION_OFF_ACTION = "monitoring.exploration_off"
# After a reviewer switches exploration off, the monitor does not switch it back on for this
# long: the reviewer's decision stands until the trend is measured again on new weeks.
REVIEWER_HOLD = timedelta(weeks=4)


def monitoring_run(
    *, window_end: datetime, apps: pd.DataFrame | None = None
) -> list[MonitoringCheck]:
    """Run every check as of ``window_end`` and act; returns the stored checks."""
    data = monitoring_data_load(window_end, apps=apps)
    results = [check(data) for check in CHECKS]
    stored = monitoring_store_and_act(data, [*results, exploration_result(window_end=window_end)])
    # after the actions: exploration switched on tonight already adds tonight's matches
    exploration_matches_add(now=window_end)
    return stored


@transaction.atomic
def monitoring_store_and_act(
    data: MonitoringData, results: list[CheckResult]
) -> list[MonitoringCheck]:
    day = data.window_end.date()
    stored, alerts = [], []
    for result in results:
        row = MonitoringCheck.objects.filter(
            day=day, name=result.check, component=result.component
        ).first()
        already_acted = row is not None and bool(row.action)
        row = row or MonitoringCheck(day=day, name=result.check, component=result.component)
        for name in ("severity", "value", "threshold", "sample_size", "summary"):
            setattr(row, name, getattr(result, name))
        row.value = jsonable(row.value)
        row.threshold = jsonable(row.threshold)
        row.evidence = jsonable(result.evidence)
        row.save()
        if not already_acted:
            row.action = _act(row, result)
            row.save(update_fields=["action", "updated_at"])
        if result.severity in ALERTING and not row.notified and _newly_alerting(row):
            alerts.append(row)
        stored.append(row)
    if alerts:
        _notify(day.isoformat(), alerts)
        MonitoringCheck.objects.filter(pk__in=[a.pk for a in alerts]).update(notified=True)
    return stored


def _newly_alerting(row: MonitoringCheck) -> bool:
    """True unless the same check already alerted on the previous day (one mail per episode)."""
    before = MonitoringCheck.objects.filter(
        name=row.name, component=row.component, day=row.day - timedelta(days=1)
    ).first()
    return before is None or before.severity not in ALERTING or bool(row.action)


def _act(row: MonitoringCheck, result: CheckResult) -> str:
    if result.rollback and result.severity is Severity.CRITICAL:
        return _rollback(row, result)
    if result.explore:
        return _exploration_on(row, result)
    return ""


def _rollback(row: MonitoringCheck, result: CheckResult) -> str:
    reason = f"automatic rollback by monitoring ({row.day}): {result.summary}"
    try:
        version = parameter_version_rollback(
            component=result.component, acting_user=None, reason=reason
        )
    except ParameterRollbackError:
        return ""
    audit_record(
        acting_user=None,
        action=ROLLBACK_ACTION,
        target=version,
        reason=reason,
        details={
            "component": result.component,
            "check": row.pk,
            "day": row.day.isoformat(),
            "evidence": row.evidence,
        },
    )
    restored = version.evidence.get("restored_version")
    source = f"the value of v{restored}" if restored else "the code default"
    return f"rolled back: {result.component} is now v{version.version}, {source}"


def _exploration_on(row: MonitoringCheck, result: CheckResult) -> str:
    if float(resolve_value(EPSILON)) > 0:
        return ""
    held = AuditEntry.objects.filter(
        action=EXPLORATION_OFF_ACTION,
        created_at__gte=datetime.combine(row.day, time(), tzinfo=UTC) - REVIEWER_HOLD,
    ).exists()
    if held:
        return ""
    reason = f"diversity of matches shown is declining ({row.day}): {result.summary}"
    version = parameter_version_create(
        component=EPSILON,
        value=EXPLORATION_ON,
        acting_user=None,
        reason=reason,
        source=VersionSource.RECOMMENDATION,
        evidence={"automatic": "monitoring", "check": row.pk, **row.evidence},
    )
    audit_record(acting_user=None, action=EXPLORATION_ON_ACTION, target=version, reason=reason,
                 details={"check": row.pk, "epsilon": EXPLORATION_ON})  # fmt: skip
    return f"exploration switched on: {EPSILON} = {EXPLORATION_ON} (v{version.version})"


@transaction.atomic
def exploration_switch_off(*, acting_user: User, reason: str) -> Any:
    """A reviewer turns exploration off (epsilon 0); audited, and the monitor holds off."""
    version = parameter_version_create(
        component=EPSILON, value=0.0, acting_user=acting_user, reason=reason,
        source=VersionSource.MANUAL,
    )  # fmt: skip
    audit_record(acting_user=acting_user, action=EXPLORATION_OFF_ACTION, target=version,
                 reason=reason, details={"epsilon": 0.0})  # fmt: skip
    return version


def _notify(day: str, alerts: list[MonitoringCheck]) -> None:
    worst = "critical" if any(a.severity == Severity.CRITICAL for a in alerts) else "warning"
    lines = [
        f"- [{a.severity}] {a.name}{' ' + a.component if a.component else ''}: {a.summary}"
        + (f"\n  action: {a.action}" if a.action else "")
        for a in alerts
    ]
    reviewers_notify(
        subject=f"monitoring {day}: {len(alerts)} {worst} alert(s)",
        body="\n".join(lines) + "\n\nSeries and thresholds: /learning/monitoring/",
    )


def step_monitoring(data: Any) -> tuple[dict[str, Any], list[Any]]:
    """The nightly analysis step: monitoring as of the run's window end (no findings)."""
    checks = monitoring_run(window_end=data.window_end, apps=data.apps)
    return {c.name: {"severity": c.severity, "action": c.action} for c in checks}, []
