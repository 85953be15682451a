"""Source classes by kind: ``register`` is applied to each connector class."""

from __future__ import annotations

from typing import TypeVar

from profiles.sources.base import Source

REGISTRY: dict[str, type[Source]] = {}
S = TypeVar("S", bound=type[Source])


def register(cls: S) -> S:
    if cls.kind in REGISTRY:
        raise ValueError(f"two sources of kind {cls.kind!r}")
    REGISTRY[cls.kind] = cls
    return cls


def source_class(kind: str) -> type[Source]:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise ValueError(
            f"unknown source kind {kind!r}; known: {', '.join(sorted(REGISTRY))}"
        ) from None
