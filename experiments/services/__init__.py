"""Writes of the experiments app. Import the functions from here."""

from experiments.services.analysis import (
    Evaluation,
    experiment_analyse,
    experiment_evaluate,
    experiments_analyse,
)
from experiments.services.assignment import (
    assign,
    component_variant,
    experiment_assign,
    experiment_assign_many,
)
from experiments.services.errors import EthicsCheckFailed, ExperimentError, ExperimentStateError
from experiments.services.ethics import EthicsCheck, experiment_ethics_checks
from experiments.services.holdout_report import holdout_report
from experiments.services.holdouts import (
    holdout_end,
    holdout_rotate,
    holdout_start,
    holdout_value,
)
from experiments.services.lifecycle import (
    experiment_create,
    experiment_pause,
    experiment_resume,
    experiment_stage_advance,
    experiment_start,
    experiment_stop,
)
from experiments.services.shipping import (
    experiment_rollback,
    experiment_ship,
    experiment_ship_leader,
    variant_get,
)

__all__ = [
    "EthicsCheck",
    "EthicsCheckFailed",
    "Evaluation",
    "ExperimentError",
    "ExperimentStateError",
    "assign",
    "component_variant",
    "experiment_analyse",
    "experiment_assign",
    "experiment_assign_many",
    "experiment_create",
    "experiment_ethics_checks",
    "experiment_evaluate",
    "experiment_pause",
    "experiment_resume",
    "experiment_rollback",
    "experiment_ship",
    "experiment_ship_leader",
    "experiment_stage_advance",
    "experiment_start",
    "experiment_stop",
    "experiments_analyse",
    "holdout_end",
    "holdout_report",
    "holdout_rotate",
    "holdout_start",
    "holdout_value",
    "variant_get",
]
