"""Fetch job sources now: every active one (the bundled samples on first run) or one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from profiles.feeds.fetch import FeedError
from profiles.models import FeedKind, FeedSource
from profiles.services.feeds import feed_fetch, feeds_setup_bundled


class Command(BaseCommand):
    help = "Fetch every active job feed (or add and fetch --url) and print each feed's status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="http(s):// or file:// URL of an RSS/Atom/JSON/CSV feed")
        parser.add_argument("--name", help="name for the --url feed")
        parser.add_argument("--kind", choices=FeedKind.values, default=FeedKind.AUTO)
        parser.add_argument("--source", help="fetch only the source with this name")

    def handle(self, *args: object, **options: Any) -> None:
        if options["url"]:
            FeedSource.objects.get_or_create(
                name=str(options["name"] or options["url"])[:100],
                defaults={"url": options["url"], "kind": options["kind"]},
            )
        elif not FeedSource.objects.exists():
            feeds_setup_bundled()
        feeds = FeedSource.objects.filter(is_active=True).order_by("name")
        if options["source"]:
            feeds = feeds.filter(name=options["source"])
            if not feeds.exists():
                raise CommandError(f"no active source named {options['source']!r}")
        for feed in feeds:
            try:
                result = feed_fetch(feed=feed, force=True)
            except FeedError as exc:
                self.stdout.write(self.style.ERROR(f"{feed.name}: failing ({exc})"))
                continue
            assert result is not None
            self.stdout.write(
                f"{feed.name}: {feed.status} (HTTP {feed.last_http_status}), {feed.items_seen} "
                f"seen, {result.new} new, {result.updated} updated, {result.skipped} duplicates, "
                f"{feed.items_quarantined} quarantined, {feed.items_closed} closed, "
                f"{feed.last_duration_ms} ms"
            )
