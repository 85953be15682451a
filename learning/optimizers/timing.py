# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Timing (seed 001 §5.4): does the day or hour of applying change the interview rate?

Never from a raw correlation: stronger candidates may simply prefer some day. For each
weekday ``d`` (and each ``HOUR_WINDOW``-hour window) the effect of applying then rather than
on another day is estimated three ways on the interview indicator ``y``:

* naive: ``ȳ(d) − ȳ(other days)``, cluster-robust by user;
* stratified on observed confounders: Mantel–Haenszel over baseline resume-score bucket ×
  seniority cells;
* **adjusted (the decision)**: a linear probability model with user fixed effects and the
  job's fit components, seniority and the resume edits in force as controls. The user
  effects remove everything a candidate carries across their own applications — including
  qualities never recorded — so the day is judged only by how the *same* candidate fares
  on different days.

Holm's correction runs over the days (and separately the windows); a day is called better
only when its adjusted effect is positive with ``p̃ < α`` and the focus day's estimate
survives the causal engine's refutations (:func:`timing_causal`: the same fixed-effects
estimate with placebo treatment, random common cause, data subset, balance table and E-value,
reported under ``evidence["causal"]`` in the shape every causal finding uses). Otherwise the
finding says a weekday effect is not established and the apparent lift comes from who
applies then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning.causal.data import CausalInputError, from_arrays
from learning.causal.estimate import CausalEstimate
from learning.causal.regression import Effect, PartialledControls, naive_difference
from learning.causal.stratified import stratified_difference
from learning.causal.within import within_estimate
from learning.optimizers.effects import ALPHA, CausalData, holm
from learning.optimizers.findings import Finding, evidence

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOUR_WINDOW = 4
MIN_APPLICATIONS = 200
CAUSAL_SEED = 20261201


@dataclass(frozen=True)
class SlotEffect:
    label: str
    n: int
    naive: Effect
    stratified: Effect
    adjusted: Effect
    adjusted_p_holm: float


@dataclass(frozen=True)
class TimingResult:
    days: list[SlotEffect]
    hours: list[SlotEffect]
    naive_best_day: str | None
    best_day: str | None  # only when the adjusted effect holds
    best_hours: str | None


def _slot_effects(
    data: CausalData,
    slots: np.ndarray,
    labels: list,
    partialled: PartialledControls,
    codes: tuple[np.ndarray, int],
) -> list:
    out = []
    for value in labels:
        d = slots == value
        if d.sum() < MIN_APPLICATIONS or (~d).sum() < MIN_APPLICATIONS:
            continue
        naive = naive_difference(data.y, d, data.users, codes)
        strat = stratified_difference(data.y, d, data.strata)
        adjusted = partialled.effect(d, "user fixed effects + regression adjustment")
        out.append((value, int(d.sum()), naive, strat, adjusted))
    return out


