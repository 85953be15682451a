"""The ensemble's training applications are capped by whole candidates."""

from __future__ import annotations

import numpy as np

from learning.predict import ensemble
from learning.predict.ensemble import group_split, part_cap


def test_a_large_training_part_is_capped_by_whole_candidates(monkeypatch):
    monkeypatch.setattr(ensemble, "MAX_TRAIN", 1_000)
    groups = np.random.default_rng(1).integers(0, 600, 12_000)
    train, _, _ = group_split(groups, 0)
    capped = part_cap(train, groups, 0, ensemble.MAX_TRAIN)
    assert 900 < capped.sum() <= 1_000 < train.sum()
    assert not (capped & ~train).any()  # only training rows, never validation or test
    kept = np.unique(groups[capped])
    assert np.isin(groups[train], kept).sum() == capped.sum()  # each kept candidate whole


def test_a_small_training_part_is_kept_whole():
    groups = np.repeat(np.arange(100), 10)
    train, _, _ = group_split(groups, 0)
    assert (part_cap(train, groups, 0, ensemble.MAX_TRAIN) == train).all()
