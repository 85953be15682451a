"""``manage.py simulate``: build a world with known ground truth and write its truth file."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from learning.services.monitoring_plants import miscalibration_plant
from learning.services.simulation_load import SimulationLoadError, simulated_users_exist, world_load
from learning.simulation.plants import Miscalibration, PostingSurge, posting_surge_plant
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
        parser.add_argument(
            "--plant-posting-surge",
            default=None,
            metavar="YYYY-MM-DD[:TRACK[:SHARE]]",
            help="monitoring check: from that day on, postings of TRACK (default nursing) make "
            "SHARE (default 0.5) of each day's postings for 14 days",
        )
        parser.add_argument(
            "--plant-miscalibration",
            default=None,
            metavar="YYYY-MM-DD[:FACTOR]",
            help="monitoring check: a learned resume-score rate version promising FACTOR "
            "(default 0.4) times the true rates, created at 10:00 UTC that day on top of a "
            "calibrated one",
        )

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
        surge, miscalibration = self._plants(options)
        world = generate_world(config, progress=progress)
        if surge is not None:
            world = posting_surge_plant(world, surge)
        try:
            summary = world_load(world=world, progress=progress)
        except SimulationLoadError as error:
            raise CommandError(str(error)) from error
        if miscalibration is not None:
            miscalibration_plant(world, miscalibration)
        document = truth_document(world)
        if surge is not None or miscalibration is not None:
            document["plants"] = {
                "posting_surge": surge and {**surge.__dict__, "at": surge.at.isoformat()},
                "miscalibration": miscalibration
                and {"at": miscalibration.at.isoformat(), "factor": miscalibration.factor},
            }
        path = Path(options["truth_out"] or settings.VAR_DIR / "simulation_truth.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2) + "\n")
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

    def _plants(self, options: dict[str, Any]) -> tuple[PostingSurge | None, Miscalibration | None]:
        surge = miscalibration = None
        try:
            if options.get("plant_posting_surge"):
                day, *rest = options["plant_posting_surge"].split(":")
                surge = PostingSurge(
                    at=_end_date(day),
                    track=rest[0] if rest else "nursing",
                    share=float(rest[1]) if len(rest) > 1 else 0.5,
                )
            if options.get("plant_miscalibration"):
                day, *rest = options["plant_miscalibration"].split(":")
                at = datetime.combine(_end_date(day), time_of_day(10), tzinfo=UTC)
                miscalibration = Miscalibration(at=at, factor=float(rest[0]) if rest else 0.4)
        except ValueError as error:
            raise CommandError(f"plant: {error}") from error
        return surge, miscalibration

    def _progress(self, quiet: bool):
        def progress(iterable: Iterable[T], *, desc: str, total: int) -> Iterable[T]:
            return tqdm(iterable, desc=desc, total=total, disable=quiet, leave=False)

        return progress
