"""Outcomes drawn from the true model (see :mod:`learning.simulation.model`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from learning.simulation import model
from learning.simulation.records import Stage


@dataclass(frozen=True)
class Outcomes:
    probability: np.ndarray  # true interview probability p of each application
    interviewed: np.ndarray  # drawn, whether or not it happened before the end date
    stages: list[tuple[Stage, ...]]  # stages that happened before the end date


@dataclass(frozen=True)
class _Draws:
    interviewed: np.ndarray
    offer: np.ndarray
    silent: np.ndarray  # no word after the interview
    rejected: np.ndarray  # rejected without an interview (else ghosted)
    first_days: np.ndarray  # days to the interview or the rejection
    later_days: np.ndarray  # days from the interview to the offer or rejection


def outcomes_draw(
    rng: np.random.Generator,
    *,
    submitted: list[datetime],
    components: np.ndarray,
    quality: np.ndarray,
    base_score: np.ndarray,
    has_metrics: np.ndarray,
    end: datetime,
) -> Outcomes:
    probability = model.interview_probability(components, quality, base_score, has_metrics)
    draws = _draw(rng, probability, quality)
    stages = [_stages(submitted[a], draws, a, end) for a in range(len(submitted))]
    return Outcomes(probability, draws.interviewed, stages)


def _gamma_days(rng: np.random.Generator, params: tuple[float, float, float], n: int) -> np.ndarray:
    offset, shape, scale = params
    return offset + rng.gamma(shape, scale, n)


def _draw(rng: np.random.Generator, probability: np.ndarray, quality: np.ndarray) -> _Draws:
    n = len(probability)
    interviewed = rng.random(n) < probability
    offer_p = model.sigmoid(model.OFFER_INTERCEPT + model.OFFER_QUALITY * quality)
    first = np.where(
        interviewed,
        _gamma_days(rng, model.INTERVIEW_DAYS, n),
        _gamma_days(rng, model.REJECTION_DAYS, n),
    )
    return _Draws(
        interviewed=interviewed,
        offer=rng.random(n) < offer_p,
        silent=rng.random(n) < model.POST_INTERVIEW_SILENCE,
        rejected=rng.random(n) < model.REJECT_SHARE,
        first_days=np.minimum(first, model.MAX_FIRST_RESPONSE_DAYS),
        later_days=_gamma_days(rng, model.OFFER_DAYS, n),
    )


def _stages(submitted: datetime, d: _Draws, a: int, end: datetime) -> tuple[Stage, ...]:
    first = float(d.first_days[a])
    if not d.interviewed[a]:
        if d.rejected[a]:
            planned = [("rejected", first, "email")]
        else:
            planned = [("ghosted", model.GHOSTED_AFTER_DAYS, "no_response")]
    else:
        planned = [("interview", first, "interview_invite")]
        later = first + float(d.later_days[a])
        if d.offer[a]:
            planned.append(("offer", later, "offer_letter"))
        elif not d.silent[a]:
            planned.append(("rejected", later, "after_interview"))
    stages = []
    for status, days, response_type in planned:
        at = submitted + timedelta(days=round(days, 3))
        if at > end:
            break
        stages.append(Stage(status, at, round(days, 3), response_type))
    return tuple(stages)
