"""The 30-minute AI pipeline (seed 004): health per action and version, issues, rollbacks.

Reads the thumbs (``AI_RESPONSE_RATED`` events, which carry the action type, prompt version
and model of the answer rated) and the optimization runs; decides with
:mod:`learning.ai_health`. The only write is an automatic rollback of a prompt whose live
version's approval dropped below its own baseline: the ``prompts.<task>`` parameter returns to
the previous value (a new version, never an overwrite), an ``ai.prompt_rollback`` audit row
keeps the evidence, and reviewers are e-mailed. Idempotent: a second run in the cool-down
finds the audit row and does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.db.models.fields.json import KT
from django.utils import timezone

from experiments.services.notify import reviewers_notify
from learning.ai.comment_clusters import comment_clusters
from learning.ai.failure_patterns import failure_patterns
from learning.ai.training.candidates import prompt_candidates_auto
from learning.ai.training.finetune import finetune_auto
from learning.ai.training.overview import readiness_cached
from learning.ai_health import health_of, regression_test
from profiles.ai.parameters import AI_TASKS
from profiles.ai.schemas import TASKS
from profiles.models import ResumeOptimization
from recruitly.eventlog.models import Event
from recruitly.spine.audit import audit_record
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.selectors import parameter_active_version
from recruitly.spine.services import parameter_version_rollback

RATED = "AI_RESPONSE_RATED"
COOL_DOWN = timedelta(hours=24)  # a prompt rolled back automatically is left alone this long
ROLLBACK_ACTION = "ai.prompt_rollback"
# Seed 000's triggers for resume optimization.
MAX_COST_PER_OPTIMIZATION = Decimal("0.10")
MIN_AVERAGE_SCORE = 8.0
MIN_OPTIMIZATIONS = 20  # averages over fewer runs are not reported as an issue
LOW_STARS = 2
ISSUE_WINDOW = timedelta(days=7)
ISSUES_ACTION = "ai.issues_notified"
NOTIFY_EVERY = timedelta(days=1)  # an issue still open is reported again after this


def _rated(**filters: Any) -> Any:
    return Event.objects.filter(event_type=RATED, **filters)


def _rows(*keys: str) -> list[dict[str, Any]]:
    fields = {key: KT(f"payload__{key}") for key in keys}
    rows = (
        _rated()
        .values(**fields)
        .annotate(n=Count("id"), up=Count("id", filter=Q(payload__rating="up")))
        .order_by(*keys)
    )
    out = []
    for row in rows:
        found = health_of(row["up"], row["n"])
        out.append(
            {
                **{k: row[k] for k in keys},
                "count": row["n"],
                **found.as_dict(),
                "approval_ci": [found.ci_low, found.ci_high],
            }
        )
    return sorted(out, key=lambda r: (-r["n"], *(str(r[k]) for k in keys)))


def health_by_action() -> list[dict[str, Any]]:
    """Seed 004's ``by_action`` rows with ``n``, ``ci_low``, ``ci_high`` and ``health``."""
    return _rows("action_type")


def health_by_version() -> list[dict[str, Any]]:
    return _rows("action_type", "prompt_version", "model")


