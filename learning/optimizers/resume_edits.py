# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Resume edits: which kinds of edit cause more interviews (seed 002 §4.5.1, §5.1).

Treatment ``D`` = the application was sent with a resume carrying the edit. Candidates who
edit on their own differ from those who do not (stronger ones add metrics more often), so a
raw comparison overstates the effect. Estimates, all on the interview indicator:

* naive ``ȳ(D=1) − ȳ(D=0)``, cluster-robust by user (shown for contrast only);
* stratified on observed pre-edit confounders: Mantel–Haenszel over baseline resume-score
  bucket × seniority (the baseline score is the score *before* any edit; the current score
  would absorb the edit's own bump);
* user fixed effects + regression adjustment, all edit types jointly, controls for the job's
  fit components and seniority: each candidate's applications before vs after their edit;
* **instrumental variables** where the system suggested the edit at random (``Z`` = the user
  received the suggestion): 2SLS of ``y`` on ``D`` with the baseline score, seniority and fit
  as exogenous controls, instrument matrix ``[W, Z]``, cluster-jackknife (CV3) errors by
  user with t(G−1) intervals (see :mod:`learning.causal.iv`).
  Randomisation makes ``Z`` independent of quality, so this estimate is unconfounded even by
  unrecorded traits, provided the instrument is strong (first-stage F ≥ 10).

The instrument is the candidate's **randomised arm**, not "was shown the suggestion": the
product draws the arm once per candidate (``profiles.optimize.offers``) at their first resume
optimization and logs it for both arms (``ResumeOptimization.offers``). Candidates the product
never randomised are not in either arm; counting them as unsuggested would compare people who
use the optimizer with people who do not (:func:`randomised_arm_instrument`).

The decision estimate is the IV one when a strong instrument exists, else the fixed-effects
one. Holm's correction runs over the edit types; an edit "works" when its decision estimate
is positive with ``p̃ < α`` and, when that estimate is the IV one, the fixed-effects estimate
is positive with ``p̃ < α`` too: two designs resting on different assumptions (a randomised
suggestion; each candidate compared with themselves) must both find it, so neither a
suggestion that is less random than it looks nor a within-candidate trend alone makes a
claim. An edit whose causal-engine estimate is refuted (a failed placebo, random common cause,
data subset or weak-instrument check) never "works", whatever its p-value.
``estimates_agree`` records whether IV and fixed effects differ by less than 1.96 standard
errors of their difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from learning.causal.data import CausalInputError, from_arrays
from learning.causal.engine import estimate_effect
from learning.causal.iv import two_stage_least_squares
from learning.causal.regression import Effect, RegressionInput, naive_difference, regression_effect
from learning.causal.stratified import stratified_difference
from learning.optimizers.effects import ALPHA, CausalData, holm
from learning.optimizers.findings import Finding, evidence

MIN_TREATED = 100
MIN_INSTRUMENT_USERS = 30
CAUSAL_SEED = 20261122  # fixed: the nightly's refutations give the same verdict on the same data


@dataclass(frozen=True)
class EditEffect:
    edit: str
    treated: int
    naive: Effect
    stratified: Effect
    fixed_effects: Effect
    iv: Effect | None
    decision: Effect
    p_holm: float
    fixed_effects_p_holm: float
    estimates_agree: bool | None
    causal: dict | None = None  # the causal engine's IV estimate with refutations and balance

    @property
    def refuted(self) -> bool:
        return bool(self.causal and self.causal.get("refuted"))

    @property
    def corroborated(self) -> bool:
        """The within-candidate comparison finds a positive effect too (Holm-adjusted)."""
        return self.fixed_effects_p_holm < ALPHA and self.fixed_effects.estimate > 0

    @property
    def works(self) -> bool:
        """Positive with Holm-adjusted ``p < α``, corroborated when IV decides, not refuted.

        A finding whose refutation (placebo instrument, random common cause, data subset or
        the weak-instrument check) failed never reads as "works", whatever its p-value.
        """
        if self.refuted:
            return False
        found = self.p_holm < ALPHA and self.decision.estimate > 0
        return found and (self.decision is self.fixed_effects or self.corroborated)


def randomised_arm_instrument(
    users: np.ndarray, arms: Mapping[int, bool]
) -> tuple[np.ndarray, np.ndarray]:
    """``(z, eligible)`` per application from each user's logged arm (``{user: offered}``).

    ``z`` is 1 in the offered arm; ``eligible`` keeps only users whose arm was drawn, so a
    user the product never randomised enters neither arm.
    """
    known = np.array([u in arms for u in users.tolist()], dtype=bool)
    z = np.array([bool(arms.get(u, False)) for u in users.tolist()], dtype=float)
    return z, known


def resume_edits_analyze(
    data: CausalData,
    instruments: dict[str, np.ndarray] | None = None,
    eligible: dict[str, np.ndarray] | None = None,
) -> list[EditEffect]:
    """``instruments[edit]``: per application, 1 when its user was suggested the edit;
    ``eligible[edit]``: applications that may enter that edit's IV sample (default all).
    """
    instruments = instruments or {}
    eligible = eligible or {}
    fe = regression_effect(
        RegressionInput(
            y=data.y,
            treatments=data.edits,
            treatment_names=data.edit_names,
            covariates=data.covariates,
            groups=data.users,
        )
    )
    exog = np.column_stack([np.ones(len(data.y)), data.baseline_score / 100.0, data.covariates])
    rows = []
    for j, name in enumerate(data.edit_names):
        d = data.edits[:, j].astype(float)
        if d.sum() < MIN_TREATED:
            continue
        iv = _iv(data, d, exog, instruments.get(name), eligible.get(name))
        decision = iv if iv is not None and not iv.extra.get("weak_instrument") else fe[name]
        rows.append((name, d, iv, decision))
    adjusted = holm([r[3].p_value for r in rows])
    adjusted_fe = holm([fe[r[0]].p_value for r in rows])
    return [
        EditEffect(
            edit=name,
            treated=int(d.sum()),
            naive=naive_difference(data.y, d, data.users),
            stratified=stratified_difference(data.y, d, data.strata),
            fixed_effects=fe[name],
            iv=iv,
            decision=decision,
            p_holm=p,
            fixed_effects_p_holm=p_fe,
            estimates_agree=_agree(iv, fe[name]),
            causal=_causal_report(data, d, instruments.get(name), eligible.get(name))
            if iv is not None
            else None,
        )
        for (name, d, iv, decision), p, p_fe in zip(rows, adjusted, adjusted_fe, strict=True)
    ]


def _causal_report(
    data: CausalData, d: np.ndarray, z: np.ndarray | None, keep: np.ndarray | None
) -> dict | None:
    """The IV estimate through the causal engine: refutations, first stage and balance.

    The randomised suggestion makes the arms comparable, so the balance table compares the
    suggested with the others (a check on the randomisation).
    """
    if z is None:
        return None
    rows = np.ones(len(z), bool) if keep is None else keep.astype(bool)
    covariates = np.column_stack([data.baseline_score / 100.0, data.covariates])[rows]
    names = ("baseline_score", *data.covariate_names)
    try:
        table = from_arrays(
            data.y[rows], d[rows], covariates, names, z=z[rows], groups=data.users[rows]
        )
        return estimate_effect(table, method="iv", seed=CAUSAL_SEED).as_dict()
    except CausalInputError as exc:
        return {"method": "iv", "error": str(exc), "code": exc.code, "refuted": None}


def _iv(
    data: CausalData,
    d: np.ndarray,
    exog: np.ndarray,
    z: np.ndarray | None,
    keep: np.ndarray | None,
) -> Effect | None:
    if z is None:
        return None
    keep = np.ones(len(z), bool) if keep is None else keep.astype(bool)
    users, z_kept = data.users[keep], z[keep]
    arms = (np.unique(users[z_kept > 0]), np.unique(users[z_kept == 0]))
    if min(len(arm) for arm in arms) < MIN_INSTRUMENT_USERS:
        return None
    y = data.y[keep].astype(float)
    return two_stage_least_squares(
        y, d[keep], exog[keep], z_kept.astype(float), users, cov="auto"
    ).effect


def _agree(iv: Effect | None, fe: Effect) -> bool | None:
    if iv is None or not np.isfinite(fe.se):
        return None
    return bool(abs(iv.estimate - fe.estimate) < 1.96 * np.hypot(iv.se, fe.se))


def resume_edit_findings(effects: list[EditEffect]) -> list[Finding]:
    findings = [_edit_finding(e) for e in effects if e.works]
    quiet = [e for e in effects if not e.works]
    if quiet:
        findings.append(_no_effect_finding(quiet))
    return findings


def _methods(effect: EditEffect) -> dict:
    out = {
        "naive": effect.naive.as_dict(),
        "stratified_resume_score_seniority": effect.stratified.as_dict(),
        "user_fixed_effects": effect.fixed_effects.as_dict(),
    }
    if effect.iv is not None:
        out["instrumental_variables"] = effect.iv.as_dict()
    return out


def _edit_finding(effect: EditEffect) -> Finding:
    d = effect.decision
    ev = evidence(
        metric=f"interview rate of applications sent with the {effect.edit} edit",
        improvement=d.estimate,
        sample_size=d.n,
        confidence_interval=(d.ci_low, d.ci_high),
        p_value=effect.p_holm,
        method=d.method,
        treated_applications=effect.treated,
        estimates_agree=effect.estimates_agree,
        corroborated_by_fixed_effects=effect.corroborated,
        methods=_methods(effect),
        causal=effect.causal,
        refuted=effect.refuted,
    )
    naive = effect.naive.estimate
    reasoning = (
        f"Making the {effect.edit} edit raises a candidate's interview rate by "
        f"{d.estimate:+.1%} (95% CI {d.ci_low:+.1%} to {d.ci_high:+.1%}, {d.method}). The raw "
        f"comparison says {naive:+.1%}: part of that is who makes the edit, not the edit. "
        + (
            f"The within-candidate comparison finds it too ({effect.fixed_effects.estimate:+.1%})."
            if effect.iv is not None
            else ""
        )
    )
    return Finding(
        kind="resume_edit",
        component="resume_edits",
        parameter=effect.edit,
        current_value=None,
        recommended_value=None,
        reasoning=reasoning.strip(),
        evidence=ev,
        impact={
            "users_affected": 0,
            "expected_benefit": f"{d.estimate:+.1%} interview rate for candidates who make it",
            "risk_level": "low",
        },
        risk_level="low",
        chart=_chart([effect]),
        changes_parameter=False,
        ab_testable=False,
        conclusion=f"resume edit works: {effect.edit}",
    )


def _no_effect_finding(effects: list[EditEffect]) -> Finding:
    names = ", ".join(e.edit for e in effects)
    refuted = [e.edit for e in effects if e.refuted]
    ev = evidence(
        metric="interview rate of applications sent with each edit",
        improvement=None,
        sample_size=max(e.decision.n for e in effects),
        confidence_interval=None,
        p_value=min(e.p_holm for e in effects),
        method="user fixed effects + regression adjustment (IV where randomised); Holm",
        edits={e.edit: _methods(e) | {"p_holm": e.p_holm, "causal": e.causal} for e in effects},
        refuted=any(e.refuted for e in effects),
    )
    return Finding(
        kind="resume_edit",
        component="resume_edits",
        parameter="no_effect",
        current_value=None,
        recommended_value=None,
        reasoning=f"An effect on interviews is not established for these edits: {names}. "
        "A claim needs the within-candidate comparison and, where the suggestion was "
        "randomised, the instrumental-variable estimate to agree; here they do not show one "
        "with enough certainty. This is not evidence that the edits are useless or harmful: "
        "the intervals below say how large an effect the data still allow."
        + (
            f" For {', '.join(refuted)} the causal estimate failed a refutation check (see "
            "evidence), so it is not acted on whatever its interval."
            if refuted
            else ""
        ),
        evidence=ev,
        impact={"users_affected": 0, "expected_benefit": "not established", "risk_level": "low"},
        risk_level="low",
        chart=_chart(effects),
        changes_parameter=False,
        ab_testable=False,
        conclusion="resume edits without an established effect: " + names,
    )


def _chart(effects: list[EditEffect]) -> dict:
    return {
        "type": "effects",
        "labels": [e.edit for e in effects],
        "naive": [e.naive.estimate for e in effects],
        "estimate": [e.decision.estimate for e in effects],
        "ci_low": [e.decision.ci_low for e in effects],
        "ci_high": [e.decision.ci_high for e in effects],
    }
