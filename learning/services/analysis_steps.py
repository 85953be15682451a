"""The steps of the nightly analysis: load the event log, run analytics and optimizers.

Each step takes the loaded :class:`AnalysisData` and returns a JSON-safe summary plus the
:class:`~learning.optimizers.findings.Finding` list it produced; the run service stores both.
Translating frames into the optimizers' frozen inputs happens here, so the optimizers stay
free of Django and of the event schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, wraps
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from threadpoolctl import threadpool_limits

from learning.aggregates import aggregate_rows
from learning.ai.training.recommend import ai_findings
from learning.analytics import (
    add_edit_exposure,
    applications_from_events,
    baseline_resume_scores,
    cohorts_analyze,
    market_analyze,
)
from learning.analytics.frames import (
    CORE_FIT_COLUMNS,
    fit_matrix,
    instrument_ineligible_users,
    suggested_users,
    usable_fit_columns,
)
from learning.analytics.groups import (
    MarketPartial,
    cohorts_from_user_stats,
    market_from_partial,
)
from learning.event_reader import event_frame
from learning.optimizers.calibration import (
    CalibrationInput,
    calibration_analyze,
    calibration_finding,
)
from learning.optimizers.choices import ChoiceInput, choice_finding, choices_analyze
from learning.optimizers.effects import CausalData
from learning.optimizers.findings import Finding
from learning.optimizers.fit_weights import (
    COMPONENTS,
    MIN_APPLICATIONS,
    FitWeightsInput,
    fit_weights_analyze,
    fit_weights_finding,
)
from learning.optimizers.resume_edits import (
    randomised_arm_instrument,
    resume_edit_findings,
    resume_edits_analyze,
)
from learning.optimizers.thresholds import (
    KneeInput,
    knee_analyze,
    knee_finding,
    pivot_analyze,
    pivot_finding,
)
from learning.optimizers.timing import timing_analyze, timing_causal, timing_finding
from learning.services import advanced_steps, monitoring, predict_nightly
from profiles.models_optimize import ResumeOptimization
from profiles.selectors import (
    aggregate_opted_out_user_ids,
    candidate_list,
    job_listing_skill_rows,
)
from recruitly.eventlog.schemas import EDIT_TYPES
from recruitly.spine.resolver import resolve_value

# Employers who answer do so within this many days; after it an application is declared
# ghosted. Younger applications have no outcome yet and would look like failures.
MATURITY_DAYS = 30
SCORE_BUCKET_EDGES = (50.0, 60.0, 70.0, 80.0, 90.0)
StepResult = tuple[dict[str, Any], list[Finding]]


@dataclass(frozen=True)
class GroupStatistics:
    """The cohort and market steps' exact statistics of every user, merged from the shards
    of the streamed load above the sample cap (:mod:`learning.analytics.groups`)."""

    cohort_users: pd.DataFrame  # cohort_user_stats of every user (opted-out users included)
    market: MarketPartial  # of the users who may contribute to aggregates


@dataclass(frozen=True)
class AnalysisData:
    window_start: datetime
    window_end: datetime
    apps: pd.DataFrame  # every application in the window
    mature: pd.DataFrame  # those old enough to have their outcome
    resume: pd.DataFrame
    strategy: pd.DataFrame
    feedback: pd.DataFrame
    # users left out of market, cohort and peer aggregates (profiles.selectors)
    opted_out: frozenset[int] = field(default_factory=frozenset)
    # per-user figures of every user of the window (see user_totals); None: computed from
    # ``apps``. The streamed load sets it, its ``apps`` then being a sample of the users.
    totals: pd.DataFrame | None = None
    # how the streamed load read the window (users, applications, sampled, shards)
    load: dict[str, int] = field(default_factory=dict)
    # above the sample cap: cohorts' and market's statistics of every user (None: the steps
    # read the rows, which are then every user's)
    groups: GroupStatistics | None = None

    @cached_property
    def user_totals(self) -> pd.DataFrame:
        """Per user (index ``user_id``): ``applications``, ``mature_applications``,
        ``mature_interviews``, ``baseline_score`` (first known, in ``apps`` order) and
        ``latest_resume_score`` (of the newest application that has one)."""
        if self.totals is not None:
            return self.totals
        return user_totals(self.apps, self.mature)

    @cached_property
    def aggregate_apps(self) -> pd.DataFrame:
        """``apps`` of the users who may contribute to figures about other people."""
        return aggregate_rows(self.apps, self.opted_out)

    @cached_property
    def aggregate_mature(self) -> pd.DataFrame:
        """``mature`` of the users who may contribute to figures about other people."""
        return aggregate_rows(self.mature, self.opted_out)


def user_totals(apps: pd.DataFrame, mature: pd.DataFrame) -> pd.DataFrame:
    """The per-user figures of :attr:`AnalysisData.user_totals` (exact per shard of users)."""
    grouped = apps.groupby("user_id")
    latest = (
        apps.sort_values("submitted_at", kind="stable").dropna(subset=["resume_score"])
        .groupby("user_id")["resume_score"].last()
    )  # fmt: skip
    mature_grouped = mature.groupby("user_id")
    table = pd.DataFrame(
        {
            "applications": grouped.size(),
            "mature_applications": mature_grouped.size(),
            "mature_interviews": mature_grouped["interviewed"].sum(),
            "baseline_score": grouped["baseline_score"].first(),
            "latest_resume_score": latest,
        }
    )
    for column in ("applications", "mature_applications", "mature_interviews"):
        table[column] = table[column].fillna(0).astype("int64")
    table.index.name = "user_id"
    return table


def analysis_data_load(*, window_start: datetime, window_end: datetime) -> AnalysisData:
    """Read the window's events in batches and build the analysis frames (all in memory;
    the nightly run streams instead: :mod:`learning.services.analysis_stream`)."""
    frames = {
        family: event_frame(family=family, start=window_start, end=window_end)
        for family in ("application", "resume", "strategy", "feedback")
    }
    return analysis_data_from_frames(
        frames,
        window_start=window_start,
        window_end=window_end,
        opted_out=aggregate_opted_out_user_ids(),
    )


def analysis_data_from_frames(
    frames: dict[str, pd.DataFrame],
    *,
    window_start: datetime,
    window_end: datetime,
    opted_out: frozenset[int] = frozenset(),
) -> AnalysisData:
    """Build the per-application frame from the reader's family frames (no database)."""
    apps = applications_from_events(frames["application"])
    apps = add_edit_exposure(apps, frames["resume"], EDIT_TYPES)
    baseline = baseline_resume_scores(apps, frames["resume"])
    apps["baseline_score"] = apps["user_id"].map(baseline).fillna(apps["resume_score"])
    cutoff = pd.Timestamp(window_end - timedelta(days=MATURITY_DAYS))
    mature = apps[apps["submitted_at"] <= cutoff].reset_index(drop=True)
    return AnalysisData(
        window_start,
        window_end,
        apps,
        mature,
        frames["resume"],
        frames["strategy"],
        frames["feedback"],
        opted_out,
    )


