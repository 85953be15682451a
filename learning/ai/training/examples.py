"""Exportable training examples per AI action type: consented, scrubbed, de-duplicated.

Sources:

* an :class:`~learning.models.AIInteraction` answered successfully and rated thumbs-up is a
  positive: the prompt it ran with (system), its input (user) and its output (assistant);
* a resume-optimization suggestion the candidate accepted is a positive of
  ``resume_optimize`` (the bullet and posting title in, the suggestion out); one they edited
  is a positive with their edit as the answer *and* a preference pair: their edit preferred
  to the model's suggestion.

Consent: there is no training-consent field. A candidate who opted out of anonymised market
analytics (``market_insights_opt_out``, the closest existing consent: aggregate use of their
data beyond their own account) or out of experiments (``experimentation_opt_out``) is never
exported; calls made for no candidate, or for an account without a candidate profile, are not
exported either (no one could have opted out).

Every text is scrubbed (:mod:`profiles.privacy.scrub`, the code the AI calls use) with the
candidate's known names.
Two examples whose scrubbed user and assistant texts are equal count once (the oldest kept).
The golden (held-out) set is chosen by that content hash, so it is the same in every snapshot
and never leaks into a training file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from experiments.models import Variant
from profiles.models import AIInteraction
from profiles.models_optimize import ResumeSuggestion, SuggestionStatus
from profiles.privacy.scrub import names_of, scrub
from recruitly.spine.specs import REGISTRY

GOLDEN_PERCENT = 10  # share of examples held out, chosen by content hash
READY, OPTIMAL = 500, 1000  # exportable training examples per action type (seed 004)


@dataclass
class Example:
    action_type: str
    key: str  # SHA-256 of the scrubbed user + assistant text
    messages: list[dict[str, str]]
    score: float  # for ranking few-shot examples: stars (1-5) or 4 for a thumbs-up
    created_at: datetime
    preferred_over: str | None = None  # a preference pair: the rejected assistant text
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def golden(self) -> bool:
        return int(self.key[:8], 16) % 100 < GOLDEN_PERCENT

    def chat_line(self) -> dict[str, Any]:
        return {"messages": self.messages}

    def preference_line(self) -> dict[str, Any]:
        # OpenAI's preference fine-tuning format; TRL's DPO reads the same three parts.
        return {
            "input": {"messages": self.messages[:-1]},
            "preferred_output": [self.messages[-1]],
            "non_preferred_output": [{"role": "assistant", "content": self.preferred_over}],
        }


def content_key(user_text: str, assistant_text: str) -> str:
    return hashlib.sha256(f"{user_text}\x00{assistant_text}".encode()).hexdigest()


def _consented(user: Any) -> bool:
    try:
        profile = user.candidate_profile
    except ObjectDoesNotExist:  # no profile: nobody could have opted out, nothing exported
        return False
    return not (profile.market_insights_opt_out or profile.experimentation_opt_out)


def _prompt_of(interaction: AIInteraction) -> str:
    if interaction.prompt_parameter_version is not None:
        return str(interaction.prompt_parameter_version.value)
    if interaction.prompt_version.startswith("variant-"):
        variant = Variant.objects.filter(pk=interaction.prompt_version[8:] or 0).first()
        if variant is not None:
            return str(variant.value)
    return str(REGISTRY[f"prompts.{interaction.task}"].default)


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@dataclass
class Counts:
    seen: int = 0
    no_consent: int = 0
    duplicates: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"seen": self.seen, "no_consent": self.no_consent, "duplicates": self.duplicates}


def _example(action: str, system: str, user_text: str, answer: str, names: list[str], **kw: Any):
    user_text, answer = scrub(user_text, names), scrub(answer, names)
    rejected = kw.pop("preferred_over", None)
    return Example(
        action_type=action,
        key=content_key(user_text, answer),
        messages=[
            {"role": "system", "content": scrub(system, names)},
            {"role": "user", "content": user_text},
            {"role": "assistant", "content": answer},
        ],
        preferred_over=scrub(rejected, names) if rejected is not None else None,
        **kw,
    )


def _interaction_examples(action: str | None, counts: Counts) -> Iterator[Example]:
    rated = (
        # An answer erased by retention or account deletion (output NULL) has nothing to teach.
        AIInteraction.objects.filter(
            success=True, rating="up", user__isnull=False, output__isnull=False
        )
        .select_related("user", "user__candidate_profile", "prompt_parameter_version")
        .order_by("created_at", "pk")
    )
    if action:
        rated = rated.filter(task=action)
    for interaction in rated.iterator(chunk_size=500):
        counts.seen += 1
        if not _consented(interaction.user):
            counts.no_consent += 1
            continue
        yield _example(
            interaction.task,
            _prompt_of(interaction),
            _dump(interaction.input_data),
            _dump(interaction.output),
            names_of(interaction.user),
            score=4.0,
            created_at=interaction.created_at,
            meta={"source": "interaction", "id": interaction.pk, "user": interaction.user_id},
        )


def _suggestion_examples(counts: Counts) -> Iterator[Example]:

    decided = (
        ResumeSuggestion.objects.filter(
            status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.EDITED]
        )
        .select_related(
            "optimization__candidate__user",
            "optimization__job",
            "optimization__interaction__prompt_parameter_version",
        )
        .order_by("created_at", "pk")
    )
    for suggestion in decided.iterator(chunk_size=500):
        counts.seen += 1
        optimization = suggestion.optimization
        user = optimization.candidate.user
        if not _consented(user):
            counts.no_consent += 1
            continue
        system = (
            _prompt_of(optimization.interaction)
            if optimization.interaction is not None
            else str(REGISTRY["prompts.resume_optimize"].default)
        )
        request = (
            f"Posting: {optimization.job.title}\n"
            f"Rewrite this resume {suggestion.kind} ({suggestion.edit_type or 'rewrite'}):\n"
            f"{suggestion.original or '(new ' + suggestion.kind + ')'}"
        )
        edited = suggestion.status == SuggestionStatus.EDITED
        answer = suggestion.final_text if edited and suggestion.final_text else suggestion.suggested
        yield _example(
            "resume_optimize",
            system,
            request,
            answer,
            names_of(user),
            score=float(optimization.rating or 3) + (0.5 if not edited else 0.0),
            created_at=suggestion.created_at,
            preferred_over=suggestion.suggested
            if edited and answer != suggestion.suggested
            else None,
            meta={"source": "suggestion", "id": suggestion.pk, "user": user.pk},
        )


def examples_collect(action: str | None = None) -> tuple[list[Example], Counts]:
    """Every exportable example (of ``action``, or all), oldest first, de-duplicated."""
    counts = Counts()
    sources: list[Iterable[Example]] = [_interaction_examples(action, counts)]
    if action in (None, "resume_optimize"):
        sources.append(_suggestion_examples(counts))
    seen: set[tuple[str, str]] = set()
    out = []
    for example in sorted(
        (e for source in sources for e in source), key=lambda e: (e.created_at, e.key)
    ):
        if (example.action_type, example.key) in seen:
            counts.duplicates += 1
            continue
        seen.add((example.action_type, example.key))
        out.append(example)
    return out, counts


def training_readiness(examples: list[Example] | None = None) -> list[dict[str, Any]]:
    """Per action type: exportable training examples (golden ones excluded) against 500/1,000."""
    if examples is None:
        examples, _ = examples_collect()
    per: dict[str, int] = {}
    for example in examples:
        per.setdefault(example.action_type, 0)
        if not example.golden:
            per[example.action_type] += 1
    return [
        {
            "action_type": action,
            "exportable": n,
            "ready": n >= READY,
            "optimal": n >= OPTIMAL,
            "needed": max(0, READY - n),
        }
        for action, n in sorted(per.items())
    ]
