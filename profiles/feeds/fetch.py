"""Read a feed from an http(s) or file URL into raw entries (dicts), or raise FeedError."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

MAX_FEED_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 20
USER_AGENT = "recruitly-feed-fetcher/1.0 (+https://github.com/recruitly)"


class FeedError(Exception):
    """The feed could not be read or parsed; ``transient`` errors are worth retrying soon."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


def read_url(url: str) -> bytes:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
        if not path.is_file():
            raise FeedError(f"file not found: {path.name}")
        data = path.read_bytes()
    elif parsed.scheme in ("http", "https"):
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                data = response.read(MAX_FEED_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise FeedError(
                f"HTTP {exc.code} from {parsed.netloc}", transient=exc.code >= 500
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FeedError(f"cannot reach {parsed.netloc}: {exc}", transient=True) from exc
    else:
        raise FeedError(f"unsupported URL scheme {parsed.scheme!r}; use http(s) or file")
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"feed is larger than {MAX_FEED_BYTES // 1_048_576} MB")
    return data


def parse_feed(data: bytes, kind: str) -> list[dict[str, object]]:
    if kind == "json":
        return parse_json(data)
    if kind == "csv":
        return parse_csv(data)
    return parse_rss_atom(data)


def parse_rss_atom(data: bytes) -> list[dict[str, object]]:
    # feedparser is only needed by RSS/Atom sources; loaded on the first such fetch
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", "unreadable")
        raise FeedError(f"not a valid RSS or Atom feed: {reason}")
    entries = []
    for entry in parsed.entries:
        content = entry.get("content")
        body = content[0].get("value") if content else entry.get("summary", "")
        entries.append(
            {
                "id": entry.get("id") or entry.get("guid") or entry.get("link"),
                "title": entry.get("title", ""),
                "url": entry.get("link", ""),
                "description": body,
                "company": entry.get("job_company") or entry.get("author", ""),
                "location": entry.get("job_location", ""),
                "salary": entry.get("job_salary", ""),
                "remote": entry.get("job_remote", ""),
                "industry": entry.get("job_industry", ""),
                "company_stage": entry.get("job_stage", ""),
                "published": entry.get("published_parsed") or entry.get("updated_parsed"),
            }
        )
    return entries


def parse_json(data: bytes) -> list[dict[str, object]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not valid JSON: {exc}") from exc
    items = document.get("jobs", document.get("items")) if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise FeedError('JSON must be a list of jobs or an object with a "jobs" list')
    return [item for item in items if isinstance(item, dict)]


def parse_csv(data: bytes) -> list[dict[str, object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError("CSV must be UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise FeedError('CSV needs a header row with at least a "title" column')
    rows: list[dict[str, object]] = []
    for row in reader:
        item: dict[str, object] = {k: (v or "").strip() for k, v in row.items() if k}
        skills = str(item.get("skills") or "")
        if skills:
            item["skills"] = [s.strip() for s in skills.split(";") if s.strip()]
        rows.append(item)
    return rows
