"""Experiments' part in erasing an account (see ``profiles.privacy.hooks``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from experiments.allocation import in_holdout
from experiments.selectors import holdout_list


def same_holdouts(sender: Any, *, username: str, **_: Any) -> Callable[[str], bool]:
    """A pseudonym must fall in the same holdouts as ``username``: membership is a hash of the
    username, so another side would move the person's past outcomes to the other arm."""
    holdouts = list(holdout_list().values_list("salt", "share"))
    wanted = [in_holdout(salt, share, username) for salt, share in holdouts]

    def accept(name: str) -> bool:
        return [in_holdout(salt, share, name) for salt, share in holdouts] == wanted

    return accept
