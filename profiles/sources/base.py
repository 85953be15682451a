"""The source interface: one class per kind, registered by name, each turning a board into items.

An *item* is the loose dict ``profiles.feeds.normalize.normalize`` reads (id, title, url,
description as HTML or text, company, location, remote, salary fields, dates), so every source
feeds the one posting normaliser and the matcher sees the same shape whatever the board.
An item a connector cannot read raises ``ItemError`` and is quarantined with the reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urlsplit

from profiles.sources.http import HttpClient, Response, SourceError

MAX_PAGES = 50  # a board is read in at most this many pages (Lever at 100 a page: 5,000 jobs)
MAX_ITEMS = 5_000  # ...and at most this many items; a cut board is never used to close jobs
RAW_KEPT_CHARS = 4_000  # of a quarantined item, enough to see what was wrong

# Yearly factors of the intervals the boards state (schema.org unitText, Lever, Ashby, ...).
INTERVAL_PER_YEAR = {
    "hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1,
}  # fmt: skip


class ItemError(ValueError):
    """This item is malformed; the message is the reason shown in quarantine."""


@dataclass(frozen=True)
class SourceConfig:
    kind: str
    url: str
    board: str = ""
    company: str = ""  # when the board does not name its company (Lever, Ashby, Personio)

    @property
    def company_or_board(self) -> str:
        """The configured company, else the board slug made readable ("acme-labs": "Acme Labs")."""
        return self.company or " ".join(
            w.capitalize() for w in re.split(r"[-_.]+", self.board) if w
        )


@dataclass(frozen=True)
class Quarantined:
    key: str
    reason: str
    raw: str


@dataclass
class FetchOutcome:
    items: list[dict[str, object]] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    not_modified: bool = False  # every request came back 304: nothing to read
    complete: bool = False  # the whole board was read: jobs missing from it are closed
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    status: int | None = None  # HTTP status of the last response
    requests: int = 0


class Source(ABC):
    """A kind of job source. Subclasses say how to reach a board and how to read its items."""

    kind: ClassVar[str]
    label: ClassVar[str]
    reads: ClassVar[str]  # one line for the README table and the reviewer page
    needs_board: ClassVar[bool] = True  # else the URL is given
    lists_whole_board: ClassVar[bool] = True  # an absent job is a closed job
    reads_files: ClassVar[bool] = False  # file:// URLs allowed (the bundled sample feeds)
    accept: ClassVar[str] = "application/json"
    board_hosts: ClassVar[
        tuple[str, ...]
    ] = ()  # careers-page hosts whose first path part is the slug

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        """The URL read for ``board`` (``base`` replaces the public API host, e.g. in tests)."""
        raise NotImplementedError(f"{cls.kind} is read from a URL, not a board")

    @classmethod
    def board_from_url(cls, url: str) -> str:
        """The board slug in a careers URL of this ATS ('' when the URL is not one)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if any(host == h or host.endswith("." + h) for h in cls.board_hosts):
            return next((p for p in parts.path.split("/") if p), "")
        return ""

    def fetch(
        self, config: SourceConfig, validators: Mapping[str, Mapping[str, str]]
    ) -> FetchOutcome:
        """Read the whole board (every page), or report that nothing changed since last time."""
        outcome = FetchOutcome(complete=self.lists_whole_board)
        for page in self.pages(config, validators, outcome):
            outcome.items.extend(page)
            if len(outcome.items) >= MAX_ITEMS:
                outcome.items = outcome.items[:MAX_ITEMS]
                outcome.complete = False
                break
        outcome.requests = self.client.requests
        return outcome

    @abstractmethod
    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        """Yield the items of each page; record 304s, validators and quarantine in ``outcome``."""

    # Helpers shared by the connectors.

    def get(
        self,
        url: str,
        outcome: FetchOutcome,
        validators: Mapping[str, Mapping[str, str]] | None = None,
    ) -> Response | None:
        """GET with the stored validators; None (and ``not_modified``) on a 304."""
        response = self.client.get(url, validators=(validators or {}).get(url), accept=self.accept)
        outcome.status = response.status
        if response.status == 304:
            outcome.not_modified = True
            return None
        if response.validators:
            outcome.validators[url] = response.validators
        return response

    def get_list(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
        key: str,
    ) -> list[object] | None:
        """The ``key`` list of a one-page JSON board; None on a 304."""
        response = self.get(config.url, outcome, validators)
        if response is None:
            return None
        entries = mapping(json_body(response)).get(key)
        if not isinstance(entries, list):
            raise SourceError(f'{self.label} answer has no "{key}" list')
        return entries

    def read_items(
        self,
        entries: Iterable[object],
        outcome: FetchOutcome,
        read: Callable[[Mapping[str, object]], dict[str, object]],
    ) -> list[dict[str, object]]:
        """``read`` each entry; a malformed one goes to quarantine with its reason."""
        items = []
        for entry in entries:
            try:
                if not isinstance(entry, Mapping):
                    raise ItemError(f"item is a {type(entry).__name__}, not an object")
                items.append(read(entry))
            except ItemError as exc:
                outcome.quarantined.append(quarantined(entry, str(exc)))
        return items


def quarantined(entry: object, reason: str) -> Quarantined:
    raw = json.dumps(entry, default=str, ensure_ascii=False)[:RAW_KEPT_CHARS]
    key = ""
    if isinstance(entry, Mapping):
        named = (entry.get(k) for k in ("id", "identifier", "jobUrl", "url"))
        key = next((str(v) for v in named if isinstance(v, (str, int)) and str(v)), "")
    return Quarantined(
        key=key[:255] or hashlib.sha256(raw.encode()).hexdigest(), reason=reason[:500], raw=raw
    )


def json_body(response: Response) -> object:
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"not valid JSON from {urlsplit(response.url).netloc}: {exc}") from exc


def text(value: object) -> str:
    """A string field as text; numbers are accepted, anything else is empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def required_text(entry: Mapping[str, object], name: str) -> str:
    value = text(entry.get(name))
    if not value:
        raise ItemError(f"no {name}")
    return value


def required_id(entry: Mapping[str, object], name: str = "id") -> str:
    value = entry.get(name)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise ItemError(f"no usable {name}")
    return str(value).strip()


def as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def yearly(amount: object, interval: str) -> int | None:
    """A pay amount per ``interval`` (hour, day, week, month, year; any casing) per year."""
    if isinstance(amount, bool) or not isinstance(amount, (int, float, str)):
        return None
    try:
        value = float(str(amount).replace(",", ""))
    except ValueError:
        return None
    key = next((k for k in INTERVAL_PER_YEAR if k in interval.lower()), "year")
    yearly_value = round(value * INTERVAL_PER_YEAR[key])
    return yearly_value if yearly_value > 0 else None


def epoch_ms(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def join_place(*parts: object) -> str:
    seen: list[str] = []
    for part in (text(p) for p in parts):
        if part and part.lower() not in (s.lower() for s in seen):
            seen.append(part)
    return ", ".join(seen)


def section(heading: str, body: str) -> str:
    """An HTML section the posting parser reads as a heading and its text."""
    return f"<h3>{heading}</h3>\n{body}" if body.strip() else ""
