"""The same job on two sources: same company, normalised title and place, and similar text.

A job board, a careers page and an aggregator often carry one opening. The key hashes the
company (legal suffixes dropped), the title (gender markers such as "(m/f/d)" and punctuation
dropped) and the first part of the place; two postings with one key are the same job when
their descriptions share at least ``SAME_JOB_SIMILARITY`` of their word 3-grams (Jaccard), so
two different "Software Engineer" openings of one company in one city stay two jobs.
"""

from __future__ import annotations

import hashlib
import re

SAME_JOB_SIMILARITY = 0.5  # reposted adverts differ by a sentence or a footer; others by most
SHINGLE = 3
_GENDER = re.compile(r"\((?:[mwfdxh]\s*/\s*){1,3}[mwfdxh]\)|\b[mwfdx]/[mwfdx](?:/[mwfdx])?\b", re.I)
_LEGAL = re.compile(
    r"\b(?:inc|incorporated|llc|ltd|limited|gmbh|ag|se|sa|sas|bv|b\.v|plc|corp|corporation|co)\b\.?",
    re.I,
)
_NON_WORD = re.compile(r"[^\w]+")


def _words(value: str) -> str:
    return " ".join(_NON_WORD.sub(" ", value.lower()).split())


def company_key(company: str) -> str:
    return _words(_LEGAL.sub(" ", company))


def title_key(title: str) -> str:
    return _words(_GENDER.sub(" ", title))


def place_key(location: str) -> str:
    first = re.split(r"[,;/(|]", location, maxsplit=1)[0]
    return _words(first)


def dedupe_key(company: str, title: str, location: str) -> str:
    key = "\x1f".join((company_key(company), title_key(title), place_key(location)))
    return hashlib.sha256(key.encode()).hexdigest()


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of the two texts' word 3-grams (1.0 when both are empty)."""
    a, b = _shingles(first), _shingles(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _shingles(value: str) -> set[tuple[str, ...]]:
    words = _words(value).split()
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
