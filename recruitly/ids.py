"""Numeric ids from URLs and forms, without the traps of ``str.isdigit``.

``"²".isdigit()`` is True but ``int("²")`` raises, and a 400-digit id overflows the database's
bigint: both used to be 500s. An id here is 1-18 ASCII digits or nothing.
"""

from __future__ import annotations

# 18 digits always fit a signed 64-bit integer (the primary keys' type).
MAX_ID_DIGITS = 18


def parse_id(value: str | None) -> int | None:
    """The integer ``value`` spells in ASCII digits, or None for anything else."""
    if not value or len(value) > MAX_ID_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value)
