"""Template filters of the resume optimization pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``scores|get:"overall"``: a dict's value by a key held in a variable (None if absent)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
