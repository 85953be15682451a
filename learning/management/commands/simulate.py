"""``manage.py simulate``: build a world with known ground truth and write its truth file."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from learning.services.simulation_load import SimulationLoadError, simulated_users_exist, world_load
from learning.simulation.truth import truth_document
from learning.simulation.world import WorldConfig, generate_world

T = TypeVar("T")
DEFAULTS = WorldConfig()


def _end_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--end-date must be YYYY-MM-DD, got {value!r}") from error


class Command(BaseCommand):
    help = (
        "Simulate candidates, resumes, job postings, applications, edits, strategy changes, "
        "suggestions, AI ratings and outcomes from a documented true model; write them "
        "through the bulk services and the event ingestion, and the true parameters to JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=DEFAULTS.candidates)
        parser.add_argument("--jobs", type=int, default=DEFAULTS.jobs)
        parser.add_argument("--months", type=int, default=DEFAULTS.months)
        parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
        parser.add_argument(
            "--truth-out",
            default=None,
            help="truth JSON path (default: <RECRUITLY_VAR_DIR>/simulation_truth.json)",
        )
        parser.add_argument(
            "--end-date",
            default=None,
            help="last day of the world, YYYY-MM-DD (default: today, UTC)",
        )
        parser.add_argument(
            "--prefix",
            default=DEFAULTS.prefix,
            help="username prefix of the simulated candidates; pick another to add a second world",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        config = self._config(options)
        if simulated_users_exist(config.prefix):
            raise CommandError(
                f"the database already holds simulated users named {config.prefix}-*; "
                "use a fresh database or pass --prefix with another name"
            )
        started = time.perf_counter()
        progress = self._progress(quiet)
        world = generate_world(config, progress=progress)
        try:
            summary = world_load(world=world, progress=progress)
        except SimulationLoadError as error:
            raise CommandError(str(error)) from error
        path = Path(options["truth_out"] or settings.VAR_DIR / "simulation_truth.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(truth_document(world), indent=2) + "\n")
        elapsed = time.perf_counter() - started
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Simulated {summary.candidates} candidates, {summary.jobs} job postings, "
                    f"{summary.resume_versions} resume versions, {summary.applications} "
                    f"applications and {summary.events} events ({world.start:%Y-%m-%d} to "
                    f"{world.end:%Y-%m-%d}) in {elapsed:.1f} s; truth written to {path}"
                )
            )

    def _config(self, options: dict[str, Any]) -> WorldConfig:
        end = _end_date(options["end_date"]) if options["end_date"] else None
        if end and end > datetime.now(UTC).date():
            raise CommandError("--end-date cannot be in the future: events would be rejected")
        try:
            return WorldConfig(
                candidates=options["candidates"],
                jobs=options["jobs"],
                months=options["months"],
                seed=options["seed"],
                end_date=end,
                prefix=options["prefix"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _progress(self, quiet: bool):
        def progress(iterable: Iterable[T], *, desc: str, total: int) -> Iterable[T]:
            return tqdm(iterable, desc=desc, total=total, disable=quiet, leave=False)

        return progress
