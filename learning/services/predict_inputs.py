"""The frames the prediction engines read, from the nightly's data and the profiles.

Pure engines live in :mod:`learning.predict`; this module only gathers their inputs:
per-application history with salary and days to offer, the candidates' day-1 facts and
first-month outcomes, the insights a candidate was (or would have been) given.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.special import gammaln

from learning.insights.build import (
    DIMENSIONS,
    MAX_PATTERNS,
    MIN_SAMPLE,
    RESPONSE_WAIT_DAYS,
    holm_reject,
)
from learning.personalization import MIN_WEEKS as PACE_MIN_WEEKS
from learning.predict.coldstart import HORIZON_DAYS
from learning.predict.features import SENIORITIES
from profiles.selectors import candidate_list, job_listing_skill_rows

if TYPE_CHECKING:  # the step list imports this module: types only, no cycle
    from learning.services.analysis_steps import AnalysisData

STAGE_CAP = 3  # "3 or more" kinds of company, cities
REPLAY_EVERY_WEEKS = 8
REPLAY_AFTER_WEEKS = 8  # the first replayed insight needs some history to speak of


def resolved_flags(apps: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """An outcome is known, or the application waited long enough to count as none."""
    waited = apps["submitted_at"] <= as_of - pd.Timedelta(days=RESPONSE_WAIT_DAYS)
    return (apps["final_status"] != "pending") | waited


def strategy_history(data: AnalysisData) -> pd.DataFrame:
    """Mature applications with posted salary and days from application to offer, of the
    candidates who may contribute to figures about others (the cells are peer figures)."""
    apps = data.aggregate_mature.copy()
    numeric = pd.to_numeric(pd.Series(apps["job_id"].dropna().unique()), errors="coerce")
    ids = [int(i) for i in numeric.dropna()]
    salary = {
        str(job_id): (lo + hi) / 2 if lo and hi else (lo or hi or np.nan)
        for job_id, _, lo, hi in (job_listing_skill_rows(ids=ids) if ids else [])
    }
    apps["salary"] = apps["job_id"].astype(str).map(salary).astype(float)
    offer_at = pd.to_datetime(apps["offer_at"], utc=True, errors="coerce")
    apps["days_to_offer"] = (offer_at - apps["submitted_at"]).dt.total_seconds() / 86400
    return apps


def profiles_frame() -> pd.DataFrame:
    """Day-1 facts of every candidate (what the resume and the profile form say)."""
    rows = []
    for p in candidate_list():
        skills = [*p.programming_languages, *p.frameworks_libraries, *p.tools_platforms]
        rows.append(
            {
                "user_id": p.user_id,
                "joined_at": pd.Timestamp(p.user.date_joined),
                "segment": p.career_level or "unknown",
                "track": (p.industries or ["unknown"])[0],
                "seniority_level": (
                    SENIORITIES.index(p.career_level) if p.career_level in SENIORITIES else np.nan
                ),
                "years_experience": p.years_of_experience,
                "skill_count": len(skills),
                "salary_ask": p.salary_range_min,
                "answer_remote": "yes" if p.open_to_remote else "no",
                "answer_locations": _capped(len(p.preferred_locations)),
                "answer_stages": _capped(len(p.company_size_preference)),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    ask = pd.to_numeric(frame["salary_ask"], errors="coerce")
    ratio = ask / ask.groupby(frame["segment"]).transform("median")
    frame["answer_salary"] = [_salary_answer(float(r)) for r in ratio.to_numpy(float)]
    return frame.drop(columns=["salary_ask"])


def _salary_answer(ratio: float) -> str | float:
    """The ask against the median ask of the same level (unknown: unanswered)."""
    if not np.isfinite(ratio):
        return np.nan
    return "below" if ratio < 0.95 else ("above" if ratio > 1.05 else "near")


def _capped(count: int) -> str | float:
    return np.nan if count == 0 else str(min(count, STAGE_CAP))


def cold_start_frame(data: AnalysisData, profiles: pd.DataFrame) -> pd.DataFrame:
    """Candidates whose first ``HORIZON_DAYS`` days have matured, with that month's outcome.

    Day 1 is the earlier of sign-up and the first application; the resume score is the
    first one known (before any edit).
    """
    if profiles.empty or data.apps.empty:
        return profiles.iloc[0:0]
    first = data.apps.groupby("user_id")["submitted_at"].min()
    frame = profiles[profiles["user_id"].isin(first.index)].copy()
    start = np.minimum(frame["joined_at"].to_numpy(), frame["user_id"].map(first).to_numpy())
    frame["joined_at"] = pd.to_datetime(start, utc=True)
    cutoff = pd.Timestamp(data.window_end - timedelta(days=2 * HORIZON_DAYS))
    frame = frame[
        (frame["joined_at"] <= cutoff) & (frame["joined_at"] >= pd.Timestamp(data.window_start))
    ]
    apps = data.apps.merge(frame[["user_id", "joined_at"]], on="user_id")
    month = apps[apps["submitted_at"] < apps["joined_at"] + pd.Timedelta(days=HORIZON_DAYS)]
    outcome = month.groupby("user_id")["interviewed"].agg(["size", "sum"])
    baseline = data.apps.groupby("user_id")["baseline_score"].first()
    frame["resume_score"] = frame["user_id"].map(baseline)
    frame["n"] = frame["user_id"].map(outcome["size"]).fillna(0).astype(int)
    frame["k"] = frame["user_id"].map(outcome["sum"]).fillna(0).astype(int)
    return frame.reset_index(drop=True)


def replayed_insights(data: AnalysisData, target_per_week: float) -> pd.DataFrame:
    """The focus / stop / pace insights the weekly builder would have given each candidate
    every ``REPLAY_EVERY_WEEKS`` weeks, from the history resolved by then. The pace is the
    candidate's personal target as the weekly insights learn it (their median weekly count so
    far), else ``target_per_week`` (the platform's).

    The same rules as :func:`learning.insights.build.pattern_effects` (Fisher's exact test per
    group against the rest, Holm over the groups tested, the 3 largest each way) and
    :func:`learning.personalization.learn_applications_per_week`, computed on numpy arrays of
    each candidate's block (tested equal to them): calling those per candidate and date on
    pandas frames took 32 s for 400 candidates.
    """
    columns = ["user_id", "issued_at", "kind", "dimension", "value", "target"]
    apps = data.apps
    if apps.empty:
        return pd.DataFrame([], columns=columns)
    ordered = apps.sort_values(["user_id", "submitted_at"], kind="stable")
    users = ordered["user_id"].to_numpy()
    sent = ordered["submitted_at"].astype("datetime64[ns, UTC]").array.asi8  # type: ignore[attr-defined]
    known = (ordered["final_status"] != "pending").to_numpy(bool)
    hits = ordered["interviewed"].to_numpy(bool)
    dims = []
    for column, _ in DIMENSIONS:
        if column in ordered:
            codes, levels = pd.factorize(ordered[column].astype("string"), sort=True)
            dims.append((column, codes, [str(v) for v in levels]))
    week, wait = pd.Timedelta(weeks=1).value, pd.Timedelta(days=RESPONSE_WAIT_DAYS).value
    step, first_after = REPLAY_EVERY_WEEKS * week, REPLAY_AFTER_WEEKS * week
    end = pd.Timestamp(data.window_end).value
    fisher = functools.cache(fisher_test)
    rows: list[tuple[Any, ...]] = []
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    for lo, hi in zip(starts, np.r_[starts[1:], len(users)], strict=True):
        user_id, times = users[lo], sent[lo:hi]
        at = int(times[0]) + first_after
        while at < end:
            cut = lo + int(np.searchsorted(times, at, side="left"))
            rows_before = np.arange(lo, cut)
            resolved = rows_before[known[lo:cut] | (sent[lo:cut] <= at - wait)]
            issued = pd.Timestamp(at, tz="UTC")
            if len(resolved) >= 2 * MIN_SAMPLE:
                for kind, dimension, value in _patterns(resolved, hits, dims, fisher):
                    rows.append((user_id, issued, f"{kind}:{dimension}", dimension, value, None))
            pace = _learned_pace(sent[lo:cut], at, week)
            rows.append(
                (user_id, issued, "pace", None, None, target_per_week if pace is None else pace)
            )
            at += step
    return pd.DataFrame(rows, columns=columns)


def _patterns(
    rows: np.ndarray, hits: np.ndarray, dims: list, fisher: Callable[..., tuple[float, float]]
) -> list[tuple[str, str, str]]:
    """(focus | stop, dimension, value) of the groups ``pattern_effects`` would claim."""
    outcome = hits[rows]
    total_n, total_k = len(rows), int(outcome.sum())
    tested: list[tuple[str, str, float, float]] = []
    for column, codes, levels in dims:
        values = codes[rows]
        present = values >= 0
        if not present.any():
            continue
        n_by = np.bincount(values[present], minlength=len(levels))
        k_by = np.bincount(values[present], weights=outcome[present], minlength=len(levels))
        for code in np.flatnonzero(n_by):
            n, k = int(n_by[code]), int(k_by[code])
            if n < MIN_SAMPLE or total_n - n < MIN_SAMPLE:
                continue
            diff, p = fisher(k, n, total_k - k, total_n - n)
            tested.append((column, levels[code], round(diff, 4), round(p, 6)))
    if not tested:
        return []
    claims = holm_reject([t[3] for t in tested])
    significant = [t for t, ok in zip(tested, claims, strict=True) if ok]
    worked = sorted((t for t in significant if t[2] > 0), key=lambda t: -t[2])[:MAX_PATTERNS]
    didnt = sorted((t for t in significant if t[2] < 0), key=lambda t: t[2])[:MAX_PATTERNS]
    return [("focus", t[0], t[1]) for t in worked] + [("stop", t[0], t[1]) for t in didnt]


def fisher_test(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """``exact_test`` of the weekly builder (difference of rates, two-sided Fisher p-value)
    from the hypergeometric log-probabilities in one numpy pass: the p-value sums the tables
    no more likely than the one observed (scipy's rule, tested equal); scipy's own
    ``fisher_exact`` costs about 3 ms a call, most of the replay's time."""
    if min(n1, n2) <= 0:
        return float("nan"), 1.0
    total, hits = n1 + n2, k1 + k2
    support = np.arange(max(0, n1 - (total - hits)), min(hits, n1) + 1)
    log_pmf = (
        _log_choose(hits, support)
        + _log_choose(total - hits, n1 - support)
        - _log_choose(total, np.array(n1))
    )
    observed = log_pmf[support == k1][0]
    p_value = float(np.exp(log_pmf[log_pmf <= observed + 1e-7]).sum())
    return k1 / n1 - k2 / n2, min(1.0, p_value)


def _log_choose(n: int, k: np.ndarray) -> np.ndarray:
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def _learned_pace(times: np.ndarray, at: int, week: int) -> float | None:
    """The median weekly count since the first application, as the weekly insights learn it
    (``learn_applications_per_week``; None under its minimum of weeks)."""
    if not len(times):
        return None
    weeks = (at - int(times[0])) // week
    if weeks < PACE_MIN_WEEKS:
        return None
    since = at - weeks * week
    counts = np.bincount((times[times >= since] - since) // week, minlength=weeks)[:weeks]
    # statistics.median on a short list: np.median's overhead was half the replay's time
    return float(min(100, max(1, round(float(statistics.median(counts.tolist()))))))


def insight_apps(data: AnalysisData) -> pd.DataFrame:
    """The applications frame with the ``resolved`` flag as of the window's end."""
    return data.apps.assign(resolved=resolved_flags(data.apps, pd.Timestamp(data.window_end)))
