# ruff: noqa: RUF003 -- ranges are written with en dashes
"""What happens in the simulated world, as immutable records indexed by position.

References between records are list indices (``candidate``, ``job``, ``resume_version``);
the event writer and the database loader turn them into ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from learning.simulation.resumes import ResumeState


@dataclass(frozen=True, slots=True)
class ResumeVersionRecord:
    index: int
    candidate: int
    version: int  # 1 for the first upload
    created_at: datetime
    text: str
    score: float  # the platform's resume score of this version
    edit_type: str | None  # the edit that produced it; None for the first upload
    state: ResumeState

    @property
    def has_metrics(self) -> bool:
        return self.state.metrics


@dataclass(frozen=True, slots=True)
class Suggestion:
    index: int
    candidate: int
    at: datetime
    suggestion_type: str  # rewrite | job | strategy | plan
    response: str  # accepted | edited | rejected
    content: dict[str, Any]
    final_content: dict[str, Any] | None
    rejection_reason: str | None
    instrument: bool  # the randomised added_metrics suggestion

    @property
    def event_type(self) -> str:
        return f"SUGGESTION_{self.response.upper()}"


@dataclass(frozen=True, slots=True)
class Edit:
    index: int
    candidate: int
    at: datetime
    edit_type: str
    before_version: int
    after_version: int
    before_score: float
    after_score: float
    suggestion: int | None  # the suggestion it followed, if any


@dataclass(frozen=True, slots=True)
class Stage:
    status: str  # interview | offer | rejected | ghosted
    at: datetime
    days_to_response: float
    response_type: str


@dataclass(frozen=True, slots=True)
class Application:
    index: int
    candidate: int
    job: int
    resume_version: int
    submitted_at: datetime
    components: tuple[float, float, float, float, float]  # skills … culture, 0–100
    fit_score: float  # with the platform's (default) weights
    true_fit: float  # with the true weights
    category: str
    strategy_mode: str
    tailoring_applied: bool
    resume_score: float
    has_metrics: bool  # D: the version used carries the added_metrics edit
    # Potential treatments D(1), D(0): would the version carry the edit had the candidate been
    # suggested it, or not? One of them is has_metrics, the other is the counterfactual.
    metrics_if_suggested: bool
    metrics_if_not_suggested: bool
    interview_probability: float  # the true p of the model
    interviewed: bool  # drawn, whether or not it happened before the end date
    stages: tuple[Stage, ...]  # those that happened before the end date

    @property
    def furthest_stage(self) -> Stage | None:
        """The stage an application row shows: offer > interview > rejected > ghosted."""
        rank = {"offer": 3, "interview": 2, "rejected": 1, "ghosted": 0}
        return max(self.stages, key=lambda s: rank[s.status], default=None)


@dataclass(frozen=True, slots=True)
class ModeChange:
    index: int
    candidate: int
    at: datetime
    from_mode: str | None
    to_mode: str
    reason: str
    resume_score: float
    total_applications: int
    interview_rate: float
    applications_last_7_days: int


@dataclass(frozen=True, slots=True)
class AIRating:
    index: int
    candidate: int
    at: datetime
    action_type: str
    rating: str  # up | down
    comment: str
