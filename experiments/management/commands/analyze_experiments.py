"""``manage.py analyze_experiments``: run the periodic experiment analysis now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from experiments.services import experiments_analyse


class Command(BaseCommand):
    help = (
        "Analyse every running experiment now and carry out the decisions (advance, ship, "
        "roll back, conclude). An experiment already analysed in the current 30-minute "
        "window is skipped, as in the beat job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key", action="append", help="Only this experiment (repeatable)")
        parser.add_argument(
            "--at", help="Analyse as of this ISO 8601 time with a timezone (replays, tests)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["at"]:
            try:
                now = datetime.fromisoformat(options["at"].replace("Z", "+00:00"))
            except ValueError as exc:
                raise CommandError(f"--at: {exc}") from exc
            if now.tzinfo is None:
                raise CommandError("--at needs a timezone, e.g. 2026-11-22T16:00:00Z")
        analyses = experiments_analyse(now=now, keys=options["key"])
        if not analyses:
            self.stdout.write("No running experiment is due for analysis.")
        for analysis in analyses:
            reasons = "; ".join(analysis.reasons)
            self.stdout.write(
                f"{analysis.experiment.key}: {analysis.action} at stage {analysis.stage} % "
                f"(SRM p = {analysis.srm_p_value:.3g}) {reasons}"
            )
