"""The candidate's personal order of their match list, supplied by the learning engine.

Profiles shows the list; the learning engine knows what worked for the candidate. It
registers its ordering at start-up (``LearningConfig.ready``) so that profiles never imports
it; without one (learning not installed) the list keeps its score order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# (user, scored jobs) → the same objects in the candidate's order, annotated for display.
PersonalOrder = Callable[[Any, Iterable[Any]], list[Any]]


def _score_order(user: Any, scored_jobs: Iterable[Any]) -> list[Any]:
    return list(scored_jobs)


_orders: dict[str, PersonalOrder] = {"personal": _score_order}


def register_personal_order(order: PersonalOrder) -> None:
    _orders["personal"] = order


def personal_order(user: Any, scored_jobs: Iterable[Any]) -> list[Any]:
    return _orders["personal"](user, scored_jobs)
