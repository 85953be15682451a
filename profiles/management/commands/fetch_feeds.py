"""Fetch job feeds now: the bundled samples (registered on first run) or one URL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from profiles.feeds.fetch import FeedError
from profiles.models import FeedKind, FeedSource
from profiles.services.feeds import feed_fetch, feeds_setup_bundled


class Command(BaseCommand):
    help = "Fetch every active job feed (or add and fetch --url) and print each feed's status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="http(s):// or file:// URL of an RSS/Atom/JSON/CSV feed")
        parser.add_argument("--name", help="name for the --url feed")
        parser.add_argument("--kind", choices=FeedKind.values, default=FeedKind.AUTO)

    def handle(self, *args: object, **options: Any) -> None:
        if options["url"]:
            FeedSource.objects.get_or_create(
                name=str(options["name"] or options["url"])[:100],
                defaults={"url": options["url"], "kind": options["kind"]},
            )
        elif not FeedSource.objects.exists():
            feeds_setup_bundled()
        for feed in FeedSource.objects.filter(is_active=True).order_by("name"):
            try:
                result = feed_fetch(feed=feed, force=True)
            except FeedError as exc:
                self.stdout.write(self.style.ERROR(f"{feed.name}: failing ({exc})"))
                continue
            assert result is not None
            self.stdout.write(
                f"{feed.name}: {feed.status}, {result.seen} seen, {result.new} new, "
                f"{result.updated} updated, {result.skipped} duplicates, {result.invalid} invalid"
            )
