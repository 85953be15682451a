"""Personal-data scrubbing of training text: e-mail addresses, phone numbers, URLs and names.

Regular expressions, no model: e-mail addresses, web addresses (LinkedIn included, with or
without a scheme), phone numbers (7 or more digits with the usual separators, an optional
``+`` and country code; year ranges such as ``2019-2023`` are left alone), then names. Names
are removed in two ways:

* the names the system knows belong to someone: the candidate's account and profile names,
  the name a parsed resume states, and any JSON field called ``name``/``full_name`` in the
  text (each word of two or more letters, case-insensitive, on word boundaries);
* people named in the text: a run of two or three capitalised words after a title (Mr, Ms,
  Mrs, Dr, Prof) or after a cue such as "reported to", "managed by", "reference:",
  "contact:", "supervisor:".

* names written with no cue where layout puts a person's own name: on one of the first lines
  of a resume and on the lines after a sign-off ("Sincerely,"), found by
  :func:`learning.ai.training.names.layout_names` and then removed wherever they occur;
  "my name is" counts as a cue for a single word too.

A name written in the middle of the text with no cue and unknown to the system (a bare "John
Smith" in a bullet) is not recognised: that is the limit of a rule-based scrubber, and the
README says so (with the recall measured on real resumes: ``bench/scrub_names.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from learning.ai.training.names import layout_names

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)*linkedin\.com/\S*|\b[\w-]+\.(?:com|io|dev|me|net|org)"
    r"/\S*",
    re.IGNORECASE,
)
# 7+ digits once separators are dropped; starts with +, ( or a digit.
PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s().\-/]{5,}\d(?![\w/])")
YEAR_RANGE = re.compile(r"^\s*(?:19|20)\d{2}\s*[-/\u2013]\s*(?:19|20)\d{2}\s*$")
_CAP = r"[A-Z][a-z'\u2019-]+"
CUED_NAME = re.compile(
    r"(?P<cue>\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+|\bmy name is\s+|\b(?:reported to|reporting to|"
    r"managed by|supervised by|mentored by|references?|contact|supervisor|manager|referee)"
    r"\s*[:\-]?\s+)"
    rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})",
    re.IGNORECASE,
)
JSON_NAME = re.compile(r'"(?:name|full_name|first_name|last_name)"\s*:\s*"([^"]+)"')
MIN_NAME_PART = 2

EMAIL_TOKEN, PHONE_TOKEN, URL_TOKEN, NAME_TOKEN = "[EMAIL]", "[PHONE]", "[URL]", "[NAME]"


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or YEAR_RANGE.match(text):
        return text
    return PHONE_TOKEN


def name_parts(names: Iterable[str]) -> set[str]:
    """The words of the known names that are long enough to be names."""
    parts: set[str] = set()
    for name in names:
        for word in re.findall(r"[^\W\d_][\w'\u2019-]*", name or ""):
            if len(word) >= MIN_NAME_PART:
                parts.add(word)
    return parts


def _cued(match: re.Match[str]) -> str:
    # The cue's own case is kept; each word of the name after it becomes a token.
    name = match.group("name")
    words = name.split()
    # "Contact: Python" is a skill, not a person: only runs of two or more words after a
    # role cue, or any run after a title (Mr, Dr ...), count as a name.
    cue = match.group("cue").strip().rstrip(".").lower()
    if len(words) < 2 and cue not in {"mr", "mrs", "ms", "miss", "dr", "prof", "my name is"}:
        return match.group(0)
    return match.group("cue") + NAME_TOKEN


def scrub(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with e-mails, URLs, phone numbers and names replaced by tokens."""
    out = EMAIL.sub(EMAIL_TOKEN, text)
    out = URL.sub(URL_TOKEN, out)
    out = PHONE.sub(_phone, out)
    known = name_parts([*names, *JSON_NAME.findall(out), *layout_names(out)])
    if known:
        words = "|".join(re.escape(w) for w in sorted(known, key=len, reverse=True))
        # A word boundary, or the escaped line break of a JSON-dumped text ("...\\nVasquez").
        start = r"(?:(?<=\\[nrt])|(?<![\w\[]))"
        out = re.sub(rf"{start}(?:{words})(?![\w\]])", NAME_TOKEN, out, flags=re.IGNORECASE)
    return CUED_NAME.sub(_cued, out)
