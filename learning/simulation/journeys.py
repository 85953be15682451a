# ruff: noqa: RUF002 -- ranges are written with en dashes
"""Resume journeys: rewrite suggestions, the edits candidates make, and the versions they give.

Per candidate, in time order (see :mod:`learning.simulation.model` for the probabilities):

1. the first upload (version 1) when they join;
2. the instrument: if ``suggested_metrics`` (half the candidates at random), an
   ``added_metrics`` rewrite suggestion 1–10 days after joining, accepted, edited or rejected;
3. an ``added_metrics`` edit of their own, with a probability rising with quality, at a random
   time in the first half of their search, unless the suggestion already made it;
4. a Poisson number of zero-effect edits, and for some candidates one more rewrite suggestion
   of a zero-effect type, at random times.

Every edit renders a new version and raises the platform's resume score by the type's bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from learning.simulation import catalog, model, resumes
from learning.simulation.people import Candidate
from learning.simulation.progress import Progress, no_progress
from learning.simulation.records import Edit, ResumeVersionRecord, Suggestion

INSTRUMENT_DELAY_DAYS = (1.0, 10.0)
EDIT_AFTER_SUGGESTION_MINUTES = (5.0, 120.0)
SELF_METRICS_WINDOW = 0.5  # share of the search within which self-made metrics edits happen
OTHER_SUGGESTION_SHARE = 0.35
OTHER_SUGGESTION_RESPONSES = {"accepted": 0.5, "edited": 0.15, "rejected": 0.35}
SCORE_NOISE = 0.8  # sd of the scorer's points around an edit type's bump
MAX_SCORE = 100.0
MIN_VERSION_GAP = timedelta(minutes=1)
REJECTION_REASONS = (
    "Does not sound like me",
    "I cannot share those numbers",
    "Too long",
    "Not relevant to the roles I want",
)
ALREADY_DONE = "My resume already has these numbers"
FAMILY = {t.key: t.family for t in catalog.TRACKS}


@dataclass(frozen=True)
class MetricsPotential:
    """How a candidate would come to add metrics, with and without the suggestion.

    Drawn for every candidate; the suggestion branch only happens when ``suggested_metrics``
    (Z) is set, so for the others it is the counterfactual the Wald estimand needs.
    """

    self_at: datetime | None  # when they would add metrics on their own, if ever
    suggested_at: datetime  # when the suggestion would be shown
    response: str  # how they would answer it: accepted | edited | rejected
    edit_delay: timedelta  # from answering to saving the edited resume

    def made_by(self, at: datetime, *, suggested: bool) -> bool:
        """Whether the resume would carry the edit at ``at`` (the potential treatment D(Z))."""
        on_own = self.self_at is not None and self.self_at <= at
        if not suggested or self.response == "rejected":
            return on_own
        return on_own or self.suggested_at + self.edit_delay <= at


@dataclass(frozen=True)
class _Plan:
    at: datetime
    kind: str  # instrument | self_metrics | other_edit | other_suggestion


@dataclass
class Journeys:
    versions: list[ResumeVersionRecord] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    potentials: list[MetricsPotential] = field(default_factory=list)  # by candidate


def journeys_make(
    rng: np.random.Generator, candidates: list[Candidate], *, progress: Progress = no_progress
) -> Journeys:
    journeys = Journeys()
    for candidate in progress(candidates, desc="resumes", total=len(candidates)):
        potential = _potential(rng, candidate)
        journeys.potentials.append(potential)
        plans = sorted(_plans(rng, candidate, potential), key=lambda p: p.at)
        _Walker(rng, candidate, journeys, potential).run(plans)
    return journeys


def _at(candidate: Candidate, fraction: float) -> datetime:
    return candidate.joined_at + (candidate.active_until - candidate.joined_at) * fraction


def _response(rng: np.random.Generator, accept: float, edit: float) -> str:
    draw = rng.random()
    return "accepted" if draw < accept else "edited" if draw < accept + edit else "rejected"


def _potential(rng: np.random.Generator, candidate: Candidate) -> MetricsPotential:
    delay = timedelta(days=float(rng.uniform(*INSTRUMENT_DELAY_DAYS)))
    on_own = rng.random() < model.self_metrics_probability(np.array(candidate.quality))
    self_at = _at(candidate, rng.uniform(0, SELF_METRICS_WINDOW))
    return MetricsPotential(
        self_at=self_at if on_own else None,
        suggested_at=min(candidate.joined_at + delay, candidate.active_until),
        response=_response(rng, model.SUGGESTION_ACCEPT, model.SUGGESTION_EDIT),
        edit_delay=timedelta(minutes=float(rng.uniform(*EDIT_AFTER_SUGGESTION_MINUTES))),
    )


def _plans(
    rng: np.random.Generator, candidate: Candidate, potential: MetricsPotential
) -> list[_Plan]:
    plans = []
    if candidate.suggested_metrics:
        plans.append(_Plan(potential.suggested_at, "instrument"))
    if potential.self_at is not None:
        plans.append(_Plan(potential.self_at, "self_metrics"))
    for _ in range(rng.poisson(model.OTHER_EDITS_PER_CANDIDATE)):
        plans.append(_Plan(_at(candidate, rng.uniform(0.02, 1.0)), "other_edit"))
    if rng.random() < OTHER_SUGGESTION_SHARE:
        plans.append(_Plan(_at(candidate, rng.uniform(0.02, 1.0)), "other_suggestion"))
    return plans


class _Walker:
    """Walks one candidate's plans in time order, keeping the current resume state."""

    def __init__(
        self,
        rng: np.random.Generator,
        candidate: Candidate,
        out: Journeys,
        potential: MetricsPotential,
    ) -> None:
        self.rng, self.candidate, self.out, self.potential = rng, candidate, out, potential
        self.state = resumes.initial_state(candidate)
        self.number = 0
        self.current = self._version(candidate.joined_at, candidate.base_resume_score, None)

    def run(self, plans: list[_Plan]) -> None:
        for plan in plans:
            if plan.kind == "instrument":
                self._instrument(plan.at)
            elif plan.kind == "self_metrics" and not self.state.metrics:
                self._edit(plan.at, "added_metrics", None)
            elif plan.kind == "other_edit":
                self._edit(plan.at, self._other_type(), None)
            elif plan.kind == "other_suggestion":
                shares = OTHER_SUGGESTION_RESPONSES
                response = _response(self.rng, shares["accepted"], shares["edited"])
                delay = timedelta(minutes=float(self.rng.uniform(*EDIT_AFTER_SUGGESTION_MINUTES)))
                self._suggest(plan.at, self._other_type(), response, delay, instrument=False)

    def _instrument(self, at: datetime) -> None:
        """Show the randomised suggestion; every suggested candidate gets it, so Z is seen in
        the event log for exactly the random half, even when they added metrics already."""
        p = self.potential
        if self.state.metrics:
            reason = ALREADY_DONE
            self._suggest(
                at, "added_metrics", "rejected", p.edit_delay, instrument=True, reason=reason
            )
        else:
            self._suggest(at, "added_metrics", p.response, p.edit_delay, instrument=True)

    def _other_type(self) -> str:
        options = [e for e in resumes.available_edits(self.state) if e != "added_metrics"]
        return options[int(self.rng.integers(len(options)))]

    def _suggest(
        self,
        at: datetime,
        edit_type: str,
        response: str,
        delay: timedelta,
        *,
        instrument: bool,
        reason: str | None = None,
    ) -> None:
        content = {"edit_type": edit_type, "text": f"Rewrite suggestion: {edit_type}"}
        suggestion = Suggestion(
            index=len(self.out.suggestions),
            candidate=self.candidate.index,
            at=at,
            suggestion_type="rewrite",
            response=response,
            content=content,
            final_content={**content, "user_changes": True} if response == "edited" else None,
            rejection_reason=(reason or self._reason()) if response == "rejected" else None,
            instrument=instrument,
        )
        self.out.suggestions.append(suggestion)
        if response != "rejected":
            self._edit(at + delay, edit_type, suggestion.index)

    def _reason(self) -> str:
        return REJECTION_REASONS[int(self.rng.integers(len(REJECTION_REASONS)))]

    def _edit(self, at: datetime, edit_type: str, suggestion: int | None) -> None:
        before = self.current
        at = max(at, before.created_at + MIN_VERSION_GAP)  # versions stay in time order
        self.state = resumes.apply_edit(self.state, edit_type)
        bump = model.EDIT_SCORE_BUMP[edit_type] + SCORE_NOISE * self.rng.standard_normal()
        score = round(float(np.clip(before.score + bump, 0.0, MAX_SCORE)), 1)
        self.current = self._version(at, score, edit_type)
        self.out.edits.append(
            Edit(
                index=len(self.out.edits),
                candidate=self.candidate.index,
                at=at,
                edit_type=edit_type,
                before_version=before.index,
                after_version=self.current.index,
                before_score=before.score,
                after_score=score,
                suggestion=suggestion,
            )
        )

    def _version(self, at: datetime, score: float, edit_type: str | None) -> ResumeVersionRecord:
        self.number += 1
        record = ResumeVersionRecord(
            index=len(self.out.versions),
            candidate=self.candidate.index,
            version=self.number,
            created_at=at,
            text=resumes.render(self.candidate, self.state, family=FAMILY[self.candidate.track]),
            score=score,
            edit_type=edit_type,
            state=self.state,
        )
        self.out.versions.append(record)
        return record
