"""Holdouts: membership, frozen values, exclusion from experiments, audited rotation, and the
cumulative effect against scipy/statsmodels and against a simulated world's known truth."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import confint_proportions_2indep

from experiments.allocation import bucket, in_holdout
from experiments.metrics import metric_get
from experiments.models import Holdout, HoldoutStatus
from experiments.selectors import holdout_audit_list
from experiments.services import (
    ExperimentError,
    ExperimentStateError,
    experiment_assign,
    experiment_start,
    holdout_end,
    holdout_report,
    holdout_rotate,
    holdout_start,
)
from experiments.services.holdout_report import HOLDOUT, REST, metric_effect
from experiments.stats import SampleStats
from recruitly.eventlog.models import Event, EventFamily
from recruitly.spine.resolver import ResolvedSource, resolve
from recruitly.spine.services import parameter_version_create
from tests.experiments.conftest import PINNED_NOW
from tests.experiments.factories import THRESHOLD, experiment_build
from tests.experiments.simulation import users_make
from tests.factories import CandidateProfileFactory

START = PINNED_NOW - timedelta(days=60)


def _split(holdout: Holdout, users: list[Any]) -> tuple[list[Any], list[Any]]:
    members = [u for u in users if in_holdout(holdout.salt, holdout.share, u.username)]
    return members, [u for u in users if u not in members]


# --- membership (pure) -----------------------------------------------------------------------
def test_membership_is_stable_and_holds_about_the_share() -> None:
    ids = [f"cand-{i}" for i in range(40_000)]
    first = [in_holdout("holdout-2026-10-02", 0.05, i) for i in ids]
    again = [in_holdout("holdout-2026-10-02", 0.05, i) for i in ids]
    share = sum(first) / len(ids)
    assert first == again
    # 4 standard errors of a binomial share at n = 40,000
    assert abs(share - 0.05) < 4 * math.sqrt(0.05 * 0.95 / len(ids))


def test_membership_is_independent_of_every_experiment_hash() -> None:
    ids = [f"cand-{i}" for i in range(20_000)]
    held = np.array([in_holdout("h", 0.05, i) for i in ids])
    experiment = np.array([bucket("threshold-70", i) for i in ids])
    # the held-back candidates' experiment buckets are uniform (Kolmogorov-Smirnov)
    assert sps.kstest(experiment[held], "uniform").pvalue > 0.001
    rotated = np.array([in_holdout("h-2", 0.05, i) for i in ids])
    assert (held & rotated).sum() < 2 * 0.05 * 0.05 * len(ids)  # a rotation draws anew


# --- spine and enrolment ------------------------------------------------------------------------
@pytest.mark.django_db
def test_members_keep_the_values_of_the_start_and_others_get_the_shipped_ones(reviewer) -> None:
    users = users_make(200, "hold-r")
    holdout = holdout_start(acting_user=reviewer, reason="measure Q4", share=0.1, now=START)
    parameter_version_create(component=THRESHOLD, value=70, acting_user=reviewer, reason="ship")
    members, others = _split(holdout, users)
    assert members and others
    held = resolve(THRESHOLD, members[0])
    assert (held.value, held.source, held.holdout_id) == (75, ResolvedSource.HOLDOUT, holdout.pk)
    assert {resolve(THRESHOLD, u).value for u in members} == {75}
    assert {resolve(THRESHOLD, u).value for u in others} == {70}
    assert resolve(THRESHOLD).value == 70  # the global value is the shipped one
    holdout_end(holdout=holdout, acting_user=reviewer, reason="done")
    assert resolve(THRESHOLD, members[0]).value == 70


@pytest.mark.django_db
def test_opted_out_candidates_are_never_held_back(reviewer) -> None:
    holdout = holdout_start(acting_user=reviewer, reason="r", share=0.2, now=START)
    profiles = [CandidateProfileFactory(experimentation_opt_out=True) for _ in range(30)]
    parameter_version_create(component=THRESHOLD, value=70, acting_user=reviewer, reason="ship")
    members, _ = _split(holdout, [p.user for p in profiles])
    assert members
    assert {resolve(THRESHOLD, u).value for u in members} == {70}


@pytest.mark.django_db
def test_members_are_not_enrolled_in_new_experiments_but_keep_earlier_arms(reviewer) -> None:
    users = users_make(300, "hold-x")
    earlier = experiment_build(key="earlier", coverage=1.0)
    earlier = experiment_start(experiment=earlier, acting_user=reviewer)
    earlier.rollout_stage = 100
    earlier.save()
    before = {u.pk: experiment_assign(experiment=earlier, user=u) for u in users[:150]}
    holdout = holdout_start(acting_user=reviewer, reason="r", share=0.2)
    members, others = _split(holdout, users)
    late_members = [u for u in members if u.pk not in before]
    assert late_members and all(
        experiment_assign(experiment=earlier, user=u) is None for u in late_members
    )
    # a sticky arm held from before the holdout never moves
    assert all(experiment_assign(experiment=earlier, user=u) == before[u.pk] for u in users[:150])
    assert all(experiment_assign(experiment=earlier, user=u) is not None for u in others)


# --- audited reviewer actions ------------------------------------------------------------------
@pytest.mark.django_db
def test_start_rotate_and_end_are_audited_and_guarded(reviewer) -> None:
    with pytest.raises(ExperimentError, match="share must lie"):
        holdout_start(acting_user=reviewer, reason="r", share=0.5)
    with pytest.raises(ExperimentError, match="reason"):
        holdout_start(acting_user=reviewer, reason=" ")
    first = holdout_start(acting_user=reviewer, reason="quarterly holdout", now=START)
    assert first.share == 0.05 and first.frozen_values[THRESHOLD] == {"value": 75, "version": None}
    with pytest.raises(ExperimentStateError):
        holdout_start(acting_user=reviewer, reason="again")
    second = holdout_rotate(acting_user=reviewer, reason="new quarter")
    first.refresh_from_db()
    assert first.status == HoldoutStatus.ENDED and first.final_report["metrics"]
    assert second.previous == first and second.salt != first.salt
    assert second.status == HoldoutStatus.ACTIVE
    actions = [e.action for e in holdout_audit_list(holdout=first)]
    assert actions.count("holdout.start") == 1 and actions.count("holdout.end") == 1
    rotation = [e for e in holdout_audit_list(holdout=second) if e.action == "holdout.rotate"]
    assert rotation[0].actor == reviewer and rotation[0].details["replaced"] == first.key
    assert holdout_end(holdout=second, acting_user=reviewer, reason="x").status == "ended"
    assert holdout_end(holdout=second, acting_user=reviewer, reason="x").ended_at  # idempotent
    with pytest.raises(ExperimentStateError):
        holdout_rotate(acting_user=reviewer, reason="nothing active")


# --- statistics against scipy / statsmodels ----------------------------------------------------
def _binomial(n: int, yes: int) -> SampleStats:
    return SampleStats(n, yes, yes)


def test_the_cumulative_effect_matches_scipy_and_statsmodels() -> None:
    holdout, rest = (2_000, 200), (38_000, 5_320)
    row = metric_effect(
        metric_get("interview_rate"),
        {HOLDOUT: _binomial(*holdout), REST: _binomial(*rest)},
        role="primary",
    )
    p_h, p_r = holdout[1] / holdout[0], rest[1] / rest[0]
    v_h, v_r = p_h * (1 - p_h) / holdout[0], p_r * (1 - p_r) / rest[0]
    dof = (v_h + v_r) ** 2 / (v_h**2 / (holdout[0] - 1) + v_r**2 / (rest[0] - 1))
    half = sps.t.ppf(0.975, dof) * math.sqrt(v_h + v_r)
    # the Welch interval of the difference, exactly
    assert row["absolute"]["estimate"] == pytest.approx(p_r - p_h, abs=1e-12)
    assert row["absolute"]["ci_low"] == pytest.approx(p_r - p_h - half, abs=1e-12)
    assert row["absolute"]["ci_high"] == pytest.approx(p_r - p_h + half, abs=1e-12)
    assert row["absolute"]["p_value"] == pytest.approx(
        2 * sps.t.sf(abs(p_r - p_h) / math.sqrt(v_h + v_r), dof), rel=1e-9
    )
    # statsmodels' Wald difference and Katz log-ratio intervals (normal quantile: t vs z)
    wald = confint_proportions_2indep(rest[1], rest[0], holdout[1], holdout[0], method="wald")
    ratio = confint_proportions_2indep(
        rest[1], rest[0], holdout[1], holdout[0], compare="ratio", method="log"
    )
    assert (row["absolute"]["ci_low"], row["absolute"]["ci_high"]) == pytest.approx(wald, rel=2e-3)
    assert (1 + row["relative"]["ci_low"], 1 + row["relative"]["ci_high"]) == pytest.approx(
        ratio, rel=2e-3
    )
    assert row["relative"]["estimate"] == pytest.approx(p_r / p_h - 1, rel=1e-12)
    assert row["verdict"] == "improved"
    seq = (row["relative"]["sequential_ci_low"], row["relative"]["sequential_ci_high"])
    assert seq[0] < row["relative"]["ci_low"] and seq[1] > row["relative"]["ci_high"]


def test_too_few_candidates_give_no_estimate_only_sizes_and_the_reason() -> None:
    metric = metric_get("interview_rate")
    row = metric_effect(metric, {HOLDOUT: _binomial(60, 9), REST: _binomial(1_140, 300)}, role="p")
    assert row["verdict"] == "too_few_users"
    assert row["relative"] is None and row["absolute"] is None
    assert "60 candidates" in row["reasons"][0] and row["holdout"]["n"] == 60
    rare = metric_effect(metric, {HOLDOUT: _binomial(500, 3), REST: _binomial(9_500, 80)}, role="p")
    assert rare["verdict"] == "too_few_users" and "3 of 500" in rare["reasons"][0]
    zero = metric_effect(metric, {HOLDOUT: _binomial(500, 0), REST: _binomial(9_500, 0)}, role="p")
    assert zero["verdict"] == "too_few_users" and zero["relative"] is None


def test_the_intervals_cover_a_planted_effect_at_their_level() -> None:
    """400 simulated holdouts of a +30 % shipped effect: the fixed CI covers the truth about
    95 % of the time, the always-valid one at least as often."""
    rng = np.random.default_rng(7)
    metric, truth, covered, covered_seq = metric_get("interview_rate"), 0.3, 0, 0
    runs = 400
    for _ in range(runs):
        n_h, n_r = 1_000, 19_000
        yes_h, yes_r = rng.binomial(n_h, 0.10), rng.binomial(n_r, 0.13)
        row = metric_effect(metric, {HOLDOUT: _binomial(n_h, yes_h), REST: _binomial(n_r, yes_r)},
                            role="primary")  # fmt: skip
        rel = row["relative"]
        covered += rel["ci_low"] <= truth <= rel["ci_high"]
        covered_seq += rel["sequential_ci_low"] <= truth <= rel["sequential_ci_high"]
    assert abs(covered / runs - 0.95) < 3.5 * math.sqrt(0.95 * 0.05 / runs)
    assert covered_seq >= covered


# --- end to end: a simulated world with a known shipped effect ----------------------------------
def _interviews(users: list[Any], chance: dict[int, float], rng: Any, start: Any) -> None:
    rows = []
    for user in users:
        if rng.random() < chance[user.pk]:
            at = start + timedelta(days=float(rng.uniform(1, 50)))
            rows.append(
                Event(
                    event_id=f"sim-{user.pk}",
                    event_type="STATUS_CHANGED",
                    family=EventFamily.APPLICATION,
                    user=user,
                    occurred_at=at,
                    payload={
                        "application_id": f"app-{user.pk}",
                        "outcome": {"status": "interview", "days_to_response": 3},
                    },
                    source="simulator",
                )
            )
    Event.objects.bulk_create(rows, batch_size=1000)


@pytest.mark.django_db
def test_the_holdout_measures_a_planted_shipped_effect(reviewer) -> None:
    # given: 1,200 candidates, a 20 % holdout, then a shipped threshold of 70; whoever the
    # resolver gives 70 is interviewed with probability 0.25, on 75 with 0.10 (truth +150 %)
    users = users_make(1_200, "hold-w")
    holdout = holdout_start(acting_user=reviewer, reason="r", share=0.2, now=START)
    experiment = experiment_build(key="shipped-70")
    experiment_start(experiment=experiment, acting_user=reviewer, now=START)
    from experiments.services import experiment_ship, variant_get

    experiment_ship(
        experiment=experiment,
        variant=variant_get(experiment=experiment, key="treatment"),
        acting_user=reviewer,
        reason="won",
        now=START + timedelta(days=1),
    )
    chance = {u.pk: 0.25 if resolve(THRESHOLD, u).value == 70 else 0.10 for u in users}
    _interviews(users, chance, np.random.default_rng(3), START)
    # when
    report = holdout_report(holdout=holdout, now=PINNED_NOW)
    # then
    primary = report["metrics"][0]
    assert primary["verdict"] == "improved"
    rel = primary["relative"]
    assert rel["ci_low"] <= 1.5 <= rel["ci_high"]
    assert rel["sequential_ci_low"] <= 1.5 <= rel["sequential_ci_high"]
    assert report["sizes"]["holdout"] + report["sizes"]["rest"] == 1_200
    assert abs(report["sizes"]["observed_share"] - 0.2) < 0.04
    shipped = report["shipped"]
    assert [(s["component"], s["version"], s["experiment"]) for s in shipped] == [
        (THRESHOLD, 1, "shipped-70")
    ]
    assert report["differs_now"][0]["frozen_value"] == 75
    assert report["differs_now"][0]["current_value"] == 70


# --- API and page ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_api_reports_the_holdout_to_reviewers_only(api_client, reviewer, candidate) -> None:
    api_client.force_authenticate(candidate.user)
    assert api_client.get("/api/v1/holdouts/current").status_code == 403
    assert api_client.post("/api/v1/holdouts/start", {"reason": "x"}).status_code == 403
    api_client.force_authenticate(reviewer)
    missing = api_client.get("/api/v1/holdouts/current")
    assert missing.status_code == 404 and missing.json()["code"] == "no_active_holdout"
    assert (
        api_client.post("/api/v1/holdouts/start", {"reason": "x", "share": 0.9}).status_code == 400
    )
    started = api_client.post("/api/v1/holdouts/start", {"reason": "Q4 holdout"}, format="json")
    assert started.status_code == 200 and started.json()["share"] == 0.05
    assert api_client.post("/api/v1/holdouts/start", {"reason": "again"}).status_code == 409
    body = api_client.get("/api/v1/holdouts/current").json()
    primary = body["metrics"][0]
    assert primary["metric"] == "interview_rate" and primary["verdict"] == "too_few_users"
    assert primary["relative"] is None and {"holdout", "rest"} <= set(body["sizes"])
    rotated = api_client.post("/api/v1/holdouts/rotate", {"reason": "new quarter"}).json()
    assert rotated["holdout"] != body["holdout"]
    old = api_client.get(f"/api/v1/holdouts/{body['holdout']}").json()
    assert old["status"] == "ended" and old["ended_at"]
    assert api_client.post("/api/v1/holdouts/end", {"reason": "stop"}).status_code == 200
    assert api_client.post("/api/v1/holdouts/end", {"reason": "stop"}).status_code == 409


@pytest.mark.django_db
def test_the_page_shows_the_effect_and_takes_audited_actions(client, reviewer, candidate) -> None:
    client.force_login(candidate.user)
    assert client.get("/experiments/holdouts/").status_code == 403
    assert client.post("/experiments/holdouts/do/start/", {"reason": "x"}).status_code == 403
    client.force_login(reviewer)
    assert "Start a holdout" in client.get("/experiments/holdouts/").content.decode()
    client.post("/experiments/holdouts/do/start/", {"reason": "Q4 <b>holdout</b>", "share": "5"})
    holdout = Holdout.objects.get(status="active")
    parameter_version_create(component=THRESHOLD, value=70, acting_user=reviewer, reason="ship")
    body = client.get("/experiments/holdouts/").content.decode()
    assert "Cumulative effect of everything shipped" in body and "too few users" in body
    assert THRESHOLD in body and "Held back today" in body
    assert "Q4 &lt;b&gt;holdout&lt;/b&gt;" in body and "<b>holdout</b>" not in body
    client.post("/experiments/holdouts/do/rotate/", {"reason": "new quarter", "share": "10"})
    holdout.refresh_from_db()
    assert holdout.status == "ended"
    body = client.get("/experiments/holdouts/").content.decode()
    assert "Earlier holdouts" in body and holdout.key in body
    assert client.get(f"/experiments/holdouts/{holdout.key}/").status_code == 200
    refused = client.post("/experiments/holdouts/do/rotate/", {"reason": ""}, follow=True)
    assert "rotate refused" in refused.content.decode()