def step_users(data: AnalysisData) -> StepResult:
    """Every user's counts (exact on the streamed load: the per-user totals of all users).

    Reads the columns :func:`learning.analytics.user_performance_table` counts them from:
    users with mature applications, their applications and interviews.
    """
    totals = data.user_totals
    table = totals[totals["mature_applications"] > 0]
    claimable = table[table["mature_applications"] >= 20]
    rates = claimable["mature_interviews"] / claimable["mature_applications"]
    return {
        "users": len(table),
        "applications": int(totals["applications"].sum()),
        "mature_applications": int(totals["mature_applications"].sum()),
        "users_with_claimable_rates": len(claimable),
        "median_interview_rate": float(rates.median()) if len(rates) else None,
    }, []


def _profiles_frame() -> pd.DataFrame:

    rows = candidate_list().values_list("user_id", "years_of_experience")
    return pd.DataFrame(list(rows), columns=["user_id", "years_experience"])


def step_cohorts(data: AnalysisData) -> StepResult:
    """Cohort segments; above the sample cap from every user's merged statistics."""
    attrs_from_profiles = _profiles_frame()
    k = settings.LEARNING_MIN_GROUP_SIZE
    if data.groups is not None:
        table = data.groups.cohort_users
        if data.opted_out:
            table = table[~table.index.isin(list(data.opted_out))]
        results = cohorts_from_user_stats(table, profiles=attrs_from_profiles, k=k)
    else:
        results = cohorts_analyze(data.aggregate_mature, profiles=attrs_from_profiles, k=k)
    return {"segments": [r.__dict__ for r in results]}, []


