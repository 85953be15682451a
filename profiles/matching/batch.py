"""Rank resume files against postings outside the database: the recruiter's batch view.

The same parsing and scoring code as the platform (``parse_resume``, the posting parser,
``score_matrix``), fed from files instead of rows. ``manage.py rank`` and
``bench/match_quality.py`` both go through :func:`rank_inputs`. Pure: no Django.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from profiles.matching.engine import JobSet, ScoreMatrix, prepare_jobs, score_matrix
from profiles.matching.features import CandidateFeatures, JobFeatures
from profiles.occupations import text_occupations, title_occupations
from profiles.parsing.documents import ResumeDocumentError, read_document
from profiles.parsing.postings import parse_posting
from profiles.parsing.resume import ParsedResume, ResumeTextError, parse_resume
from profiles.skills import implied_skills

RESUME_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
POSTING_COLUMNS = ("job_id", "title", "company", "location", "description")


class InputError(ValueError):
    """A resume or posting input that cannot be read, with the reason."""


@dataclass(frozen=True)
class PostingInput:
    job_id: str
    title: str
    company: str = ""
    location: str = ""
    description: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    remote: bool | None = None


@dataclass(frozen=True)
class ResumeInput:
    name: str
    text: str


@dataclass
class Ranked:
    resumes: list[ResumeInput]
    postings: list[PostingInput]
    candidates: list[CandidateFeatures]
    jobs: list[JobFeatures]
    matrix: ScoreMatrix
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (resume, reason)


def candidate_from_resume(
    key: int, text: str, *, today: date | None
) -> tuple[CandidateFeatures, ParsedResume]:
    """``today`` closes "Present" ranges; None (a file of unknown date) closes them at the
    newest date the document itself names, never at the wall clock."""
    parsed = parse_resume(text, today=today)
    skills = tuple(parsed.skills)
    return (
        CandidateFeatures(
            key=key,
            skills=skills,
            skill_sources=dict(parsed.skill_sources),
            years=parsed.years_of_experience or None,
            location=parsed.location,
            related_skills=implied_skills(skills),
            titles=tuple(dict.fromkeys([*parsed.desired_roles, *parsed.job_titles])),
            occupations=text_occupations(text),
            text=text,
        ),
        parsed,
    )


def job_from_posting(key: int, posting: PostingInput) -> JobFeatures:
    parsed = parse_posting(
        title=posting.title,
        description=posting.description,
        company=posting.company,
        location=posting.location,
    )
    salary_min = posting.salary_min if posting.salary_min is not None else parsed.salary_min
    salary_max = posting.salary_max if posting.salary_max is not None else parsed.salary_max
    return JobFeatures(
        key=key,
        title=posting.title,
        company=posting.company,
        required_skills=tuple(parsed.required_skills),
        nice_to_have_skills=tuple(parsed.nice_to_have_skills),
        seniority=parsed.seniority,
        min_years=parsed.min_years,
        max_years=parsed.max_years,
        location=posting.location,
        remote=parsed.remote if posting.remote is None else posting.remote,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=posting.salary_currency or parsed.salary_currency,
        skill_sources=dict(parsed.skill_sources),
        education=parsed.education_requirement,
        text=f"{posting.title}\n{parsed.requirements_text or posting.description}",
    )


def prepare_postings(postings: Sequence[PostingInput]) -> tuple[list[JobFeatures], JobSet]:
    jobs = [job_from_posting(i, p) for i, p in enumerate(postings)]
    return jobs, prepare_jobs(jobs, occupations=title_occupations)


def rank_inputs(
    resumes: Sequence[ResumeInput],
    postings: Sequence[PostingInput],
    weights: dict[str, float],
    *,
    today: date | None,
    progress: Callable[[Iterable[ResumeInput]], Iterable[ResumeInput]] = lambda it: it,
) -> Ranked:
    """Parse and score every resume against every posting; unreadable resumes are skipped."""
    jobs, job_set = prepare_postings(postings)
    kept: list[ResumeInput] = []
    cands: list[CandidateFeatures] = []
    skipped: list[tuple[str, str]] = []
    for resume in progress(resumes):
        try:
            cand, _ = candidate_from_resume(len(cands), resume.text, today=today)
        except ResumeTextError as error:
            skipped.append((resume.name, str(error)))
            continue
        kept.append(resume)
        cands.append(cand)
    matrix = score_matrix(cands, job_set, weights)
    return Ranked(kept, list(postings), cands, jobs, matrix, skipped)


def read_resume_file(path: Path, *, max_bytes: int) -> ResumeInput:
    try:
        document = read_document(path.read_bytes(), max_bytes=max_bytes)
    except (OSError, ResumeDocumentError) as error:
        raise InputError(f"{path}: {error}") from error
    return ResumeInput(str(path), document.text)


def resume_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded (recursively, sorted) to their resume files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RESUME_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def read_postings(path: Path) -> list[PostingInput]:
    """Postings from a JSON list of objects or a CSV with ``POSTING_COLUMNS``."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: {error}") from error
    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: not valid JSON ({error})") from error
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError(f"{path}: JSON must be a list of posting objects")
    else:
        reader = csv.DictReader(raw.splitlines())
        missing = [c for c in ("job_id", "title") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: CSV lacks the column(s) {', '.join(missing)}")
        rows = list(reader)
    return [_posting(path, n, row) for n, row in enumerate(rows, start=1)]


def _posting(path: Path, n: int, row: dict[str, object]) -> PostingInput:
    job_id, title = str(row.get("job_id") or "").strip(), str(row.get("title") or "").strip()
    if not job_id or not title:
        raise InputError(f"{path}: posting {n} needs a job_id and a title")
    return PostingInput(
        job_id=job_id,
        title=title,
        company=str(row.get("company") or ""),
        location=str(row.get("location") or ""),
        description=str(row.get("description") or ""),
        salary_min=_money(path, n, row.get("salary_min")),
        salary_max=_money(path, n, row.get("salary_max")),
        salary_currency=str(row.get("salary_currency") or ""),
        remote=_flag(row.get("remote")),
    )


def _money(path: Path, n: int, value: object) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = int(float(str(value).replace(",", "")))
    except ValueError as error:
        raise InputError(f"{path}: posting {n} has a salary that is not a number") from error
    if amount < 0:
        raise InputError(f"{path}: posting {n} has a negative salary")
    return amount


def _flag(value: object) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "remote")
