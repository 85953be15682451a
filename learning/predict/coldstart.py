# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Day-1 predictions for a new candidate (seed 002 §7.5). No Django.

One row per candidate: what the platform knows on day 1 (from the resume: seniority, years,
skill count, resume score, track) plus the answers to onboarding questions, and — for the
candidates who have them — the outcome of their first ``HORIZON_DAYS`` days: ``n`` applications
sent, ``k`` interviews among them.

* **Peer benchmark**: the interview rate of earlier candidates of the same seniority.
* **Similar candidates** (transfer from earlier candidates): a binomial logistic regression of
  earlier candidates' first-month interviews on the same day-1 facts and answers, so a new
  candidate's prediction is the rate of earlier candidates who looked like them
  (:class:`ColdStartModel`). A nearest-neighbour average of the 40 most similar candidates was
  tried first and did not beat the no-personalisation baseline on the simulator's truth (its
  features are too few for neighbours to be informative); the regression does.
* **Onboarding questions** by information gain on the training candidates' applications
  (Y = interviewed, each answer a partition)::

      IG(Q) = H(Y | chosen) − Σ_a P(a) · H(Y | chosen, a)

  chosen greedily (conditional on those already chosen); ``MIN_QUESTIONS``–``MAX_QUESTIONS``
  questions, stopping early when a question gains less than its chance level (the 95th
  percentile of the gain when the answers are shuffled among candidates).
