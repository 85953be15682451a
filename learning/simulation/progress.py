"""How the generator reports progress: a wrapper around an iterable, like ``tqdm``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    def __call__(self, iterable: Iterable[T], *, desc: str, total: int) -> Iterable[T]: ...


def no_progress(iterable: Iterable[T], *, desc: str, total: int) -> Iterator[T]:
    """The silent default: yield the items unchanged."""
    yield from iterable
