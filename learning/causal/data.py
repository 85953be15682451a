"""The validated input of every estimator, in a canonical order (determinism by construction).

An estimate must not depend on the order of the rows or of the covariate columns, nor on
``PYTHONHASHSEED``. :func:`causal_input` therefore sorts the covariates by name and the rows
by every value they carry (outcome, treatment, instrument, panel and running columns, then the
covariates): two rows that tie on all of them are interchangeable, so every later step —
summation order, nearest-neighbour ties, seeded resampling — sees the same arrays whatever
order the caller used.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

MIN_ROWS = 10
MIN_PER_ARM = 2
MAX_LEVELS = 50  # distinct values of a text covariate turned into indicators


class CausalInputError(ValueError):
    """Input an estimator cannot use; ``code`` says why for a program, the message for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CausalInput:
    """One row per unit (or unit-period for a panel). ``d`` is 0/1 (for RD: above the cut-off)."""

    y: np.ndarray
    d: np.ndarray
    x: np.ndarray  # (n, k) covariates, no constant
    names: tuple[str, ...]
    z: np.ndarray | None = None  # instrument
    groups: np.ndarray | None = None  # cluster codes 0..G-1 (panel: the unit)
    time: np.ndarray | None = None  # panel period
    running: np.ndarray | None = None  # RD running variable, centred on the cut-off
    dropped_missing: int = 0

    def __post_init__(self) -> None:
        n = len(self.y)
        if self.x.shape != (n, len(self.names)) or len(self.d) != n:
            raise CausalInputError("invalid_shape", "every column needs one value per row")

    @property
    def n(self) -> int:
        return len(self.y)

    def take(self, rows: np.ndarray) -> CausalInput:
        """The rows ``rows`` (a resample may repeat a row; clusters keep their codes)."""

        def pick(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[rows]

        return replace(
            self,
            y=self.y[rows],
            d=self.d[rows],
            x=self.x[rows],
            z=pick(self.z),
            groups=pick(self.groups),
            time=pick(self.time),
            running=pick(self.running),
        )

    def with_covariate(self, name: str, values: np.ndarray) -> CausalInput:
        return replace(self, x=np.column_stack([self.x, values]), names=(*self.names, name))

    def with_treatment(self, d: np.ndarray) -> CausalInput:
        return replace(self, d=d.astype(float))


def _numeric(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        raise CausalInputError("missing_column", f"no column named {column!r}")
    try:
        values = pd.to_numeric(frame[column], errors="coerce")
    except (TypeError, ValueError) as exc:
        raise CausalInputError(
            "not_numeric", f"column {column!r} has values that are not numbers"
        ) from exc
    bad = values.isna() & frame[column].notna()
    if bad.any():
        raise CausalInputError("not_numeric", f"column {column!r} has values that are not numbers")
    return values.to_numpy(float)


def _binary(values: np.ndarray, column: str) -> np.ndarray:
    present = values[np.isfinite(values)]
    if not np.isin(present, (0.0, 1.0)).all():
        raise CausalInputError("not_binary", f"column {column!r} must be 0 or 1")
    return values


def causal_input(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treatment: str | None,
    covariates: tuple[str, ...] | list[str] = (),
    instrument: str | None = None,
    cluster: str | None = None,
    time: str | None = None,
    running: str | None = None,
    cutoff: float = 0.0,
) -> CausalInput:
    """Validate the named columns of ``frame`` and return them in canonical order.

    A text covariate becomes indicators of its levels (see :func:`_covariate`).
    Rows missing any used value are dropped (and counted): a missing value is not evidence.
    For RD without a ``treatment`` column the treatment is ``running ≥ cutoff``.
    Raises :class:`CausalInputError`.
    """
    names = tuple(sorted(dict.fromkeys(covariates)))
    used = [outcome, treatment, instrument, cluster, time, running, *names]
    if len([c for c in used if c]) != len({c for c in used if c}):
        raise CausalInputError("duplicate_column", "a column is used in two roles")
    cols: dict[str, np.ndarray] = {"y": _numeric(frame, outcome)}
    if running:
        cols["running"] = _numeric(frame, running) - float(cutoff)
    if treatment:
        cols["d"] = _binary(_numeric(frame, treatment), treatment)
    elif running:
        cols["d"] = (cols["running"] >= 0).astype(float)
    else:
        raise CausalInputError("missing_column", "a treatment column is required")
    if instrument:
        cols["z"] = _numeric(frame, instrument)
    if time:
        cols["time"] = _numeric(frame, time)
    if cluster:
        if cluster not in frame.columns:
            raise CausalInputError("missing_column", f"no column named {cluster!r}")
        # codes follow the sorted labels, never the order of first appearance; missing: NaN
        codes = pd.Categorical(frame[cluster].astype("string")).codes.astype(float)
        cols["groups"] = np.where(codes < 0, np.nan, codes)
    blocks = [_covariate(frame, c) for c in names]
    x = np.column_stack([b for b, _ in blocks]) if blocks else np.empty((len(frame), 0))
    return _canonical(cols, x, tuple(n for _, labels in blocks for n in labels))


def _covariate(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """A numeric column as is; a text column as 0/1 indicators ``column=level``.

    Levels are sorted as text and the first is the reference (no indicator), so the columns
    do not depend on the order rows arrive in; a missing label drops the row like a missing
    number. More than :data:`MAX_LEVELS` levels is an error (an identifier, not a category).
    """
    try:
        return _numeric(frame, column)[:, None], (column,)
    except CausalInputError as exc:
        if exc.code != "not_numeric":
            raise
    labels = frame[column].astype("string")
    levels = sorted(labels.dropna().unique())
    if len(levels) > MAX_LEVELS:
        raise CausalInputError(
            "too_many_levels",
            f"column {column!r} is text with {len(levels)} distinct values (at most "
            f"{MAX_LEVELS} are turned into indicators)",
        )
    missing = labels.isna().to_numpy()
    indicators = np.column_stack(
        [np.where(missing, np.nan, (labels == level).fillna(False).to_numpy(float))
         for level in levels[1:]]
    ) if len(levels) > 1 else np.empty((len(frame), 0))  # fmt: skip
    return indicators, tuple(f"{column}={level}" for level in levels[1:])


def _canonical(cols: dict[str, np.ndarray], x: np.ndarray, names: tuple[str, ...]) -> CausalInput:
    mask = np.isfinite(np.column_stack([*cols.values(), x])).all(axis=1)
    dropped = int((~mask).sum())
    cols = {k: v[mask] for k, v in cols.items()}
    x = x[mask]
    if mask.sum() < MIN_ROWS:
        raise CausalInputError("too_few_rows", f"at least {MIN_ROWS} complete rows are needed")
    # np.lexsort sorts by the last key first: the outcome is the primary key
    order = np.lexsort([*x.T[::-1], *[cols[k] for k in reversed(list(cols))]])
    arrays: dict[str, Any] = {k: v[order] for k, v in cols.items()}
    d = arrays["d"]
    if min(int(d.sum()), int((1 - d).sum())) < MIN_PER_ARM:
        raise CausalInputError(
            "no_variation", f"each arm needs at least {MIN_PER_ARM} rows (treated and control)"
        )
    if "groups" in arrays:
        arrays["groups"] = np.unique(arrays["groups"], return_inverse=True)[1]
    return CausalInput(
        y=arrays["y"],
        d=d,
        x=x[order],
        names=names,
        z=arrays.get("z"),
        groups=arrays.get("groups"),
        time=arrays.get("time"),
        running=arrays.get("running"),
        dropped_missing=dropped,
    )


def from_arrays(
    y: np.ndarray,
    d: np.ndarray,
    x: np.ndarray,
    names: tuple[str, ...],
    *,
    z: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> CausalInput:
    """Arrays (e.g. from the nightly analysis) through the same validation and ordering."""
    frame = pd.DataFrame(np.asarray(x, float).reshape(len(y), -1), columns=list(names))
    frame["__y"], frame["__d"] = np.asarray(y, float), np.asarray(d, float)
    if z is not None:
        frame["__z"] = np.asarray(z, float)
    if groups is not None:
        frame["__g"] = np.asarray(groups)
    return causal_input(
        frame,
        outcome="__y",
        treatment="__d",
        covariates=names,
        instrument="__z" if z is not None else None,
        cluster="__g" if groups is not None else None,
    )
