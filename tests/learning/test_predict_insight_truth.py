"""Insight quality against the simulator's truth (seed 002 §12.3).

In the simulator an application's interview probability depends on the fit, the candidate's
quality, the resume and the metrics edit (:mod:`learning.simulation.model`), never on how many
applications a week the candidate sends: the pace insight ("keep at least your usual weekly
count") is advice with no true effect on the interview rate. Candidates never see insights, so
"acting" is following the advice by chance, as behaviour shows it. The truth of each insight
kind is computed from the true probabilities of the very applications the engine reads: the
mean change of a candidate's true rate (the 30 days after against before) among those who
acted, minus the same among those who did not.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from learning.predict.insight_quality import (
    FOLLOW_DAYS,
    MIN_USEFUL_EFFECT,
    insight_quality,
    insight_records,
)
from learning.services.predict_inputs import insight_apps, replayed_insights
from profiles.parameters import PERSONAL_APPS_PER_WEEK
from tests.learning.predict_world import END, applications_frame, world


def _true_effects(apps: pd.DataFrame, records: pd.DataFrame) -> dict[str, float]:
    """Per kind: mean true-rate change of those who acted minus those who did not."""
    ordered = apps[apps["resolved"]].sort_values(["user_id", "submitted_at"], kind="stable")
    users = ordered["user_id"].to_numpy()
    sent = ordered["submitted_at"].astype("datetime64[ns, UTC]").array.asi8
    total = np.r_[0.0, np.cumsum(ordered["true_p"].to_numpy(float))]
    first = {u: i for i, u in reversed(list(enumerate(users)))}
    follow = pd.Timedelta(days=FOLLOW_DAYS).value
    change = []
    for r in records.itertuples(index=False):
        lo = first[r.user_id]
        hi = lo + int(np.searchsorted(users[lo:], r.user_id, side="right"))
        at = pd.Timestamp(r.issued_at).value
        cut = lo + int(np.searchsorted(sent[lo:hi], at, side="left"))
        end = lo + int(np.searchsorted(sent[lo:hi], at + follow, side="left"))
        before = (total[cut] - total[lo]) / (cut - lo) if cut > lo else np.nan
        change.append((total[end] - total[cut]) / (end - cut) - before if end > cut else np.nan)
    frame = records.assign(true_change=change).dropna(subset=["true_change"])
    means = frame.groupby(["kind", "acted"])["true_change"].mean().unstack()
    return {k: float(row[True] - row[False]) for k, row in means.iterrows() if row.notna().all()}


@pytest.fixture(scope="module")
def verdicts():
    # 900 candidates over a year bound the pace's effect within 3 points (700 barely do)
    apps = applications_frame(world(candidates=900, jobs=1800)).drop(columns=["resolved"])
    data = SimpleNamespace(apps=apps, window_end=datetime.combine(END, datetime.min.time(), UTC))
    target = float(PERSONAL_APPS_PER_WEEK.default)
    records = insight_records(insight_apps(data), replayed_insights(data, target))
    usable = records[(records["pre_n"] > 0) & (records["post_n"] > 0)]
    truth = _true_effects(insight_apps(data), usable)
    return {q.kind: q for q in insight_quality(records)}, truth


def test_the_pace_insight_has_no_true_effect_and_is_retired_with_evidence(verdicts):
    found, truth = verdicts
    # the truth: keeping the pace does not raise the rate (in the simulator, a fuller month
    # reaches further down the candidate's matches: slightly negative)
    assert -0.03 < truth["pace"] < 0.005
    pace = found["pace"]
    assert pace.verdict == "retire"
    assert pace.ci_low <= truth["pace"] <= pace.ci_high < MIN_USEFUL_EFFECT
    assert pace.acted >= 30 and pace.records - pace.acted >= 30
    assert "cannot raise the interview rate" in pace.reason


def test_no_insight_that_truly_helps_is_retired(verdicts):
    found, truth = verdicts
    for kind, quality in found.items():
        if quality.verdict == "retire":
            assert truth[kind] < MIN_USEFUL_EFFECT, kind
        if quality.verdict == "helps":
            assert truth[kind] > 0, kind
    helpful = [k for k, effect in truth.items() if effect >= MIN_USEFUL_EFFECT]
    assert helpful  # following a focus insight moves toward better-fitting jobs
    assert all(found[k].verdict != "retire" for k in helpful)
