"""Run one AI task: choose the provider, call it, validate, log, fall back to local."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Sum
from django.utils import timezone

from profiles.ai.grounding import ground_resume
from profiles.ai.pricing import cost_usd
from profiles.ai.privacy import payload_scrub
from profiles.ai.providers import Answer, ProviderError
from profiles.ai.providers.local import LocalProvider
from profiles.ai.providers.openai_chat import OpenAIProvider
from profiles.ai.schemas import TASKS, validate
from profiles.models import AIInteraction
from recruitly.spine.resolver import Resolved, resolve

MAX_STORED_TEXT = 20_000  # characters of any one input string kept in the call log
CAP_NOTE = "daily AI cost cap reached; answered locally"
# Recorded in ``error`` (a note on a successful call) when the provider stopped at its token
# limit: the answer is cut off. The failure-pattern analysis reads it (output shape).
TRUNCATED_NOTE = "finish_reason=length"


@dataclass(frozen=True)
class AIResult:
    output: dict[str, Any]
    interaction: AIInteraction
    fell_back: bool = False

    @property
    def provider(self) -> str:
        return self.interaction.provider


def _prompt_version(resolved: Resolved) -> str:
    if resolved.version is not None:
        return f"v{resolved.version.version}"
    if resolved.variant_id is not None:
        return f"variant-{resolved.variant_id}"
    return resolved.source


def input_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _trimmed(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: (v[:MAX_STORED_TEXT] if isinstance(v, str) else v) for k, v in payload.items()}


def cost_today(user: User) -> Decimal:
    today = timezone.now().date()
    total = AIInteraction.objects.filter(user=user, created_at__date=today).aggregate(
        total=Sum("cost_usd")
    )["total"]
    return total or Decimal(0)


def ai_run(
    *,
    task: str,
    payload: dict[str, Any],
    user: User | None = None,
    target_type: str = "",
    target_id: str = "",
    provider: str | None = None,
    prompt: Resolved | None = None,
    log: list[AIInteraction] | None = None,
) -> AIResult:
    """Answer ``task`` with the configured provider; every call is logged.

    ``prompt`` is the task's resolved prompt for ``user`` when the caller already has it
    (a batch run's ``resolver_snapshot``); else it is resolved here.

    With ``log`` (a batch run), a call the local provider answers directly has its row built
    unsaved and appended there; the caller inserts the list with ``bulk_create`` in the
    transaction that uses the rows, before anything that points at them. Remote calls and
    their fallbacks are always saved at once (the cost cap reads them).

    A remote answer that fails, is empty or does not match the task's schema is recorded as a
    failure and replaced by the local answer (``fell_back``). Past the user's daily cost cap
    the local provider answers directly.
    """
    if task not in TASKS:
        raise ValueError(f"unknown AI task {task!r}")
    user = user if user is not None and user.is_authenticated else None
    if prompt is None:
        prompt = resolve(f"prompts.{task}", user)
    chosen = provider or settings.AI_PROVIDER
    note = ""
    cap = Decimal(str(settings.AI_DAILY_COST_CAP_USD))
    if chosen == "openai" and user is not None and cost_today(user) >= cap:
        chosen, note = "local", CAP_NOTE
    # contact details scrubbed unless the task needs them: what is sent is what is logged
    payload = payload_scrub(task, payload, user)
    context = _Context(task, payload, user, prompt, target_type, target_id)
    if chosen != "openai":
        context.log = log
    if chosen == "openai":
        result = _remote(context)
        if result is not None:
            return result
        failed = context.last_failure
        return _local(context, fallback_of=failed)
    return _local(context, note=note)


@dataclass
class _Context:
    task: str
    payload: dict[str, Any]
    user: User | None
    prompt: Resolved
    target_type: str
    target_id: str
    last_failure: AIInteraction | None = None
    log: list[AIInteraction] | None = None

    def record(
        self, provider: str, answer: Answer | None, *, started: float, **fields: Any
    ) -> AIInteraction:
        fallback_model = fields.pop("model", "")
        model = answer.model if answer else fallback_model
        tokens_in = answer.tokens_in if answer else 0
        tokens_out = answer.tokens_out if answer else 0
        interaction = AIInteraction(
            user=self.user,
            task=self.task,
            provider=provider,
            model=model,
            prompt_version=_prompt_version(self.prompt),
            prompt_parameter_version=self.prompt.version,
            input_hash=input_hash(self.payload),
            input_data=_trimmed(self.payload),
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=cost_usd(provider, model, timezone.now().date(), tokens_in, tokens_out),
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
            target_type=self.target_type,
            target_id=self.target_id,
            **fields,
        )
        if self.log is None:
            interaction.save(force_insert=True)
        else:
            self.log.append(interaction)
        return interaction


def model_for(task: str, user: User | None) -> str:
    """The model of ``task``: its own spine parameter ``ai.model.<task>``, else ``ai.model``."""
    own = str(resolve(f"ai.model.{task}", user).value)
    return own or str(resolve("ai.model", user).value)


def _remote(context: _Context) -> AIResult | None:
    model = model_for(context.task, context.user)
    started = time.perf_counter()
    answer: Answer | None = None
    try:
        answer = OpenAIProvider().complete(
            context.task, context.payload, prompt=str(context.prompt.value), model=model
        )
        errors = (
            validate(context.task, answer.output)
            if answer.output is not None
            else ["empty or non-JSON answer"]
        )
    except ProviderError as exc:
        errors = [str(exc)]
    output = answer.output if answer is not None else None
    truncated = answer is not None and answer.finish_reason == "length"
    if truncated:
        errors = [TRUNCATED_NOTE, *errors] if errors else errors
    if not errors and context.task == "resume_parse":
        assert output is not None  # no errors: the answer had a JSON output that validated
        output = ground_resume(output, context.payload.get("text", ""))
    if errors:
        stored = (
            output if isinstance(output, dict) else {"raw": (answer.raw if answer else "")[:2000]}
        )
        context.last_failure = context.record(
            "openai", answer, started=started, model=model, output=stored, success=False,
            error="; ".join(errors)[:2000],
        )  # fmt: skip
        return None
    assert output is not None  # no errors: the answer had a JSON output that validated
    interaction = context.record(
        "openai", answer, started=started, output=output, success=True,
        error=TRUNCATED_NOTE if truncated else "",
    )  # fmt: skip
    return AIResult(output, interaction)


def _local(
    context: _Context, *, fallback_of: AIInteraction | None = None, note: str = ""
) -> AIResult:
    started = time.perf_counter()
    answer = LocalProvider().complete(
        context.task, context.payload, prompt=str(context.prompt.value), model=""
    )
    interaction = context.record(
        "local", answer, started=started, output=answer.output, success=True,
        fallback_of=fallback_of, error=note,
    )  # fmt: skip
    return AIResult(answer.output, interaction, fell_back=fallback_of is not None)
