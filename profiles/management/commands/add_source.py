"""Add a job source: an ATS board by slug or careers URL, or a page/feed by URL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from profiles.services.feeds_sources import (
    SourceConfigError,
    source_add,
    source_kinds,
    source_preview,
)
from profiles.sources import SourceError


class Command(BaseCommand):
    help = (
        "Add a job source. ATS kinds take --board (the company slug) or --url (a careers URL "
        "such as https://jobs.lever.co/acme); schema_org, auto (RSS/Atom), json and csv take "
        "--url. --preview shows what it returns now without saving it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = [kind for kind, *_ in source_kinds()]
        parser.add_argument("--kind", required=True, choices=kinds)
        parser.add_argument("--board", default="", help="ATS board slug or token")
        parser.add_argument("--url", default="", help="careers URL, page URL or feed URL")
        parser.add_argument("--name", default="", help="default: KIND-BOARD, or the URL")
        parser.add_argument("--company", default="", help="for boards that do not name it")
        parser.add_argument(
            "--base-url", default="", help="API host instead of the public one (a mirror, tests)"
        )
        parser.add_argument("--every", type=int, default=60, help="minutes between fetches")
        parser.add_argument("--include", action="append", default=[], help="title word to keep")
        parser.add_argument("--exclude", action="append", default=[], help="title word to drop")
        parser.add_argument("--location", action="append", default=[], help="place to keep")
        parser.add_argument("--remote-only", action="store_true")
        parser.add_argument("--preview", action="store_true", help="show, do not save")

    def handle(self, *args: object, **options: Any) -> None:
        target = options["board"] or options["url"]
        if not target:
            raise CommandError("give --board or --url")
        filters = {
            "include": options["include"],
            "exclude": options["exclude"],
            "locations": options["location"],
            "remote_only": options["remote_only"],
        }
        common = {
            "kind": options["kind"],
            "target": target,
            "base_url": options["base_url"],
            "company": options["company"],
            "filters": filters,
        }
        try:
            if options["preview"]:
                self._preview(common)
                return
            feed = source_add(
                name=options["name"],
                fetch_every_minutes=options["every"],
                allow_files=True,  # the operator at the command line may name a local export
                **common,
            )
        except (SourceConfigError, SourceError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"added {feed.name} ({feed.kind}): {feed.url}")

    def _preview(self, common: dict[str, Any]) -> None:
        preview = source_preview(**common)
        self.stdout.write(
            f"{preview.total} items, {preview.kept} kept by the filters, "
            f"{len(preview.quarantined)} quarantined"
        )
        for posting in preview.postings:
            self.stdout.write(f"  {posting.title} | {posting.company} | {posting.location}")
        for item in preview.quarantined:
            self.stdout.write(f"  quarantined {item.key}: {item.reason}")
