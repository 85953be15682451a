"""``manage.py rank``: rank resume files against postings, the recruiter's batch view.

    python manage.py rank --resumes PATH [PATH ...] --jobs FILE --out FILE.csv
        [--top K] [--direction resumes|jobs] [--today YYYY-MM-DD]

Files have no upload date, so "Present" closes at the newest date each document names
unless ``--today`` is given.

Resumes are PDF, DOCX or text files (folders are searched recursively); postings come from a
JSON list or a CSV with the columns ``job_id, title, company, location, description`` (plus
optional ``salary_min``, ``salary_max``, ``salary_currency``, ``remote``). Every resume is
scored against every posting by the platform's own parser and scorer with the weights the
spine resolves today. The CSV has one row per (resume, job) pair kept: ``resume, job_id,
rank, score, confidence`` and every component (empty where unknown).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from tqdm import tqdm

from profiles.matching.batch import (
    InputError,
    Ranked,
    ResumeInput,
    rank_inputs,
    read_postings,
    read_resume_file,
    resume_paths,
)
from profiles.matching.components import COMPONENTS
from recruitly.spine.resolver import resolve

HEADER = ("resume", "job_id", "rank", "score", "confidence", *COMPONENTS)


class Command(BaseCommand):
    help = "Rank resume files against postings and write the scores as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resumes", nargs="+", type=Path, required=True)
        parser.add_argument("--jobs", type=Path, required=True, help="postings, JSON or CSV")
        parser.add_argument("--out", type=Path, required=True, help="CSV to write")
        parser.add_argument("--top", type=int, default=10, help="rows kept per query (0: all)")
        parser.add_argument(
            "--direction",
            choices=("resumes", "jobs"),
            default="resumes",
            help="resumes: each resume's best jobs; jobs: each job's best resumes",
        )
        parser.add_argument(
            "--today",
            help="YYYY-MM-DD closing 'Present' ranges (default: each file's newest own date)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 0:
            raise CommandError("--top must be 0 (all) or more")
        today = _day(options["today"]) if options["today"] else None
        try:
            postings = read_postings(options["jobs"])
            paths = resume_paths(options["resumes"])
        except InputError as error:
            raise CommandError(str(error)) from error
        if not postings or not paths:
            raise CommandError("nothing to rank: no postings or no resume files")
        quiet = options["quiet"] or options["verbosity"] == 0
        weights = _weights()
        resumes = self._read(paths, quiet)
        ranked = rank_inputs(
            resumes,
            postings,
            weights,
            today=today,
            progress=lambda it: tqdm(it, total=len(resumes), desc="scoring", disable=quiet),
        )
        for name, reason in ranked.skipped:
            self.stderr.write(f"skipped {name}: {reason}")
        rows = _rows(ranked, options["direction"], options["top"])
        _write(options["out"], rows)
        self.stdout.write(
            f"Ranked {len(ranked.resumes)} resumes x {len(postings)} postings "
            f"({len(rows)} rows) into {options['out']}"
        )

    def _read(self, paths: list[Path], quiet: bool) -> list[ResumeInput]:
        resumes = []
        for path in tqdm(paths, desc="reading resumes", disable=quiet):
            try:
                resumes.append(read_resume_file(path, max_bytes=settings.RESUME_MAX_BYTES))
            except InputError as error:
                self.stderr.write(f"skipped {error}")
        return resumes


def _weights() -> dict[str, float]:
    """The spine's weights, before any file is read: a database without tables stops here."""
    try:
        return dict(resolve("job_scoring.weights").value)
    except DatabaseError as error:
        raise CommandError(
            f"cannot read the match weights ({error}): run `python manage.py migrate` first"
        ) from error


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be YYYY-MM-DD, got {value!r}") from error


def _rows(ranked: Ranked, direction: str, top: int) -> list[list[object]]:
    scores = ranked.matrix.compatibility
    if direction == "jobs":
        scores = scores.T
    rows = []
    for query in range(scores.shape[0]):
        order = np.lexsort((np.arange(scores.shape[1]), -scores[query]))  # ties: input order
        for rank, item in enumerate(order[: top or None], start=1):
            r, j = (item, query) if direction == "jobs" else (query, item)
            rows.append(_row(ranked, r, j, rank))
    return rows


def _row(ranked: Ranked, r: int, j: int, rank: int) -> list[object]:
    parts = ranked.matrix.components_at(r, j)
    return [
        ranked.resumes[r].name,
        ranked.postings[j].job_id,
        rank,
        float(ranked.matrix.compatibility[r, j]),
        float(ranked.matrix.confidence[r, j]),
        *["" if parts[c] is None else parts[c] for c in COMPONENTS],
    ]


def _write(path: Path, rows: list[list[object]]) -> None:
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error}") from error
