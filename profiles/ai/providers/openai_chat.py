"""The ``openai`` provider: chat completions with a JSON-schema response format.

Uses the official client, so ``OPENAI_BASE_URL`` also points it at any compatible server.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from profiles.ai.providers import Answer, ProviderError
from profiles.ai.schemas import SCHEMAS

TIMEOUT_SECONDS = 30.0
MAX_RETRIES = 1  # the service falls back to local, so one retry is enough


class OpenAIProvider:
    name = "openai"

    def __init__(self, client: Any | None = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            # optional provider: the local default never loads the openai client
            import openai

            self._client = openai.OpenAI(
                api_key=settings.OPENAI_API_KEY,
                base_url=settings.OPENAI_BASE_URL,
                timeout=TIMEOUT_SECONDS,
                max_retries=MAX_RETRIES,
            )
        return self._client

    def complete(self, task: str, payload: dict[str, Any], *, prompt: str, model: str) -> Answer:
        import openai  # optional provider (see client())

        try:
            response = self.client.chat.completions.create(
                model=model,
                temperature=0,
                messages=[
                    {"role": "system", "content": prompt},
                    {"role": "user", "content": json.dumps(payload, sort_keys=True, default=str)},
                ],
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": task, "schema": SCHEMAS[task]},
                },
            )
        except openai.OpenAIError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        usage = getattr(response, "usage", None)
        tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
        tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
        raw = (response.choices[0].message.content or "") if response.choices else ""
        finish = (
            str(getattr(response.choices[0], "finish_reason", "") or "") if response.choices else ""
        )
        try:
            output = json.loads(raw) if raw.strip() else None
        except json.JSONDecodeError:
            output = None
        return Answer(
            output, getattr(response, "model", None) or model, tokens_in, tokens_out, raw, finish
        )
