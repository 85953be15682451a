"""Interview likelihood per application (seed 002 §5.8): an ensemble, calibrated. No Django.

Candidates (not rows) are split at random into *train* (50 %), *validation* (25 %) and *test*
(25 %), so no candidate's applications sit on both sides of a split:

1. three models are fitted on train: logistic regression (standardised features), a random
   forest and gradient boosting (scikit-learn), each giving ``p_m(x)``;
2. the weights ``w`` (``w_m ≥ 0``, ``Σ w_m = 1``) minimise the log loss of ``Σ_m w_m p_m``
   on validation (SLSQP);
3. an isotonic regression ``g`` maps the weighted average to the validation outcomes
   (calibration); the prediction is ``p̂ = g(Σ_m w_m p_m)``;
4. uncertainty is the models' disagreement: each model's own prediction is passed through
   ``g`` too, and the interval shown is ``[min(p̂, g(p_m)), max(p̂, g(p_m))]`` over the models;
5. on test — applications none of the steps saw — the ECE of ``p̂`` is reported against its
   noise floor (:mod:`learning.predict.calibration`), before and after calibration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from learning.predict.calibration import CalibrationReport, calibration_report

MODEL_NAMES = ("logistic", "random_forest", "gradient_boosting")
SPLIT_SHARES = (0.5, 0.25)  # train, validation; the rest is test
MIN_APPLICATIONS = 400
CALIBRATION_METHODS = ("platt", "isotonic")
EPS = 1e-6
MAX_TRAIN = 30_000  # applications the models are fitted on
MAX_HELD_OUT = 50_000  # applications for the weights and calibration, and for the test


def _models(seed: int) -> dict:
    return {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "random_forest": RandomForestClassifier(
            n_estimators=50, min_samples_leaf=20, max_features=0.5, random_state=seed, n_jobs=1
        ),
        "gradient_boosting": HistGradientBoostingClassifier(
            max_iter=100, learning_rate=0.08, max_leaf_nodes=15, min_samples_leaf=40,
            random_state=seed,
        ),
    }  # fmt: skip


def group_split(groups: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Boolean masks (train, validation, test) assigning whole groups (candidates)."""
    unique, codes = np.unique(groups, return_inverse=True)
    order = np.random.default_rng(seed).permutation(len(unique))
    cut1 = round(SPLIT_SHARES[0] * len(unique))
    cut2 = cut1 + round(SPLIT_SHARES[1] * len(unique))
    part = np.empty(len(unique), dtype=int)
    part[order[:cut1]], part[order[cut1:cut2]], part[order[cut2:]] = 0, 1, 2
    split = part[codes]
    return split == 0, split == 1, split == 2