def postings_frame(job_ids: pd.Series) -> pd.DataFrame | None:
    """Skills and pay of the listings applied to (job ids that are listing primary keys)."""

    numeric = pd.to_numeric(job_ids.dropna().unique(), errors="coerce")
    ids = [int(i) for i in numeric[~np.isnan(numeric)]]
    rows = job_listing_skill_rows(ids=ids) if ids else []
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["job_id", "skills", "salary_min", "salary_max"])
    frame["job_id"] = frame["job_id"].astype(str)
    frame["salary"] = frame[["salary_min", "salary_max"]].astype(float).mean(axis=1)
    return frame[["job_id", "skills", "salary"]]


def step_market(data: AnalysisData) -> StepResult:
    """Market figures; above the sample cap from every user's merged statistics."""
    if data.groups is not None:
        merged = market_from_partial(data.groups.market, k=settings.LEARNING_MIN_GROUP_SIZE)
        return {"market": merged.as_dict()}, []
    apps = data.aggregate_apps
    postings = postings_frame(apps["job_id"])
    market = market_analyze(apps, k=settings.LEARNING_MIN_GROUP_SIZE, postings=postings)
    return {"market": market.as_dict()}, []


def step_fit_weights(data: AnalysisData) -> StepResult:
    rows = data.mature.dropna(subset=list(CORE_FIT_COLUMNS))
    if len(rows) < MIN_APPLICATIONS:
        return {"skipped": f"fewer than {MIN_APPLICATIONS} applications with components"}, []
    current = resolve_value("job_scoring.weights")
    columns = usable_fit_columns(rows)
    result = fit_weights_analyze(
        FitWeightsInput(
            components=fit_matrix(rows, columns),
            interviewed=rows["interviewed"].to_numpy(),
            users=rows["user_id"].to_numpy(),
            current_weights={k: float(current.get(k, 0.0)) for k in COMPONENTS},
            names=tuple(c.removeprefix("fit_") for c in columns),
        )
    )
    finding = fit_weights_finding(result, current)
    return {"learned_weights": result.learned_weights, "auc_gain": result.auc_gain}, [finding]


def step_calibration(data: AnalysisData) -> StepResult:
    rows = data.mature.dropna(subset=["resume_score"])
    if rows.empty:
        return {"skipped": "no applications"}, []
    result = calibration_analyze(
        CalibrationInput(
            scores=rows["resume_score"].to_numpy(float),
            interviewed=rows["interviewed"].to_numpy(),
            users=rows["user_id"].to_numpy(),
            expected=resolve_value("resume_scoring.expected_interview_rates"),
        )
    )
    summary = {"error": result.error, "noise_floor": result.noise_floor, "issues": result.issues}
    return summary, [calibration_finding(result)]


def step_strategy_thresholds(data: AnalysisData) -> StepResult:
    findings: list[Finding] = []
    rows = data.mature.dropna(subset=["resume_score", *CORE_FIT_COLUMNS])
    summary: dict[str, Any] = {}
    if len(rows) >= 1000:
        current = float(resolve_value("strategy.improve_resume_threshold"))
        knee = knee_analyze(
            KneeInput(
                scores=rows["baseline_score"].to_numpy(float),
                interviewed=rows["interviewed"].to_numpy(),
                users=rows["user_id"].to_numpy(),
                covariates=np.column_stack(
                    [fit_matrix(rows, usable_fit_columns(rows)) / 100, _edit_matrix(rows)]
                ),
                current=current,
            )
        )
        summary["improve_resume_knee"] = knee.knee
        findings.append(knee_finding(knee, current))
    pivots = data.strategy[data.strategy["to_mode"] == "RETHINK_TARGETS"]
    if len(pivots):
        current_pivot = int(resolve_value("strategy.rethink_targets_threshold"))
        pivot = pivot_analyze(data.mature, pivots, current_pivot)
        summary["rethink_best_bin"] = pivot.best_bin
        finding = pivot_finding(pivot, current_pivot)
        findings += [finding] if finding else []
    return summary, findings