* **Measured**: candidates are split by the day they joined (earlier ones train, later ones
  are predicted), and each later candidate's day-1 prediction is scored against their first
  ``HORIZON_DAYS`` days of outcomes (Brier score per application) next to the baseline without
  personalisation (everyone gets the training candidates' overall rate), with a bootstrap
  interval over candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

HORIZON_DAYS = 30
MIN_TRAIN = 40
REGULARISATION = 0.5
BOOTSTRAP_FITS = 20
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
SHUFFLES = 200
BOOTSTRAP = 1000
TRAIN_SHARE = 0.6
BASE_FEATURES = ("seniority_level", "years_experience", "skill_count", "resume_score")


@dataclass(frozen=True)
class Question:
    key: str  # the answer column
    text: str
    why: str


QUESTION_BANK = (
    Question("answer_pace", "How many applications a week do you plan to send?",
             "Pace decides how many chances a week you get"),
    Question("answer_remote", "Are you open to remote work?",
             "Remote openness widens the jobs that fit where you live"),
    Question("answer_salary", "Is your salary ask below, near or above the market for your level?",
             "An ask above what postings pay lowers the salary fit"),
    Question("answer_locations", "In how many cities would you work?",
             "More cities, more jobs that fit on location"),
    Question("answer_stages", "How many kinds of company (seed … enterprise) would you join?",
             "Company stage decides the culture fit"),
    Question("answer_reach", "Do you mostly aim above your current level?",
             "Reach applications get fewer interviews"),
)  # fmt: skip


def entropy(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Binary entropy (bits) of k successes in n, 0 for empty cells."""
    p = np.where(n > 0, k / np.maximum(n, 1), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    return np.nan_to_num(h)


def conditional_entropy(cells: np.ndarray, k: np.ndarray, n: np.ndarray) -> float:
    """H(Y | cell) with candidates' applications: ``cells`` one code per candidate."""
    kk = np.bincount(cells, weights=k)
    nn = np.bincount(cells, weights=n)
    total = nn.sum()
    return float(np.sum(nn / total * entropy(kk, nn))) if total else 0.0


def _codes(answers: dict[str, np.ndarray], columns: list[str], size: int) -> np.ndarray:
    """One integer per combination of the answers in ``columns`` (mixed radix)."""
    code = np.zeros(size, dtype=np.int64)
    for column in columns:
        values = answers[column]
        code = code * (int(values.max()) + 1) + values
    return np.unique(code, return_inverse=True)[1]


@dataclass(frozen=True)
class QuestionGain:
    key: str
    text: str
    why: str
    gain: float  # bits, conditional on the questions before it
    chance: float  # 95th percentile of the gain with shuffled answers


def questions_choose(train: pd.DataFrame, seed: int = 0) -> list[QuestionGain]:
    """The onboarding questions, greedily by conditional information gain."""
    rng = np.random.default_rng(seed)
    k, n = train["k"].to_numpy(float), train["n"].to_numpy(float)
    bank = [q for q in QUESTION_BANK if q.key in train and train[q.key].notna().any()]
    answers = {
        q.key: pd.factorize(train[q.key].astype("string").fillna("unanswered"))[0] for q in bank
    }
    size = len(train)
    chosen: list[QuestionGain] = []
    while bank and len(chosen) < MAX_QUESTIONS:
        before = [c.key for c in chosen]
        base = conditional_entropy(_codes(answers, before, size), k, n)
        scored = []
        for q in bank:
            gain = base - conditional_entropy(_codes(answers, [*before, q.key], size), k, n)
            null = []
            for _ in range(SHUFFLES):
                shuffled = {**answers, q.key: rng.permutation(answers[q.key])}
                null.append(
                    base - conditional_entropy(_codes(shuffled, [*before, q.key], size), k, n)
                )
            scored.append((gain, float(np.quantile(null, 0.95)), q))
        gain, chance, best = max(scored, key=lambda s: s[0] - s[1])
        if len(chosen) >= MIN_QUESTIONS and gain <= chance:
            break
        chosen.append(QuestionGain(best.key, best.text, best.why, float(gain), chance))
        bank.remove(best)
    return chosen


@dataclass(frozen=True)
class DayOnePrediction:
    rate: float
    low: float
    high: float
    peer_rate: float
    peer_candidates: int
    training_candidates: int


class ColdStartModel:
    """Fitted on earlier candidates; predicts a new one's first-month interview rate.

    A binomial logistic regression (L2, ``C = REGULARISATION``) of the earlier candidates'
    first-month interviews on their day-1 facts (standardised resume features, the resume
    score's shortfall below 70, one-hot seniority and track) and the chosen answers; each
    candidate weighs by their applications. The interval is the 5–95 % range of the prediction
    over ``BOOTSTRAP_FITS`` refits on candidates drawn with replacement.
    """

    def __init__(
        self,
        train: pd.DataFrame,
        questions: list[str],
        seed: int = 0,
        bootstrap: int = BOOTSTRAP_FITS,
    ) -> None:
        self.train = train.reset_index(drop=True)
        self.questions = questions
        k, n = self.train["k"].to_numpy(float), self.train["n"].to_numpy(float)
        self.overall = float(k.sum() / max(n.sum(), 1))
        self.levels = {
            c: sorted(self.train[c].dropna().astype(str).unique())
            for c in ("segment", "track", *questions)
        }
        x = self._matrix(self.train)
        self.mean, self.sd = x.mean(axis=0), x.std(axis=0)
        self.sd[self.sd == 0] = 1.0
        self.fits = [self._fit((x - self.mean) / self.sd, k, n)]
        rng = np.random.default_rng(seed)
        for _ in range(bootstrap):
            rows = rng.integers(0, len(k), len(k))
            self.fits.append(self._fit(((x - self.mean) / self.sd)[rows], k[rows], n[rows]))
        peers = self.train.groupby("segment")[["k", "n"]].sum()
        counts = self.train["segment"].value_counts()
        self.peer = {
            str(s): (float(r["k"] / r["n"]) if r["n"] else self.overall, int(counts[str(s)]))
            for s, r in peers.iterrows()
        }

    @staticmethod
    def _fit(x: np.ndarray, k: np.ndarray, n: np.ndarray) -> LogisticRegression:
        design = np.vstack([x, x])
        outcome = np.r_[np.ones(len(k)), np.zeros(len(k))]
        model = LogisticRegression(C=REGULARISATION, max_iter=2000)
        return model.fit(design, outcome, sample_weight=np.r_[k, n - k])

    def _matrix(self, frame: pd.DataFrame) -> np.ndarray:
        base = frame[list(BASE_FEATURES)].astype(float)
        base = base.fillna(self.train[list(BASE_FEATURES)].astype(float).median())
        shortfall = np.clip(70.0 - base["resume_score"].to_numpy(), 0.0, None)
        parts = [base.to_numpy(), shortfall[:, None]]
        for column, levels in self.levels.items():
            values = frame[column].astype("string")
            for level in levels:
                parts.append((values == level).fillna(False).to_numpy(float)[:, None])
        return np.column_stack(parts)

    def predict(self, frame: pd.DataFrame) -> list[DayOnePrediction]:
        x = (self._matrix(frame) - self.mean) / self.sd
        draws = np.column_stack([f.predict_proba(x)[:, 1] for f in self.fits])
        spread = draws[:, 1:] if draws.shape[1] > 1 else draws
        low, high = np.quantile(spread, [0.05, 0.95], axis=1)
        out = []
        for i, segment in enumerate(frame["segment"].astype(str)):
            peer_rate, peer_n = self.peer.get(segment, (self.overall, 0))
            out.append(
                DayOnePrediction(
                    rate=float(draws[i, 0]),
                    low=float(min(low[i], draws[i, 0])),
                    high=float(max(high[i], draws[i, 0])),
                    peer_rate=peer_rate,
                    peer_candidates=peer_n,
                    training_candidates=len(self.train),
                )
            )
        return out


def split_by_join(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Earlier joiners (``TRAIN_SHARE``) train; later ones are predicted."""
    ordered = frame.sort_values(["joined_at", "user_id"], kind="stable")
    cut = round(TRAIN_SHARE * len(ordered))
    return ordered.iloc[:cut], ordered.iloc[cut:]


@dataclass(frozen=True)
class ColdStartEvaluation:
    questions: list[QuestionGain]
    train_candidates: int
    test_candidates: int
    test_applications: int
    brier_baseline: float
    brier_peer: float
    brier_resume_only: float  # similar candidates without the answers
    brier_day_one: float  # similar candidates with the answers
    improvement: float  # baseline - day one (positive: day one is better)
    improvement_ci: tuple[float, float]
    beats_baseline: bool  # the whole interval above 0

    def as_dict(self) -> dict:
        return {
            "questions": [q.__dict__ for q in self.questions],
            "train_candidates": self.train_candidates,
            "test_candidates": self.test_candidates,
            "test_applications": self.test_applications,
            "brier_baseline": self.brier_baseline,
            "brier_peer": self.brier_peer,
            "brier_resume_only": self.brier_resume_only,
            "brier_day_one": self.brier_day_one,
            "improvement": self.improvement,
            "improvement_ci": list(self.improvement_ci),
            "beats_baseline": self.beats_baseline,
        }


def _brier_terms(p: np.ndarray, k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Per candidate: Σ over their applications of (y − p)²."""
    return k * (1 - p) ** 2 + (n - k) * p**2


def cold_start_evaluate(frame: pd.DataFrame, seed: int = 0) -> ColdStartEvaluation:
    """Train on earlier joiners, predict later ones on day 1, score on their first month."""
    if frame.empty or "n" not in frame:  # an empty log: no candidate to learn from
        raise ValueError(f"needs at least {MIN_TRAIN} earlier and 10 later candidates")
    usable = frame[frame["n"] > 0]
    train, test = split_by_join(usable)
    if len(train) < MIN_TRAIN or len(test) < 10:
        raise ValueError(f"needs at least {MIN_TRAIN} earlier and 10 later candidates")
    questions = questions_choose(train, seed)
    # the point predictions are scored: no bootstrap intervals needed here
    day_one = ColdStartModel(train, [q.key for q in questions], bootstrap=0).predict(test)
    resume_only = ColdStartModel(train, [], bootstrap=0).predict(test)
    k, n = test["k"].to_numpy(float), test["n"].to_numpy(float)
    overall = float(train["k"].sum() / train["n"].sum())
    terms = {
        "baseline": _brier_terms(np.full(len(test), overall), k, n),
        "peer": _brier_terms(np.array([p.peer_rate for p in day_one]), k, n),
        "resume_only": _brier_terms(np.array([p.rate for p in resume_only]), k, n),
        "day_one": _brier_terms(np.array([p.rate for p in day_one]), k, n),
    }
    total = n.sum()
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(test), (BOOTSTRAP, len(test)))
    gain = (terms["baseline"] - terms["day_one"])[draws].sum(axis=1) / n[draws].sum(axis=1)
    low, high = (float(v) for v in np.quantile(gain, [0.025, 0.975]))
    improvement = float((terms["baseline"] - terms["day_one"]).sum() / total)
    return ColdStartEvaluation(
        questions=questions,
        train_candidates=len(train),
        test_candidates=len(test),
        test_applications=int(total),
        brier_baseline=float(terms["baseline"].sum() / total),
        brier_peer=float(terms["peer"].sum() / total),
        brier_resume_only=float(terms["resume_only"].sum() / total),
        brier_day_one=float(terms["day_one"].sum() / total),
        improvement=improvement,
        improvement_ci=(low, high),
        beats_baseline=low > 0,
    )