def part_cap(part: np.ndarray, groups: np.ndarray, seed: int, limit: int) -> np.ndarray:
    """At most ``limit`` applications of one part (a boolean mask), whole candidates drawn at
    random.

    Ten features need far fewer than the 250,000 training applications of a 50,000-user night
    (the forest alone took minutes on them), nor the weights, the calibration and its error
    more than 50,000 held-out applications each; every part of a smaller night is kept whole."""
    if part.sum() <= limit:
        return part
    unique, codes = np.unique(groups[part], return_inverse=True)
    sizes = np.bincount(codes)
    order = np.random.default_rng(seed + 1).permutation(len(unique))
    keep = np.zeros(len(unique), dtype=bool)
    keep[order[: int(np.searchsorted(np.cumsum(sizes[order]), limit, side="right"))]] = True
    capped = np.zeros_like(part)
    capped[np.flatnonzero(part)[keep[codes]]] = True
    return capped


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def learn_weights(components: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Simplex weights minimising the log loss of the weighted average (SLSQP)."""
    m = components.shape[1]
    result = minimize(
        lambda w: log_loss(components @ w, y),
        np.full(m, 1.0 / m),
        method="SLSQP",
        bounds=[(0.0, 1.0)] * m,
        constraints={"type": "eq", "fun": lambda w: w.sum() - 1.0},
    )
    weights = np.clip(result.x, 0.0, None)
    return weights / weights.sum()


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


class Calibrator:
    """Platt scaling (a logistic fit on the logit) or isotonic regression of a score."""

    def __init__(self, method: str) -> None:
        if method not in CALIBRATION_METHODS:
            raise ValueError(f"method must be one of {CALIBRATION_METHODS}")
        self.method = method
        self.model: LogisticRegression | IsotonicRegression
        if method == "platt":
            self.model = LogisticRegression(C=1e6, max_iter=1000)
        else:
            self.model = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")

    def fit(self, score: np.ndarray, y: np.ndarray) -> Calibrator:
        if isinstance(self.model, LogisticRegression):
            self.model.fit(_logit(score)[:, None], y)
        else:
            self.model.fit(score, y)
        return self

    def predict(self, score: np.ndarray) -> np.ndarray:
        if isinstance(self.model, LogisticRegression):
            return self.model.predict_proba(_logit(score)[:, None])[:, 1]
        return self.model.predict(score)


def calibrator_choose(score: np.ndarray, y: np.ndarray, seed: int) -> Calibrator:
    """Platt or isotonic, whichever has the lower 2-fold cross-validated log loss on the
    validation rows (isotonic's steps overfit a few thousand rows; Platt's two parameters
    cannot bend where the score is wrong), refitted on all of them."""
    fold = np.random.default_rng(seed).random(len(y)) < 0.5
    losses = {}
    for method in CALIBRATION_METHODS:
        loss = 0.0
        for held in (fold, ~fold):
            fitted = Calibrator(method).fit(score[~held], y[~held])
            loss += log_loss(fitted.predict(score[held]), y[held]) * held.sum()
        losses[method] = loss
    best = min(CALIBRATION_METHODS, key=lambda m: losses[m])
    return Calibrator(best).fit(score, y)


@dataclass(frozen=True)
class Prediction:
    probability: np.ndarray  # calibrated ensemble
    low: np.ndarray
    high: np.ndarray
    components: dict[str, np.ndarray]  # each model's calibrated prediction


@dataclass
class Ensemble:
    models: dict
    weights: np.ndarray
    calibrator: Calibrator
    resume_fill: float

    def raw(self, x: np.ndarray) -> np.ndarray:
        """(n, models) uncalibrated predictions."""
        return np.column_stack([self.models[name].predict_proba(x)[:, 1] for name in MODEL_NAMES])

    def predict(self, x: np.ndarray) -> Prediction:
        raw = self.raw(x)
        p = self.calibrator.predict(raw @ self.weights)
        each = np.column_stack([self.calibrator.predict(raw[:, j]) for j in range(raw.shape[1])])
        return Prediction(
            probability=p,
            low=np.minimum(p, each.min(axis=1)),
            high=np.maximum(p, each.max(axis=1)),
            components={name: each[:, j] for j, name in enumerate(MODEL_NAMES)},
        )


@dataclass(frozen=True)
class EnsembleResult:
    ensemble: Ensemble
    weights: dict[str, float]
    validation_log_loss: dict[str, float]  # each model and the weighted ensemble
    test_log_loss: dict[str, float]
    before: CalibrationReport  # the weighted average, uncalibrated, on test
    after: CalibrationReport  # calibrated, on test
    disagreement: float  # mean width of the disagreement interval on test
    sizes: dict[str, int]

    def summary(self) -> dict:
        return {
            "weights": self.weights,
            "validation_log_loss": self.validation_log_loss,
            "test_log_loss": self.test_log_loss,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "disagreement": self.disagreement,
            "sizes": self.sizes,
            "calibration_method": self.ensemble.calibrator.method,
        }


def ensemble_fit(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, *, resume_fill: float, seed: int = 0
) -> EnsembleResult:
    """Fit, weight, calibrate and judge; raises ValueError on too little data."""
    y = np.asarray(y, float)
    if len(y) < MIN_APPLICATIONS or len(np.unique(y)) < 2:
        raise ValueError(f"needs {MIN_APPLICATIONS} applications with both outcomes")
    train, valid, test = group_split(groups, seed)
    train = part_cap(train, groups, seed, MAX_TRAIN)
    valid = part_cap(valid, groups, seed + 1, MAX_HELD_OUT)
    test = part_cap(test, groups, seed + 2, MAX_HELD_OUT)
    models = _models(seed)
    for model in models.values():
        model.fit(x[train], y[train])
    raw_valid = np.column_stack([models[n].predict_proba(x[valid])[:, 1] for n in MODEL_NAMES])
    weights = learn_weights(raw_valid, y[valid])
    calibrator = calibrator_choose(raw_valid @ weights, y[valid], seed)
    ensemble = Ensemble(models, weights, calibrator, resume_fill)
    raw_test = ensemble.raw(x[test])
    predicted = ensemble.predict(x[test])
    names = {**{n: j for j, n in enumerate(MODEL_NAMES)}}
    return EnsembleResult(
        ensemble=ensemble,
        weights={n: float(weights[j]) for n, j in names.items()},
        validation_log_loss={
            **{n: log_loss(raw_valid[:, j], y[valid]) for n, j in names.items()},
            "ensemble": log_loss(raw_valid @ weights, y[valid]),
        },
        test_log_loss={
            **{n: log_loss(raw_test[:, j], y[test]) for n, j in names.items()},
            "ensemble": log_loss(predicted.probability, y[test]),
        },
        before=calibration_report(raw_test @ weights, y[test], groups=groups[test], seed=seed),
        after=calibration_report(predicted.probability, y[test], groups=groups[test], seed=seed),
        disagreement=float(np.mean(predicted.high - predicted.low)),
        sizes={
            "train": int(train.sum()),
            "validation": int(valid.sum()),
            "test": int(test.sum()),
            "candidates": len(np.unique(groups)),
        },
    )
