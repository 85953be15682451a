# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Resume DNA (seed 002 §4.5.2): what resumes look like, which shapes go with interviews.

**Features** of one resume (:class:`ResumeFacts`, read by the resume parser elsewhere):
skill count and mix (share of hard skills), metric density (share of bullets stating a
number, a percentage or an amount), action verbs (share of bullets opening with an action
verb; diversity = distinct opening verbs / bullets), roles and their mean duration in months,
progression (seniority rank of the latest title minus the earliest), bullets per role,
section structure (number of sections, a summary or not) and length in words.

**Patterns**: features standardised and weighted by how much each goes with interviews
(:func:`outcome_weights`: the size of its coefficient in a binomial regression of the
members' interviews on all features); without the weights the clusters followed the layout
(sections, summary, words) and split the simulator's resumes with metrics — which interview
far more often — evenly across patterns. The stored ``scale`` carries the weight (the
standard deviation divided by it), so matching and gaps use the same space. Then k-means
(scikit-learn, 5 starts, fitted on at most
``FIT_SAMPLE`` resumes and every resume assigned to its nearest centre) for every k in
``K_RANGE``; k is the one with the highest mean silhouette (Rousseeuw 1987, on at most
``SILHOUETTE_SAMPLE`` resumes), and its stability is the mean adjusted Rand index between the
full clustering and ``STABILITY_RUNS`` clusterings of 80 % subsamples (1 = the same partition
every time). Both are reported next to the patterns.

**Outcomes**: each member is one candidate's resume with the applications sent with it. A
pattern's interview rate is the ratio ``Σ interviews / Σ applications`` over its members with
a cluster-robust (by member) standard error

    se² = G / (G − 1) · Σ_g (y_g − r·n_g)² / N²      (G members, N applications)

— the same as OLS of the interview indicator on a constant with errors clustered by member
(checked against statsmodels in the tests). A pattern with fewer than ``MIN_MEMBERS`` members
(or fewer than the k-anonymity ``k``) is not shown. A pattern is *successful* when the lower
end of its 95 % interval is above the rate of all members together.

**Matching**: a resume's standardised features are compared with each successful pattern's
centroid (Euclidean distance; the nearest wins); its *gaps* are the features where it lies
outside the middle half of that pattern's members, farthest first. Patterns describe the
resumes that got interviews; they do not prove that changing a feature causes interviews.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

K_RANGE = range(2, 9)
SILHOUETTE_SAMPLE = 3000
FIT_SAMPLE = 5000  # k-means is fitted on at most this many resumes, then all are assigned
N_INIT = 5
STABILITY_RUNS = 5
MIN_MEMBERS = 20
MIN_APPLICATIONS = 3  # per member resume
GAPS_SHOWN = 5
MIN_WEIGHT = 0.05  # a feature unrelated to interviews still separates ties a little
Z = 1.959963984540054

FEATURES: dict[str, tuple[str, str]] = {  # name → (label, unit)
    "skill_count": ("Skills listed", "count"),
    "hard_skill_share": ("Hard skills among them", "share"),
    "metric_density": ("Bullets with a number", "share"),
    "action_verb_share": ("Bullets opening with an action verb", "share"),
    "verb_diversity": ("Distinct opening verbs per bullet", "share"),
    "roles": ("Roles listed", "count"),
    "role_months": ("Months per role", "count"),
    "progression": ("Seniority steps from first to latest role", "count"),
    "bullets_per_role": ("Bullets per role", "count"),
    "sections": ("Sections", "count"),
    "has_summary": ("Opens with a summary", "share"),
    "words": ("Words", "count"),
}
# a number that states a result: a share, a multiple, an amount, or a count of 10 or more —
# never a year or a date ("2019-2021", "06/2019", "2023-09"): dated lines are not metrics
METRIC_RE = re.compile(
    r"(\d+(?:[.,]\d+)?\s*(?:%|percent|x\b|k\b|m\b))|([$€£]\s?\d)"
    r"|((?<![\d/.-])\b(?!(?:19|20)\d\d\b)\d{2,}\b(?![/.-]?\d))",
    re.IGNORECASE,
)
_WEAK = (
    "worked helped responsible assisted participated involved duties tasks was were did "
    "handled supported contributed"
)
WEAK_OPENERS = frozenset(_WEAK.split())
_ACTION = (
    "achieved administered analyzed architected automated boosted built coached "
    "collaborated completed conducted coordinated created cut delivered designed developed "
    "directed drove eliminated established expanded generated grew guided implemented "
    "improved increased introduced launched led maintained managed mentored migrated "
    "negotiated optimized orchestrated organized overhauled owned performed planned "
    "prepared produced raised redesigned reduced resolved restructured saved scaled "
    "secured shipped simplified spearheaded streamlined supervised taught trained "
    "transformed won wrote audited closed recruited sourced treated assessed educated "
    "reconciled forecasted modeled published presented executed facilitated"
)
ACTION_VERBS = frozenset(_ACTION.split())
LEVEL_RANKS = (
    (re.compile(r"\b(intern|trainee|apprentice)\b", re.I), 0),
    (re.compile(r"\b(junior|jr|entry|assistant|associate)\b", re.I), 1),
    (re.compile(r"\b(senior|sr)\b", re.I), 3),
    (re.compile(r"\b(lead|principal|staff|supervisor)\b", re.I), 4),
    (re.compile(r"\b(manager|head|director)\b", re.I), 5),
    (re.compile(r"\b(vp|vice president|chief|cto|ceo|cfo)\b", re.I), 6),
)
_OPENER_RE = re.compile(r"^[^A-Za-z]*([A-Za-z]+)")


@dataclass(frozen=True)
class ResumeFacts:
    """What the parser read from one resume (newest role first)."""

    hard_skills: Sequence[str]
    soft_skills: Sequence[str]
    bullets: Sequence[str]
    roles: Sequence[tuple[str, int]]  # (title, months)
    sections: Sequence[str]
    words: int


def title_rank(title: str) -> int:
    for pattern, rank in reversed(LEVEL_RANKS):
        if pattern.search(title):
            return rank
    return 2


def opener(bullet: str) -> str:
    found = _OPENER_RE.match(bullet)
    return found.group(1).lower() if found else ""


def is_action_verb(word: str) -> bool:
    return word in ACTION_VERBS or (word.endswith("ed") and word not in WEAK_OPENERS)


def features_of(facts: ResumeFacts) -> dict[str, float]:
    bullets = [b for b in facts.bullets if b.strip()]
    openers = [opener(b) for b in bullets]
    skills = len(facts.hard_skills) + len(facts.soft_skills)
    months = [m for _, m in facts.roles if m > 0]
    ranks = [title_rank(t) for t, _ in facts.roles]
    return {
        "skill_count": float(skills),
        "hard_skill_share": len(facts.hard_skills) / skills if skills else 0.0,
        "metric_density": _share(bool(METRIC_RE.search(b)) for b in bullets),
        "action_verb_share": _share(is_action_verb(w) for w in openers),
        "verb_diversity": len(set(openers)) / len(openers) if openers else 0.0,
        "roles": float(len(facts.roles)),
        "role_months": float(np.mean(months)) if months else 0.0,
        "progression": float(ranks[0] - ranks[-1]) if ranks else 0.0,
        "bullets_per_role": len(bullets) / len(facts.roles) if facts.roles else 0.0,
        "sections": float(len(set(facts.sections))),
        "has_summary": float("summary" in facts.sections),
        "words": float(facts.words),
    }


def _share(flags: Any) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Pattern:
    pattern_id: int
    name: str
    members: int
    applications: int
    interviews: int
    interview_rate: float
    low: float
    high: float
    successful: bool
    centroid: list[float]  # standardised
    medians: dict[str, float]
    quartiles: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class PatternLibrary:
    features: list[str]
    mean: list[float]
    scale: list[float]
    k: int
    silhouettes: dict[int, float]
    stability: float
    resumes: int
    applications: int
    overall_rate: float
    patterns: list[Pattern]  # only those with enough members
    hidden_patterns: int
    hidden_members: int

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["silhouettes"] = {str(k): v for k, v in self.silhouettes.items()}
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> PatternLibrary:
        patterns = [
            Pattern(**{**p, "quartiles": {k: tuple(v) for k, v in p["quartiles"].items()}})
            for p in raw["patterns"]
        ]
        silhouettes = {int(k): float(v) for k, v in raw["silhouettes"].items()}
        return cls(**{**raw, "patterns": patterns, "silhouettes": silhouettes})


def clustered_rate(interviews: np.ndarray, applications: np.ndarray) -> tuple[float, float]:
    """Ratio estimate and its cluster-robust standard error (one cluster per member)."""
    total = applications.sum()
    rate = interviews.sum() / total
    g = len(applications)
    if g < 2:
        return float(rate), math.inf
    resid = interviews - rate * applications
    return float(rate), float(math.sqrt(g / (g - 1) * np.sum(resid**2)) / total)


def outcome_weights(z: np.ndarray, hits: np.ndarray, apps: np.ndarray) -> np.ndarray:
    """Each standardised feature's weight in the clustering: the size of its coefficient in
    an L2 binomial regression of the members' interviews on all features (``C`` = 1),
    scaled to a root mean square of 1 and floored at ``MIN_WEIGHT``."""
    if not 0 < hits.sum() < apps.sum():  # no outcome varies: every feature counts alike
        return np.ones(z.shape[1])
    design = np.vstack([z, z])
    outcome = np.r_[np.ones(len(z)), np.zeros(len(z))]
    fit = LogisticRegression(C=1.0, max_iter=2000).fit(
        design, outcome, sample_weight=np.r_[hits, apps - hits]
    )
    size = np.abs(fit.coef_[0])
    if not size.any():
        return np.ones(z.shape[1])
    return np.maximum(size / np.sqrt(np.mean(size**2)), MIN_WEIGHT)


def _choose_k(x: np.ndarray, seed: int) -> tuple[int, dict[int, float], np.ndarray]:
    """k by silhouette; k-means is fitted on at most ``FIT_SAMPLE`` resumes, all assigned."""
    rng = np.random.default_rng(seed)
    fit_rows = rng.choice(len(x), size=min(len(x), FIT_SAMPLE), replace=False)
    sample = rng.choice(len(x), size=min(len(x), SILHOUETTE_SAMPLE), replace=False)
    scores, labels = {}, {}
    for k in K_RANGE:
        if k >= len(x):
            break
        fit = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(x[fit_rows])
        labels[k] = fit.predict(x)
        sampled = labels[k][sample]
        if len(set(sampled)) > 1:
            scores[k] = float(silhouette_score(x[sample], sampled))
    best = max(scores, key=lambda k: scores[k])
    return best, scores, labels[best]


def _stability(x: np.ndarray, k: int, labels: np.ndarray, seed: int) -> float:
    rng = np.random.default_rng(seed + 1)
    scores = []
    for run in range(STABILITY_RUNS):
        part = rng.choice(len(x), size=min(int(0.8 * len(x)), FIT_SAMPLE), replace=False)
        fit = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed + run).fit(x[part])
        scores.append(adjusted_rand_score(labels[part], fit.labels_))
    return float(np.mean(scores))