def _edit_matrix(rows: pd.DataFrame) -> np.ndarray:
    return rows[[f"edit_{e}" for e in EDIT_TYPES]].to_numpy(float)


def causal_data(rows: pd.DataFrame) -> CausalData:
    """Per-application inputs of the effect estimators (controls are pre-treatment only)."""
    seniority = rows["seniority"].astype("string").fillna("unknown")
    dummies = pd.get_dummies(seniority, drop_first=True, dtype=float)
    columns = usable_fit_columns(rows)
    covariates = np.column_stack([fit_matrix(rows, columns) / 100, dummies])
    bucket = np.searchsorted(SCORE_BUCKET_EDGES, rows["baseline_score"].to_numpy(), side="right")
    # one integer per (baseline resume-score bucket, seniority) cell
    strata = bucket * 1000 + pd.factorize(seniority)[0]
    return CausalData(
        y=rows["interviewed"].to_numpy(float),
        users=rows["user_id"].to_numpy(),
        weekday=rows["weekday"].to_numpy(),
        hour=rows["hour"].to_numpy(),
        covariates=covariates,
        covariate_names=(*columns, *dummies.columns),
        strata=strata,
        baseline_score=rows["baseline_score"].to_numpy(float),
        edits=_edit_matrix(rows),
        edit_names=tuple(EDIT_TYPES),
    )


def one_blas_thread(step: Callable[[AnalysisData], StepResult]) -> Callable[..., StepResult]:
    """Run a causal step on one BLAS thread.

    Its algebra is many small products of a tall matrix with a few columns (Newton steps,
    refits per refutation draw); OpenBLAS's thread pool gains nothing there and, on a machine
    other jobs load, its waiting threads cost 2-4x the step's CPU (2,000-candidate world at
    load 4: strategy choices 20.2 s of CPU with the pool, 5.8 s without). One thread also makes
    the numbers independent of the core count: with the pool, the last bits of a sum depend on
    how the rows were split (relative differences up to 4e-13 seen; no finding changes).
    """

    @wraps(step)
    def run(data: AnalysisData) -> StepResult:
        with threadpool_limits(1):
            return step(data)

    return run


def _causal_rows(data: AnalysisData) -> pd.DataFrame:
    return data.mature.dropna(subset=["baseline_score", *CORE_FIT_COLUMNS]).reset_index(drop=True)


@one_blas_thread
def step_timing(data: AnalysisData) -> StepResult:
    rows = _causal_rows(data)
    if len(rows) < 1000:
        return {"skipped": "fewer than 1000 applications"}, []
    data_in = causal_data(rows)
    result = timing_analyze(data_in)
    causal = timing_causal(data_in, result)
    finding = timing_finding(result, causal)
    summary = {
        "naive_best_day": result.naive_best_day,
        "best_day": None if causal.get("refuted") else result.best_day,
        "refuted": causal.get("refuted"),
    }
    return summary, [finding] if finding else []


STRATEGY_MODES = ("IMPROVE_RESUME_FIRST", "RETHINK_TARGETS", "APPLY_MODE")


def choice_input(rows: pd.DataFrame) -> ChoiceInput:
    """Per application: each strategy mode and tailoring as 0/1 treatments (missing left out).

    Covariates are fixed before the application: baseline resume score, the job's fit and
    seniority, the resume edits in force.
    """
    base = causal_data(rows)
    covariates = np.column_stack([base.baseline_score / 100, base.covariates, base.edits])
    names = (
        "baseline_score",
        *base.covariate_names,
        *(f"edit_{e}" for e in base.edit_names),
    )
    arms: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    extra: dict[str, tuple[tuple[str, np.ndarray], ...]] = {}
    mode = rows["strategy_mode"].astype("string") if "strategy_mode" in rows else None
    if mode is not None:
        score = rows["resume_score"].to_numpy(float) / 100
        known = (mode.notna() & rows["resume_score"].notna()).to_numpy()
        for name in STRATEGY_MODES:
            arms[f"mode:{name}"] = ((mode == name).fillna(False).to_numpy(float), known)
            # the mode rule reads the resume score at the time: it must be compared like
            # with like on it (when it decides the mode alone, no overlap is left)
            extra[f"mode:{name}"] = (("resume_score_at_application", score),)
    if "tailoring_applied" in rows:
        tailored = rows["tailoring_applied"].astype("boolean")
        arms["tailoring_applied"] = (
            tailored.fillna(False).to_numpy(float),
            tailored.notna().to_numpy(),
        )
    return ChoiceInput(base.y, base.users, covariates, tuple(names), arms, extra)


