"""``python manage.py analyze``: run the nightly analysis now, with a progress bar."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from learning.services import analysis_run_nightly
from learning.services.analysis import WINDOW_DAYS
from learning.services.analysis_steps import STEPS


class Command(BaseCommand):
    help = "Analyse the event log and write recommendations (the nightly run, now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--window-end",
            help="Analyse events before this date (YYYY-MM-DD, UTC midnight); default today.",
        )
        parser.add_argument("--window-days", type=int, default=WINDOW_DAYS)
        parser.add_argument(
            "--kind", default="nightly", help="Run name; a new kind gives a fresh run."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        end = None
        if options["window_end"]:
            try:
                day = datetime.strptime(options["window_end"], "%Y-%m-%d").date()
            except ValueError as exc:
                raise CommandError("--window-end must be YYYY-MM-DD") from exc
            end = datetime.combine(day, time(), tzinfo=UTC)
        with tqdm(
            total=len(STEPS), desc="analysis", unit="step", disable=options["verbosity"] == 0
        ) as bar:

            def progress(step: str, done: int, total: int) -> None:
                bar.set_postfix_str(step)
                bar.n = done
                bar.refresh()

            run = analysis_run_nightly(
                window_end=end,
                window_days=options["window_days"],
                kind=options["kind"],
                progress=progress,
            )
        if run is None:
            self.stdout.write("Nothing to do: this window is already analysed or running.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Analysis {run.kind} up to {run.window_end:%Y-%m-%d}: {run.status}, "
                f"{run.summary.get('recommendations', 0)} recommendations stored."
            )
        )
