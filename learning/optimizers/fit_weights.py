# ruff: noqa: RUF003 -- formulas are written in mathematical notation
"""Fit-score weights (seed 001 §5.3): learn which components predict an interview.

1. Split users at random into a training part and a held-out part (``TEST_SHARE``): a user's
   applications stay together, so the test AUC is not flattered by seeing the same people.
2. On training users fit ``logit P(interview) = β₀ + Σ_k β_k c_k / 100`` (unpenalised).
3. Learned weights ``w_k = max(β_k, 0) / Σ_j max(β_j, 0)``, rounded to ``0.01`` with the
   rounding error put on the largest weight so they sum to exactly 1. Components the data
   cannot speak for (never known, or constant: e.g. older events without ``text``) keep their
   current weight; the learned ones share the rest.
4. On held-out users compare the AUC of ``Σ w_current c`` with ``Σ w_learned c``. The CI of
   the difference comes from a Poisson cluster bootstrap: each replicate gives every user a
   Poisson(1) weight, shared by all their applications; the p-value is the normal one with
   the bootstrap standard error.
5. Propose the learned weights only when the CI's lower end is above ``MIN_AUC_GAIN``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm

from learning.optimizers.findings import Finding, evidence, risk_for_change
from learning.optimizers.logistic import RankedScores, logit_fit
from profiles.matching.components import COMPONENTS as SCORE_COMPONENTS

COMPONENTS = SCORE_COMPONENTS
TEST_SHARE = 0.3
BOOTSTRAP_DRAWS = 200
MIN_AUC_GAIN = 0.002  # below this a new ranking is not worth a reviewer's time
MIN_APPLICATIONS = 500
WEIGHT_STEP = 0.01
Z95 = 1.959963984540054


@dataclass(frozen=True)
class FitWeightsInput:
    components: np.ndarray  # (n, len(names)), 0–100, in ``names`` order
    interviewed: np.ndarray  # (n,) bool
    users: np.ndarray  # (n,) int
    current_weights: dict[str, float]
    seed: int = 0
    names: tuple[str, ...] = COMPONENTS  # the components the data speaks for

    def __post_init__(self) -> None:
        unknown = set(self.names) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown components: {', '.join(sorted(unknown))}")
        if self.components.ndim != 2 or self.components.shape[1] != len(self.names):
            raise ValueError(f"components must be (n, {len(self.names)})")
        if not len(self.components) == len(self.interviewed) == len(self.users):
            raise ValueError("components, interviewed and users must have the same length")


@dataclass(frozen=True)
class FitWeightsResult:
    n_train: int
    n_test: int
    n_users: int
    coefficients: dict[str, float]
    coefficient_ci: dict[str, tuple[float, float]]
    learned_weights: dict[str, float]
    auc_current: float
    auc_learned: float
    auc_gain: float
    auc_gain_ci: tuple[float, float]
    p_value: float
    improves: bool
    notes: list[str] = field(default_factory=list)


def normalised_weights(
    coefficients: np.ndarray,
    names: tuple[str, ...] = COMPONENTS,
    current: dict[str, float] | None = None,
) -> dict[str, float]:
    """Weights for every component: learned over ``names``, current for the others."""
    kept = {k: float((current or {}).get(k, 0.0)) for k in COMPONENTS if k not in names}
    total_steps = round((1 - sum(kept.values())) / WEIGHT_STEP)
    positive = np.clip(coefficients, 0, None)
    raw = positive / positive.sum() if positive.sum() > 0 else np.full(len(names), 1 / len(names))
    steps = np.round(raw * total_steps).astype(int)
    steps[int(np.argmax(raw))] += total_steps - int(steps.sum())
    learned = {k: round(int(s) * WEIGHT_STEP, 2) for k, s in zip(names, steps, strict=True)}
    return {k: learned[k] if k in learned else round(kept[k], 2) for k in COMPONENTS}


def _split(users: np.ndarray, seed: int) -> np.ndarray:
    unique = np.unique(users)
    rng = np.random.default_rng(seed)
    test_users = rng.choice(unique, size=max(1, int(len(unique) * TEST_SHARE)), replace=False)
    return np.isin(users, test_users)


def fit_weights_analyze(data: FitWeightsInput) -> FitWeightsResult:
    test = _split(data.users, data.seed)
    x = np.column_stack([np.ones(len(data.interviewed)), data.components / 100.0])
    y = data.interviewed.astype(float)
    fitted = logit_fit(x[~test], y[~test])
    beta, se = fitted.params[1:], np.sqrt(np.diag(fitted.cov))[1:]
    learned = normalised_weights(beta, data.names, data.current_weights)
    current_vec = np.array([data.current_weights.get(k, 0.0) for k in data.names])
    learned_vec = np.array([learned[k] for k in data.names])
    comps_test, y_test, users_test = data.components[test], y[test], data.users[test]
    current_rank = RankedScores.of(comps_test @ current_vec, y_test)
    learned_rank = RankedScores.of(comps_test @ learned_vec, y_test)
    auc_current, auc_learned = current_rank.auc(), learned_rank.auc()
    gains = _bootstrap_gains(current_rank, learned_rank, users_test, data.seed)
    gain = auc_learned - auc_current
    boot_se = float(np.std(gains, ddof=1))
    ci = (float(np.quantile(gains, 0.025)), float(np.quantile(gains, 0.975)))

    p_value = float(2 * norm.sf(abs(gain) / boot_se)) if boot_se > 0 else 1.0
    return FitWeightsResult(
        n_train=int((~test).sum()),
        n_test=int(test.sum()),
        n_users=len(np.unique(data.users)),
        coefficients={k: float(b) for k, b in zip(data.names, beta, strict=True)},
        coefficient_ci={
            k: (float(b - Z95 * s), float(b + Z95 * s))
            for k, b, s in zip(data.names, beta, se, strict=True)
        },
        learned_weights=learned,
        auc_current=auc_current,
        auc_learned=auc_learned,
        auc_gain=gain,
        auc_gain_ci=ci,
        p_value=p_value,
        improves=ci[0] > MIN_AUC_GAIN
        and any(learned[k] != data.current_weights.get(k, 0.0) for k in COMPONENTS),
        notes=[] if fitted.converged else ["the logistic fit did not converge"],
    )


def _bootstrap_gains(
    current: RankedScores, learned: RankedScores, users: np.ndarray, seed: int
) -> np.ndarray:
    codes = np.unique(users, return_inverse=True)[1]
    n_users = int(codes.max()) + 1
    rng = np.random.default_rng(seed + 1)
    gains = np.empty(BOOTSTRAP_DRAWS)
    for draw in range(BOOTSTRAP_DRAWS):
        weights = rng.poisson(1.0, n_users)[codes].astype(float)
        gains[draw] = learned.auc(weights) - current.auc(weights)
    return gains


def fit_weights_finding(result: FitWeightsResult, current: dict[str, float]) -> Finding:
    """Turn the analysis into a proposal (or an informational note when it does not improve)."""
    shift = sum(abs(result.learned_weights[k] - current.get(k, 0.0)) for k in COMPONENTS) / 2
    order = sorted(COMPONENTS, key=lambda k: result.learned_weights[k], reverse=True)
    ranking = ", ".join(f"{k} {result.learned_weights[k]:.0%}" for k in order)
    lo, hi = result.auc_gain_ci
    ev = evidence(
        metric="held-out AUC of the fit score for reaching an interview",
        improvement=result.auc_gain,
        sample_size=result.n_train + result.n_test,
        confidence_interval=(lo, hi),
        p_value=result.p_value,
        method="logistic regression on the fit components, user-level train/test split, "
        f"Poisson cluster bootstrap ({BOOTSTRAP_DRAWS} draws) of the AUC difference",
        auc_current=result.auc_current,
        auc_learned=result.auc_learned,
        coefficients=result.coefficients,
        coefficient_ci={k: list(v) for k, v in result.coefficient_ci.items()},
        users=result.n_users,
        test_applications=result.n_test,
    )
    chart = {
        "type": "weights",
        "labels": list(COMPONENTS),
        "before": [current.get(k, 0.0) for k in COMPONENTS],
        "after": [result.learned_weights[k] for k in COMPONENTS],
    }
    if result.improves:
        reasoning = (
            f"Outcomes say the components matter in this order: {ranking}. Scoring with these "
            f"weights ranks held-out candidates' jobs better: AUC {result.auc_current:.3f} → "
            f"{result.auc_learned:.3f} (gain {result.auc_gain:+.3f}, 95% CI {lo:+.3f} to "
            f"{hi:+.3f}) on {result.n_test:,} applications of users the model never saw."
        )
    else:
        reasoning = (
            f"Learned weights ({ranking}) do not rank held-out applications measurably better "
            f"than the current ones (AUC gain {result.auc_gain:+.3f}, 95% CI {lo:+.3f} to "
            f"{hi:+.3f}); keep the current weights."
        )
    return Finding(
        kind="fit_weights",
        component="job_scoring.weights",
        parameter="weights",
        current_value=dict(current),
        recommended_value=result.learned_weights if result.improves else None,
        reasoning=reasoning,
        evidence=ev,
        impact={
            "users_affected": result.n_users,
            "expected_benefit": f"AUC {result.auc_gain:+.3f} in ranking jobs by interview chance",
            "risk_level": risk_for_change(shift, result.n_train + result.n_test),
        },
        risk_level=risk_for_change(shift, result.n_train + result.n_test),
        chart=chart,
        changes_parameter=result.improves,
        ab_testable=True,
        conclusion="" if result.improves else "fit weights: keep current",
    )
