# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Validated per-arm sufficient statistics: the only inputs of the statistics engine.

Every metric is reduced, per arm, to sums over the users of that arm, so an analysis never
needs the raw rows and the engine never needs a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


class StatsInputError(ValueError):
    """Sufficient statistics that cannot describe any sample."""


def _finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StatsInputError(f"{name} must be a finite number, got {value!r}")


def _count(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StatsInputError(f"n must be a non-negative integer, got {value!r}")


@dataclass(frozen=True)
class SampleStats:
    """One arm of a mean or binomial metric: ``n`` users, ``sum`` = Σy, ``sum_squares`` = Σy²."""

    n: int
    sum: float
    sum_squares: float

    def __post_init__(self) -> None:
        _count(self.n)
        _finite("sum", self.sum)
        _finite("sum_squares", self.sum_squares)
        if self.sum_squares < 0:
            raise StatsInputError("sum_squares must not be negative")
        # Cauchy-Schwarz: (Σy)² ≤ n·Σy²; a small relative slack absorbs float rounding.
        if self.sum**2 > self.n * self.sum_squares * (1 + 1e-9) + 1e-9:
            raise StatsInputError("sum² exceeds n·sum_squares: not the sums of one sample")

    @classmethod
    def from_mapping(cls, data: Any) -> SampleStats:
        if isinstance(data, SampleStats):
            return data
        try:
            return cls(
                n=data["n"], sum=data["sum"], sum_squares=data.get("sum_squares", data["sum"])
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise StatsInputError(f"expected n, sum and sum_squares, got {data!r}") from exc

    @property
    def mean(self) -> float:
        return self.sum / self.n if self.n else 0.0

    def variance(self, *, binomial: bool) -> float:
        """Per-user variance: p(1 − p) for a proportion, the n − 1 sample variance otherwise."""
        if binomial:
            p = self.mean
            return p * (1 - p)
        if self.n <= 1:
            return 0.0
        return max((self.sum_squares - self.sum**2 / self.n) / (self.n - 1), 0.0)


@dataclass(frozen=True)
class RatioStats:
    """One arm of a ratio metric Σm/Σd (e.g. interviews per application), per-user sums.

    ``m_*`` are the numerator's Σm and Σm², ``d_*`` the denominator's, ``md_sum`` = Σm·d.
    """

    n: int
    m_sum: float
    m_sum_squares: float
    d_sum: float
    d_sum_squares: float
    md_sum: float

    def __post_init__(self) -> None:
        _count(self.n)
        for name in ("m_sum", "m_sum_squares", "d_sum", "d_sum_squares", "md_sum"):
            _finite(name, getattr(self, name))
        SampleStats(self.n, self.m_sum, self.m_sum_squares)
        SampleStats(self.n, self.d_sum, self.d_sum_squares)

    @property
    def mean(self) -> float:
        """The arm's ratio Σm/Σd (0 when nothing was in the denominator)."""
        return self.m_sum / self.d_sum if self.d_sum else 0.0

    def variance(self) -> float:
        """n·Var(ratio) by the delta method:
        Var(M)/D̄² − 2 Cov(M,D) M̄/D̄³ + M̄² Var(D)/D̄⁴ (sample moments, n − 1)."""
        if self.n <= 1 or self.d_sum == 0:
            return 0.0
        n = self.n
        m_bar, d_bar = self.m_sum / n, self.d_sum / n
        var_m = (self.m_sum_squares - self.m_sum**2 / n) / (n - 1)
        var_d = (self.d_sum_squares - self.d_sum**2 / n) / (n - 1)
        cov = (self.md_sum - self.m_sum * self.d_sum / n) / (n - 1)
        value = var_m / d_bar**2 - 2 * cov * m_bar / d_bar**3 + m_bar**2 * var_d / d_bar**4
        return max(value, 0.0)


@dataclass(frozen=True)
class CupedStats:
    """One arm of a metric y with a pre-exposure covariate x (CUPED).

    ``y``/``x`` sums and sums of squares over the arm's users, ``xy_sum`` = Σx·y.
    """

    n: int
    y_sum: float
    y_sum_squares: float
    x_sum: float
    x_sum_squares: float
    xy_sum: float

    def __post_init__(self) -> None:
        _count(self.n)
        for name in ("y_sum", "y_sum_squares", "x_sum", "x_sum_squares", "xy_sum"):
            _finite(name, getattr(self, name))
        SampleStats(self.n, self.y_sum, self.y_sum_squares)
        SampleStats(self.n, self.x_sum, self.x_sum_squares)

    @property
    def y(self) -> SampleStats:
        return SampleStats(self.n, self.y_sum, self.y_sum_squares)

    @property
    def x(self) -> SampleStats:
        return SampleStats(self.n, self.x_sum, self.x_sum_squares)

    def covariance(self) -> float:
        if self.n <= 1:
            return 0.0
        return (self.xy_sum - self.x_sum * self.y_sum / self.n) / (self.n - 1)