def _name(centroid: np.ndarray, names: list[str]) -> str:
    """The two features that set the pattern apart most, e.g. "Bullets with a number: high"."""
    top = np.argsort(-np.abs(centroid))[:2]
    words = [f"{FEATURES[names[i]][0]}: {'high' if centroid[i] > 0 else 'low'}" for i in top]
    return "; ".join(words)


def patterns_build(
    frame: pd.DataFrame, *, min_members: int = MIN_MEMBERS, seed: int = 0
) -> PatternLibrary | None:
    """Cluster member resumes. ``frame``: one row per member with the :data:`FEATURES`
    columns plus ``applications`` and ``interviews``; None when too few members to cluster."""
    frame = frame[frame["applications"] >= MIN_APPLICATIONS].reset_index(drop=True)
    names = list(FEATURES)
    if len(frame) < 2 * MIN_MEMBERS:
        return None
    raw = frame[names].to_numpy(float)
    apps = frame["applications"].to_numpy(float)
    hits = frame["interviews"].to_numpy(float)
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    scale = scale / outcome_weights((raw - mean) / scale, hits, apps)
    x = (raw - mean) / scale
    # one BLAS/OpenMP thread: on a shared 2-core machine k-means with the default thread
    # pool took 69 s for what one thread does in 1 s (oversubscription)
    with threadpool_limits(1):
        k, silhouettes, labels = _choose_k(x, seed)
        stability = _stability(x, k, labels, seed)
    overall = float(hits.sum() / apps.sum())
    patterns, hidden, hidden_members = [], 0, 0
    for label in range(k):
        inside = labels == label
        if inside.sum() < min_members:
            hidden += 1
            hidden_members += int(inside.sum())
            continue
        rate, se = clustered_rate(hits[inside], apps[inside])
        centroid = x[inside].mean(axis=0)
        members = frame.loc[inside, names]
        low = max(0.0, rate - Z * se)
        patterns.append(
            Pattern(
                pattern_id=label,
                name=_name(centroid, names),
                members=int(inside.sum()),
                applications=int(apps[inside].sum()),
                interviews=int(hits[inside].sum()),
                interview_rate=rate,
                low=low,
                high=min(1.0, rate + Z * se),
                successful=low > overall,
                centroid=[float(v) for v in centroid],
                medians={n: float(v) for n, v in members.median().items()},
                quartiles={
                    n: (float(members[n].quantile(0.25)), float(members[n].quantile(0.75)))
                    for n in names
                },
            )
        )
    patterns.sort(key=lambda p: -p.interview_rate)
    return PatternLibrary(
        features=names,
        mean=[float(v) for v in mean],
        scale=[float(v) for v in scale],
        k=k,
        silhouettes=silhouettes,
        stability=stability,
        resumes=len(frame),
        applications=int(apps.sum()),
        overall_rate=overall,
        patterns=patterns,
        hidden_patterns=hidden,
        hidden_members=hidden_members,
    )


