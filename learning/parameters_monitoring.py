"""Parameters the monitoring owns (declared in the spine's registry when the app is ready)."""

from __future__ import annotations

from recruitly.spine.specs import declare, number

# Seed 002 §15.3 injects 15 % exploration when diversity declines; 0 until then. A share of
# each candidate's new matches drawn from outside their usual occupations, logged as such.
EXPLORATION_EPSILON = declare(
    "exploration.epsilon",
    0.0,
    "Share (0-0.5) of a candidate's new matches drawn from outside their usual occupations.",
    number(0.0, 0.5),
)
EXPLORATION_ON = 0.15
