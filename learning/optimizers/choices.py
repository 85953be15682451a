# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Strategy modes and tailoring: does applying in a mode, or with a tailored resume, cause
more interviews? (seed 002 §4.5.1.)

Each choice is a 0/1 treatment per application: ``tailoring_applied``, and each strategy
mode against the other modes. Applications whose value is missing are left out (a missing
value is not evidence). Two designs estimate each effect on the interview indicator:

* **AIPW** (the causal engine's doubly robust estimator, ATE, propensity trimmed to
  ``[TRIM, 1 − TRIM]``, errors clustered by candidate) on pre-application covariates: the
  baseline resume score, the job's fit components and seniority, and the resume edits in
  force. It comes with the engine's refutations (placebo treatment, random common cause,
  data subset), balance table (standardised mean differences before and after weighting)
  and E-value.
* **User fixed effects** (:mod:`learning.causal.within`): each candidate compared only with
  themselves, which removes what candidates carry across applications and is never recorded
  (quality). Modes are assigned by a candidate's own record (a low resume score, a low
  interview rate), so AIPW on recorded covariates alone can be confounded by quality; the
  within-candidate comparison is the check.

A mode is assigned by a rule on the candidate's own record (the resume score at the time, the
interviews heard so far), so the resume score at application is a covariate of the mode arms:
where it decides the mode alone the propensity model finds no overlap and the engine answers
``no_overlap`` — no like-with-like comparison exists, and only randomising the thresholds can
tell what a mode does.

Above ``MAX_ROWS`` applications the estimates use a seeded sample of whole candidates.

Holm's correction runs over the arms of a family (the three modes; tailoring alone). An effect
is **established** only when the AIPW interval excludes 0 with Holm-adjusted ``p < α``, the
fixed-effects estimate has the same sign with Holm-adjusted ``p < α``, and neither estimate
is refuted, and every refutation of both ran and passed. Anything less reads "not
established" — never "no effect" and never the opposite claim. Findings are informational
(no parameter changes), and a refuted one carries ``evidence["refuted"]`` so no route ever
auto-applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from learning.causal.data import CausalInputError, from_arrays
from learning.causal.engine import estimate_effect
from learning.causal.estimate import CausalEstimate
from learning.causal.regression import Effect, naive_difference
from learning.causal.within import within_estimate
from learning.optimizers.effects import ALPHA, holm
from learning.optimizers.findings import Finding, evidence

MIN_TREATED = 200
# The estimates run on a seeded sample of whole candidates of at most this many applications
# (all of them below it): each arm refits its models some 60 times for the refutations, and
# 30,000 applications still resolve an effect of about one percentage point.
MAX_ROWS = 30_000
MIN_USERS_PER_ARM = 30
TRIM = 0.01
CAUSAL_SEED = 20261201  # fixed: the refutations give the same verdict on the same data


@dataclass(frozen=True)
class ChoiceInput:
    """One row per application; ``arms[label]`` = (0/1 treatment, rows where it is known)."""

    y: np.ndarray
    users: np.ndarray
    covariates: np.ndarray
    covariate_names: tuple[str, ...]
    arms: dict[str, tuple[np.ndarray, np.ndarray]]
    # per arm, further covariates (name, values): the inputs of the rule that assigns it
    extra: dict[str, tuple[tuple[str, np.ndarray], ...]] | None = None


