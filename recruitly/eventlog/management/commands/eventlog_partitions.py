"""Create the event log's upcoming monthly partitions; detach old months (PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from recruitly.eventlog.partitions import (
    AHEAD_MONTHS,
    default_rows,
    is_partitioned,
    partitions,
    partitions_detach_before,
    partitions_ensure,
)


def _month(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}", text):
        raise CommandError(f"--detach-before takes YYYY-MM, got {text!r}")
    year, month = map(int, text.split("-"))
    if not 1 <= month <= 12:
        raise CommandError(f"--detach-before: no month {month}")
    return date(year, month, 1)


class Command(BaseCommand):
    help = (
        "Create the event log's partitions for the current month and the next N (default "
        f"{AHEAD_MONTHS}); with --detach-before YYYY-MM detach (not drop) every month before it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ensure-months", type=int, default=AHEAD_MONTHS, metavar="N")
        parser.add_argument("--detach-before", metavar="YYYY-MM")
        parser.add_argument(
            "--forget-ids",
            action="store_true",
            help="with --detach-before: delete the detached months' ids from the idempotency "
            "table too (a late retry of one of their events is then stored again)",
        )
        parser.add_argument("--list", action="store_true", help="print the partitions")

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_partitioned(connection):
            self.stdout.write(
                f"the event log is not partitioned on {connection.vendor}: nothing to do"
            )
            return
        if options["ensure_months"] < 0:
            raise CommandError("--ensure-months must be 0 or more")
        created = partitions_ensure(options["ensure_months"])
        for name in created:
            self.stdout.write(f"created {name}")
        if options["detach_before"]:
            month = _month(options["detach_before"])
            detached = partitions_detach_before(month, forget_ids=options["forget_ids"])
            for name in detached:
                self.stdout.write(f"detached {name} (a table of its own now; dump, then drop it)")
        if options["list"]:
            for partition in partitions(connection):
                self.stdout.write(f"{partition.name}  {partition.month:%Y-%m}")
        rows = default_rows(connection)
        if rows:
            self.stdout.write(
                self.style.WARNING(f"{rows} rows in the default partition (months without one)")
            )
