# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""What a candidate's interview rate would likely have been without a resume edit. No Django.

For an edit whose causal estimate holds — not refuted, every refutation ran and passed, and
its 95 % interval ``[τ_lo, τ_hi]`` excludes 0 — and a candidate with at least
``MIN_APPLICATIONS`` resolved applications sent with that edit (``k`` interviews out of
``n``, observed rate ``Y = k/n``), the counterfactual rate of those same applications is::

    X = Y − τ̂,   interval [Y − τ_hi, Y − τ_lo], clipped to [0, 1]

``τ̂`` is the platform-wide effect on the interview rate (for the resume-edit IV estimate:
the average effect on the applications the randomised suggestion moves), so ``X`` assumes the
edit works for this candidate as it does on average; the interval carries the estimate's
uncertainty, not the candidate's own. Nothing is said for an edit the candidate did not make,
for an estimate that is refuted or whose interval covers 0, or on too few applications
(missing evidence is not evidence).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

MIN_APPLICATIONS = 10  # as the weekly insights' rates (learning.insights.build.MIN_SAMPLE)


@dataclass(frozen=True)
class EditCounterfactual:
    edit: str
    applications: int
    interviews: int
    observed_rate: float
    counterfactual_rate: float
    interval: tuple[float, float]
    effect: float
    effect_interval: tuple[float, float]
    method: str

    @property
    def sentence(self) -> str:
        low, high = self.interval
        return (
            f"Without the {self.edit.replace('_', ' ')} edit your interview rate would likely "
            f"have been {self.counterfactual_rate:.0%} instead of {self.observed_rate:.0%} "
            f"(95 % interval {low:.0%} to {high:.0%}; {self.interviews} interview"
            f"{'s' if self.interviews != 1 else ''} from {self.applications} applications "
            "sent with it)."
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"sentence": self.sentence}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def evidence_holds(causal: Mapping[str, Any] | None) -> bool:
    """The estimate is present, not refuted, fully checked and its interval excludes 0."""
    if not causal or causal.get("refuted") is not False:
        return False
    checks = causal.get("refutations") or []
    if not checks or any(c.get("passed") is not True for c in checks):
        return False
    estimate, low, high = (_number(causal.get(k)) for k in ("estimate", "ci_low", "ci_high"))
    if estimate is None or low is None or high is None:
        return False
    return low > 0 or high < 0


def edit_counterfactuals(
    effects: Mapping[str, Mapping[str, Any] | None],
    edited: Mapping[str, tuple[int, int]],
    *,
    min_applications: int = MIN_APPLICATIONS,
) -> list[EditCounterfactual]:
    """``effects[edit]``: the causal engine's estimate (``as_dict()`` shape);
    ``edited[edit]``: (resolved applications the candidate sent with the edit, interviews).
    """
    out = []
    for edit in sorted(edited):
        n, k = edited[edit]
        causal = effects.get(edit)
        if n < min_applications or not 0 <= k <= n or not evidence_holds(causal):
            continue
        assert causal is not None
        tau, low, high = (float(causal[key]) for key in ("estimate", "ci_low", "ci_high"))
        observed = k / n
        out.append(
            EditCounterfactual(
                edit=edit,
                applications=n,
                interviews=k,
                observed_rate=observed,
                counterfactual_rate=_clip(observed - tau),
                interval=(_clip(observed - high), _clip(observed - low)),
                effect=tau,
                effect_interval=(low, high),
                method=str(causal.get("method", "")),
            )
        )
    return out


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
