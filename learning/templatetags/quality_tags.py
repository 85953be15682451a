"""Template filters of the data-quality pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def share(figure: dict[str, Any] | None) -> str:
    """``k of n`` as a percentage with its 95 % interval; ``n = 0`` says so."""
    if not figure or figure.get("rate") is None:
        return "no data (n = 0)"
    return (
        f"{100 * figure['rate']:.1f} % [{100 * figure['low']:.1f}\u2013{100 * figure['high']:.1f}]"
        f" \u00b7 {figure['k']:,} of {figure['n']:,}"
    )


@register.filter
def short_share(figure: dict[str, Any] | None) -> str:
    if not figure or figure.get("rate") is None:
        return "\u2014"
    return f"{100 * figure['rate']:.1f} %"
