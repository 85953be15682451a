# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""A candidate's weekly insights (seed 001 §8.1), from their applications frame. No Django.

Counts of the week ("applied to 12 jobs") are facts and always stated. Every statement about
a rate needs evidence: the rate's sample reaches ``min_sample`` applications, and a pattern
("Series A companies work for you") is claimed only when Fisher's exact test of the group
against the candidate's other applications stays significant after Holm's correction over
every group tested that week (family-wise α = 5 %). Rates are computed over *resolved*
applications: those with an outcome, or older than ``RESPONSE_WAIT_DAYS`` (no answer by
then counts as none).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from scipy.stats import fisher_exact

from learning.analytics.rates import Rate, rate

RESPONSE_WAIT_DAYS = 30
# Half a year: at the simulated (and typical) pace of one or two applications a week, a
# shorter window rarely holds enough applications to say anything about a candidate.
LOOKBACK_WEEKS = 26
# A candidate's own history is small. Groups from 10 resolved applications are compared with
# Fisher's exact test, valid at any size, and every rate is shown with its sample size and
# Wilson interval; below 10 the 95 % interval is wider than ±0.3 and says nothing useful.
MIN_SAMPLE = 10
FAMILY_ALPHA = 0.05
MAX_PATTERNS = 3
# Ghosted share of resolved applications above which it is flagged (when its whole 95 %
# interval lies above): most employers never answered.
GHOSTING_CONCERN = 0.5

# (column, how a group of it reads in a sentence)
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("title", "{} roles"),
    ("company_stage", "{} companies"),
    ("industry", "the {} industry"),
    ("job_location", "jobs in {}"),
    ("seniority", "{}-level roles"),
    ("category", "{} jobs"),
)
STAGE_NAMES = {
    "seed": "seed-stage",
    "series_a": "Series A",
    "series_b": "Series B",
    "growth": "growth-stage",
    "public": "public",
    "enterprise": "enterprise",
    "nonprofit": "non-profit",
}


@dataclass(frozen=True)
class PatternEffect:
    dimension: str  # the applications-frame column, e.g. ``company_stage``
    value: str
    pattern: str
    metric: str
    improvement: float  # group rate minus rate of the candidate's other applications
    rate: float
    rest_rate: float
    sample_size: int
    confidence_interval: tuple[float, float]
    p_value: float


@dataclass(frozen=True)
class SegmentBenchmark:
    """Interview rates of similar candidates: ``quantiles[q]`` is the q-th percentile."""

    segment: str
    user_count: int
    mean_rate: float
    quantiles: tuple[float, ...]

    def percentile(self, value: float) -> int:
        """Share (0-100) of the segment whose rate is below ``value``."""
        return min(100, max(0, bisect_left(self.quantiles, value)))


@dataclass(frozen=True)
class WeeklyInsights:
    user_id: int
    week_start: date
    highlights: list[str]
    concerns: list[str]
    what_worked: list[dict[str, Any]]
    what_didnt_work: list[dict[str, Any]]
    try_this_week: list[str]
    stop_doing: list[str]
    vs_similar_users: dict[str, Any] | None
    sample_size: int
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["week_start"] = self.week_start.isoformat()
        return out


def week_bounds(week_start: date) -> tuple[datetime, datetime]:
    """The week as UTC instants: Monday 00:00 to the next Monday 00:00."""
    start = datetime(week_start.year, week_start.month, week_start.day, tzinfo=UTC)
    return start, start + timedelta(days=7)


