"""``{{ url|web_url }}``: an href that can only be an http(s) link (see recruitly.links)."""

from __future__ import annotations

from django import template

from recruitly.links import web_url as _web_url

register = template.Library()


@register.filter
def web_url(value: str | None) -> str:
    return _web_url(value)