@one_blas_thread
def step_strategy_choices(data: AnalysisData) -> StepResult:
    """Strategy modes and tailoring through the causal engine (AIPW + within-candidate)."""
    rows = _causal_rows(data)
    if len(rows) < 1000:
        return {"skipped": "fewer than 1000 applications"}, []
    choice = choice_input(rows)
    effects = choices_analyze(choice)
    modes = [e for e in effects if e.label.startswith("mode:")]
    tailoring = [e for e in effects if e.label == "tailoring_applied"]
    findings = [
        f
        for f in (choice_finding("strategy_mode", modes), choice_finding("tailoring", tailoring))
        if f is not None
    ]
    summary = {
        e.label: {
            "estimate": e.primary.estimate if e.primary else None,
            "refuted": e.refuted,
            "established": e.established,
        }
        for e in effects
    }
    return summary, findings


def offer_arms(edit: str) -> dict[int, bool]:
    """Each randomised user's arm for ``edit`` as the product logged it, ``{user: offered}``.

    ``ResumeOptimization.offers`` records the arm drawn for the candidate (offered or not) at
    every optimization, answered or not; users who never ran one were never randomised and
    are absent (see :func:`learning.optimizers.resume_edits.randomised_arm_instrument`).
    """
    rows = (
        ResumeOptimization.objects.filter(**{f"offers__{edit}__offered__isnull": False})
        .order_by()
        .values_list("candidate__user_id", f"offers__{edit}__offered")
        .distinct()
    )
    return {int(user): bool(offered) for user, offered in rows}


@one_blas_thread
def step_resume_edits(data: AnalysisData) -> StepResult:
    """Resume edits; the instrument is the logged randomised arm, among the randomised.

    Without a logged arm (event-only data: the simulator, exports) it falls back to who was
    shown the suggestion in the feedback log, which the simulator shows to its whole random
    arm.
    """
    rows = _causal_rows(data)
    if len(rows) < 1000:
        return {"skipped": "fewer than 1000 applications"}, []
    instruments, eligible = {}, {}
    for edit in EDIT_TYPES:
        arms = offer_arms(edit)
        if arms:
            users = rows["user_id"].to_numpy()
            instruments[edit], eligible[edit] = randomised_arm_instrument(users, arms)
            continue
        suggested = suggested_users(data.feedback, edit)
        if len(suggested):
            instruments[edit] = rows["user_id"].isin(suggested).to_numpy(float)
            ineligible = instrument_ineligible_users(data.apps, data.resume, data.feedback, edit)
            eligible[edit] = ~rows["user_id"].isin(ineligible).to_numpy()
    effects = resume_edits_analyze(causal_data(rows), instruments, eligible)
    summary = {
        e.edit: {"estimate": e.decision.estimate, "method": e.decision.method, "works": e.works}
        for e in effects
    }
    return summary, resume_edit_findings(effects)


def step_ai_prompts(data: AnalysisData) -> StepResult:
    """Prompt and model changes from the AI health figures (learning.ai.training.recommend)."""

    return ai_findings()


STEPS: dict[str, Callable[[AnalysisData], StepResult]] = {
    "users": step_users,
    "cohorts": step_cohorts,
    "market": step_market,
    "fit_weights": step_fit_weights,
    "calibration": step_calibration,
    "strategy_thresholds": step_strategy_thresholds,
    "timing": step_timing,
    "resume_edits": step_resume_edits,
    "ai_prompts": step_ai_prompts,
    "monitoring": monitoring.step_monitoring,  # drift, calibration, diversity (issue 17)
    **advanced_steps.STEPS,  # resume DNA, market intelligence, temporal (seed 002 §4.5, §5.7)
    **predict_nightly.STEPS,  # likelihood, cold start, strategies, insights (§5.8, §7.5-6, §12.3)
    # last: with the side process (learning.services.analysis_side) it is computed on the
    # second core while the steps above run, and is ready when its turn comes
    "strategy_choices": step_strategy_choices,
}
