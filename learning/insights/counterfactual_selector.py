"""A candidate's edit counterfactuals from the database: the latest nightly resume-edit
estimates and the candidate's own applications (the pure computation is
:mod:`learning.insights.counterfactual`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd

from learning.analytics.frames import add_edit_exposure
from learning.insights.build import LOOKBACK_WEEKS, resolved
from learning.insights.counterfactual import EditCounterfactual, edit_counterfactuals
from learning.insights.reader import application_frame
from learning.models import Recommendation, RecommendationKind, RecommendationStatus
from recruitly.eventlog.models import Event, EventFamily
from recruitly.eventlog.schemas import EDIT_TYPES

COMPONENT = "resume_edits"


def latest_edit_effects() -> dict[str, dict[str, Any] | None]:
    """Edit → the causal estimate of the newest nightly run that judged resume edits.

    Only that run's findings count: an edit established last month but not in the newest
    run has no effect to show.
    """
    rows = Recommendation.objects.filter(
        kind=RecommendationKind.RESUME_EDIT,
        component=COMPONENT,
        status=RecommendationStatus.INFORMATIONAL,
    )
    newest = rows.order_by("-updated_at", "-id").first()
    if newest is None:
        return {}
    current = rows.filter(analysis_run=newest.analysis_run) if newest.analysis_run else [newest]
    return {
        r.parameter: (r.evidence or {}).get("causal") for r in current if r.parameter != "no_effect"
    }


def _resume_frame(user_id: int, until: datetime) -> pd.DataFrame:
    rows = Event.objects.filter(
        family=EventFamily.RESUME, user_id=user_id, occurred_at__lt=until
    ).values_list("occurred_at", "payload")
    frame = pd.DataFrame(
        [
            {
                "user_id": user_id,
                "occurred_at": at,
                "edit_type": (payload or {}).get("edit_type"),
                "user_accepted": bool((payload or {}).get("user_accepted")),
            }
            for at, payload in rows
        ],
        columns=["user_id", "occurred_at", "edit_type", "user_accepted"],
    )
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    frame["user_accepted"] = frame["user_accepted"].astype(bool)
    return frame


def candidate_edit_counterfactuals(*, user_id: int, week_start: date) -> list[EditCounterfactual]:
    """The counterfactuals for the insights of ``week_start`` (the same lookback window)."""
    effects = latest_edit_effects()
    if not effects:
        return []
    until = datetime.combine(week_start, time(), tzinfo=UTC) + timedelta(days=7)
    since = until - timedelta(weeks=LOOKBACK_WEEKS)
    apps = application_frame(since=since, until=until, user_ids=[user_id])
    if apps.empty:
        return []
    apps = add_edit_exposure(apps, _resume_frame(user_id, until), EDIT_TYPES)
    history = resolved(apps, pd.Timestamp(until))
    edited = {}
    for edit in effects:
        column = f"edit_{edit}"
        if column in history:
            sent = history[history[column].astype(bool)]
            edited[edit] = (len(sent), int(sent["interviewed"].astype(bool).sum()))
    return edit_counterfactuals(effects, edited)
