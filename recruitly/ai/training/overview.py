"""What the dashboard shows of training: readiness, snapshots, fine-tune jobs, candidates."""

from __future__ import annotations

from typing import Any

from recruitly.ai.training.examples import training_readiness
from recruitly.ai.training.snapshot import snapshots_list


def training_overview() -> dict[str, Any]:
    from recruitly.ai.training.candidates import candidates_list
    from recruitly.ai.training.finetune import finetune_jobs_list

    return {
        "readiness": training_readiness(),
        "snapshots": snapshots_list(),
        "finetune_jobs": finetune_jobs_list(),
        "candidates": candidates_list(),
    }
