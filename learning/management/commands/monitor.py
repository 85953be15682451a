"""``manage.py monitor``: run the monitoring as of one night and print what it found."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from learning.services.monitoring import monitoring_run


class Command(BaseCommand):
    help = (
        "Run the monitoring checks (calibration, concept and feature drift, fit accuracy, "
        "diversity, exploration) as of midnight UTC starting NIGHT, store them, alert the "
        "reviewers and act (rollback, exploration) as the nightly analysis does."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--night", default=None, help="YYYY-MM-DD: the checks see everything before it "
            "(default: today, UTC)"
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            night = date.fromisoformat(options["night"]) if options["night"] else None
        except ValueError as error:
            raise CommandError(f"--night must be YYYY-MM-DD, got {options['night']!r}") from error
        day = night or timezone.now().astimezone(UTC).date()
        checks = monitoring_run(window_end=datetime.combine(day, time(), tzinfo=UTC))
        for check in checks:
            where = f" {check.component}" if check.component else ""
            self.stdout.write(f"[{check.severity}] {check.name}{where}: {check.summary}")
            if check.action:
                self.stdout.write(f"    action: {check.action}")
