"""Deterministic assignment: the hash is pinned, coverage only ever adds users."""

from __future__ import annotations

import hashlib
import itertools

import numpy as np
import pytest

from experiments.allocation import Allocation, bucket, namespace_bucket

# Golden vector: (salt, user id) → bucket. Any client hashing users must reproduce these.
GOLDEN = [
    ("exp-key", "alice", 0.499841753703132),
    ("exp-key", 42, 0.43682991426726553),
    ("improve-threshold-70", 1, 0.37801439559665206),
    ("improve-threshold-70", 2, 0.9009784948270939),
    ("improve-threshold-70", 1000003, 0.04474181481322279),
    ("", 0, 0.9926583322865602),
]


@pytest.mark.parametrize(("salt", "user_id", "expected"), GOLDEN)
def test_the_hash_matches_the_golden_vector(salt: str, user_id: object, expected: float) -> None:
    assert bucket(salt, user_id) == expected


def test_the_hash_is_the_documented_sha256_prefix() -> None:
    digest = hashlib.sha256(b"v1:exp-key:alice").digest()
    assert bucket("exp-key", "alice") == int.from_bytes(digest[:8], "big") / 2**64


def test_namespace_buckets_are_pinned_and_independent_of_experiment_salts() -> None:
    assert namespace_bucket("strategy", 1) == 0.2979457743648811
    assert namespace_bucket("strategy", 2) == 0.14906701778794257
    assert namespace_bucket("strategy", 1) != bucket("strategy", 1)


def test_buckets_are_uniform() -> None:
    values = np.array([bucket("uniformity", u) for u in range(20_000)])
    counts, _ = np.histogram(values, bins=10, range=(0, 1))
    assert counts.min() > 1800 and counts.max() < 2200


def _layout(share: float, weights=(0.5, 0.5)) -> Allocation:
    return Allocation("ramp", ("control", "treatment"), weights, share)


def test_raising_coverage_ten_fifty_hundred_never_moves_an_assigned_user() -> None:
    users = range(5_000)
    stages = [{u: _layout(s).assign(u)[0] for u in users} for s in (0.1, 0.5, 1.0)]
    for earlier, later in itertools.pairwise(stages):
        for user, variant in earlier.items():
            if variant is not None:
                assert later[user] == variant
    enrolled = [sum(v is not None for v in stage.values()) / 5_000 for stage in stages]
    assert enrolled[0] == pytest.approx(0.1, abs=0.02)
    assert enrolled[1] == pytest.approx(0.5, abs=0.03)
    assert enrolled[2] == 1.0


def test_weights_split_the_enrolled_users() -> None:
    layout = _layout(1.0, weights=(0.8, 0.2))
    picks = [layout.assign(u)[0] for u in range(10_000)]
    assert picks.count("treatment") / len(picks) == pytest.approx(0.2, abs=0.015)


def test_namespaces_make_experiments_mutually_exclusive() -> None:
    first = Allocation("a", ("c", "t"), (1, 1), 1.0, "strategy", (0.0, 0.5))
    second = Allocation("b", ("c", "t"), (1, 1), 1.0, "strategy", (0.5, 1.0))
    both = [u for u in range(4_000) if first.assign(u)[0] and second.assign(u)[0]]
    either = [u for u in range(4_000) if first.assign(u)[0] or second.assign(u)[0]]
    assert both == []
    assert len(either) == 4_000


@pytest.mark.parametrize(
    "kwargs",
    [
        {"variant_keys": ("c",), "weights": (1.0,), "enrolled_share": 1.0},
        {"variant_keys": ("c", "t"), "weights": (1.0, 0.0), "enrolled_share": 1.0},
        {"variant_keys": ("c", "t"), "weights": (1.0, 1.0), "enrolled_share": 1.5},
    ],
)
def test_invalid_layouts_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Allocation("x", **kwargs)
