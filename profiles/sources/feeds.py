"""Today's feeds as sources: RSS/Atom, a JSON export and a CSV export (``profiles.feeds``).

A feed usually shows only its latest entries, so an entry missing from it is not taken as a
closed job (``lists_whole_board`` is off); an expired ``valid_through`` still closes one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from profiles.feeds.fetch import FeedError, parse_feed
from profiles.sources.base import FetchOutcome, Source, SourceConfig
from profiles.sources.http import SourceError
from profiles.sources.registry import register


class FeedDocumentSource(Source):
    needs_board = False
    lists_whole_board = False
    reads_files = True
    format: ClassVar[str]

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        response = self.get(config.url, outcome, validators)
        if response is None:
            return
        try:
            entries = parse_feed(response.body, self.format)
        except FeedError as exc:
            raise SourceError(str(exc)) from exc
        yield self.read_items(entries, outcome, dict)


@register
class RssAtomSource(FeedDocumentSource):
    kind = "auto"
    label = "RSS or Atom"
    reads = "any RSS 2.0 or Atom feed URL (feedparser), job:* extension elements included"
    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    format = "auto"


@register
class JsonExportSource(FeedDocumentSource):
    kind = "json"
    label = "JSON export"
    reads = 'a JSON list of jobs, or {"jobs": [...]} / {"items": [...]}'
    format = "json"


@register
class CsvExportSource(FeedDocumentSource):
    kind = "csv"
    label = "CSV export"
    reads = "a CSV file with a header row (title, company, location, salary, description, ...)"
    accept = "text/csv, */*;q=0.5"
    format = "csv"
