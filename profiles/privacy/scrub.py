"""Personal-data scrubbing of text: e-mail addresses, phone numbers, URLs and names.

Used before AI calls that do not need contact details (:mod:`profiles.ai.privacy`) and for
the AI loop's training snapshots (:mod:`learning.ai.training.examples`): the same code, so
what a model is sent and what it is trained on are scrubbed alike.

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
  :func:`profiles.privacy.names.layout_names` and then removed wherever they occur;
  "my name is" counts as a cue for a single word too.

A name written in the middle of the text with no cue and unknown to the system (a bare "John
Smith" in a bullet) is not recognised: that is the limit of a rule-based scrubber, and the
README says so (with the recall measured on real resumes: ``bench/scrub_names.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from profiles.privacy.names import layout_names

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


def names_of(user: Any) -> list[str]:
    """The names the system knows for ``user``: account and profile names, and the e-mail
    local parts ("maria.kowalczyk" names her)."""
    profile = getattr(user, "candidate_profile", None)
    names = [user.first_name, user.last_name, user.get_username().split("@")[0],
             (user.email or "").split("@")[0]]  # fmt: skip
    if profile is not None:
        names += [profile.full_name, (profile.email or "").split("@")[0]]
    return [n for n in names if n]


TOKENS = (EMAIL_TOKEN, PHONE_TOKEN, URL_TOKEN, NAME_TOKEN)
_TOKEN = re.compile("|".join(re.escape(t) for t in TOKENS))


def unscrub(fragment: str, text: str, *also: str) -> tuple[str, ...] | None:
    """Map a quote of the scrubbed ``text`` back to ``text``.

    ``fragment`` is a span of the scrubbed text (a model's answer quoting it): returns the
    span of ``text`` it stands for, then each of ``also`` (the answer's rewrite of it) with
    its tokens replaced by the words they stood for in that span, token kind by token kind
    in order. None when ``text`` has no such span or ``also`` holds a token the span lacks.
    A fragment with no token is its own span.
    """
    tokens = _TOKEN.findall(fragment)
    if not tokens:
        pattern = re.escape(fragment)
    else:
        parts = _TOKEN.split(fragment)
        last = len(parts) - 1
        # a token between words stands for anything on that line; at either end, one run of
        # non-blank characters (a word, an address)
        pattern = re.escape(parts[0])
        for i, part in enumerate(parts[1:], start=1):
            edge = (i == 1 and not parts[0]) or (i == last and not part)
            pattern += (r"(\S+)" if edge else r"([^\n]+?)") + re.escape(part)
    found = re.search(pattern, text)
    if found is None:
        return None
    values: dict[str, list[str]] = {}
    for token, value in zip(tokens, found.groups(), strict=True):
        values.setdefault(token, []).append(value)
    restored = []
    for other in also:
        queues = {token: list(words) for token, words in values.items()}

        def fill(match: re.Match[str], queues: dict[str, list[str]] = queues) -> str:
            queue = queues.get(match.group(0))
            if not queue:
                raise LookupError(match.group(0))
            return queue.pop(0)

        try:
            restored.append(_TOKEN.sub(fill, other))
        except LookupError:
            return None
    return (found.group(0), *restored)
