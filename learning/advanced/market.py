# ruff: noqa: RUF002, RUF003 -- formulas are written in mathematical notation
"""Market intelligence (seed 002 §4.5.3) from the platform's own postings and outcomes.

Data comes through a :class:`MarketSource`: anything that returns postings (``posted_at``,
``company``, ``role``, ``industry``, ``skills``) and applications (``user_id``, ``job_id``,
``company``, ``role``, ``industry``, ``submitted_at``, ``responded``, ``interviewed``,
``first_response_days``) for a window. The platform's listings and event log are one source;
an import or a partner feed is another, without a paid API. :func:`market_report` reads every
source given and concatenates them.

**Posting velocity** per company, role and skill: postings per week over the last
``RECENT_WEEKS`` and over the ``BASELINE_WEEKS`` before, and their ratio ``r`` with an exact
interval — given ``N`` postings in both windows, the recent count is Binomial(N, p) with
``p = 4r / (4r + 12)``, so the Clopper–Pearson interval of ``p`` maps to one for ``r``.

**Hiring-velocity prediction**: a quasi-Poisson GLM ``log λ_w = a + b·w`` on the weekly counts
of the last ``HISTORY_WEEKS`` (``statsmodels``, dispersion from Pearson's χ²) predicts the next
``HORIZON_WEEKS``. Drawing the coefficients from their estimated normal distribution and then
the counts (``DRAWS`` draws, fixed seed) gives a predictive distribution; its
``PREDICTION_LEVEL`` interval is reported, and the group is labelled LOW / MEDIUM / HIGH by
where its predicted weekly rate falls among the terciles of all groups' recent rates. The
confidence is the share of predictive draws that fall in the label's band: a "HIGH" with
confidence 0.55 is nearly a coin toss between HIGH and MEDIUM. :func:`velocity_backtest`
checks the interval's coverage on held-out weeks.

**Response rates** per company, role and industry reuse the k-anonymity rule of
:mod:`learning.analytics.market` (a group with fewer than ``k`` distinct users is suppressed
and only counted) and carry their Wilson interval; below ``MIN_SAMPLE`` applications no rate
is stated.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from learning.analytics.market import group_stats
from learning.analytics.rates import MIN_SAMPLE, wilson_interval

POSTING_COLUMNS = ("posted_at", "company", "role", "industry", "skills")
APPLICATION_COLUMNS = (
    "user_id", "job_id", "company", "role", "industry", "submitted_at", "responded",
    "interviewed", "first_response_days",
)  # fmt: skip
RECENT_WEEKS = 4
BASELINE_WEEKS = 12
HISTORY_WEEKS = RECENT_WEEKS + BASELINE_WEEKS
HORIZON_WEEKS = 4
MIN_POSTINGS = 10  # in the history window, for a velocity and a prediction
TOP_GROUPS = 25
DRAWS = 2000
PREDICTION_LEVEL = 0.90
LABELS = ("LOW", "MEDIUM", "HIGH")
DIMENSIONS = ("company", "role", "skill")
RESPONSE_DIMENSIONS = ("company", "role", "industry")
_LEVEL_WORDS = re.compile(
    r"\b(senior|sr|junior|jr|lead|principal|staff|head of|chief|associate|assistant|"
    r"intern|entry[- ]level|mid[- ]level|i{1,3}|iv)\b\.?",
    re.IGNORECASE,
)


_CLAUSE_END = re.compile(r"\s*(?:,|\(|\||\s[-\u2013\u2014]\s|/\s)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class MarketSource(Protocol):
    """Where postings and outcomes come from; implementations must not call paid APIs."""

    @property
    def name(self) -> str: ...

    def postings(self, start: datetime, end: datetime) -> pd.DataFrame: ...

    def applications(self, start: datetime, end: datetime) -> pd.DataFrame: ...


@dataclass(frozen=True)
class FrameSource:
    """A source over frames already in memory (imports, tests, benchmarks)."""

    name: str
    posting_frame: pd.DataFrame
    application_frame: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(APPLICATION_COLUMNS))
    )

    def postings(self, start: datetime, end: datetime) -> pd.DataFrame:
        at = pd.to_datetime(self.posting_frame["posted_at"], utc=True)
        return self.posting_frame[(at >= start) & (at < end)]

    def applications(self, start: datetime, end: datetime) -> pd.DataFrame:
        frame = self.application_frame
        if frame.empty:
            return frame
        at = pd.to_datetime(frame["submitted_at"], utc=True)
        return frame[(at >= start) & (at < end)]


def role_of(title: str) -> str:
    """A posting's role: the title's first clause without level words or years
    ("Sr. Data Analyst II, Payments (2018)": "data analyst")."""
    head = _CLAUSE_END.split(str(title or ""), maxsplit=1)[0]
    words = _YEAR.sub(" ", _LEVEL_WORDS.sub(" ", head))
    return " ".join(words.lower().split()) or "unknown"


@dataclass(frozen=True)
class Prediction:
    expected: float  # postings over the next HORIZON_WEEKS
    low: float
    high: float
    label: str
    confidence: float


@dataclass(frozen=True)
class Velocity:
    key: str
    postings: int  # in the history window
    recent_per_week: float
    earlier_per_week: float
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    prediction: Prediction | None


@dataclass(frozen=True)
class ResponseRate:
    key: str
    applications: int
    users: int
    rate: float | None
    low: float | None
    high: float | None
    interview_rate: float | None


@dataclass(frozen=True)
class MarketReport:
    start: datetime
    end: datetime
    k: int
    sources: list[str]
    postings: int
    applications: int
    users: int
    # per dimension: weekly rates between LOW/MEDIUM and MEDIUM/HIGH
    thresholds: dict[str, tuple[float, float] | None]
    velocity: dict[str, list[Velocity]]
    response: dict[str, list[ResponseRate]]
    suppressed_groups: int
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


def weekly_matrix(posted: pd.Series, keys: pd.Series, end: datetime, weeks: int) -> pd.DataFrame:
    """Postings per (key, week) for the ``weeks`` seven-day weeks before ``end`` (oldest first)."""
    at = pd.to_datetime(posted, utc=True)
    age = ((pd.Timestamp(end) - at) / pd.Timedelta(days=7)).to_numpy()
    week = weeks - 1 - np.floor(age).astype(int)
    inside = (week >= 0) & (week < weeks)
    frame = pd.DataFrame({"key": keys.to_numpy()[inside], "week": week[inside]})
    table = frame.groupby(["key", "week"]).size().unstack(fill_value=0)
    return table.reindex(columns=range(weeks), fill_value=0)


def ratio_interval(recent: int, earlier: int, level: float = 0.95) -> tuple[float, float, float]:
    """Rate ratio (per week) recent/earlier with the exact conditional interval."""
    scale = BASELINE_WEEKS / RECENT_WEEKS
    n = recent + earlier
    ci = stats.binomtest(recent, n).proportion_ci(confidence_level=level, method="exact")

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * scale

    ratio = to_ratio(recent / n) if earlier else math.inf
    return ratio, to_ratio(ci.low), to_ratio(ci.high)


def predictive_draws(counts: np.ndarray, seed: int = 0) -> np.ndarray:
    """``DRAWS`` draws of the postings in the next ``HORIZON_WEEKS`` (quasi-Poisson trend GLM)."""
    w = np.arange(len(counts), dtype=float) - (len(counts) - 1) / 2
    design = sm.add_constant(w)
    rng = np.random.default_rng(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(counts, design, family=sm.families.Poisson()).fit(scale="X2")
    cov = np.asarray(fit.cov_params()) if np.all(np.isfinite(fit.cov_params())) else None
    params = np.asarray(fit.params)
    betas = rng.multivariate_normal(params, cov, size=DRAWS) if cov is not None else params[None]
    future = w[-1] + 1 + np.arange(HORIZON_WEEKS)
    rates = np.exp(np.clip(betas[:, :1] + betas[:, 1:2] * future[None, :], -20, 12)).sum(axis=1)
    dispersion = max(float(fit.scale), 1.0)
    if dispersion > 1.0:  # overdispersed: a gamma–Poisson mixture with that variance ratio
        shape = rates / (dispersion - 1.0)
        rates = rng.gamma(shape, (dispersion - 1.0))
    return rng.poisson(np.broadcast_to(rates, (DRAWS,))).astype(float)


def _label(weekly_rate: float, thresholds: tuple[float, float]) -> str:
    return LABELS[int(np.searchsorted(thresholds, weekly_rate, side="right"))]


def prediction_of(counts: np.ndarray, thresholds: tuple[float, float]) -> Prediction:
    draws = predictive_draws(counts)
    tail = (1 - PREDICTION_LEVEL) / 2
    expected = float(np.mean(draws))
    label = _label(expected / HORIZON_WEEKS, thresholds)
    labels = np.searchsorted(thresholds, draws / HORIZON_WEEKS, side="right")
    return Prediction(
        expected=expected,
        low=float(np.quantile(draws, tail)),
        high=float(np.quantile(draws, 1 - tail)),
        label=label,
        confidence=float(np.mean(labels == LABELS.index(label))),
    )


def _exploded(postings: pd.DataFrame, dimension: str) -> tuple[pd.Series, pd.Series]:
    if dimension == "skill":
        rows = postings[["posted_at", "skills"]].explode("skills").dropna(subset=["skills"])
        return rows["posted_at"], rows["skills"].astype(str).str.strip().str.lower()
    return postings["posted_at"], postings[dimension].fillna("").astype(str)


def thresholds_of(table: pd.DataFrame) -> tuple[float, float] | None:
    """Terciles of the recent weekly rates of the groups with enough postings."""
    rates = table.iloc[:, -RECENT_WEEKS:].sum(axis=1) / RECENT_WEEKS
    if len(rates) < len(LABELS):
        return None
    low, high = np.quantile(rates, [1 / 3, 2 / 3])
    return float(low), float(max(high, low + 1e-9))


def velocity_table(
    postings: pd.DataFrame, dimension: str, end: datetime, top: int = TOP_GROUPS
) -> tuple[list[Velocity], tuple[float, float] | None]:
    posted, keys = _exploded(postings, dimension)
    table = weekly_matrix(posted, keys, end, HISTORY_WEEKS)
    table = table[(table.sum(axis=1) >= MIN_POSTINGS) & (table.index != "")]
    thresholds = thresholds_of(table)
    ranked = table.loc[table.iloc[:, -RECENT_WEEKS:].sum(axis=1).sort_values(ascending=False).index]
    out = []
    for key, row in ranked.head(top).iterrows():
        counts = row.to_numpy(dtype=float)
        recent, earlier = int(counts[-RECENT_WEEKS:].sum()), int(counts[:-RECENT_WEEKS].sum())
        ratio = ratio_interval(recent, earlier) if recent + earlier else None
        finite = ratio is not None and all(math.isfinite(v) for v in ratio)
        out.append(
            Velocity(
                key=str(key),
                postings=recent + earlier,
                recent_per_week=recent / RECENT_WEEKS,
                earlier_per_week=earlier / BASELINE_WEEKS,
                ratio=ratio[0] if finite and ratio else None,
                ratio_low=ratio[1] if finite and ratio else None,
                ratio_high=ratio[2] if finite and ratio else None,
                prediction=prediction_of(counts, thresholds) if thresholds else None,
            )
        )
    return out, thresholds


def response_table(apps: pd.DataFrame, dimension: str, k: int) -> tuple[list[ResponseRate], int]:
    """Response rate per group; groups under ``k`` users suppressed (counted, not shown)."""
    if apps.empty:
        return [], 0
    filled = apps.assign(**{dimension: apps[dimension].fillna("")})
    kept, suppressed = group_stats(filled, dimension, k)
    kept = kept[kept.index != ""].sort_values("applications", ascending=False).head(TOP_GROUPS)
    hits = (kept["response_rate"] * kept["applications"]).round().to_numpy()
    low, high = wilson_interval(hits, kept["applications"].to_numpy())
    rows = []
    for (key, row), lo, hi in zip(kept.iterrows(), low, high, strict=True):
        stated = row["applications"] >= MIN_SAMPLE
        rows.append(
            ResponseRate(
                key=str(key),
                applications=int(row["applications"]),
                users=int(row["users"]),
                rate=float(row["response_rate"]) if stated else None,
                low=float(lo) if stated else None,
                high=float(hi) if stated else None,
                interview_rate=float(row["interview_rate"]) if stated else None,
            )
        )
    return rows, suppressed


def market_report(
    sources: Sequence[MarketSource], *, end: datetime, k: int, apps_days: int = 365
) -> MarketReport:
    """Velocity and predictions from the last ``HISTORY_WEEKS``; response rates from
    the applications of the last ``apps_days``."""
    start = end - timedelta(weeks=HISTORY_WEEKS)
    postings = _concat((s.postings(start, end) for s in sources), POSTING_COLUMNS)
    apps = _concat(
        (s.applications(end - timedelta(days=apps_days), end) for s in sources),
        APPLICATION_COLUMNS,
    )
    users = int(apps["user_id"].nunique()) if len(apps) else 0
    velocity: dict[str, list[Velocity]] = {}
    thresholds: dict[str, tuple[float, float] | None] = {}
    for dimension in DIMENSIONS:
        velocity[dimension], thresholds[dimension] = velocity_table(postings, dimension, end)
    response: dict[str, list[ResponseRate]] = {}
    suppressed = 0
    notes = []
    if users < k:
        notes.append(f"Response rates need at least {k} candidates; {users} in the period.")
    else:
        for dimension in RESPONSE_DIMENSIONS:
            response[dimension], hidden = response_table(apps, dimension, k)
            suppressed += hidden
    return MarketReport(
        start=start,
        end=end,
        k=k,
        sources=[s.name for s in sources],
        postings=len(postings),
        applications=len(apps),
        users=users,
        thresholds=thresholds,
        velocity=velocity,
        response=response,
        suppressed_groups=suppressed,
        notes=notes,
    )


def _concat(frames: Iterable[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    kept = [f[[c for c in columns if c in f]] for f in frames if len(f)]
    if not kept:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.concat(kept, ignore_index=True)


def velocity_backtest(
    postings: pd.DataFrame, dimension: str, cutoffs: Sequence[datetime]
) -> tuple[int, int]:
    """(covered, predictions): how often the next weeks' count fell in the interval."""
    covered = total = 0
    for cutoff in cutoffs:
        history = postings[pd.to_datetime(postings["posted_at"], utc=True) < cutoff]
        rows, _ = velocity_table(history, dimension, cutoff, top=10**6)
        posted, keys = _exploded(postings, dimension)
        ahead = weekly_matrix(posted, keys, cutoff + timedelta(weeks=HORIZON_WEEKS), HORIZON_WEEKS)
        actual = ahead.sum(axis=1)
        for row in rows:
            if row.prediction is None:
                continue
            value = float(actual.get(row.key, 0))
            total += 1
            covered += int(row.prediction.low <= value <= row.prediction.high)
    return covered, total
