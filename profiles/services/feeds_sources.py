"""Job sources: add one (by board slug or URL), preview it, fetch it, close what left it.

A fetch reads the whole source through its connector (``profiles.sources``), normalises every
item with the one posting normaliser, applies the source's filters, upserts the postings
(de-duplicated across sources in ``jobs_upsert``), quarantines malformed items with their
reason, and closes, never deletes, the postings that left a board or passed ``validThrough``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from profiles.feeds.normalize import Posting, normalize
from profiles.models import (
    FeedSource,
    FeedStatus,
    JobClosedReason,
    JobListing,
    QuarantinedPosting,
)
from profiles.sources import (
    REGISTRY,
    FetchOutcome,
    HttpClient,
    Source,
    SourceConfig,
    source_class,
)
from profiles.sources.base import Quarantined, quarantined
from profiles.sources.http import Response, SourceError

BOARD_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
PREVIEW_SHOWN = 20
PREVIEW_TIMEOUT_SECONDS = 10.0  # a reviewer waits for the preview: one try, a short timeout
FILTER_KEYS = frozenset({"include", "exclude", "locations", "remote_only"})
# Extra keyword arguments of every HttpClient the fetches build (tests set a fake sleep here).
CLIENT_OPTIONS: dict[str, Any] = {}


class SourceConfigError(ValueError):
    """The kind, board, URL or filters given for a source are not usable (a 4xx, not a 500)."""


@dataclass(frozen=True)
class ResolvedSource:
    kind: str
    board: str
    url: str
    name: str


@dataclass
class SourcePreview:
    postings: list[Posting] = field(default_factory=list)
    total: int = 0
    kept: int = 0  # after the filters
    quarantined: list[Quarantined] = field(default_factory=list)


def source_resolve(
    *, kind: str, target: str, base_url: str = "", name: str = "", allow_files: bool = False
) -> ResolvedSource:
    """Read what a reviewer typed: a board slug, a careers URL of that ATS, or a page/feed URL.

    ``file://`` URLs only with ``allow_files`` (the command line's operator, never a web form:
    a feed URL typed in a page must not read the server's own files).
    """
    try:
        cls = source_class(kind)
    except ValueError as exc:
        raise SourceConfigError(str(exc)) from exc
    target = target.strip()
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        raise SourceConfigError("the base URL must be http(s)")
    if not cls.needs_board:
        files = allow_files and cls.reads_files
        schemes = ("http", "https", "file") if files else ("http", "https")
        parts = urlsplit(target)
        if parts.scheme not in schemes or not (parts.netloc or parts.scheme == "file"):
            raise SourceConfigError(f"{cls.label} needs an {'/'.join(schemes)} URL")
        default = (parts.netloc + parts.path).strip("/") or target
        return ResolvedSource(kind, "", target, (name or default)[:100])
    board = cls.board_from_url(target) if "://" in target else target
    if not board:
        raise SourceConfigError(f"not a {cls.label} careers URL; give the board's slug instead")
    if not BOARD_SLUG.match(board):
        raise SourceConfigError("a board slug is letters, digits, '.', '_' and '-' only")
    return ResolvedSource(
        kind, board, cls.endpoint(board, base_url), (name or f"{kind}-{board}")[:100]
    )


def filters_clean(filters: Mapping[str, object] | None) -> dict[str, object]:
    """Validated filters: lists of words for include/exclude/locations, a bool remote_only."""
    filters = dict(filters or {})
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise SourceConfigError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    clean: dict[str, object] = {}
    for key in ("include", "exclude", "locations"):
        values = filters.get(key) or []
        if isinstance(values, str):
            values = [v for v in values.split(",")]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise SourceConfigError(f"filter {key} must be a list of words")
        words = [v.strip() for v in values if v.strip()]
        if words:
            clean[key] = words
    if filters.get("remote_only"):
        clean["remote_only"] = True
    return clean


@transaction.atomic
def source_add(
    *,
    kind: str,
    target: str,
    name: str = "",
    base_url: str = "",
    company: str = "",
    fetch_every_minutes: int = 60,
    filters: Mapping[str, object] | None = None,
    allow_files: bool = False,
) -> FeedSource:
    """Register a source (raises SourceConfigError on bad input, or when the name is taken)."""
    resolved = source_resolve(
        kind=kind, target=target, base_url=base_url, name=name, allow_files=allow_files
    )
    if fetch_every_minutes < 1:
        raise SourceConfigError("the schedule is at least one minute")
    if FeedSource.objects.filter(name=resolved.name).exists():
        raise SourceConfigError(f"a source named {resolved.name!r} exists already")
    return FeedSource.objects.create(
        name=resolved.name,
        kind=resolved.kind,
        board=resolved.board,
        url=resolved.url,
        company=company.strip()[:255],
        fetch_every_minutes=fetch_every_minutes,
        filters=filters_clean(filters),
    )


def source_preview(
    *,
    kind: str,
    target: str,
    base_url: str = "",
    company: str = "",
    filters: Mapping[str, object] | None = None,
    client: HttpClient | None = None,
) -> SourcePreview:
    """What the source returns now, normalised and filtered, without storing anything.

    Raises SourceConfigError on bad input and SourceError when the source cannot be read.
    """
    resolved = source_resolve(kind=kind, target=target, base_url=base_url)
    config = _config(resolved.kind, resolved.url, resolved.board, company)
    client = client or http_client(source_class(kind), retries=0, timeout=PREVIEW_TIMEOUT_SECONDS)
    outcome = source_class(kind)(client).fetch(config, {})
    postings, invalid = _normalized(outcome.items)
    kept = postings_filtered(postings, filters_clean(filters))
    return SourcePreview(
        postings=kept[:PREVIEW_SHOWN],
        total=len(outcome.items),
        kept=len(kept),
        quarantined=outcome.quarantined + invalid,
    )


def http_client(cls: type[Source], **options: Any) -> HttpClient:
    return HttpClient(**{"allow_files": cls.reads_files, **options, **CLIENT_OPTIONS})


def _config(kind: str, url: str, board: str, company: str) -> SourceConfig:
    return SourceConfig(kind=kind, url=url, board=board, company=company)


def _normalized(items: Iterable[dict[str, object]]) -> tuple[list[Posting], list[Quarantined]]:
    postings, invalid = [], []
    for item in items:
        posting = normalize(item)
        if posting is None:
            invalid.append(quarantined(item, "no title or no id"))
        else:
            postings.append(posting)
    return postings, invalid


def postings_filtered(postings: list[Posting], filters: Mapping[str, object]) -> list[Posting]:
    include = [w.lower() for w in _words(filters.get("include"))]
    exclude = [w.lower() for w in _words(filters.get("exclude"))]
    places = [w.lower() for w in _words(filters.get("locations"))]
    kept = []
    for posting in postings:
        title = posting.title.lower()
        if include and not any(w in title for w in include):
            continue
        if any(w in title for w in exclude):
            continue
        if filters.get("remote_only") and not posting.remote:
            continue
        if places and not (posting.remote or any(p in posting.location.lower() for p in places)):
            continue
        kept.append(posting)
    return kept


def _words(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def source_fetch(
    *,
    feed: FeedSource,
    now: datetime,
    client: HttpClient | None = None,
    upsert: Callable[..., Any],
) -> Any:
    """Fetch one source and store what it returned; the outcome is recorded on the feed."""
    try:
        cls = source_class(feed.kind)
    except ValueError as exc:
        raise SourceError(str(exc)) from exc
    client = client or http_client(cls)
    config = _config(feed.kind, feed.url, feed.board, feed.company)
    started = time.monotonic()
    try:
        outcome = cls(client).fetch(config, feed.http_validators or {})
    except SourceError as exc:
        if exc.gone:
            jobs_close(feed=feed, keep_ids=set(), reason=JobClosedReason.BOARD_GONE, now=now)
        raise
    elapsed_ms = round((time.monotonic() - started) * 1000)
    postings, invalid = _normalized(outcome.items)
    kept = postings_filtered(postings, feed.filters or {})
    result = upsert(postings=kept, source=feed.name, feed=feed, now=now)
    result.invalid += len(invalid)
    quarantine = outcome.quarantined + invalid
    _quarantine(feed, quarantine, now)
    closed = jobs_close_expired(feed=feed, now=now)
    if outcome.complete and not outcome.not_modified:
        closed += jobs_close(
            feed=feed,
            keep_ids={p.external_id for p in kept},
            reason=JobClosedReason.REMOVED,
            now=now,
        )
    received = len(outcome.items) + len(outcome.quarantined)
    _record_success(feed, outcome, result, closed, received, len(quarantine), elapsed_ms, now)
    return result


def _record_success(
    feed: FeedSource,
    outcome: FetchOutcome,
    result: Any,
    closed: int,
    received: int,
    quarantined_count: int,
    elapsed_ms: int,
    now: datetime,
) -> None:
    values: dict[str, object] = {
        "last_fetched_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "next_attempt_at": None,
        "last_http_status": outcome.status,
        "last_duration_ms": elapsed_ms,
        "items_closed": closed,
        "updated_at": now,
    }
    if not outcome.not_modified:  # a 304 keeps the last real read's counts and validators
        values |= {
            "status": FeedStatus.OK if received else FeedStatus.EMPTY,
            "items_seen": received,
            "items_new": result.new,
            "items_updated": result.updated,
            "items_skipped": result.skipped + result.invalid,
            "items_quarantined": quarantined_count,
            "http_validators": outcome.validators,
        }
    elif feed.status in (FeedStatus.NEVER, FeedStatus.FAILING, FeedStatus.GONE):
        values["status"] = FeedStatus.OK
    FeedSource.objects.filter(pk=feed.pk).update(**values)
    feed.refresh_from_db()


def _quarantine(feed: FeedSource, items: list[Quarantined], now: datetime) -> None:
    for item in items:
        QuarantinedPosting.objects.update_or_create(
            feed=feed,
            item_key=item.key[:255],
            defaults={"reason": item.reason, "raw": item.raw, "last_seen_at": now},
        )


def jobs_close(*, feed: FeedSource, keep_ids: set[str], reason: str, now: datetime) -> int:
    """Close the feed's open postings not in ``keep_ids``; returns how many were closed."""
    open_jobs = JobListing.objects.filter(feed=feed, source=feed.name, is_active=True)
    return open_jobs.exclude(external_id__in=keep_ids).update(
        is_active=False, closed_at=now, closed_reason=reason, updated_at=now
    )


