"""Fine-tuning from a training snapshot against any OpenAI-compatible endpoint (off by default).

``finetune_start`` uploads a snapshot's ``train.jsonl`` (``POST /files``, purpose
``fine-tune``) and creates a job (``POST /fine_tuning/jobs``) with the ``openai`` client at
``OPENAI_BASE_URL``; ``finetune_poll`` asks each unfinished job for its state
(``GET /fine_tuning/jobs/{id}``) and, when it succeeded, proposes the resulting model as a
candidate: a draft experiment on ``ai.model.<task>`` (:mod:`learning.ai.training.candidates`)
— it goes live only through that experiment. Jobs are kept as JSON files under
``VAR_DIR/training/finetune/`` and every step is an audit row.

``finetune_auto`` is what the 30-minute pipeline calls: with ``ENABLE_AUTO_FINETUNE`` off it
does nothing; on, it polls the jobs and starts one per action type that has reached 500
exportable examples and has no job running or started in the last week.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from learning.ai.training.candidates import model_candidate_propose
from learning.ai.training.snapshot import snapshot_latest, training_root, training_snapshot
from recruitly.spine.audit import audit_record

TERMINAL = ("succeeded", "failed", "cancelled")
RESTART_AFTER = timedelta(days=7)


class FinetuneError(RuntimeError):
    pass


def _client() -> Any:
    # the optional openai provider: imported only when fine-tuning is switched on
    import openai

    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY or "not-set",
        base_url=settings.OPENAI_BASE_URL,
        max_retries=1,
        timeout=60,
    )


def _jobs_dir() -> Path:
    path = training_root() / "finetune"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _save(job: dict[str, Any]) -> None:
    (_jobs_dir() / f"{job['job_id']}.json").write_text(json.dumps(job, indent=2, sort_keys=True))


def finetune_jobs_list() -> list[dict[str, Any]]:
    jobs = [json.loads(p.read_text()) for p in _jobs_dir().glob("*.json")]
    return sorted(jobs, key=lambda j: (j["created_at"], j["job_id"]), reverse=True)


class _Target:
    """The audit target of a job (no database row of its own)."""

    def __init__(self, job_id: str) -> None:
        self.pk = job_id


def finetune_start(
    action: str, *, snapshot: Path | None = None, base_model: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Upload ``action``'s snapshot (the latest by default) and create a fine-tuning job."""
    now = now or timezone.now()
    snapshot = snapshot or snapshot_latest(action)
    if snapshot is None:
        raise FinetuneError(f"no training snapshot of {action}: run manage.py training_snapshot")
    train = snapshot / "train.jsonl"
    if not train.exists() or train.stat().st_size == 0:
        raise FinetuneError(f"{snapshot.name} of {action} has no training examples")
    client = _client()
    with train.open("rb") as handle:
        uploaded = client.files.create(file=(train.name, handle), purpose="fine-tune")
    model = base_model or settings.FINETUNE_BASE_MODEL
    created = client.fine_tuning.jobs.create(
        training_file=uploaded.id, model=model, suffix=f"recruitly-{action}"[:40]
    )
    job = {
        "job_id": created.id,
        "action_type": action,
        "snapshot": f"{action}/{snapshot.name}",
        "training_file": uploaded.id,
        "base_model": model,
        "status": created.status,
        "fine_tuned_model": None,
        "candidate_experiment": None,
        "created_at": now.isoformat(),
        "updated_at": now.isoformat(),
    }
    _save(job)
    audit_record(
        acting_user=None, action="ai.finetune_start", target=_Target(created.id),
        reason=f"fine-tune {model} on {job['snapshot']}", details=job,
    )  # fmt: skip
    return job


def finetune_poll(*, now: datetime | None = None) -> list[dict[str, Any]]:
    """Refresh every unfinished job; propose each newly succeeded model as a candidate."""

    now = now or timezone.now()
    changed = []
    pending = [j for j in finetune_jobs_list() if j["status"] not in TERMINAL]
    if not pending:
        return []
    client = _client()
    for job in pending:
        remote = client.fine_tuning.jobs.retrieve(job["job_id"])
        if remote.status == job["status"]:
            continue
        job.update(
            status=remote.status,
            fine_tuned_model=remote.fine_tuned_model,
            updated_at=now.isoformat(),
        )
        if remote.status == "succeeded" and remote.fine_tuned_model:
            experiment = model_candidate_propose(
                job["action_type"], remote.fine_tuned_model, job=job, now=now
            )
            job["candidate_experiment"] = experiment.key
        error = getattr(remote, "error", None)
        if remote.status == "failed" and error is not None:
            job["error"] = getattr(error, "message", None) or str(error)
        _save(job)
        audit_record(
            acting_user=None, action="ai.finetune_status", target=_Target(job["job_id"]),
            reason=f"fine-tuning job {job['job_id']} is {remote.status}", details=job,
        )  # fmt: skip
        changed.append(job)
    return changed


def finetune_auto(*, readiness: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """The pipeline's step: nothing unless ENABLE_AUTO_FINETUNE is on."""
    if not settings.ENABLE_AUTO_FINETUNE:
        return {"enabled": False, "started": [], "updated": []}
    import openai  # optional provider, loaded only when fine-tuning is switched on

    errors: list[str] = []
    try:
        updated = finetune_poll(now=now)
    except openai.OpenAIError as exc:  # the endpoint is down: try again in 30 minutes
        updated, errors = [], [f"poll: {exc}"]
    jobs = finetune_jobs_list()
    started = []
    for row in readiness:
        action = row["action_type"]
        mine = [j for j in jobs if j["action_type"] == action]
        busy = any(j["status"] not in TERMINAL for j in mine)
        recent = any(datetime.fromisoformat(j["created_at"]) > now - RESTART_AFTER for j in mine)
        if row["ready"] and not busy and not recent:
            training_snapshot(action=action, now=now)
            try:
                started.append(finetune_start(action, now=now))
            except (openai.OpenAIError, FinetuneError) as exc:
                errors.append(f"{action}: {exc}")
    return {"enabled": True, "started": started, "updated": updated, "errors": errors}
