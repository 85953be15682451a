"""Deterministic assignment: a salted hash of (salt, user id) into [0, 1), and variant ranges.

Pure Python, no Django, so it is cheap enough to run on every request (see bench/).

* ``bucket(salt, user_id)`` = first 8 bytes of SHA-256("v1:{salt}:{user_id}") / 2⁶⁴. The salt
  defaults to the experiment key, so two experiments hash the same user independently. The
  services pass the username (the platform's ``user_id`` everywhere in the API and the event
  log), not the database key, so a user's variant does not depend on which database or
  sequence numbered them.
* Variant *i* owns ``[cᵢ, cᵢ + s·wᵢ)`` where wᵢ are the normalised weights, cᵢ = Σ_{j<i} wⱼ and
  s = coverage * rollout stage (GrowthBook's layout). Raising s from 10 % to 50 % to 100 % only
  widens each range from its fixed start, so nobody who was enrolled ever moves to another
  variant; users outside every range are not enrolled.
* Namespaces make experiments mutually exclusive: each one owns a slice
  ``[start, end)`` of the namespace, and a user takes part only when their namespace bucket,
  hashed with the namespace name, falls inside the slice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

HASH_VERSION = "v1"
_SCALE = float(1 << 64)


def bucket(salt: str, user_id: object) -> float:
    """The user's position in [0, 1) for ``salt``; stable across processes and releases."""
    digest = hashlib.sha256(f"{HASH_VERSION}:{salt}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def namespace_bucket(namespace: str, user_id: object) -> float:
    return bucket(f"namespace:{namespace}", user_id)


@dataclass(frozen=True)
class Allocation:
    """An experiment's assignment layout, detached from the database."""

    salt: str
    variant_keys: tuple[str, ...]
    weights: tuple[float, ...]
    enrolled_share: float
    namespace: str = ""
    namespace_range: tuple[float, float] = (0.0, 1.0)

    def __post_init__(self) -> None:
        if len(self.variant_keys) != len(self.weights) or len(self.weights) < 2:
            raise ValueError("an allocation needs at least two variants, one weight each")
        if any(w <= 0 for w in self.weights):
            raise ValueError("variant weights must be positive")
        if not 0 <= self.enrolled_share <= 1:
            raise ValueError("the enrolled share must lie in [0, 1]")

    @property
    def starts(self) -> tuple[float, ...]:
        total = sum(self.weights)
        starts, running = [], 0.0
        for w in self.weights:
            starts.append(running)
            running += w / total
        return tuple(starts)

    @cached_property
    def _ranges(self) -> tuple[tuple[str, float, float], ...]:
        total = sum(self.weights)
        return tuple(
            (key, start, start + self.enrolled_share * w / total)
            for key, start, w in zip(self.variant_keys, self.starts, self.weights, strict=True)
        )

    def ranges(self) -> list[tuple[str, float, float]]:
        return list(self._ranges)

    def in_namespace(self, user_id: object) -> bool:
        if not self.namespace:
            return True
        low, high = self.namespace_range
        return low <= namespace_bucket(self.namespace, user_id) < high

    def variant_at(self, position: float) -> str | None:
        for key, low, high in self._ranges:
            if low <= position < high:
                return key
        return None

    def assign(self, user_id: object) -> tuple[str | None, float]:
        """(variant key or None when not enrolled, the user's bucket)."""
        position = bucket(self.salt, user_id)
        if not self.in_namespace(user_id):
            return None, position
        return self.variant_at(position), position


def ranges_overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def holdout_bucket(salt: str, user_id: object) -> float:
    """The user's position for a holdout; hashed apart from every experiment's own salt."""
    return bucket(f"holdout:{salt}", user_id)


def in_holdout(salt: str, share: float, user_id: object) -> bool:
    """True when the user's holdout bucket lies below ``share`` (e.g. 5 % of candidates)."""
    return holdout_bucket(salt, user_id) < share
