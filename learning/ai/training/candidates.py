"""Candidate prompts and models: proposed as draft experiments, never made live directly.

A candidate is a draft :class:`~experiments.models.Experiment` on the task's spine component
(``prompts.<task>`` or ``ai.model.<task>``) whose control is today's value and whose treatment
is the candidate. It goes live only when a reviewer starts the experiment (the ethics checks
run then) and the experiments app's 30-minute analysis ships it on the pre-registered rule
(approval: the ``thumbs_up_share`` metric), or rolls it back on harm.

* :func:`prompt_candidate_propose` — without fine-tuning: the top-rated exportable examples
  (scrubbed, golden set excluded) become few-shot context appended to today's prompt;
* :func:`model_candidate_propose` — a fine-tuned model (:mod:`learning.ai.training.finetune`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from experiments.models import Experiment
from experiments.services import experiment_create
from learning.ai.training.examples import Example, examples_collect
from recruitly.spine.audit import audit_record
from recruitly.spine.resolver import resolve
from recruitly.spine.specs import REGISTRY

FEW_SHOT = 3  # examples appended to the prompt
MAX_EXAMPLE_CHARS = 1500  # per side of one example, so the prompt stays within its 8,000
MIN_EXAMPLES = 20  # fewer approved examples than this: no few-shot candidate is proposed
PRIMARY_METRIC = "thumbs_up_share"
GUARDRAILS = ["thumbs_up_rate"]
OPEN = ("draft", "running", "paused")
REPROPOSE_AFTER = timedelta(days=7)
HEADER = "\n\nExamples of answers candidates approved (personal data removed):"


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EXAMPLE_CHARS else text[: MAX_EXAMPLE_CHARS - 1] + "…"


def few_shot_prompt(base: str, examples: list[Example], *, limit: int = 8000) -> str:
    """``base`` followed by the examples, as many as fit in ``limit`` characters."""
    out = base.rstrip() + HEADER
    for n, example in enumerate(examples, 1):
        block = (
            f"\n\nExample {n}\nInput: {_clip(example.messages[1]['content'])}\n"
            f"Answer: {_clip(example.messages[2]['content'])}"
        )
        if len(out) + len(block) > limit:
            break
        out += block
    return out


def top_rated(task: str, k: int = FEW_SHOT) -> list[Example]:
    """The ``k`` best-rated training examples of ``task`` (newest first among equals)."""
    examples, _ = examples_collect(task)
    pool = [e for e in examples if e.action_type == task and not e.golden]
    pool.sort(key=lambda e: (-e.score, -e.created_at.timestamp(), e.key))
    return pool[:k] if len(pool) >= MIN_EXAMPLES else []


def _key(kind: str, task: str, now: datetime) -> str:
    stem = f"{kind}-{task.replace('_', '-')}-{now:%Y%m%d%H%M}"
    key, n = stem, 1
    while Experiment.objects.filter(key=key).exists():
        n += 1
        key = f"{stem}-{n}"
    return key


def _propose(
    *, kind: str, task: str, component: str, value: Any, hypothesis: str, evidence: dict,
    now: datetime,
) -> Experiment:  # fmt: skip

    current = resolve(component).value
    experiment = experiment_create(
        key=_key(kind, task, now),
        name=f"{kind} candidate for {task}",
        component=component,
        variants=[
            {"key": "control", "value": current, "is_control": True, "weight": 0.5},
            {"key": "candidate", "value": value, "weight": 0.5},
        ],
        acting_user=None,
        hypothesis=hypothesis,
        primary_metric=PRIMARY_METRIC,
        guardrail_metrics=GUARDRAILS,
        mde_relative=0.05,
        rollback_plan=f"roll the experiment back: everyone returns to today's {component}",
    )
    audit_record(
        acting_user=None,
        action=f"ai.{kind}_candidate",
        target=experiment,
        reason=hypothesis,
        details={"component": component, "task": task, **evidence},
    )
    return experiment


def prompt_candidate_propose(task: str, *, now: datetime | None = None) -> Experiment | None:
    """A draft experiment of today's prompt + few-shot examples, or None without enough."""
    now = now or timezone.now()
    component = f"prompts.{task}"
    if component not in REGISTRY:
        raise ValueError(f"no prompt parameter for {task!r}")
    examples = top_rated(task)
    if not examples:
        return None
    value = few_shot_prompt(str(resolve(component).value), examples)
    return _propose(
        kind="prompt",
        task=task,
        component=component,
        value=value,
        hypothesis=f"Showing the model {len(examples)} top-rated approved answers raises the "
        f"thumbs-up share of {task} by at least 5 % (relative).",
        evidence={"examples": [e.key for e in examples]},
        now=now,
    )


def model_candidate_propose(
    task: str, model: str, *, job: dict[str, Any], now: datetime | None = None
) -> Experiment:
    """A draft experiment of the fine-tuned ``model`` against today's model of ``task``."""
    return _propose(
        kind="model",
        task=task,
        component=f"ai.model.{task}",
        value=model,
        hypothesis=f"The fine-tuned model {model} raises the thumbs-up share of {task} by at "
        "least 5 % (relative).",
        evidence={"finetune_job": job.get("job_id"), "snapshot": job.get("snapshot")},
        now=now or timezone.now(),
    )


def prompt_candidates_auto(*, now: datetime) -> list[str]:
    """Propose a few-shot prompt per task with enough approved examples, at most once a week
    per task and never while an experiment on its prompt is open (draft, running, paused)."""
    proposed = []
    for component in sorted(c for c in REGISTRY if c.startswith("prompts.")):
        task = component.removeprefix("prompts.")
        recent = Experiment.objects.filter(component=component).filter(
            Q(status__in=OPEN) | Q(created_at__gte=now - REPROPOSE_AFTER)
        )
        if recent.exists():
            continue
        experiment = prompt_candidate_propose(task, now=now)
        if experiment is not None:
            proposed.append(experiment.key)
    return proposed


def candidates_list(limit: int = 20) -> list[dict[str, Any]]:
    """The newest prompt and model candidates with their experiment's state."""
    rows = (
        Experiment.objects.filter(key__regex=r"^(prompt|model)-")
        .filter(component__regex=r"^(prompts|ai\.model)\.")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        {
            "experiment": e.key,
            "component": e.component,
            "status": e.status,
            "created_at": e.created_at.isoformat(),
            "shipped_version_id": e.shipped_version_id,
        }
        for e in rows
    ]
