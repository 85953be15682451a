"""An analyst's question about a table: parse it, estimate, and answer as one JSON object.

Shared by ``manage.py causal_effect`` and ``POST /api/v1/learning/causal-effect``. The table
is bounded (``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns); every problem with it is a
:class:`~learning.causal.data.CausalInputError` with a ``code``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pandas as pd

from learning.causal.data import CausalInputError, causal_input
from learning.causal.engine import BACKDOOR, METHODS, estimate_effect

MAX_ROWS = 200_000
MAX_COLUMNS = 200
ESTIMANDS = ("att", "ate")


@dataclass(frozen=True)
class EffectRequest:
    treatment: str | None
    outcome: str
    covariates: tuple[str, ...] = ()
    method: str = "dr"
    estimand: str = "att"
    instrument: str | None = None
    unit: str | None = None
    time: str | None = None
    running: str | None = None
    cutoff: float = 0.0
    seed: int = 0
    neighbours: int = 4
    caliper: float | None = None
    trim: float = 0.0
    bootstrap: int = 200
    bandwidth: float | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise CausalInputError("invalid_method", f"method must be one of {', '.join(METHODS)}")
        if self.estimand not in ESTIMANDS:
            raise CausalInputError("invalid_estimand", "estimand must be att or ate")
        if not 20 <= self.bootstrap <= 2000:
            raise CausalInputError("invalid_bootstrap", "bootstrap draws must be 20 to 2000")
        needs = {"iv": self.instrument, "did": self.unit and self.time, "rd": self.running}
        if self.method in needs and not needs[self.method]:
            role = {"iv": "an instrument", "did": "unit and time", "rd": "a running variable"}
            raise CausalInputError("missing_column", f"{self.method} needs {role[self.method]}")
        if self.method != "rd" and not self.treatment:
            raise CausalInputError("missing_column", "a treatment column is required")


def read_csv(content: bytes | str) -> pd.DataFrame:
    """A bounded CSV table. Raises CausalInputError (``invalid_csv``, ``too_large``)."""
    text = content.decode("utf-8-sig", errors="strict") if isinstance(content, bytes) else content
    try:
        frame = pd.read_csv(io.StringIO(text), nrows=MAX_ROWS + 1, low_memory=False)
    except UnicodeDecodeError as exc:
        raise CausalInputError("invalid_csv", "the CSV is not UTF-8 text") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CausalInputError("invalid_csv", f"the CSV cannot be read: {exc}") from exc
    return bounded(frame)


def bounded(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > MAX_ROWS or frame.shape[1] > MAX_COLUMNS:
        raise CausalInputError(
            "too_large", f"at most {MAX_ROWS} rows and {MAX_COLUMNS} columns are accepted"
        )
    frame.columns = [str(c) for c in frame.columns]
    if frame.columns.duplicated().any():
        raise CausalInputError("duplicate_column", "two columns have the same name")
    return frame


def effect_from_table(frame: pd.DataFrame, request: EffectRequest) -> dict[str, Any]:
    """The estimate as a JSON-safe dict (see CausalEstimate.as_dict) plus the request echo."""
    cluster = request.unit
    data = causal_input(
        frame,
        outcome=request.outcome,
        treatment=request.treatment,
        covariates=request.covariates,
        instrument=request.instrument if request.method in ("iv", *BACKDOOR) else None,
        cluster=cluster,
        time=request.time if request.method == "did" else None,
        running=request.running if request.method == "rd" else None,
        cutoff=request.cutoff,
    )
    estimate = estimate_effect(
        data,
        method=request.method,
        estimand=request.estimand,
        seed=request.seed,
        k=request.neighbours,
        caliper=request.caliper,
        trim=request.trim,
        draws=request.bootstrap,
        bandwidth=request.bandwidth,
    )
    return {
        **estimate.as_dict(),
        "treatment": request.treatment,
        "outcome": request.outcome,
        "covariates": sorted(request.covariates),
        "seed": request.seed,
        "rows_used": data.n,
        "rows_dropped_missing": data.dropped_missing,
    }
