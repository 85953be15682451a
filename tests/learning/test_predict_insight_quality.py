"""Insight quality (seed 002 §12.3): a planted useless insight is retired, a useful one kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from learning.predict.insight_quality import (
    insight_quality,
    insight_records,
    retired_kinds,
)


def _records(rng: np.random.Generator, kind: str, effect: float, users: int) -> pd.DataFrame:
    """Stronger candidates act more often and do better anyway (confounding)."""
    quality = rng.normal(0, 1, users)
    acted = rng.random(users) < 1 / (1 + np.exp(-1.5 * quality))
    pre_n = rng.integers(5, 30, users)
    base = np.clip(0.15 + 0.05 * quality, 0.01, 0.9)
    pre_rate = rng.binomial(pre_n, base) / pre_n
    post_n = rng.integers(4, 12, users)
    post_rate = rng.binomial(post_n, np.clip(base + effect * acted, 0, 1)) / post_n
    return pd.DataFrame(
        {
            "user_id": np.arange(users) + (0 if effect else 100_000),
            "kind": kind,
            "acted": acted,
            "pre_n": pre_n,
            "pre_rate": pre_rate,
            "post_n": post_n,
            "post_rate": post_rate,
        }
    )


@pytest.fixture(scope="module")
def verdicts():
    rng = np.random.default_rng(11)
    records = pd.concat(
        [
            _records(rng, "focus:company_stage", 0.12, 1500),
            _records(rng, "stop:title", 0.0, 1500),  # planted: does nothing
            _records(rng, "pace", 0.0, 12),  # too few to tell
        ]
    )
    return {q.kind: q for q in insight_quality(records)}


def test_the_useless_insight_is_retired_with_evidence_despite_its_raw_lift(verdicts):
    useless = verdicts["stop:title"]
    assert useless.naive_difference > 0.03  # confounded: actors were stronger anyway
    assert useless.verdict == "retire"
    assert useless.ci_high < 0.03 and useless.ci_low < 0 < useless.ci_high
    assert "cannot raise" in useless.reason
    assert retired_kinds(list(verdicts.values())) == ["stop:title"]


def test_the_useful_insight_helps(verdicts):
    useful = verdicts["focus:company_stage"]
    assert useful.verdict == "helps"
    assert useful.ci_low <= 0.12 <= useful.ci_high
    assert useful.refuted is False


def test_too_few_records_are_not_a_verdict(verdicts):
    assert verdicts["pace"].verdict in {"too_few", "undecided"}


def test_records_read_acting_from_behaviour():
    t0 = pd.Timestamp("2026-03-01", tz="UTC")
    apps = pd.DataFrame(
        {
            "user_id": [1] * 6 + [2] * 4,
            "submitted_at": [t0 - pd.Timedelta(days=d) for d in (40, 30, 20)]
            + [t0 + pd.Timedelta(days=d) for d in (2, 5, 9)]
            + [
                t0 - pd.Timedelta(days=10),
                t0 + pd.Timedelta(days=1),
                t0 + pd.Timedelta(days=3),
                t0 + pd.Timedelta(days=40),
            ],
            "company_stage": [
                "seed",
                "growth",
                "growth",
                "seed",
                "seed",
                "seed",
                "seed",
                "growth",
                "growth",
                "seed",
            ],
            "interviewed": [False, False, True, True, False, True, False, True, False, False],
            "resolved": True,
        }
    )
    insights = pd.DataFrame(
        {
            "user_id": [1, 2, 2],
            "issued_at": [t0, t0, t0],
            "kind": ["focus:company_stage", "focus:company_stage", "pace"],
            "dimension": ["company_stage", "company_stage", None],
            "value": ["seed", "seed", None],
            "target": [None, None, 1.0],
        }
    )
    records = insight_records(apps, insights).set_index(["user_id", "kind"])
    first = records.loc[(1, "focus:company_stage")]
    assert bool(first["acted"]) and first["pre_n"] == 3 and first["post_n"] == 3
    assert first["post_rate"] == pytest.approx(2 / 3)
    assert not bool(records.loc[(2, "focus:company_stage")]["acted"])  # moved to growth
    assert not bool(records.loc[(2, "pace")]["acted"])  # 2 in 30 days < 1 a week
