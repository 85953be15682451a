"""Resume DNA (seed 002 §4.5.2): features, patterns with honest intervals, matching with gaps."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from learning.advanced.dna import (
    FEATURES,
    PatternLibrary,
    ResumeFacts,
    clustered_rate,
    features_of,
    match_resume,
    patterns_build,
)
from learning.services.advanced_dna import facts_from_parsed, readable
from learning.simulation.world import WorldConfig, generate_world
from profiles.parsing.resume import parse_resume

END = date(2026, 10, 1)


def test_features_of_a_hand_written_resume():
    facts = ResumeFacts(
        hard_skills=["Python", "SQL", "Tableau"],
        soft_skills=["Communication"],
        bullets=[
            "• Built a pipeline that cut report time by 40%",
            "Led a team of 12 analysts",
            "Worked on dashboards",
            "Helped with onboarding",
        ],
        roles=[("Senior Data Analyst", 30), ("Junior Analyst", 18)],
        sections=["summary", "experience", "skills", "education"],
        words=320,
    )
    f = features_of(facts)
    assert f["skill_count"] == 4 and f["hard_skill_share"] == pytest.approx(0.75)
    assert f["metric_density"] == pytest.approx(0.5)
    assert f["action_verb_share"] == pytest.approx(0.5)  # built, led; not worked, helped
    assert f["verb_diversity"] == pytest.approx(1.0)
    assert f["role_months"] == pytest.approx(24) and f["roles"] == 2
    assert f["progression"] == 2  # junior (1) → senior (3)
    assert f["has_summary"] == 1 and f["sections"] == 4 and f["bullets_per_role"] == 2


def test_the_clustered_interval_is_statsmodels_cluster_robust_mean():
    rng = np.random.default_rng(4)
    apps = rng.integers(3, 30, size=80)
    hits = rng.binomial(apps, rng.uniform(0.05, 0.4, size=80))
    rate, se = clustered_rate(hits.astype(float), apps.astype(float))
    y = np.concatenate([[1.0] * h + [0.0] * (n - h) for h, n in zip(hits, apps, strict=True)])
    groups = np.repeat(np.arange(80), apps)
    fit = sm.OLS(y, np.ones(len(y))).fit(
        cov_type="cluster", cov_kwds={"groups": groups, "use_correction": True}
    )
    assert rate == pytest.approx(fit.params[0])
    assert se == pytest.approx(fit.bse[0], rel=1e-6)  # G/(G-1) small-sample factor, K = 1


@pytest.fixture(scope="module")
def members():
    """One row per simulated candidate: the resume used most, its features, outcomes, truth."""
    world = generate_world(WorldConfig(candidates=700, jobs=2500, months=12, seed=7, end_date=END))
    mature = [a for a in world.applications if a.submitted_at <= world.end - timedelta(days=30)]
    by_candidate = defaultdict(list)
    for app in mature:
        by_candidate[app.candidate].append(app)
    rows = []
    for apps in by_candidate.values():
        version = Counter(a.resume_version for a in apps).most_common(1)[0][0]
        used = [a for a in apps if a.resume_version == version]
        text = world.resume_versions[version].text
        facts = facts_from_parsed(parse_resume(text), text)
        if not readable(facts):
            continue
        rows.append(
            {
                **features_of(facts),
                "applications": len(used),
                "interviews": sum(a.interviewed for a in used),
                "expected": sum(a.interview_probability for a in used),
                "has_metrics": world.resume_versions[version].has_metrics,
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def library(members):
    built = patterns_build(members)
    assert built is not None
    return built


def test_k_is_the_best_silhouette_and_reported_with_stability(library):
    assert library.k == max(library.silhouettes, key=lambda k: library.silhouettes[k])
    assert 0 <= library.stability <= 1
    assert library.hidden_patterns + len(library.patterns) == library.k


def test_each_pattern_interval_holds_the_simulators_true_rate(members, library):
    """The truth: each member's applications' true interview probabilities, summed."""
    kept = members[members["applications"] >= 3].reset_index(drop=True)
    x = (kept[list(FEATURES)].to_numpy(float) - library.mean) / np.array(library.scale)
    centroids = {p.pattern_id: np.array(p.centroid) for p in library.patterns}
    misses = 0
    for pattern in library.patterns:
        inside = np.linalg.norm(x - centroids[pattern.pattern_id], axis=1) == np.min(
            [np.linalg.norm(x - c, axis=1) for c in centroids.values()], axis=0
        )
        group = kept[inside]
        truth = group["expected"].sum() / group["applications"].sum()
        misses += not (pattern.low <= truth <= pattern.high)
        assert pattern.members >= 20
    assert misses <= 1  # 95 % intervals: at most one of the k patterns may miss


def test_small_patterns_are_hidden(members):
    strict = patterns_build(members, min_members=len(members))
    assert strict is not None and strict.patterns == []
    assert strict.hidden_patterns == strict.k and strict.hidden_members == strict.resumes


def test_a_resume_without_metrics_is_told_the_gap_to_a_pattern_that_has_them(library):
    names = library.features
    heavy = max(library.patterns, key=lambda p: p.medians["metric_density"])
    low, _ = heavy.quartiles["metric_density"]
    assert low > 0
    forced = PatternLibrary.from_dict(
        {
            **library.as_dict(),
            "patterns": [
                {**p.__dict__, "successful": p.pattern_id == heavy.pattern_id}
                for p in library.patterns
            ],
        }
    )
    inside = {n: heavy.medians[n] for n in names}
    assert match_resume(forced, inside).gaps == []
    match = match_resume(forced, {**inside, "metric_density": 0.0})
    assert match is not None and match.pattern.pattern_id == heavy.pattern_id
    assert [g.feature for g in match.gaps] == ["metric_density"]
    assert match.gaps[0].direction == "raise" and match.gaps[0].yours == 0.0


def test_no_library_from_too_few_resumes(members):
    assert patterns_build(members.head(10)) is None


def test_years_and_dates_are_not_metrics():
    dated = [
        "Senior HR Generalist at Silver Manufacturing (2023–present): Helped with payroll",  # noqa: RUF001
        "Raleigh, NC · 2023-09 to present",
        "Analyst, 06/2019 - 04/2021",
    ]
    stated = ["Automated reporting, saving 40 hours a month", "Covered a $49M budget", "Up 18%"]
    facts = ResumeFacts([], [], [*dated, *stated], [("Analyst", 12)], [], 50)
    assert features_of(facts)["metric_density"] == pytest.approx(0.5)


def test_the_simulators_resumes_with_metrics_are_found_as_the_successful_patterns(members, library):
    """The truth: the metrics edit raises the interview odds (and stronger candidates make it
    on their own), so resumes with metrics truly interview more often than the rest."""
    kept = members[members["applications"] >= 3].reset_index(drop=True)
    true_rate = (
        kept.groupby("has_metrics")["expected"].sum()
        / kept.groupby("has_metrics")["applications"].sum()
    )
    overall = kept["expected"].sum() / kept["applications"].sum()
    assert true_rate[True] > overall + 0.02 > true_rate[False] + 0.04
    x = (kept[list(FEATURES)].to_numpy(float) - library.mean) / np.array(library.scale)
    centroids = np.array([p.centroid for p in library.patterns])
    nearest = np.argmin(((x[:, None, :] - centroids[None]) ** 2).sum(axis=2), axis=1)
    successful = [i for i, p in enumerate(library.patterns) if p.successful]
    assert successful
    for i in successful:
        group = kept[nearest == i]
        assert group["has_metrics"].mean() > 0.8
        assert group["expected"].sum() / group["applications"].sum() > overall
        assert library.patterns[i].medians["metric_density"] > 0.5


def test_no_pattern_is_successful_when_outcomes_do_not_depend_on_the_resume(members):
    rng = np.random.default_rng(3)
    shuffled = members.copy()
    order = rng.permutation(len(members))
    shuffled[["applications", "interviews"]] = members[["applications", "interviews"]].to_numpy()[
        order
    ]
    built = patterns_build(shuffled)
    assert built is not None and not any(p.successful for p in built.patterns)


def test_without_interviews_every_feature_weighs_alike(members):
    silent = members.assign(interviews=0)
    built = patterns_build(silent)
    raw = silent[silent["applications"] >= 3][list(FEATURES)].to_numpy(float)
    assert built is not None and np.allclose(built.scale, np.where(raw.std(0) > 0, raw.std(0), 1))