def jobs_close_expired(*, feed: FeedSource | None = None, now: datetime) -> int:
    """Close open postings whose ``valid_through`` has passed (all feeds, or one)."""
    jobs = JobListing.objects.filter(is_active=True, valid_through__lt=now)
    if feed is not None:
        jobs = jobs.filter(feed=feed)
    return jobs.update(
        is_active=False, closed_at=now, closed_reason=JobClosedReason.EXPIRED, updated_at=now
    )


def retry_wait(exc: Exception) -> timedelta | None:
    """How long the source asked us to wait (a 429's Retry-After), if it said."""
    seconds = getattr(exc, "retry_after", None)
    return timedelta(seconds=seconds) if seconds else None


def source_kinds() -> list[tuple[str, str, str, bool]]:
    """(kind, label, what it reads, needs a board) of every registered source."""
    return [(k, c.label, c.reads, c.needs_board) for k, c in sorted(REGISTRY.items())]


def reader_client(reader: Callable[[str], bytes]) -> HttpClient:
    """A client that answers every GET with ``reader(url)`` (the old ``feed_fetch(reader=)``)."""

    class ReaderClient(HttpClient):
        def get(self, url: str, *, validators: object = None, accept: str = "*/*") -> Response:
            self.requests += 1
            return Response(200, reader(url), {}, url)

    return ReaderClient()