@dataclass(frozen=True)
class Gap:
    feature: str
    label: str
    unit: str
    yours: float
    pattern_low: float
    pattern_high: float
    direction: str  # "raise" or "lower"


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    distance: float
    successful: bool  # False: no pattern is reliably above average, nearest shown instead
    gaps: list[Gap] = field(default_factory=list)


def match_resume(library: PatternLibrary, features: dict[str, float]) -> Match | None:
    """The nearest successful pattern (else the nearest pattern) and the gaps to it."""
    if not library.patterns:
        return None
    names = library.features
    x = (np.array([features[n] for n in names]) - library.mean) / np.array(library.scale)
    pool = [p for p in library.patterns if p.successful] or library.patterns
    distances = [float(np.linalg.norm(x - np.array(p.centroid))) for p in pool]
    best = pool[int(np.argmin(distances))]
    gaps = []
    for i, name in enumerate(names):
        low, high = best.quartiles[name]
        value = features[name]
        if low <= value <= high:
            continue
        side = "raise" if value < low else "lower"
        edge = low if value < low else high
        gap = Gap(name, *FEATURES[name], value, low, high, side)
        gaps.append((abs(value - edge) / library.scale[i], gap))
    gaps.sort(key=lambda g: -g[0])
    return Match(best, min(distances), best.successful, [g for _, g in gaps[:GAPS_SHOWN]])
