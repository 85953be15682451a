"""Import a JSON or CSV export of job postings, or re-read stored postings with the parser."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from profiles.feeds.fetch import FeedError
from profiles.services.feeds import jobs_import, jobs_reparse


class Command(BaseCommand):
    help = (
        'Import jobs from a JSON file (a list, or {"jobs": [...]}) or a CSV file with a header '
        "row (title, company, location, salary, description, url, id, skills separated by ;). "
        "Each posting is read by the posting parser (requirement sections, years, education, "
        "salary). --reparse re-reads the postings already stored (all, or one --source)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?")
        parser.add_argument("--source", help="source name used for de-duplication")
        parser.add_argument("--format", choices=["json", "csv"], help="default: from the suffix")
        parser.add_argument(
            "--reparse", action="store_true", help="re-read stored postings instead of importing"
        )

    def handle(self, *args: object, **options: object) -> None:
        source = str(options["source"]) if options["source"] else None
        if options["reparse"]:
            changed = jobs_reparse(source=source)
            self.stdout.write(f"{changed} postings re-read with new values")
            return
        if not options["path"] or source is None:
            raise CommandError("give a PATH and --source, or --reparse")
        path = Path(str(options["path"]))
        kind = options["format"] or path.suffix.lstrip(".").lower()
        if kind not in ("json", "csv"):
            raise CommandError("give --format json or csv")
        try:
            result = jobs_import(data=path.read_bytes(), kind=str(kind), source=source)
        except (OSError, FeedError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.seen} rows: {result.new} new, {result.updated} updated, {result.unchanged} "
            f"unchanged, {result.skipped} duplicates, {result.invalid} invalid"
        )
