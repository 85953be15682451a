"""The fit-weight optimizer learns a weight for every match-score component, text and title
included, when the outcomes speak for them (pure: no database)."""

from __future__ import annotations

import numpy as np

from learning.optimizers.fit_weights import COMPONENTS, FitWeightsInput, fit_weights_analyze
from profiles.matching.components import DEFAULT_WEIGHTS


def _world(n: int, true: dict[str, float], seed: int = 7) -> FitWeightsInput:
    rng = np.random.default_rng(seed)
    components = rng.uniform(0, 100, size=(n, len(COMPONENTS)))
    beta = np.array([true.get(k, 0.0) for k in COMPONENTS])
    logit = -4.0 + components @ beta / 100 * 8
    interviewed = rng.random(n) < 1 / (1 + np.exp(-logit))
    return FitWeightsInput(
        components=components,
        interviewed=interviewed,
        users=rng.integers(0, n // 4, size=n),
        current_weights=dict(DEFAULT_WEIGHTS),
    )


def test_every_component_is_fitted_and_text_and_title_carry_their_share():
    assert set(COMPONENTS) == set(DEFAULT_WEIGHTS)  # one weight per engine component
    # given outcomes driven by title, skills and text, not by the other components
    true = {"title": 0.55, "skills": 0.30, "text": 0.15}
    # when
    result = fit_weights_analyze(_world(3000, true))
    # then every component has a learned weight near its true one
    learned = result.learned_weights
    assert set(learned) == set(COMPONENTS)
    assert abs(sum(learned.values()) - 1.0) < 1e-9
    assert sorted(COMPONENTS, key=lambda k: -learned[k])[:3] == ["title", "skills", "text"]
    assert max(abs(learned[k] - true.get(k, 0.0)) for k in COMPONENTS) < 0.06
