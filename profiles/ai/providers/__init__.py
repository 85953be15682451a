"""AI providers: ``local`` (deterministic, offline) and ``openai`` (the official client)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Answer:
    output: Any  # the parsed JSON answer (validated by the caller)
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    raw: str = ""
    finish_reason: str = ""  # the provider's reason to stop ("stop", "length" = cut off, ...)


class ProviderError(Exception):
    """The provider could not answer (network, HTTP status, unparseable body)."""


class Provider(Protocol):
    name: str

    def complete(self, task: str, payload: dict[str, Any], *, prompt: str, model: str) -> Answer:
        """Answer ``task`` for ``payload``; raise ProviderError when no answer came back."""
        ...
