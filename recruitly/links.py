"""Links that may be put in an ``href``: only absolute http(s) URLs.

A job feed is third-party input: a ``javascript:`` or ``data:`` URL in it would run script in
the candidate's session the moment they click "original posting".
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def web_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else the empty string."""
    if not url:
        return ""
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return ""
    return candidate
