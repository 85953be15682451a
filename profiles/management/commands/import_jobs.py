"""Import a JSON or CSV export of job postings."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from profiles.feeds.fetch import FeedError
from profiles.services.feeds import jobs_import


class Command(BaseCommand):
    help = (
        'Import jobs from a JSON file (a list, or {"jobs": [...]}) or a CSV file with a header '
        "row (title, company, location, salary, description, url, id, skills separated by ;)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--source", required=True, help="source name used for de-duplication")
        parser.add_argument("--format", choices=["json", "csv"], help="default: from the suffix")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        kind = options["format"] or path.suffix.lstrip(".").lower()
        if kind not in ("json", "csv"):
            raise CommandError("give --format json or csv")
        try:
            result = jobs_import(
                data=path.read_bytes(), kind=str(kind), source=str(options["source"])
            )
        except (OSError, FeedError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.seen} rows: {result.new} new, {result.updated} updated, {result.unchanged} "
            f"unchanged, {result.skipped} duplicates, {result.invalid} invalid"
        )
