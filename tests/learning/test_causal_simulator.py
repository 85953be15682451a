"""The causal engine against the simulator's truth, over several small worlds.

The 200-replication run is ``bench/causal_coverage.py`` (figures in the README); this fast
version runs 12 fixed worlds: with a correct 95 % interval, 11 or 12 of 12 cover the truth
with probability 0.88 and at least 10 with 0.98; a biased or too narrow interval fails it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPLICATIONS = 12


@pytest.fixture(scope="module")
def results():
    spec = importlib.util.spec_from_file_location(
        "causal_coverage", ROOT / "bench/causal_coverage.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return [bench.replicate(seed, 150, oracle=seed <= 3) for seed in range(1, REPLICATIONS + 1)]


def test_the_resume_edit_interval_covers_the_truth(results):
    assert sum(bool(r["iv_covers"]) for r in results) >= REPLICATIONS - 2


def test_the_confounded_weekday_comes_out_null(results):
    assert sum(bool(r["weekday_null"]) for r in results) >= REPLICATIONS - 2


def test_iv_matching_and_aipw_agree_when_the_confounder_is_observed(results):
    checked = [r for r in results if "psm_agrees" in r]
    assert checked and all(r["psm_agrees"] and r["dr_agrees"] for r in checked)
