from __future__ import annotations


class ExperimentError(ValueError):
    """A request the experiment cannot honour; ``reasons`` lists every problem found."""

    def __init__(self, reasons: list[str] | str) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("; ".join(self.reasons))


class ExperimentStateError(ExperimentError):
    """The experiment's status does not allow this transition."""


class EthicsCheckFailed(ExperimentError):
    """Start was refused by the ethics checks (seed 002 §15.4)."""
