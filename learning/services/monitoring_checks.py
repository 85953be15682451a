# ruff: noqa: RUF001, RUF002 -- formulas are written in mathematical notation
"""The checks of one day's monitoring (seed 002 §15.2-15.3), each a :class:`CheckResult`.

* ``calibration`` — 60 days of applications old enough to have their outcome, scored with
  the resume-score rates in force that night. Warning: ECE beyond its noise floor
  (Monte-Carlo p < 0.001). **Critical**: that, and the value is under a week old, and the
  value it replaced is clearly better on the same applications (ECE lower by more than the
  95th-percentile floor): it is rolled back.
* ``concept_drift`` — 90 days of those applications in time order, |rate − outcome|.
  Warning: Page–Hinkley (river's defaults) detects a change.
* ``fit_accuracy`` — the same 60 days, stored fit score against interview: AUC with its
  standard error (information, no alert).
* ``feature_drift.postings`` — postings of the last day against the 28 before. Warning: a
  feature drifted (Holm over the features, α = 0.001, effect ≥ 0.1).
* ``feature_drift.applications`` — mean inputs per candidate and week: the last 7 days
  against the four weeks before; same rule.
* ``diversity`` — matches shown per candidate and week over 8 weeks. Warning: within-
  candidate entropy falls by more than 0.05 bits a week (one-sided p < 0.01); exploration is
  switched on.

Nothing here writes: :mod:`learning.services.monitoring` stores the results and acts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu

from learning.monitoring import calibration, diversity, drift
from learning.monitoring.page_hinkley import PageHinkley
from learning.monitoring.severity import Severity
from learning.services.monitoring_data import MonitoringData
from recruitly.spine.models import ParameterVersion
from recruitly.spine.specs import spec

RATES = "resume_scoring.expected_interview_rates"
EDGES = (50.0, 60.0, 70.0, 80.0, 90.0)
BUCKETS = ("50-59", "60-69", "70-79", "80-89", "90-100")
MATURITY_DAYS = 30  # as the nightly analysis: an application this old has its outcome
CALIBRATION_DAYS = 60
CONCEPT_DAYS = 90
MIN_CALIBRATION = 200
ALERT_P = 0.001
PROBATION = timedelta(days=7)  # a value younger than this may be rolled back automatically
POSTING_CURRENT = timedelta(days=1)
APPLICATION_CURRENT = timedelta(days=7)
REFERENCE = timedelta(days=28)
POSTING_NUMERIC = ("salary_max", "required_skills")
POSTING_CATEGORICAL = ("occupation_family", "industry", "seniority", "remote")
APPLICATION_NUMERIC = (
    "fit_score", "resume_score", "fit_skills", "fit_experience", "fit_location", "fit_salary",
    "fit_culture",
)  # fmt: skip


@dataclass
class CheckResult:
    check: str
    severity: Severity
    summary: str
    component: str = ""
    value: float | None = None
    threshold: float | None = None
    sample_size: int = 0
    evidence: dict[str, Any] = field(default_factory=dict)
    rollback: bool = False  # critical: roll ``component`` back
    explore: bool = False  # declining diversity: switch exploration on


def _finite(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def version_in_force(component: str, moment: datetime) -> ParameterVersion | None:
    return (
        ParameterVersion.objects.filter(component=component, created_at__lt=moment)
        .order_by("-version")
        .first()
    )


def _predictions(rates: dict[str, float], scores: np.ndarray) -> np.ndarray:
    index = np.searchsorted(np.asarray(EDGES), scores, side="right") - 1
    table = np.array([float(rates[b]) for b in BUCKETS])
    return table[np.clip(index, 0, len(BUCKETS) - 1)]


def _mature(apps: pd.DataFrame, end: datetime, days: int) -> pd.DataFrame:
    cutoff = pd.Timestamp(end - timedelta(days=MATURITY_DAYS))
    rows = apps[
        (apps["submitted_at"] <= cutoff)
        & (apps["submitted_at"] > cutoff - pd.Timedelta(days=days))
        & (apps["resume_score"] >= EDGES[0])
    ]
    return rows.sort_values("submitted_at", kind="stable")


def calibration_result(data: MonitoringData) -> CheckResult:
    end = data.window_end
    rows = _mature(data.apps, end, CALIBRATION_DAYS)
    active = version_in_force(RATES, end)
    value = active.value if active else spec(RATES).default
    label = f"v{active.version}" if active else "code default"
    n = len(rows)
    if n < MIN_CALIBRATION:
        return CheckResult("calibration", Severity.INSUFFICIENT,
                           f"{n} applications with an outcome (need {MIN_CALIBRATION})",
                           RATES, sample_size=n, evidence={"version": label})  # fmt: skip
    scores = rows["resume_score"].to_numpy(float)
    y = rows["interviewed"].to_numpy(float)
    check = calibration.calibration_check(_predictions(value, scores), y)
    evidence: dict[str, Any] = {"version": label, "active": check.as_dict()}
    severity = Severity.WARNING if check.p_value < ALERT_P else Severity.OK
    summary = (
        f"{label}: ECE {check.ece:.3f} on {n} applications; noise floor (99th pct) "
        f"{check.floor_99:.3f}, p={check.p_value:.4f}"
    )
    rollback = False
    if active is not None:
        previous = ParameterVersion.objects.filter(component=RATES, version=active.version - 1)
        before = previous.first()
        prev_value = before.value if before else spec(RATES).default
        prev_label = f"v{before.version}" if before else "code default"
        prev = calibration.calibration_check(_predictions(prev_value, scores), y)
        evidence["previous"] = {"version": prev_label, **prev.as_dict()}
        young = end - active.created_at <= PROBATION
        clearly_better = prev.ece < check.ece - check.floor_95
        evidence["age_days"] = round((end - active.created_at).total_seconds() / 86400, 2)
        if severity is Severity.WARNING and young and clearly_better:
            severity, rollback = Severity.CRITICAL, True
            summary += f"; {prev_label} scores ECE {prev.ece:.3f} on the same applications"
    return CheckResult("calibration", severity, summary, RATES, check.ece,
                       check.floor_99, n, evidence, rollback=rollback)  # fmt: skip


def concept_drift_result(data: MonitoringData) -> CheckResult:
    end = data.window_end
    rows = _mature(data.apps, end, CONCEPT_DAYS)
    active = version_in_force(RATES, end)
    value = active.value if active else spec(RATES).default
    if len(rows) < MIN_CALIBRATION:
        return CheckResult("concept_drift", Severity.INSUFFICIENT,
                           f"{len(rows)} applications with an outcome", RATES,
                           sample_size=len(rows))  # fmt: skip
    errors = np.abs(
        _predictions(value, rows["resume_score"].to_numpy(float))
        - rows["interviewed"].to_numpy(float)
    )
    detector = PageHinkley()
    found = []
    for i, e in enumerate(errors):
        detector.update(float(e))
        if detector.drift_detected:
            found.append(i)
    dates = [rows["submitted_at"].iloc[i].date().isoformat() for i in found]
    severity = Severity.WARNING if found else Severity.OK
    summary = f"Page–Hinkley on |rate − outcome| of {len(rows)} applications: " + (
        f"change at {', '.join(dates)}" if found else "no change"
    )
    evidence = {"detections": dates, "mean_error": float(errors.mean()),
                "detector": {"delta": 0.005, "threshold": 50.0, "alpha": 1 - 1e-4}}  # fmt: skip
    return CheckResult("concept_drift", severity, summary, RATES, float(len(found)), 0.0,
                       len(rows), evidence)  # fmt: skip


def fit_accuracy_result(data: MonitoringData) -> CheckResult:
    rows = _mature(data.apps, data.window_end, CALIBRATION_DAYS).dropna(subset=["fit_score"])
    y = rows["interviewed"].to_numpy(bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if min(n1, n0) < 20:
        return CheckResult("fit_accuracy", Severity.INSUFFICIENT,
                           f"{n1} interviews and {n0} other outcomes (need 20 each)",
                           "job_scoring.weights", sample_size=len(rows))  # fmt: skip
    score = rows["fit_score"].to_numpy(float)
    auc = float(mannwhitneyu(score[y], score[~y]).statistic / (n1 * n0))
    # Hanley & McNeil (1982) standard error of the AUC
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    se = float(
        np.sqrt((auc * (1 - auc) + (n1 - 1) * (q1 - auc**2) + (n0 - 1) * (q2 - auc**2)) / (n1 * n0))
    )
    summary = f"fit score ranks interviews with AUC {auc:.3f} ± {1.96 * se:.3f} (n={len(rows)})"
    evidence = {"auc": auc, "se": se, "interviews": n1, "others": n0}
    return CheckResult("fit_accuracy", Severity.OK, summary, "job_scoring.weights", auc, 0.5,
                       len(rows), evidence)  # fmt: skip


def _drift_result(name: str, features: list[drift.Feature]) -> CheckResult:
    report = drift.drift_report(features, alpha=drift.ALPHA, method="holm")
    drifted = [r for r in report if r.drifted]
    tested = [r for r in report if r.p_value is not None]
    n = max((r.n_current for r in report), default=0)
    evidence = {"features": [r.as_dict() for r in report], "alpha": drift.ALPHA,
                "rule": "Holm", "min_effect": drift.MIN_EFFECT}  # fmt: skip
    if not tested:
        return CheckResult(name, Severity.INSUFFICIENT,
                           f"{n} current rows: fewer than {drift.MIN_CURRENT} to test",
                           sample_size=n, evidence=evidence)  # fmt: skip
    if drifted:
        summary = "drifted: " + ", ".join(
            f"{r.name} ({r.test} effect {r.effect:.2f}, adjusted p={r.p_adjusted:.1e})"
            for r in drifted
        )
    else:
        summary = f"{len(tested)} features tested, none drifted"
    severity = Severity.WARNING if drifted else Severity.OK
    return CheckResult(name, severity, summary, value=float(len(drifted)), threshold=drift.ALPHA,
                       sample_size=n, evidence=evidence)  # fmt: skip


def posting_drift_result(data: MonitoringData) -> CheckResult:
    frame = data.postings
    split = pd.Timestamp(data.window_end - POSTING_CURRENT)
    start = pd.Timestamp(data.window_end - POSTING_CURRENT - REFERENCE)
    posted = pd.to_datetime(frame["posted_at"], utc=True)
    current = frame[posted >= split]
    reference = frame[(posted >= start) & (posted < split)]
    features = [
        drift.Feature(c, "numeric", reference[c].to_numpy(float), current[c].to_numpy(float))
        for c in POSTING_NUMERIC
    ] + [
        drift.Feature(c, "categorical", list(reference[c]), list(current[c]))
        for c in POSTING_CATEGORICAL
    ]
    return _drift_result("feature_drift.postings", features)


def application_drift_result(data: MonitoringData) -> CheckResult:
    """Inputs per candidate and week (their mean): a candidate's applications share their
    resume and targets, so as separate rows they would make every day "drift". Both samples
    are candidate-weeks (the last 7 days; the four weeks before), so a mean over more
    applications never meets one over fewer."""
    apps = data.apps
    elapsed = pd.Timestamp(data.window_end) - apps["submitted_at"]
    age = (elapsed.dt.total_seconds() // (7 * 86400)).astype(int)
    recent = apps[(age >= 0) & (age <= REFERENCE // APPLICATION_CURRENT)]
    columns = [c for c in APPLICATION_NUMERIC if c in recent]
    weekly = recent.groupby(["user_id", age[recent.index]])[columns].mean()
    week = weekly.index.get_level_values(1)
    current, reference = weekly[week == 0], weekly[week > 0]
    features = [
        drift.Feature(c, "numeric", reference[c].to_numpy(float), current[c].to_numpy(float))
        for c in columns
    ]
    return _drift_result("feature_drift.applications", features)


def diversity_result(data: MonitoringData) -> CheckResult:
    table = diversity.candidate_weeks(data.matches)
    occupations = diversity.diversity_trend(table, "occupation_entropy")
    companies = diversity.diversity_trend(table, "company_entropy")
    evidence = {"occupations": occupations.as_dict(), "companies": companies.as_dict(),
                "min_decline": diversity.MIN_DECLINE, "alpha": diversity.ALPHA}  # fmt: skip
    if occupations.slope is None:
        return CheckResult("diversity", Severity.INSUFFICIENT,
                           f"{occupations.candidates} candidates with matches in two weeks or more "
                           f"(need {diversity.MIN_CANDIDATES})",
                           sample_size=occupations.candidates, evidence=evidence)  # fmt: skip
    declining = occupations.declining or companies.declining
    summary = (
        f"occupation entropy {occupations.slope:+.3f} bits/week "
        f"[{occupations.ci_low:+.3f}, {occupations.ci_high:+.3f}], company entropy "
        f"{_finite(companies.slope) or 0.0:+.3f} bits/week, {occupations.candidates} candidates"
    )
    return CheckResult("diversity", Severity.WARNING if declining else Severity.OK, summary,
                       "exploration.epsilon", occupations.slope, -diversity.MIN_DECLINE,
                       occupations.candidates, evidence, explore=declining)  # fmt: skip


CHECKS = (
    calibration_result,
    concept_drift_result,
    fit_accuracy_result,
    posting_drift_result,
    application_drift_result,
    diversity_result,
)
