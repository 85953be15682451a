"""The simulator's planted effects are in its data (pure generator, no database).

One world of 2,000 candidates over 12 months is generated once for the module; each test
measures one planted effect in it with the estimator a learning engine would use and holds
the result to the truth file. Interview outcomes are read from the recorded stages of
applications old enough to have their first response ("mature"), as the platform sees them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.sandbox.regression.gmm import IV2SLS

from learning.simulation import catalog, jobs, model, tables
from learning.simulation.events import world_events
from learning.simulation.truth import truth_document
from learning.simulation.world import WorldConfig, generate_world
from recruitly.eventlog.schemas import ValidEvent, validate_event

END = date(2026, 11, 1)
ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = list(model.FIT_COMPONENTS)
TRUTH_KEYS = {
    "fit_weights",
    "weekday_effect",
    "resume_edit_effects",
    "calibration",
    "strategy_thresholds",
    "seasonality",
    "market_shift",
    "ai_approval_by_action",
}


@pytest.fixture(scope="module")
def world():
    return generate_world(WorldConfig(candidates=2000, jobs=3000, months=12, seed=7, end_date=END))


@pytest.fixture(scope="module")
def truth(world):
    return truth_document(world)


@pytest.fixture(scope="module")
def events(world):
    return world_events(world)


@pytest.fixture(scope="module")
def apps(world):
    frame = tables.applications_frame(world)
    return frame[frame["mature"]].reset_index(drop=True)


def _rate(frame: pd.DataFrame) -> float:
    return float(frame["observed_interview"].mean())


# --- determinism and shape -----------------------------------------------------------------
def test_the_same_seed_and_end_date_give_the_identical_world_and_truth():
    config = WorldConfig(candidates=120, jobs=300, months=6, seed=3, end_date=END)
    first, second = generate_world(config), generate_world(config)
    assert world_events(first) == world_events(second)
    assert [v.text for v in first.resume_versions] == [v.text for v in second.resume_versions]
    assert json.dumps(truth_document(first)) == json.dumps(truth_document(second))
    other = generate_world(WorldConfig(candidates=120, jobs=300, months=6, seed=4, end_date=END))
    assert world_events(other) != world_events(first)


def test_the_truth_file_states_every_planted_number(truth):
    assert set(truth) >= TRUTH_KEYS
    json.dumps(truth, allow_nan=False)  # plain JSON, no NaN
    fit = truth["fit_weights"]
    assert fit["true"] != fit["platform_default"]
    assert sum(fit["true"].values()) == pytest.approx(1.0)
    assert truth["weekday_effect"]["true_effect"] == 0.0
    assert set(truth["weekday_effect"]["true"].values()) == {0.0}
    edits = truth["resume_edit_effects"]
    assert edits["true"]["added_metrics"] > 0
    assert {v for k, v in edits["true"].items() if k != "added_metrics"} == {0.0}
    assert truth["calibration"]["true"].keys() == truth["calibration"]["claimed"].keys()
    assert truth["strategy_thresholds"]["used"]["improve_resume_threshold"] == 75
    assert set(truth["seasonality"]["true"]) == {str(m) for m in range(1, 13)}
    assert date.fromisoformat(truth["market_shift"]["date"]) > date(2025, 11, 1)
    assert truth["market_shift"]["posting_volume_factor"] != 1
    ai = truth["ai_approval_by_action"]
    assert ai["below_threshold"] == ["resume_rewrite"]
    assert (
        ai["true"]["resume_rewrite"]
        < 0.75
        <= min(v for k, v in ai["true"].items() if k != "resume_rewrite")
    )


def test_the_generator_never_imports_django():
    code = (
        "import sys, learning.simulation.truth, learning.simulation.events; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_a_tiny_world_still_gives_a_plain_json_truth_file():
    tiny = generate_world(WorldConfig(candidates=1, jobs=1, months=1, seed=1, end_date=END))
    json.dumps(truth_document(tiny), allow_nan=False)


def test_every_simulated_event_passes_the_api_validation(world, events):
    checked = [validate_event(e, now=world.end) for e in events]
    invalid = [c for c in checked if not isinstance(c, ValidEvent)]
    assert invalid == []
    assert len({e["event_id"] for e in events}) == len(events)
    assert {e["event_type"] for e in events} >= {
        "APPLICATION_SUBMITTED",
        "STATUS_CHANGED",
        "MODE_CHANGED",
        "RESUME_REWRITTEN",
        "SUGGESTION_ACCEPTED",
        "SUGGESTION_EDITED",
        "SUGGESTION_REJECTED",
        "AI_RESPONSE_RATED",
    }


def test_nothing_happens_after_the_end_date_and_outcomes_follow_their_application(world, events):
    for app in world.applications:
        assert app.submitted_at < world.end
        for stage in app.stages:
            assert app.submitted_at < stage.at <= world.end
    last = max(e["timestamp"] for e in events)
    assert datetime.fromisoformat(last) <= world.end.replace(tzinfo=UTC)


# --- planted effects -------------------------------------------------------------------------
def test_the_weekday_shows_a_large_naive_lift_but_has_no_effect_once_quality_is_held(apps, truth):
    preferred = model.WEEKDAYS.index(truth["weekday_effect"]["strong_candidates_prefer"])
    on_day = apps["weekday"] == preferred
    naive_lift = _rate(apps[on_day]) / _rate(apps[~on_day]) - 1
    expected = truth["weekday_effect"]["expected_naive"]["relative_lift"]
    assert naive_lift > 0.25
    assert naive_lift == pytest.approx(expected, abs=0.1)
    # the latent quality is known here: holding it, the weekday's log-odds effect is nil
    exog = sm.add_constant(pd.DataFrame({"day": on_day.astype(float), "q": apps["quality"]}))
    fit = sm.Logit(apps["observed_interview"], exog).fit(disp=0)
    low, high = fit.conf_int(alpha=0.01).loc["day"]
    assert low < 0 < high


def test_the_metrics_edit_is_biased_up_naively_and_recovered_by_the_random_suggestion(apps, truth):
    metrics = truth["resume_edit_effects"]["added_metrics"]
    treated = apps["has_metrics"] == 1
    naive = _rate(apps[treated]) - _rate(apps[~treated])
    y = apps["observed_interview"].to_numpy(float)
    const = np.ones(len(apps))
    exog = np.column_stack([const, apps["has_metrics"]])
    instruments = np.column_stack([const, apps["suggested"]])
    wald = IV2SLS(y, exog, instruments).fit().params[1]
    assert wald == pytest.approx(metrics["wald_estimand"], abs=0.025)
    assert naive - metrics["wald_estimand"] > 0.03
    assert naive == pytest.approx(metrics["expected_naive_difference"], abs=0.02)
    assert metrics["ate_rate_difference"] > 0


def test_the_instrument_moves_the_edit_and_is_balanced_on_quality(world, apps):
    first_stage = apps.groupby("suggested")["has_metrics"].mean()
    assert first_stage[1] - first_stage[0] > 0.4
    arms = pd.DataFrame(
        {
            "z": [c.suggested_metrics for c in world.candidates],
            "q": [c.quality for c in world.candidates],
        }
    )
    means = arms.groupby("z")["q"].mean()
    assert abs(means[True] - means[False]) < 0.15


def test_the_event_log_shows_the_random_suggestion_to_exactly_the_suggested_half(world, events):
    shown = {
        e["user_id"]
        for e in events
        if e["event_type"].startswith("SUGGESTION_")
        and e["suggestion_type"] == "rewrite"
        and e["suggested_content"]["edit_type"] == "added_metrics"
    }
    suggested = {c.username for c in world.candidates if c.suggested_metrics}
    assert shown == suggested
    assert len(suggested) / len(world.candidates) == pytest.approx(0.5, abs=0.05)


def test_the_potential_treatments_agree_with_what_happened(world):
    for app in world.applications:
        suggested = world.candidates[app.candidate].suggested_metrics
        observed = app.metrics_if_suggested if suggested else app.metrics_if_not_suggested
        assert observed == app.has_metrics
        assert app.metrics_if_suggested >= app.metrics_if_not_suggested  # monotone


def test_zero_effect_edits_show_no_naive_difference(world):
    states = [world.resume_versions[a.resume_version].state for a in world.applications]
    frame = tables.applications_frame(world).assign(
        added_keywords=[s.keywords for s in states], shortened=[s.shortened for s in states]
    )
    mature = frame[frame["mature"]]
    for edit_type in ("added_keywords", "shortened"):
        done = mature[edit_type]
        assert abs(_rate(mature[done]) - _rate(mature[~done])) < 0.03, edit_type


def test_interview_rates_by_resume_score_bucket_match_the_stated_miscalibration(apps, truth):
    calibration = truth["calibration"]
    for bucket, true_rate in calibration["true"].items():
        group = apps[apps["bucket"] == bucket]
        se = np.sqrt(true_rate * (1 - true_rate) / len(group))
        assert abs(_rate(group) - true_rate) < max(3.5 * se, 0.01), bucket
        assert _rate(group) > calibration["claimed"][bucket]  # "too_pessimistic"
    assert calibration["direction"] == "too_pessimistic"


def test_a_logistic_regression_on_the_stored_components_recovers_the_true_weights(apps, truth):
    exog = sm.add_constant(apps[COMPONENTS] / 100)
    fit = sm.Logit(apps["observed_interview"], exog).fit(disp=0)
    coefficients = fit.params[COMPONENTS]
    learned = coefficients / coefficients.sum()
    true = truth["fit_weights"]["true"]
    for component in COMPONENTS:
        assert learned[component] == pytest.approx(true[component], abs=0.05), component
    assert sorted(COMPONENTS, key=lambda k: -learned[k]) == truth["fit_weights"]["ordering"]


def test_posting_volume_changes_at_the_market_shift(world, truth):
    postings = tables.postings_frame(world)
    days, weights = jobs.daily_intensity(world.start, world.end)
    seasonal = pd.Series(weights, index=days)
    shift = date.fromisoformat(truth["market_shift"]["date"])
    counts = postings.groupby("day").size().reindex(days, fill_value=0)
    after = np.array([d >= shift for d in days])
    # deflate each day by its seasonal and weekday intensity without the shift
    base = seasonal.to_numpy() / np.where(after, truth["market_shift"]["posting_volume_factor"], 1)
    ratio = (counts[after].sum() / base[after].sum()) / (counts[~after].sum() / base[~after].sum())
    assert ratio == pytest.approx(truth["market_shift"]["posting_volume_factor"], abs=0.06)
    raw_ratio = counts[after].mean() / counts[~after].mean()
    assert raw_ratio < 0.8


def test_postings_follow_the_monthly_seasonality(world, truth):
    postings = tables.postings_frame(world)
    expected = truth["seasonality"]["expected_postings_by_month"]
    observed = postings.groupby(postings["day"].map(lambda d: f"{d:%Y-%m}")).size()
    full = [m for m, e in expected.items() if e >= 150]
    for month in full:
        assert observed[month] == pytest.approx(expected[month], rel=0.2), month
    days, weights = jobs.daily_intensity(world.start, world.end)
    shift = world.shift_date
    per_day = pd.DataFrame({"day": days, "w": weights})
    per_day["month"] = [d.month for d in days]
    per_day["n"] = postings.groupby("day").size().reindex(days, fill_value=0).to_numpy()
    per_day["deflated"] = per_day["n"] / np.where(
        [d >= shift for d in days], jobs.MARKET_SHIFT_FACTOR, 1.0
    )
    monthly = per_day.groupby("month")["deflated"].mean()
    multipliers = pd.Series({int(k): v for k, v in truth["seasonality"]["true"].items()})
    assert np.corrcoef(monthly, multipliers[monthly.index])[0, 1] > 0.8


def test_ai_approval_rates_by_action_match_the_truth(world, truth):
    rates = tables.ratings_frame(world).groupby("action_type")["up"].mean()
    for action, true_rate in truth["ai_approval_by_action"]["true"].items():
        assert rates[action] == pytest.approx(true_rate, abs=0.04), action
    assert rates[rates < 0.75].index.tolist() == ["resume_rewrite"]


def test_strategy_modes_follow_the_spines_thresholds(world, truth):
    threshold = truth["strategy_thresholds"]["used"]["improve_resume_threshold"]
    for app in world.applications:
        if app.strategy_mode == "IMPROVE_RESUME_FIRST":
            assert app.resume_score < threshold
        else:
            assert app.resume_score >= threshold
    changes = truth["strategy_thresholds"]["mode_changes"]
    assert changes["APPLY_MODE"] > 0 and changes["IMPROVE_RESUME_FIRST"] > 0


# --- resumes and people ----------------------------------------------------------------------
LAYOUT_MARKERS = {
    "classic": ("EXPERIENCE", "EDUCATION", "SKILLS"),
    "compact": ("Skills:", "Experience:", "Education:"),
    "professional": ("Professional Summary", "Professional Experience"),
    "grouped": ("Summary", "Work History", "Class of"),
    "markdown": ("## Experience", "## Education", "## Skills"),
}
SKILLS_HEADINGS = {True: "Technical Skills", False: "Areas of Expertise"}


def _is_tech(candidate) -> bool:
    return catalog.TRACKS[catalog.TRACK_KEYS.index(candidate.track)].family == "tech"


def _states_the_facts(c, text: str) -> None:
    written = [c.style.spell(s) for s in (*c.skills, *c.soft_skills)]
    assert c.full_name.lower() in text.lower()
    assert c.email in text and c.phone in text and c.location in text
    assert all(w in text for w in written), [w for w in written if w not in text]
    assert all(p.title in text and p.company in text for p in c.positions)
    assert all(e.institution in text and str(e.graduation_year) in text for e in c.education)


def test_plain_text_resumes_come_in_distinct_layouts_that_state_the_facts_as_written(world):
    seen = set()
    for version in world.resume_versions[:1500]:
        c, layout = world.candidates[version.candidate], version.state.layout
        if c.style.pdf and layout != "markdown":
            continue  # PDF-extracted text: next test
        seen.add(layout)
        assert all(m in version.text for m in LAYOUT_MARKERS[layout])
        if layout == "professional":
            assert SKILLS_HEADINGS[_is_tech(c)] in version.text
        _states_the_facts(c, version.text)
    assert seen == set(LAYOUT_MARKERS)


def test_pdf_resumes_state_the_same_facts_once_their_broken_lines_are_joined(world):
    checked = 0
    for version in world.resume_versions[:1500]:
        c = world.candidates[version.candidate]
        style = c.style
        if not style.pdf or version.state.layout == "markdown":
            continue
        widest = max(len(line) for line in version.text.splitlines())
        assert style.two_columns or widest <= style.wrap_width
        if style.two_columns or style.page_lines:
            continue  # a sidebar or a page footer may sit inside a sentence, as in real PDFs
        _states_the_facts(c, " ".join(version.text.split()))
        checked += 1
    assert checked > 100


def test_edits_rewrite_the_text_the_way_their_type_says(world):
    by_index = {v.index: v for v in world.resume_versions}
    for edit in world.edits[:400]:
        before, after = by_index[edit.before_version], by_index[edit.after_version]
        assert after.text != before.text
        if edit.edit_type == "added_metrics":
            assert sum(ch.isdigit() for ch in after.text) > sum(ch.isdigit() for ch in before.text)
        if edit.edit_type == "added_keywords":
            assert "Core competencies:" in after.text


def test_candidates_use_canonical_skills_and_span_tech_and_other_industries(world):
    canonical = set(catalog.CANONICAL_SKILLS)
    assert all(set(c.skills) <= canonical for c in world.candidates)
    families = {catalog.TRACKS[catalog.TRACK_KEYS.index(c.track)].family for c in world.candidates}
    assert families == {t.family for t in catalog.TRACKS}
    assert {c.track for c in world.candidates} == set(catalog.TRACK_KEYS)
    assert {j.industry for j in world.jobs} >= {
        "healthcare", "banking", "retail", "software", "education", "construction", "restaurants"
    }  # fmt: skip
    assert {j.seniority for j in world.jobs} == set(catalog.SENIORITIES)
    assert len({j.company_stage for j in world.jobs}) >= 6
