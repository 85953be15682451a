"""The resume-edit instrument is the randomised arm, not "was offered the suggestion".

The product draws each candidate's arm once, at their first resume optimization, and logs it
for both arms. Candidates who never run an optimization are never randomised. Stronger
candidates use the optimizer more often, so "offered" (arm 1 *and* used the optimizer)
against everyone else compares users with non-users: the IV estimate is biased. Using the
logged arm among the randomised recovers the effect.
"""

from __future__ import annotations

import numpy as np

from learning.causal.iv import two_stage_least_squares
from learning.optimizers.resume_edits import randomised_arm_instrument

TRUE_EFFECT = 0.05


def _world(seed: int):
    rng = np.random.default_rng(seed)
    n_users = 4000
    quality = rng.normal(size=n_users)
    uses_optimizer = rng.random(n_users) < 1 / (1 + np.exp(-1.5 * quality))
    arm = rng.random(n_users) < 0.5  # drawn for everyone by the hash, seen only when used
    self_edit = rng.random(n_users) < 1 / (1 + np.exp(-(quality - 1)))
    edit = self_edit | (arm & uses_optimizer & (rng.random(n_users) < 0.85))
    users = np.repeat(np.arange(n_users), 5)
    p = 0.12 + 0.04 * quality[users] + TRUE_EFFECT * edit[users]
    y = (rng.random(len(users)) < np.clip(p, 0.01, 0.99)).astype(float)
    logged = {int(u): bool(arm[u]) for u in np.flatnonzero(uses_optimizer)}
    return users, edit[users].astype(float), y, logged


def test_the_logged_arm_recovers_the_effect_where_was_offered_does_not():
    users, d, y, logged = _world(3)
    exog = np.ones((len(y), 1))
    offered = np.array([logged.get(int(u), False) for u in users], dtype=float)
    naive_iv = two_stage_least_squares(y, d, exog, offered, users).effect
    z, eligible = randomised_arm_instrument(users, logged)
    iv = two_stage_least_squares(
        y[eligible], d[eligible], exog[eligible], z[eligible], users[eligible]
    ).effect
    assert iv.ci_low <= TRUE_EFFECT <= iv.ci_high
    assert naive_iv.ci_low > TRUE_EFFECT  # users against non-users: quality leaks in


def test_users_never_randomised_enter_neither_arm():
    z, eligible = randomised_arm_instrument(np.array([1, 1, 2, 3]), {1: True, 3: False})
    assert z.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert eligible.tolist() == [True, True, False, True]
