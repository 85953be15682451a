"""Thumbs up/down on AI responses, and job / strategy / plan suggestions and their fate.

AI ratings: a Poisson(``AI_RATINGS_PER_CANDIDATE``) number per candidate at uniform times of
their search; the action type is drawn from ``AI_ACTION_SHARES`` and the rating is up with the
action's true approval rate. Non-rewrite suggestions have no effect on any outcome.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from learning.simulation import model
from learning.simulation.people import Candidate
from learning.simulation.records import AIRating, Suggestion

SUGGESTIONS_PER_CANDIDATE = 1.5  # Poisson mean of job / strategy / plan suggestions
SUGGESTION_RESPONSES = {  # accepted, edited, rejected
    "job": (0.45, 0.10, 0.45),
    "strategy": (0.55, 0.15, 0.30),
    "plan": (0.60, 0.20, 0.20),
}
DOWN_COMMENTS = {
    "resume_parse": "Missed one of my jobs",
    "job_score": "This score seems too high for me",
    "job_reasoning": "The explanation is vague",
    "digest_summary": "Too generic",
    "resume_rewrite": "Sounds robotic and exaggerated",
}
REJECTION_REASONS = ("Not interested", "Wrong location", "Not the right time", "Too junior")


def _moment(rng: np.random.Generator, candidate: Candidate) -> datetime:
    return candidate.joined_at + (candidate.active_until - candidate.joined_at) * rng.random()


def ai_ratings_make(rng: np.random.Generator, candidates: list[Candidate]) -> list[AIRating]:
    actions = list(model.AI_ACTION_SHARES)
    shares = np.array(list(model.AI_ACTION_SHARES.values()))
    ratings: list[AIRating] = []
    for candidate in candidates:
        count = rng.poisson(model.AI_RATINGS_PER_CANDIDATE)
        picks = rng.choice(len(actions), count, p=shares / shares.sum())
        ups = rng.random(count)
        moments = sorted(_moment(rng, candidate) for _ in range(count))
        for at, pick, draw in zip(moments, picks, ups, strict=True):
            action = actions[int(pick)]
            up = draw < model.AI_APPROVAL_BY_ACTION[action]
            ratings.append(
                AIRating(
                    index=len(ratings),
                    candidate=candidate.index,
                    at=at,
                    action_type=action,
                    rating="up" if up else "down",
                    comment="" if up else DOWN_COMMENTS[action],
                )
            )
    return ratings


def other_suggestions_make(
    rng: np.random.Generator, candidates: list[Candidate], *, first_index: int
) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    kinds = list(SUGGESTION_RESPONSES)
    for candidate in candidates:
        for _ in range(rng.poisson(SUGGESTIONS_PER_CANDIDATE)):
            kind = kinds[int(rng.integers(len(kinds)))]
            response = ("accepted", "edited", "rejected")[
                int(rng.choice(3, p=SUGGESTION_RESPONSES[kind]))
            ]
            content = _content(rng, kind, candidate)
            suggestions.append(
                Suggestion(
                    index=first_index + len(suggestions),
                    candidate=candidate.index,
                    at=_moment(rng, candidate),
                    suggestion_type=kind,
                    response=response,
                    content=content,
                    final_content={**content, "user_changes": True}
                    if response == "edited"
                    else None,
                    rejection_reason=REJECTION_REASONS[int(rng.integers(len(REJECTION_REASONS)))]
                    if response == "rejected"
                    else None,
                    instrument=False,
                )
            )
    return suggestions


def _content(rng: np.random.Generator, kind: str, candidate: Candidate) -> dict[str, object]:
    if kind == "job":
        return {"role": candidate.desired_roles[-1], "location": candidate.location}
    if kind == "strategy":
        return {"advice": "Apply to more target roles and fewer reach roles"}
    return {"applications_per_week": int(rng.integers(3, 11))}