@dataclass(frozen=True)
class ChoiceEffect:
    label: str
    treated: int
    naive: Effect
    primary: CausalEstimate | None  # AIPW
    within: CausalEstimate | None  # user fixed effects
    p_holm: float
    within_p_holm: float
    error: dict[str, str] | None = None

    @property
    def refuted(self) -> bool:
        return any(e is not None and e.refuted for e in (self.primary, self.within))

    @property
    def checked(self) -> bool:
        """Every refutation of both estimates ran and passed (an inconclusive one is not a pass)."""
        checks = [r for e in (self.primary, self.within) if e for r in e.refutations]
        return bool(checks) and all(r.get("passed") is True for r in checks)

    @property
    def established(self) -> bool:
        if self.primary is None or self.within is None or self.refuted or not self.checked:
            return False
        same_sign = np.sign(self.primary.estimate) == np.sign(self.within.estimate)
        return bool(
            self.primary.excludes_zero
            and self.within.excludes_zero
            and same_sign
            and self.p_holm < ALPHA
            and self.within_p_holm < ALPHA
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "treated_applications": self.treated,
            "naive": self.naive.as_dict(),
            "causal": self.primary.as_dict() if self.primary else None,
            "within_candidate": self.within.as_dict() if self.within else None,
            "p_holm": self.p_holm,
            "within_p_holm": self.within_p_holm,
            "refuted": self.refuted,
            "established": self.established,
            "error": self.error,
        }


def sample_users(users: np.ndarray, max_rows: int, seed: int) -> np.ndarray:
    """Row mask of a seeded sample of whole users holding at most ``max_rows`` rows.

    Users are drawn in a permutation of their sorted ids, so the sample does not depend on
    the order of the rows.
    """
    if len(users) <= max_rows:
        return np.ones(len(users), bool)
    ids, counts = np.unique(users, return_counts=True)
    order = np.random.default_rng(seed).permutation(len(ids))
    keep = order[np.cumsum(counts[order]) <= max_rows]
    return np.isin(users, ids[keep])


def choices_analyze(
    data: ChoiceInput, *, seed: int = CAUSAL_SEED, max_rows: int = MAX_ROWS
) -> list[ChoiceEffect]:
    sampled = sample_users(data.users, max_rows, seed)
    if not sampled.all():
        data = ChoiceInput(
            data.y[sampled],
            data.users[sampled],
            data.covariates[sampled],
            data.covariate_names,
            {k: (d[sampled], known[sampled]) for k, (d, known) in data.arms.items()},
            {
                k: tuple((n, v[sampled]) for n, v in extra)
                for k, extra in (data.extra or {}).items()
            },
        )
    rows = []
    for label in sorted(data.arms):
        d, known = data.arms[label]
        known = known.astype(bool)
        d = d.astype(float)
        users = data.users[known]
        treated_users = np.unique(users[d[known] == 1])
        control_users = np.unique(users[d[known] == 0])
        if d[known].sum() < MIN_TREATED or min(len(treated_users), len(control_users)) < (
            MIN_USERS_PER_ARM
        ):
            continue
        rows.append((label, *_estimates(data, label, d, known, seed)))
    p = holm([r[2].p_value if r[2] else np.nan for r in rows])
    p_within = holm([r[3].p_value if r[3] else np.nan for r in rows])
    return [
        ChoiceEffect(label, int(naive.n_treated), naive, primary, within, a, b, error)
        for (label, naive, primary, within, error), a, b in zip(rows, p, p_within, strict=True)
    ]


def _estimates(data: ChoiceInput, label: str, d: np.ndarray, known: np.ndarray, seed: int):
    y, users, x = data.y[known], data.users[known], data.covariates[known]
    names = data.covariate_names
    for name, values in (data.extra or {}).get(label, ()):
        x, names = np.column_stack([x, values[known]]), (*names, name)
    naive = naive_difference(y, d[known].astype(bool), users)
    table = from_arrays(y, d[known], x, names, groups=users)
    primary = within = None
    error = None
    try:
        primary = estimate_effect(table, method="dr", estimand="ate", seed=seed, trim=TRIM)
    except CausalInputError as exc:
        error = {"method": "dr", "code": exc.code, "detail": str(exc)}
    try:
        within = within_estimate(table, seed=seed)
    except CausalInputError as exc:
        error = {"method": "fixed_effects", "code": exc.code, "detail": str(exc)}
    return naive, primary, within, error


