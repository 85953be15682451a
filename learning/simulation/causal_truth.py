# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Potential outcomes of the ``added_metrics`` edit, per application, for causal checks.

The world keeps, for every application ``a`` of candidate ``i``, both potential treatments
``D_a(1)``, ``D_a(0)`` (the resume would / would not carry the edit had the candidate been
randomised to the suggestion or not: :class:`learning.simulation.journeys.MetricsPotential`)
and the interview probability without the edit ``p_a⁰ = σ(η_a⁰)``, with it ``p_a¹ =
σ(η_a⁰ + METRICS_LOGIT)``. From them:

* the **Wald estimand of the analysed rows** ``R``: ``Σ_{a∈R} (p¹−p⁰)·[D(1)>D(0)] /
  Σ_{a∈R} [D(1)>D(0)]`` — the average effect on the applications the randomised arm moves,
  over exactly the applications an estimate uses (the truth file's figure averages over every
  application, matured or not, and so is not the target of an estimate on matured ones);
* the **ATT of the analysed rows**: the mean ``p¹ − p⁰`` over the treated ones;
* :func:`redraw`: a fresh randomisation of the arm (each candidate Bernoulli(½), as
  :func:`learning.simulation.people.candidates_make` draws it) and fresh interview draws
  ``y ~ Bernoulli(p^{D})`` for the same candidates and applications. Replicating an estimate
  over redraws measures its coverage under the design (the arm's randomisation and the
  outcome noise) with the world held fixed, at the cost of an estimate, not of a world.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.simulation import model
from learning.simulation.world import World


@dataclass(frozen=True)
class MetricsPotentials:
    candidate: np.ndarray  # candidate index of each application
    arm: np.ndarray  # the world's randomised arm Z of the application's candidate (0/1)
    d0: np.ndarray  # D(0): the edit carried without the suggestion
    d1: np.ndarray  # D(1): the edit carried with it
    p0: np.ndarray  # interview probability without the edit
    p1: np.ndarray  # with it

    @property
    def lift(self) -> np.ndarray:
        return self.p1 - self.p0

    @property
    def moved(self) -> np.ndarray:
        return self.d1 & ~self.d0

    def wald_estimand(self, rows: np.ndarray) -> float:
        moved = self.moved & rows
        return float(self.lift[moved].mean()) if moved.any() else float("nan")

    def att(self, rows: np.ndarray, treated: np.ndarray) -> float:
        chosen = rows & treated.astype(bool)
        return float(self.lift[chosen].mean()) if chosen.any() else float("nan")


def metrics_potentials(world: World) -> MetricsPotentials:
    apps = world.applications
    candidate = np.array([a.candidate for a in apps], dtype=int)
    quality = np.array([c.quality for c in world.candidates])[candidate]
    base_score = np.array([c.base_resume_score for c in world.candidates])[candidate]
    components = np.array([a.components for a in apps], dtype=float).reshape(-1, 5)
    eta0 = model.base_logit(components, quality, base_score)
    arm = np.array([c.suggested_metrics for c in world.candidates], dtype=int)[candidate]
    return MetricsPotentials(
        candidate=candidate,
        arm=arm,
        d0=np.array([a.metrics_if_not_suggested for a in apps], dtype=bool),
        d1=np.array([a.metrics_if_suggested for a in apps], dtype=bool),
        p0=model.sigmoid(eta0),
        p1=model.sigmoid(eta0 + model.METRICS_LOGIT),
    )


def redraw(
    potentials: MetricsPotentials, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(z, d, y)`` per application under a new randomisation of the candidates' arm."""
    n_candidates = int(potentials.candidate.max()) + 1
    arm = rng.random(n_candidates) < model.INSTRUMENT_SHARE
    z = arm[potentials.candidate]
    d = np.where(z, potentials.d1, potentials.d0)
    y = rng.random(len(d)) < np.where(d, potentials.p1, potentials.p0)
    return z.astype(float), d.astype(float), y.astype(float)
