from __future__ import annotations

from django import template

register = template.Library()


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@register.filter
def pct(value: object, digits: int = 1) -> str:
    """A share as a signed percentage ("+12.3 %"); "—" when undefined."""
    number = _number(value)
    return "—" if number is None else f"{number * 100:+.{digits}f} %"


@register.filter
def share(value: object, digits: int = 1) -> str:
    """A probability or proportion as a percentage without sign."""
    number = _number(value)
    return "—" if number is None else f"{number * 100:.{digits}f} %"


@register.filter
def words(value: object) -> str:
    """A snake_case code as words ("too_few_users" → "too few users")."""
    return str(value or "").replace("_", " ")
