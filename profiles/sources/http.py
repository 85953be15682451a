"""A polite HTTP GET for job sources: timeouts, bounded bodies, retries, per-host pacing.

Standard library only (``urllib``): one GET at a time per source needs no session pooling,
and the conditional-request, ``Retry-After`` and pacing rules below are the part that matters.

- Retries: connection errors, timeouts, 429 and 5xx are retried ``retries`` times; the wait
  is the server's ``Retry-After`` (seconds or an HTTP date) when it sends one, else
  ``backoff_base * 2**attempt``. A ``Retry-After`` longer than ``max_retry_after`` is not
  slept through: the fetch fails as transient and the feed's next attempt waits for it.
- Pacing: at least ``min_interval`` seconds between two requests to the same host, shared by
  every client of the process (many boards live on one ATS host).
- Bodies larger than ``max_bytes`` are refused (``Content-Length`` first, then while reading).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from profiles.feeds.fetch import FeedError

USER_AGENT = (
    "recruitly-job-sources/1.0 (reads public job-board APIs and schema.org JobPosting pages; "
    "+https://github.com/recruitly/recruitly)"
)
MAX_BYTES = 20 * 1024 * 1024  # the largest real board we know of (838 jobs) is ~12 MB
TIMEOUT_SECONDS = 20.0
RETRIES = 3
BACKOFF_BASE_SECONDS = 2.0  # 2, 4, 8 s between attempts
MAX_RETRY_AFTER_SECONDS = 60.0  # longer asks fail the fetch; the feed backs off instead
MIN_HOST_INTERVAL_SECONDS = 1.0  # one request a second per host: public APIs ask for little
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})


class SourceError(FeedError):
    """A source could not be read. ``transient``: worth retrying soon; ``gone``: 404/410."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool = False,
        gone: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, transient=transient)
        self.gone = gone
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 304 when the validators sent still hold
    body: bytes
    headers: Mapping[str, str]  # lower-case names
    url: str

    @property
    def validators(self) -> dict[str, str]:
        found = {"etag": self.headers.get("etag", ""), "last_modified": ""}
        found["last_modified"] = self.headers.get("last-modified", "")
        return {k: v for k, v in found.items() if v}


class HostPacer:
    """Spaces requests to one host ``min_interval`` seconds apart (thread-safe)."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(
        self,
        host: str,
        min_interval: float,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        with self._lock:
            now = clock()
            ready = self._last.get(host, float("-inf")) + min_interval
            start = max(now, ready)
            self._last[host] = start
        if start > now:
            sleep(start - now)


PACER = HostPacer()


@dataclass
class HttpClient:
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    retries: int = RETRIES
    backoff_base: float = BACKOFF_BASE_SECONDS
    max_retry_after: float = MAX_RETRY_AFTER_SECONDS
    min_interval: float = MIN_HOST_INTERVAL_SECONDS
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    pacer: HostPacer = PACER
    allow_files: bool = False  # file:// only for the bundled sample feeds
    requests: int = field(default=0, init=False)  # how many were sent (health and tests)

    def get(
        self, url: str, *, validators: Mapping[str, str] | None = None, accept: str = "*/*"
    ) -> Response:
        """GET ``url``; a 304 comes back as a Response, every other failure as SourceError."""
        parts = urlsplit(url)
        if parts.scheme == "file" and self.allow_files:
            return self._read_file(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError(f"unsupported URL {url[:80]!r}: use http(s)")
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "identity"}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        for attempt in range(self.retries + 1):
            self.pacer.wait(parts.netloc, self.min_interval, self.clock, self.sleep)
            try:
                return self._send(urllib.request.Request(url, headers=headers))
            except SourceError as exc:
                if not exc.transient or attempt == self.retries:
                    raise
                wait = self._wait_before_retry(exc, attempt)
                if wait is None:
                    raise
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_before_retry(self, exc: SourceError, attempt: int) -> float | None:
        if exc.retry_after is None:
            return float(self.backoff_base * 2**attempt)
        return exc.retry_after if exc.retry_after <= self.max_retry_after else None

    def _send(self, request: urllib.request.Request) -> Response:
        host = urlsplit(request.full_url).netloc
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as raw:
                headers = {k.lower(): v for k, v in raw.headers.items()}
                return Response(raw.status, self._read(raw, headers), headers, request.full_url)
        except urllib.error.HTTPError as exc:
            headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
            if exc.code == 304:
                return Response(304, b"", headers, request.full_url)
            raise SourceError(
                f"HTTP {exc.code} from {host}",
                transient=exc.code in RETRY_STATUSES,
                gone=exc.code in GONE_STATUSES,
                status=exc.code,
                retry_after=retry_after_seconds(headers.get("retry-after")),
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SourceError(f"cannot reach {host}: {exc}", transient=True) from exc

    def _read(self, raw: object, headers: Mapping[str, str]) -> bytes:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise SourceError(f"response of {int(declared):,} bytes is over the limit")
        data = raw.read(self.max_bytes + 1)  # type: ignore[attr-defined]
        if len(data) > self.max_bytes:
            raise SourceError(f"response is larger than {self.max_bytes:,} bytes")
        return bytes(data)

    def _read_file(self, url: str) -> Response:
        path = Path(unquote(urlsplit(url).path))
        if not path.is_file():
            raise SourceError(f"file not found: {path.name}")
        if path.stat().st_size > self.max_bytes:
            raise SourceError(f"file is larger than {self.max_bytes:,} bytes")
        return Response(200, path.read_bytes(), {}, url)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
