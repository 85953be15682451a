"""Parameter specs: a component's name, default, description and validator.

The app that owns a value declares it (``profiles/parameters.py`` for matching and strategy,
``profiles/ai/parameters.py`` for prompts and models); the registry is complete once Django's
apps are ready. Consumers read values through :mod:`recruitly.spine.resolver`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class ParameterValueError(ValueError):
    """A proposed value does not fit its component's declaration."""


Validator = Callable[[Any], list[str]]


@dataclass(frozen=True)
class ParameterSpec:
    component: str
    default: Any
    description: str
    validate: Validator


REGISTRY: dict[str, ParameterSpec] = {}


def declare(component: str, default: Any, description: str, validate: Validator) -> ParameterSpec:
    errors = validate(default)
    if errors:
        raise ParameterValueError(f"default of {component} is invalid: {'; '.join(errors)}")
    spec = ParameterSpec(component, default, description, validate)
    REGISTRY[component] = spec
    return spec


def number(minimum: float, maximum: float, *, integer: bool = False) -> Validator:
    def check(value: Any) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"must be a number, got {type(value).__name__}"]
        if integer and not float(value).is_integer():
            return [f"must be a whole number, got {value}"]
        if not math.isfinite(value) or not minimum <= value <= maximum:
            return [f"must be between {minimum:g} and {maximum:g}, got {value}"]
        return []

    return check


def text(max_length: int) -> Validator:
    def check(value: Any) -> list[str]:
        if not isinstance(value, str) or not value.strip():
            return ["must be a non-empty string"]
        if len(value) > max_length:
            return [f"must be at most {max_length} characters"]
        return []

    return check


def choice(choices: tuple[str, ...]) -> Validator:
    def check(value: Any) -> list[str]:
        return [] if value in choices else [f"must be one of {', '.join(choices)}"]

    return check


def spec(component: str) -> ParameterSpec:
    try:
        return REGISTRY[component]
    except KeyError:
        raise ParameterValueError(f"unknown parameter component {component!r}") from None


def validate_value(component: str, value: Any) -> None:
    errors = spec(component).validate(value)
    if errors:
        raise ParameterValueError(f"{component}: {'; '.join(errors)}")
