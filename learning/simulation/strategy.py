"""Strategy modes over each candidate's search, from the parameter spine's thresholds.

The rules of seed 001 §5.1, applied at every resume version and before every application::

    resume_score < improve_threshold                         → IMPROVE_RESUME_FIRST
    applications ≥ rethink_threshold and rate < rethink_rate → RETHINK_TARGETS
    otherwise                                                → APPLY_MODE

``rate`` counts the interviews already heard of at that moment. A candidate leaves
RETHINK_TARGETS at their next interview. Modes label applications and emit MODE_CHANGED
events; they do not change how often anyone applies, which keeps the instrument clean.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta

from learning.simulation.records import ModeChange, ResumeVersionRecord, Stage

IMPROVE = "IMPROVE_RESUME_FIRST"
RETHINK = "RETHINK_TARGETS"
APPLY = "APPLY_MODE"
RECENT_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Thresholds:
    improve_resume: float
    rethink_applications: int
    rethink_interview_rate: float


@dataclass(frozen=True)
class SearchItem:
    """One application of a candidate, as the strategy pass sees it."""

    index: int
    at: datetime
    stages: tuple[Stage, ...]


class StrategyTrack:
    """One candidate's mode over time; feed versions and applications in time order."""

    def __init__(self, candidate: int, thresholds: Thresholds, out: list[ModeChange]) -> None:
        self.candidate, self.thresholds, self.out = candidate, thresholds, out
        self.mode: str | None = None
        self.score = 0.0
        self.submitted: list[datetime] = []
        self.interviews: list[datetime] = []  # kept sorted
        self.rethink_since: datetime | None = None

    def version(self, version: ResumeVersionRecord) -> None:
        self.score = version.score
        low = self.score < self.thresholds.improve_resume
        if self.mode is None:
            self._change(version.created_at, IMPROVE if low else APPLY, "initial assessment")
        elif self.mode == IMPROVE and not low:
            reason = f"resume score {self.score:g} reached {self.thresholds.improve_resume:g}"
            self._change(version.created_at, APPLY, reason)

    def application(self, item: SearchItem) -> str:
        self._check_targets(item.at)
        self.submitted.append(item.at)
        for stage in item.stages:
            if stage.status == "interview":
                bisect.insort(self.interviews, stage.at)
        return self.mode or APPLY

    def _check_targets(self, at: datetime) -> None:
        heard = bisect.bisect_right(self.interviews, at)
        total = len(self.submitted)
        if self.mode == RETHINK and self.rethink_since is not None:
            if heard > bisect.bisect_right(self.interviews, self.rethink_since):
                self._change(at, APPLY, "interview received after rethinking targets")
        elif self._below_rethink_bar(heard, total):
            self._change(at, RETHINK, f"interview rate {heard}/{total} below threshold")
            self.rethink_since = at

    def _below_rethink_bar(self, heard: int, total: int) -> bool:
        if self.mode != APPLY or total < self.thresholds.rethink_applications:
            return False
        return heard / total < self.thresholds.rethink_interview_rate

    def _change(self, at: datetime, to_mode: str, reason: str) -> None:
        total = len(self.submitted)
        heard = bisect.bisect_right(self.interviews, at)
        recent = sum(1 for t in self.submitted if at - t <= RECENT_WINDOW)
        self.out.append(
            ModeChange(
                index=len(self.out),
                candidate=self.candidate,
                at=at,
                from_mode=self.mode,
                to_mode=to_mode,
                reason=reason,
                resume_score=self.score,
                total_applications=total,
                interview_rate=round(heard / total, 4) if total else 0.0,
                applications_last_7_days=recent,
            )
        )
        self.mode = to_mode
