"""The world as raw outcome events, in the shapes the ingestion API accepts (seed 001 §3).

Records point at each other by list index; :class:`EventIds` names them in the payloads. The
loader passes database primary keys; :func:`stable_ids` gives keys that need no database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from learning.simulation import model
from learning.simulation.records import AIRating, Application, Edit, ModeChange, Suggestion
from learning.simulation.world import World

REWRITE_TYPE = {
    "added_metrics": "bullet",
    "action_verbs": "bullet",
    "added_keywords": "summary",
    "shortened": "section",
    "reformatted": "section",
}
GAPS_ADDRESSED = {
    "added_metrics": ["quantified impact"],
    "action_verbs": ["weak verbs"],
    "added_keywords": ["missing keywords"],
    "shortened": ["length"],
    "reformatted": ["layout"],
}
AI_MODEL = "local"
PROMPT_VERSION = "default"

Event = dict[str, Any]


@dataclass(frozen=True)
class EventIds:
    application: Callable[[int], str]
    job: Callable[[int], str]
    resume_version: Callable[[int], str]


def stable_ids(prefix: str) -> EventIds:
    return EventIds(
        application=lambda i: f"{prefix}-app-{i + 1}",
        job=lambda i: f"{prefix}-job-{i + 1:06d}",
        resume_version=lambda i: f"{prefix}-resume-{i + 1}",
    )


def primary_key_ids(
    *, applications: Sequence[int], jobs: Sequence[int], resume_versions: Sequence[int]
) -> EventIds:
    """Name records by their database primary keys, given in world order."""
    return EventIds(
        application=lambda i: str(applications[i]),
        job=lambda i: str(jobs[i]),
        resume_version=lambda i: str(resume_versions[i]),
    )


def _timestamp(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


def world_events(world: World, ids: EventIds | None = None) -> list[Event]:
    """Every event of the world, oldest first."""
    ids = ids or stable_ids(world.config.prefix)
    writer = _Writer(world, ids)
    events = [
        *(e for a in world.applications for e in writer.application(a)),
        *(writer.mode_change(m) for m in world.mode_changes),
        *(writer.edit(e) for e in world.edits),
        *(writer.suggestion(s) for s in world.suggestions),
        *(writer.rating(r) for r in world.ai_ratings),
    ]
    events.sort(key=lambda e: (e["timestamp"], e["event_id"]))
    return events


class _Writer:
    def __init__(self, world: World, ids: EventIds) -> None:
        self.world, self.ids, self.prefix = world, ids, world.config.prefix

    def _envelope(
        self, kind: str, index: int | str, event_type: str, candidate: int, at: datetime
    ) -> Event:
        return {
            "event_id": f"{self.prefix}-{kind}-{index}",
            "event_type": event_type,
            "user_id": self.world.candidates[candidate].username,
            "timestamp": _timestamp(at),
        }

    def application(self, app: Application) -> list[Event]:
        base = self._application_base(app)
        envelope = self._envelope(
            "app", app.index + 1, "APPLICATION_SUBMITTED", app.candidate, app.submitted_at
        )
        submitted = {**envelope, **base}
        changes = [
            {
                **self._envelope(
                    "out", f"{app.index + 1}-{n}", "STATUS_CHANGED", app.candidate, stage.at
                ),
                **base,
                "outcome": {
                    "status": stage.status,
                    "days_to_response": stage.days_to_response,
                    "response_type": stage.response_type,
                },
            }
            for n, stage in enumerate(app.stages, start=1)
        ]
        return [submitted, *changes]

    def _application_base(self, app: Application) -> Event:
        job = self.world.jobs[app.job]
        return {
            "application_id": self.ids.application(app.index),
            "job_id": self.ids.job(app.job),
            "resume_version_id": self.ids.resume_version(app.resume_version),
            "context": {
                "strategy_mode": app.strategy_mode,
                "fit_score": app.fit_score,
                "category": app.category,
                "job_characteristics": {
                    "title": job.title,
                    "company": job.company,
                    "seniority": job.seniority,
                    "location": job.location,
                    "industry": job.industry,
                    "company_stage": job.company_stage,
                    "remote": job.remote,
                },
                "resume_score": app.resume_score,
                "tailoring_applied": app.tailoring_applied,
                "fit_components": dict(zip(model.FIT_COMPONENTS, app.components, strict=True)),
            },
        }

    def mode_change(self, change: ModeChange) -> Event:
        event = {
            **self._envelope("mode", change.index + 1, "MODE_CHANGED", change.candidate, change.at),
            "to_mode": change.to_mode,
            "reason": change.reason,
            "metrics": {
                "resume_score": change.resume_score,
                "total_applications": change.total_applications,
                "interview_rate": change.interview_rate,
                "applications_last_7_days": change.applications_last_7_days,
            },
        }
        if change.from_mode is not None:
            event["from_mode"] = change.from_mode
        return event

    def edit(self, edit: Edit) -> Event:
        return {
            **self._envelope("edit", edit.index + 1, "RESUME_REWRITTEN", edit.candidate, edit.at),
            "resume_version_id": self.ids.resume_version(edit.after_version),
            "rewrite_type": REWRITE_TYPE[edit.edit_type],
            "edit_type": edit.edit_type,
            "before_score": edit.before_score,
            "after_score": edit.after_score,
            "score_delta": round(edit.after_score - edit.before_score, 2),
            "gaps_addressed": GAPS_ADDRESSED[edit.edit_type],
            "user_accepted": True,
        }

    def suggestion(self, tip: Suggestion) -> Event:
        event = {
            **self._envelope("tip", tip.index + 1, tip.event_type, tip.candidate, tip.at),
            "suggestion_type": tip.suggestion_type,
            "suggestion_id": f"{self.prefix}-tip-{tip.index + 1}",
            "suggested_content": tip.content,
        }
        if tip.final_content is not None:
            event["final_content"] = tip.final_content
        if tip.rejection_reason is not None:
            event["rejection_reason"] = tip.rejection_reason
        return event

    def rating(self, rating: AIRating) -> Event:
        envelope = self._envelope(
            "ai", rating.index + 1, "AI_RESPONSE_RATED", rating.candidate, rating.at
        )
        event = {
            **envelope,
            "interaction_id": f"{self.prefix}-ai-{rating.index + 1}",
            "action_type": rating.action_type,
            "rating": rating.rating,
            "model": AI_MODEL,
            "prompt_version": PROMPT_VERSION,
        }
        if rating.comment:
            event["comment"] = rating.comment
        return event