def timing_analyze(data: CausalData) -> TimingResult:
    controls = np.column_stack([data.covariates, data.edits]).astype(float)
    partialled = PartialledControls.of(data.y, controls, data.users)
    codes = (partialled.codes, partialled.n_groups)
    windows = (data.hour // HOUR_WINDOW) * HOUR_WINDOW
    day_rows = _slot_effects(data, data.weekday, list(range(7)), partialled, codes)
    hour_rows = _slot_effects(data, windows, list(range(0, 24, HOUR_WINDOW)), partialled, codes)
    days = _with_holm(day_rows, lambda v: WEEKDAYS[v])
    hours = _with_holm(hour_rows, lambda v: f"{v:02d}:00-{v + HOUR_WINDOW:02d}:00")
    naive_best = max(days, key=lambda s: s.naive.estimate).label if days else None
    return TimingResult(days, hours, naive_best, _best(days), _best(hours))


def _with_holm(rows, label) -> list[SlotEffect]:
    adjusted = holm([r[4].p_value for r in rows])
    return [
        SlotEffect(label(v), n, naive, strat, adj, p)
        for (v, n, naive, strat, adj), p in zip(rows, adjusted, strict=True)
    ]


def _best(slots: list[SlotEffect]) -> str | None:
    real = [s for s in slots if s.adjusted_p_holm < ALPHA and s.adjusted.estimate > 0]
    return max(real, key=lambda s: s.adjusted.estimate).label if real else None


def _focus(result: TimingResult) -> SlotEffect:
    return next(s for s in result.days if s.label == (result.best_day or result.naive_best_day))


def timing_causal(data: CausalData, result: TimingResult) -> dict:
    """The focus day's fixed-effects estimate with the engine's refutations, as a dict."""
    if not result.days:
        return {}
    day = WEEKDAYS.index(_focus(result).label)
    controls = np.column_stack([data.covariates, data.edits]).astype(float)
    names = (*data.covariate_names, *(f"edit_{e}" for e in data.edit_names))
    try:
        table = from_arrays(data.y, data.weekday == day, controls, names, groups=data.users)
        estimate: CausalEstimate = within_estimate(table, seed=CAUSAL_SEED)
    except CausalInputError as exc:
        return {"method": "fixed_effects", "error": str(exc), "code": exc.code, "refuted": None}
    return estimate.as_dict()


def timing_finding(result: TimingResult, causal: dict | None = None) -> Finding | None:
    if not result.days:
        return None
    focus = _focus(result)
    causal = causal or {}
    refuted = bool(causal.get("refuted"))
    ev = evidence(
        metric=f"interview rate when applying on {focus.label} rather than another day",
        improvement=focus.adjusted.estimate,
        sample_size=focus.adjusted.n,
        confidence_interval=(focus.adjusted.ci_low, focus.adjusted.ci_high),
        p_value=focus.adjusted_p_holm,
        method="linear probability model with user fixed effects, controls for fit, "
        "seniority and resume edits; cluster-robust by user; Holm over the seven days",
        naive=focus.naive.as_dict(),
        stratified_resume_score_seniority=focus.stratified.as_dict(),
        days={s.label: _slot(s) for s in result.days},
        hours={s.label: _slot(s) for s in result.hours},
        causal=causal or None,
        refuted=refuted,
    )
    chart = {
        "type": "effects",
        "labels": [s.label for s in result.days],
        "naive": [s.naive.estimate for s in result.days],
        "estimate": [s.adjusted.estimate for s in result.days],
        "ci_low": [s.adjusted.ci_low for s in result.days],
        "ci_high": [s.adjusted.ci_high for s in result.days],
    }
    lo, hi = focus.adjusted.ci_low, focus.adjusted.ci_high
    if result.best_day and not refuted:
        reasoning = (
            f"The same candidates get more interviews when they apply on {focus.label}: "
            f"{focus.adjusted.estimate:+.1%} (95% CI {lo:+.1%} to {hi:+.1%}), after comparing "
            f"each candidate only with themselves."
        )
        conclusion = f"timing: {focus.label} helps"
    else:
        reasoning = (
            f"Applications sent on {focus.label} look {focus.naive.estimate:+.1%} more "
            f"successful at first sight, but comparing each candidate only with themselves an "
            f"effect of the day is not established ({focus.adjusted.estimate:+.1%}, 95% CI "
            f"{lo:+.1%} to {hi:+.1%}"
            + ("; a refutation check failed" if refuted else "")
            + f"). The raw lift comes from who applies on {focus.label}: do not advise "
            "candidates on the weekday."
        )
        conclusion = "timing: weekday effect not established"
    return Finding(
        kind="timing",
        component="timing",
        parameter="best_day_of_week",
        current_value=None,
        recommended_value=None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": 0,
            "expected_benefit": "none: no parameter changes"
            if not result.best_day or refuted
            else f"{focus.adjusted.estimate:+.1%} interview rate for applications moved",
            "risk_level": "low",
        },
        risk_level="low",
        chart=chart,
        changes_parameter=False,
        ab_testable=False,
        conclusion=conclusion,
    )


def _slot(slot: SlotEffect) -> dict:
    return {
        "n": slot.n,
        "naive": round(slot.naive.estimate, 6),
        "adjusted": round(slot.adjusted.estimate, 6),
        "ci": [round(slot.adjusted.ci_low, 6), round(slot.adjusted.ci_high, 6)],
        "p_holm": round(slot.adjusted_p_holm, 6),
    }