def resolved(apps: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Applications whose outcome is known, or that waited long enough to count as none."""
    waited = apps["submitted_at"] <= as_of - pd.Timedelta(days=RESPONSE_WAIT_DAYS)
    return apps[(apps["final_status"] != "pending") | waited]


def _label(column: str, value: Any) -> str:
    template = dict(DIMENSIONS)[column]
    text = STAGE_NAMES.get(str(value), str(value)) if column == "company_stage" else str(value)
    return template.format(text)


def exact_test(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """Difference of rates ``k1/n1 - k2/n2`` and the two-sided p-value of Fisher's exact test."""
    if min(n1, n2) <= 0:
        return float("nan"), 1.0
    _, p_value = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
    return k1 / n1 - k2 / n2, float(p_value)


def holm_reject(p_values: list[float], alpha: float = FAMILY_ALPHA) -> list[bool]:
    """Holm's step-down: which hypotheses are rejected at family-wise level ``alpha``."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    for rank, i in enumerate(order):
        if p_values[i] > alpha / (len(p_values) - rank):
            break
        rejected[i] = True
    return rejected


def pattern_effects(
    apps: pd.DataFrame, *, min_sample: int = MIN_SAMPLE, limit: int | None = MAX_PATTERNS
) -> tuple[list[PatternEffect], list[PatternEffect]]:
    """Groups that did significantly better (first) or worse (second) than the rest."""
    total_n, total_k = len(apps), int(apps["interviewed"].sum()) if len(apps) else 0
    candidates: list[PatternEffect] = []
    for column, _ in DIMENSIONS:
        if column not in apps or apps[column].isna().all():
            continue
        counts = apps.groupby(column)["interviewed"].agg(["sum", "size"])
        for value, row in counts.iterrows():
            n, k = int(row["size"]), int(row["sum"])
            if n < min_sample or total_n - n < min_sample:
                continue
            diff, p = exact_test(k, n, total_k - k, total_n - n)
            group = rate(k, n, min_sample=min_sample)
            candidates.append(
                PatternEffect(
                    dimension=column,
                    value=str(value),
                    pattern=_label(column, value),
                    metric="interview_rate",
                    improvement=round(diff, 4),
                    rate=round(k / n, 4),
                    rest_rate=round((total_k - k) / (total_n - n), 4),
                    sample_size=n,
                    confidence_interval=(round(group.ci_low or 0, 4), round(group.ci_high or 0, 4)),
                    p_value=round(p, 6),
                )
            )
    claims = holm_reject([c.p_value for c in candidates]) if candidates else []
    significant = [c for c, ok in zip(candidates, claims, strict=True) if ok]
    worked = sorted((c for c in significant if c.improvement > 0), key=lambda c: -c.improvement)
    didnt = sorted((c for c in significant if c.improvement < 0), key=lambda c: c.improvement)
    return worked[:limit], didnt[:limit]


def _trend(history: pd.DataFrame, as_of: pd.Timestamp, min_sample: int) -> tuple[Rate, Rate, float]:
    """Interview rate of the last 4 weeks' resolved applications against the 8 before."""
    recent_from = as_of - pd.Timedelta(weeks=4 + RESPONSE_WAIT_DAYS // 7)
    recent = history[history["submitted_at"] >= recent_from]
    earlier = history[history["submitted_at"] < recent_from]
    new = rate(int(recent["interviewed"].sum()), len(recent), min_sample=min_sample)
    old = rate(int(earlier["interviewed"].sum()), len(earlier), min_sample=min_sample)
    _, p = exact_test(new.successes, new.n, old.successes, old.n)
    return new, old, p


@dataclass(frozen=True)
class InsightInputs:
    user_id: int
    week_start: date
    apps: pd.DataFrame  # the candidate's applications over the lookback, up to the week's end
    target_per_week: int
    follow_up_days: int
    benchmark: SegmentBenchmark | None = None
    min_sample: int = MIN_SAMPLE
    # insight kinds the nightly insight-quality engine retired (``focus:<dimension>``,
    # ``stop:<dimension>``, ``pace``): shown not to help, so no longer given
    retired: frozenset[str] = frozenset()


def _jobs(n: int) -> str:
    return f"{n} job{'' if n == 1 else 's'}"


def _week_facts(inputs: InsightInputs, week: pd.DataFrame, interviews: int, offers: int) -> tuple:
    highlights, concerns = [], []
    n, target = len(week), inputs.target_per_week
    if n >= target:
        highlights.append(f"Applied to {_jobs(n)} this week (target was {target}) ✅")
    elif n:
        concerns.append(f"Applied to {_jobs(n)} this week, under your target of {target}")
    else:
        concerns.append(f"No applications this week (your target is {target})")
    if interviews:
        highlights.append(f"Got {interviews} interview request{'s' if interviews > 1 else ''} 🎉")
    if offers:
        highlights.append(f"Received {offers} offer{'s' if offers > 1 else ''} 🎉")
    return highlights, concerns


def _rate_statements(history: pd.DataFrame, as_of: pd.Timestamp, min_sample: int) -> tuple:
    highlights: list[str] = []
    concerns: list[str] = []
    new, old, p = _trend(history, as_of, min_sample)
    if new.claimable and old.claimable and p < FAMILY_ALPHA:
        text = (
            f"interview rate {new.value:.0%} over your last {new.n} resolved applications, "
            f"against {old.value:.0%} before"
        )
        (highlights if (new.value or 0) > (old.value or 0) else concerns).append(
            ("Up: " if (new.value or 0) > (old.value or 0) else "Down: ") + text
        )
    ghosted = rate(int(history["ghosted"].sum()), len(history), min_sample=min_sample)
    if ghosted.claimable and (ghosted.ci_low or 0) > GHOSTING_CONCERN:
        concerns.append(
            f"{ghosted.successes} of {ghosted.n} applications got no answer ({ghosted.value:.0%})"
        )
    return highlights, concerns


def _benchmark(inputs: InsightInputs, history: pd.DataFrame) -> dict[str, Any] | None:
    mine = rate(int(history["interviewed"].sum()), len(history), min_sample=inputs.min_sample)
    bench = inputs.benchmark
    if bench is None or not mine.claimable:
        return None
    return {
        "your_interview_rate": round(mine.value or 0, 4),
        "segment_avg": round(bench.mean_rate, 4),
        "percentile": bench.percentile(mine.value or 0),
        "segment": bench.segment,
        "segment_users": bench.user_count,
        "sample_size": mine.n,
        "confidence_interval": [round(mine.ci_low or 0, 4), round(mine.ci_high or 0, 4)],
    }


def _advice(inputs: InsightInputs, worked: list, didnt: list) -> tuple[list[str], list[str]]:
    try_this = [
        f"Focus more on {e.pattern} (your interview rate there: {e.rate:.0%} over "
        f"{e.sample_size} applications, against {e.rest_rate:.0%} elsewhere)"
        for e in worked
    ]
    n = inputs.target_per_week
    if "pace" not in inputs.retired:
        try_this.append(f"Aim for {n} application{'' if n == 1 else 's'} this week")
    try_this.append(
        f"Follow up on applications {inputs.follow_up_days} "
        f"day{'' if inputs.follow_up_days == 1 else 's'} after sending them "
        "if you have not heard back"
    )
    stop = [
        f"Applying to {e.pattern}: {e.rate:.0%} interview rate over {e.sample_size} "
        f"applications, against {e.rest_rate:.0%} elsewhere"
        for e in didnt
    ]
    return try_this, stop


def build_weekly_insights(inputs: InsightInputs) -> WeeklyInsights:
    """The §8.1 insights of one candidate for the week starting ``inputs.week_start``."""
    start, end = week_bounds(inputs.week_start)
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    apps = inputs.apps[inputs.apps["submitted_at"] < end_ts]
    week = apps[apps["submitted_at"] >= start_ts]
    history = resolved(apps, end_ts)
    highlights, concerns = _week_facts(inputs, week, *_outcomes_in_week(apps, start_ts, end_ts))
    more_highlights, more_concerns = _rate_statements(history, end_ts, inputs.min_sample)
    worked, didnt = pattern_effects(history, min_sample=inputs.min_sample)
    worked = [e for e in worked if f"focus:{e.dimension}" not in inputs.retired]
    didnt = [e for e in didnt if f"stop:{e.dimension}" not in inputs.retired]
    try_this, stop = _advice(inputs, worked, didnt)
    notes = []
    if len(history) < inputs.min_sample:
        notes.append(
            f"{len(history)} resolved applications so far: rates and patterns are shown from "
            f"{inputs.min_sample} on"
        )
    return WeeklyInsights(
        user_id=inputs.user_id,
        week_start=inputs.week_start,
        highlights=highlights + more_highlights,
        concerns=concerns + more_concerns,
        what_worked=[_effect_dict(e, "improvement") for e in worked],
        what_didnt_work=[_effect_dict(e, "decline") for e in didnt],
        try_this_week=try_this,
        stop_doing=stop,
        vs_similar_users=_benchmark(inputs, history),
        sample_size=len(history),
        notes=notes,
    )


def _outcomes_in_week(apps: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple:
    """Interview requests and offers that arrived during the week.

    An interview request arrives with the first response (submission plus its delay); the
    frame keeps when an offer arrived.
    """
    if apps.empty:
        return 0, 0
    arrived = apps["submitted_at"] + pd.to_timedelta(apps["first_response_days"], unit="D")
    interviews = apps["interviewed"] & (arrived >= start) & (arrived < end)
    offers = (apps["offer_at"] >= start) & (apps["offer_at"] < end)
    return int(interviews.sum()), int(offers.sum())


def _effect_dict(effect: PatternEffect, key: str) -> dict[str, Any]:
    return {
        "pattern": effect.pattern,
        "metric": effect.metric,
        key: effect.improvement,
        "rate": effect.rate,
        "rest_rate": effect.rest_rate,
        "sample_size": effect.sample_size,
        "confidence_interval": list(effect.confidence_interval),
        "p_value": effect.p_value,
    }


def segment_benchmarks(
    apps: pd.DataFrame, *, as_of: pd.Timestamp, k: int, min_sample: int = MIN_SAMPLE
) -> dict[str, SegmentBenchmark]:
    """Per seniority segment (each user's most frequent seniority applied to), the
    distribution of interview rates of users with at least ``min_sample`` resolved
    applications. Segments with fewer than ``k`` such users are suppressed.
    """
    history = resolved(apps, as_of)
    if history.empty:
        return {}
    per_user = history.groupby("user_id").agg(
        n=("interviewed", "size"),
        k=("interviewed", "sum"),
        segment=("seniority", lambda s: s.mode().iat[0] if s.notna().any() else "unknown"),
    )
    per_user = per_user[per_user["n"] >= min_sample]
    out = {}
    for segment, group in per_user.groupby("segment"):
        if len(group) < k:
            continue
        rates = (group["k"] / group["n"]).astype(float)
        quantiles = tuple(float(q) for q in rates.quantile([i / 100 for i in range(101)]))
        out[str(segment)] = SegmentBenchmark(
            str(segment), len(group), float(rates.mean()), quantiles
        )
    return out


def segment_of(apps: pd.DataFrame) -> str:
    """The candidate's segment: the seniority they apply to most."""
    levels = apps["seniority"].dropna() if "seniority" in apps else pd.Series([], dtype=object)
    return str(levels.mode().iat[0]) if len(levels) else "unknown"