def choice_finding(family: str, effects: list[ChoiceEffect]) -> Finding | None:
    """One informational finding per family (``strategy_mode`` or ``tailoring``)."""
    if not effects:
        return None
    established = [e for e in effects if e.established]
    assert all(e.primary is not None for e in established)
    focus = (
        max(established, key=lambda e: abs(e.primary.estimate))  # type: ignore[union-attr]
        if established
        else min(effects, key=lambda e: e.p_holm)
    )
    est = focus.primary
    ev = evidence(
        metric=f"interview rate of applications with {_name(family, focus.label)}",
        improvement=est.estimate if est else None,
        sample_size=(est.n_treated + est.n_control) if est else focus.naive.n,
        confidence_interval=(est.ci_low, est.ci_high) if est else None,
        p_value=focus.p_holm,
        method="AIPW (ATE, trimmed at 1 %), corroborated by user fixed effects; Holm over arms",
        causal=est.as_dict() if est else None,
        within_candidate=focus.within.as_dict() if focus.within else None,
        arms={e.label: e.as_dict() for e in effects},
        refuted=any(e.refuted for e in effects),
        established=[e.label for e in established],
    )
    if established and est is not None:
        reasoning = (
            f"Applying with {_name(family, focus.label)} changes the interview rate by "
            f"{est.estimate:+.1%} (95% CI {est.ci_low:+.1%} to {est.ci_high:+.1%}, AIPW); "
            f"comparing each candidate only with themselves gives "
            f"{focus.within.estimate:+.1%} too, and no refutation failed."  # type: ignore[union-attr]
        )
        conclusion = f"{family} effect established: {focus.label}"
    else:
        reasoning = _not_established(family, effects)
        conclusion = f"{family} effect not established"
    return Finding(
        # the existing recommendation kinds (a new kind needs a model choice): modes belong
        # with the strategy settings, tailoring with what is done to the resume
        kind="resume_edit" if family == "tailoring" else "strategy_thresholds",
        component=family,
        parameter=focus.label if established else "not_established",
        current_value=None,
        recommended_value=None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": 0,
            "expected_benefit": f"{est.estimate:+.1%} interview rate"
            if established and est
            else "not established",
            "risk_level": "low",
        },
        risk_level="low",
        chart={
            "type": "effects",
            "labels": [e.label for e in effects],
            "naive": [e.naive.estimate for e in effects],
            "estimate": [e.primary.estimate if e.primary else None for e in effects],
            "ci_low": [e.primary.ci_low if e.primary else None for e in effects],
            "ci_high": [e.primary.ci_high if e.primary else None for e in effects],
        },
        changes_parameter=False,
        ab_testable=False,
        conclusion=conclusion,
    )


def _name(family: str, label: str) -> str:
    mode = label.removeprefix("mode:")
    return "a tailored resume" if family == "tailoring" else f"the {mode} strategy mode"


def _not_established(family: str, effects: list[ChoiceEffect]) -> str:
    parts = []
    for e in effects:
        p = e.primary
        text = f"{_name(family, e.label)}: raw difference {e.naive.estimate:+.1%}"
        if p is not None:
            text += f", AIPW {p.estimate:+.1%} (95% CI {p.ci_low:+.1%} to {p.ci_high:+.1%})"
        if e.within is not None:
            text += f", within-candidate {e.within.estimate:+.1%}"
        if e.refuted:
            text += ", a refutation check failed"
        if e.error:
            text += f" (no adjusted estimate: {e.error['detail']})"
        parts.append(text)
    return (
        "An effect on interviews is not established for "
        + ("tailoring" if family == "tailoring" else "the strategy modes")
        + ". A claim needs the adjusted estimate (AIPW) and the within-candidate comparison to "
        "agree with enough certainty and to survive their refutation checks; here they do not. "
        "This is not evidence that it makes no difference: the intervals say how large an "
        "effect the data still allow. " + "; ".join(parts) + "."
    )