def issues_detect(*, now: datetime, by_action: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = [
        {
            "kind": "below_threshold",
            "action_type": row["action_type"],
            "detail": f"{row['action_type']}: approval {row['approval_rate']} % "
            f"(95 % interval {row['ci_low']}-{row['ci_high']}, n={row['n']}) is below 75 %",
            "evidence": row,
        }
        for row in by_action
        if row["health"] == "needs_improvement"
    ]
    return found + _optimization_issues(now) + _pattern_issues(now) + _comment_issues(now)


def _comment_issues(now: datetime) -> list[dict[str, Any]]:

    return [
        {
            "kind": "comment_cluster",
            "action_type": c["action_type"],
            "detail": f"{c['action_type']}: {c['size']} of {c['of']} negative comments in 7 days "
            f'are alike ({", ".join(c["terms"])}), e.g. "{c["example"]}"',
            "evidence": c,
        }
        for c in comment_clusters(now=now)
    ]


def _pattern_issues(now: datetime) -> list[dict[str, Any]]:

    return [
        {
            "kind": "failure_pattern",
            "action_type": p["action_type"],
            "detail": f"{p['action_type']}: answers with {p['feature']} = {p['value']} are rated "
            f"down {p['down_rate']} % (n={p['n']}) against {p['rest_down_rate']} % for the "
            f"others (n={p['rest_n']}); Fisher one-sided, Holm-adjusted p={p['p_holm']:.4f}",
            "evidence": p,
        }
        for p in failure_patterns(now=now)
    ]


def _issue_key(issue: dict[str, Any]) -> str:
    evidence = issue.get("evidence") or {}
    parts = [issue["kind"], str(issue.get("action_type", ""))]
    if issue["kind"] == "comment_cluster":
        parts += evidence.get("terms", [])
    if issue["kind"] == "failure_pattern":
        parts += [str(evidence.get("feature")), str(evidence.get("value"))]
    if issue["kind"] == "low_rating":
        parts.append(str(evidence.get("pk")))
    return ":".join(parts)


class _Issues:
    pk = "ai-issues"


def issues_notify(issues: list[dict[str, Any]], *, now: datetime) -> list[str]:
    """E-mail reviewers the issues not already reported in the last day; return their keys."""

    recent = AuditEntry.objects.filter(
        action=ISSUES_ACTION, created_at__gte=now - NOTIFY_EVERY
    ).values_list("details", flat=True)
    known = {key for details in recent for key in details.get("keys", [])}
    new = [i for i in issues if _issue_key(i) not in known]
    if not new:
        return []
    keys = [_issue_key(i) for i in new]
    with transaction.atomic():
        audit_record(
            acting_user=None, action=ISSUES_ACTION, target=_Issues(),
            reason=f"{len(new)} new AI issue(s)", details={"keys": keys},
        )  # fmt: skip
        reviewers_notify(
            subject=f"{len(new)} new AI issue(s)",
            body="\n".join(f"- {i['detail']}" for i in new)
            + "\n\nEvidence: the AI feedback loop page, /learning/ai/.",
        )
    return keys


def _optimization_issues(now: datetime) -> list[dict[str, Any]]:

    recent = ResumeOptimization.objects.filter(created_at__gte=now - ISSUE_WINDOW)
    stats = recent.aggregate(n=Count("id"), cost=Avg("cost_usd"))
    out: list[dict[str, Any]] = []
    if stats["n"] >= MIN_OPTIMIZATIONS and stats["cost"] > MAX_COST_PER_OPTIMIZATION:
        out.append(
            {
                "kind": "cost",
                "detail": f"average cost ${stats['cost']:.4f} per "
                f"optimization over {stats['n']} runs is above $0.10",
                "evidence": {"n": stats["n"], "average_cost_usd": float(stats["cost"])},
            }
        )
    scores = [o.get("overall") for o in recent.values_list("scores_after", flat=True)]
    known = [float(s) for s in scores if isinstance(s, int | float)]
    if len(known) >= MIN_OPTIMIZATIONS and sum(known) / len(known) < MIN_AVERAGE_SCORE:
        average = round(sum(known) / len(known), 2)
        out.append(
            {
                "kind": "low_score",
                "detail": f"average optimization score {average} "
                f"over {len(known)} runs is below {MIN_AVERAGE_SCORE}",
                "evidence": {"n": len(known), "average_overall": average},
            }
        )
    for row in recent.filter(rating__lte=LOW_STARS).values("pk", "rating", "rating_comment"):
        out.append(
            {
                "kind": "low_rating",
                "detail": f"optimization {row['pk']} rated "
                f"{row['rating']} star(s): {row['rating_comment'][:200]}",
                "evidence": row,
            }
        )
    return out


def _label(version: ParameterVersion) -> str:
    return f"v{version.version}"


def _counts(task: str, label: str) -> tuple[int, int]:
    row = _rated(payload__action_type=task, payload__prompt_version=label).aggregate(
        n=Count("id"), up=Count("id", filter=Q(payload__rating="up"))
    )
    return row["up"], row["n"]


def prompt_regressions_check(*, now: datetime) -> list[dict[str, Any]]:
    """Roll back each task's live prompt whose approval is established below its baseline."""
    out = []
    for task in (t for t in TASKS if t in AI_TASKS):
        component = f"prompts.{task}"
        live = parameter_active_version(component=component)
        if live is None or live.version < 2:
            continue
        base = ParameterVersion.objects.get(component=component, version=live.version - 1)
        test = regression_test(*_counts(task, _label(base)), *_counts(task, _label(live)))
        entry = {
            "component": component,
            "live": _label(live),
            "baseline": _label(base),
            **test.as_dict(),
            "rolled_back": False,
        }
        if test.decided and not _cooling_down(component, now):
            entry["rolled_back"] = True
            entry["restored_as"] = _rollback(component, entry)
        out.append(entry)
    return out


def _cooling_down(component: str, now: datetime) -> bool:
    return AuditEntry.objects.filter(
        action=ROLLBACK_ACTION, details__component=component, created_at__gte=now - COOL_DOWN
    ).exists()


@transaction.atomic
def _rollback(component: str, evidence: dict[str, Any]) -> str:

    reason = (
        f"automatic rollback: approval of {evidence['live']} ({evidence['live_rate']:.1%}, "
        f"n={evidence['live_n']}) below {evidence['baseline']} ({evidence['baseline_rate']:.1%}, "
        f"n={evidence['baseline_n']}), always-valid p={evidence['p_value']:.4f}"
    )
    version = parameter_version_rollback(component=component, acting_user=None, reason=reason)
    audit_record(
        acting_user=None,
        action=ROLLBACK_ACTION,
        target=version,
        reason=reason,
        details={"component": component, **evidence},
    )
    reviewers_notify(subject=f"{component} rolled back", body=reason)
    return _label(version)


def ai_pipeline_run(*, now: datetime | None = None) -> dict[str, Any]:
    """One run of the pipeline; returns what it found (the command prints it)."""
    now = now or timezone.now()
    by_action = health_by_action()
    issues = issues_detect(now=now, by_action=by_action)
    return {
        "ran_at": now.isoformat(),
        "by_action": by_action,
        "by_version": health_by_version(),
        "issues": issues,
        "notified": issues_notify(issues, now=now),
        "rollbacks": prompt_regressions_check(now=now),
        "training": training_step(now=now),
    }


def training_step(*, now: datetime) -> dict[str, Any]:
    """Readiness; with ENABLE_AUTO_FINETUNE fine-tuning, else few-shot prompt candidates."""

    readiness = readiness_cached()
    out: dict[str, Any] = {"readiness": readiness}
    out["finetune"] = finetune_auto(readiness=readiness, now=now)
    if not settings.ENABLE_AUTO_FINETUNE:
        out["prompt_candidates"] = prompt_candidates_auto(now=now)
    return out
