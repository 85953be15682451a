"""Fetch job feeds and import job exports into JobListing, keeping per-feed status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from profiles.feeds.dedupe import SAME_JOB_SIMILARITY, similarity
from profiles.feeds.fetch import FeedError, parse_feed
from profiles.feeds.normalize import FEED_SKILLS_LABEL, Posting, normalize
from profiles.models import FeedKind, FeedSource, FeedStatus, JobClosedReason, JobListing
from profiles.parsing.postings import ParsedPosting, parse_posting
from profiles.services.feeds_sources import reader_client, retry_wait, source_fetch
from profiles.skills import extract
from profiles.sources import HttpClient
from recruitly.domain import CompanyStage, Seniority
from recruitly.links import web_url

BUNDLED_DIR = Path(settings.BASE_DIR) / "profiles" / "fixtures" / "feeds"
BACKOFF_BASE = timedelta(minutes=5)  # doubles per consecutive failure
BACKOFF_MAX = timedelta(hours=24)
# The hourly refresh runs a few seconds later or earlier each hour: a feed fetched every 60
# minutes is due again at the next run, not the one after.
SCHEDULE_SLACK = timedelta(minutes=5)
_KIND_BY_SUFFIX = {".json": FeedKind.JSON, ".csv": FeedKind.CSV}
REPARSE_BATCH = 500  # rows per bulk UPDATE; parsing costs about 5-15 ms a posting
PARSED_FIELDS = [
    "required_skills", "nice_to_have_skills", "skill_sources", "min_years", "max_years",
    "education_requirement", "requirements_text", "seniority", "salary_min", "salary_max",
    "salary_currency", "updated_at",
]  # fmt: skip


@dataclass
class ImportResult:
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # duplicates of another source's posting (same URL or content)
    invalid: int = 0


def backoff_for(failures: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(failures - 1, 0)), BACKOFF_MAX)


def feeds_setup_bundled() -> list[FeedSource]:
    """Register every bundled sample feed (idempotent; an admin's pause is kept)."""
    feeds = []
    for path in sorted(BUNDLED_DIR.glob("*")):
        if path.suffix not in (".xml", ".json", ".csv"):
            continue
        feed, _ = FeedSource.objects.get_or_create(
            name=f"sample-{path.stem}",
            defaults={
                "url": path.as_uri(),
                "kind": _KIND_BY_SUFFIX.get(path.suffix, FeedKind.AUTO),
            },
        )
        if feed.url != path.as_uri():  # the checkout moved
            FeedSource.objects.filter(pk=feed.pk).update(url=path.as_uri())
        feeds.append(feed)
    return feeds


def feed_fetch(
    *,
    feed: FeedSource,
    now: datetime | None = None,
    reader: Callable[[str], bytes] | None = None,
    client: HttpClient | None = None,
    force: bool = False,
) -> ImportResult | None:
    """Fetch one source and upsert its postings; None when backing off after failures.

    A failure is recorded on the feed (status, error, next attempt: the backoff, or longer
    when the source sent ``Retry-After``) and re-raised, so the task layer can retry transient
    ones. A board that answers 404/410 is marked gone and its open postings closed.
    ``reader`` (url -> bytes) stands in for HTTP, as ``client`` does with more control.
    """

    now = now or timezone.now()
    if not force and feed.next_attempt_at and feed.next_attempt_at > now:
        return None
    if reader is not None:
        client = reader_client(reader)
    try:
        result: ImportResult = source_fetch(
            feed=feed, now=now, client=client, upsert=postings_upsert
        )
    except FeedError as exc:
        _feed_failed(feed, exc, now, retry_wait(exc))
        raise
    return result


@transaction.atomic
def _feed_failed(
    feed: FeedSource, error: FeedError, now: datetime, asked_wait: timedelta | None
) -> None:
    # Counted on the locked row: two fetches failing at once must both count.
    locked = FeedSource.objects.select_for_update().only("consecutive_failures").get(pk=feed.pk)
    failures = locked.consecutive_failures + 1
    wait = max(backoff_for(failures), asked_wait or timedelta(0))
    FeedSource.objects.filter(pk=feed.pk).update(
        status=FeedStatus.GONE if getattr(error, "gone", False) else FeedStatus.FAILING,
        last_fetched_at=now,
        last_error=str(error)[:2000],
        last_error_at=now,
        last_http_status=getattr(error, "status", None),
        consecutive_failures=failures,
        next_attempt_at=now + wait,
        updated_at=now,
    )
    feed.refresh_from_db()


def feeds_due(*, now: datetime | None = None) -> list[FeedSource]:
    """Active feeds not backing off whose schedule has come round (with a little slack)."""
    now = now or timezone.now()
    return [
        f
        for f in FeedSource.objects.filter(is_active=True).order_by("name")
        if (not f.next_attempt_at or f.next_attempt_at <= now)
        and (
            not f.last_fetched_at
            or f.last_fetched_at + timedelta(minutes=f.fetch_every_minutes) - SCHEDULE_SLACK <= now
        )
    ]


def jobs_import(*, data: bytes, kind: str, source: str) -> ImportResult:
    """Import a JSON or CSV export of jobs under ``source``; raises FeedError when unreadable."""
    return jobs_upsert(entries=parse_feed(data, kind), source=source, feed=None)


def jobs_upsert(
    *,
    entries: Iterable[dict[str, object]],
    source: str,
    feed: FeedSource | None,
    now: datetime | None = None,
) -> ImportResult:
    """Normalise raw entries and store them (``postings_upsert``); unreadable ones are counted."""
    postings: list[Posting] = []
    invalid = 0
    for raw in entries:
        posting = normalize(raw)
        if posting is None:
            invalid += 1
        else:
            postings.append(posting)
    result = postings_upsert(postings=postings, source=source, feed=feed, now=now)
    result.seen += invalid
    result.invalid += invalid
    return result


@transaction.atomic
def postings_upsert(
    *,
    postings: list[Posting],
    source: str,
    feed: FeedSource | None,
    now: datetime | None = None,
) -> ImportResult:
    """Create, update or reopen postings, de-duplicated across sources.

    The same job is stored once: a posting is skipped when another source already has it
    open under the same URL, the same content, or the same company + title + place key with a
    similar description (``profiles.feeds.dedupe``). A posting past its ``valid_through`` is
    stored closed; one that comes back to its board is reopened.
    """
    now = now or timezone.now()
    result = ImportResult(seen=len(postings))
    existing = {
        j.external_id: j
        for j in JobListing.objects.filter(
            source=source, external_id__in=[p.external_id for p in postings]
        )
    }
    elsewhere = _open_elsewhere(postings, source)
    ids_here: set[str] = set()
    hashes_here: set[str] = set()
    for posting in postings:
        job = existing.get(posting.external_id)
        duplicate = (
            posting.external_id in ids_here
            or posting.content_hash in hashes_here
            or (job is None and elsewhere.has(posting))
        )
        if duplicate:
            result.skipped += 1
            continue
        ids_here.add(posting.external_id)
        hashes_here.add(posting.content_hash)
        if job is None:
            JobListing.objects.create(**_fields(posting, now, now), source=source, feed=feed)
            result.new += 1
        elif job.content_hash != posting.content_hash or _state_changed(job, posting, now):
            for name, value in _fields(posting, job.posted_at, now, job).items():
                setattr(job, name, value)
            job.feed = feed or job.feed
            job.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result


@dataclass
class _OpenElsewhere:
    """What other sources hold open: URLs, content hashes, and descriptions by dedupe key."""

    urls: set[str]
    hashes: set[str]
    by_key: dict[str, list[str]]

    def has(self, posting: Posting) -> bool:
        if (
            posting.url and web_url(posting.url) in self.urls
        ) or posting.content_hash in self.hashes:
            return True
        return any(
            similarity(posting.description, other) >= SAME_JOB_SIMILARITY
            for other in self.by_key.get(posting.dedupe_key, [])
        )


def _open_elsewhere(postings: list[Posting], source: str) -> _OpenElsewhere:
    others = JobListing.objects.exclude(source=source).filter(is_active=True)
    urls = {web_url(p.url) for p in postings if web_url(p.url)}
    by_key: dict[str, list[str]] = {}
    keyed = others.filter(dedupe_key__in={p.dedupe_key for p in postings})
    for key, description in keyed.values_list("dedupe_key", "description"):
        by_key.setdefault(key, []).append(description)
    return _OpenElsewhere(
        urls=set(others.filter(url__in=urls).values_list("url", flat=True)),
        hashes=set(
            others.filter(content_hash__in={p.content_hash for p in postings}).values_list(
                "content_hash", flat=True
            )
        ),
        by_key=by_key,
    )


def _expired(posting: Posting, now: datetime) -> bool:
    return posting.valid_through is not None and posting.valid_through < now


def _state_changed(job: JobListing, posting: Posting, now: datetime) -> bool:
    """Open/closed or the closing date changed though the text did not."""
    return job.is_active == _expired(posting, now) or job.valid_through != posting.valid_through


def _fields(
    posting: Posting, default_posted: datetime, now: datetime, job: JobListing | None = None
) -> dict[str, object]:
    return _closing_fields(posting, now, job) | {
        "external_id": posting.external_id,
        "title": posting.title,
        "company": posting.company,
        "url": web_url(posting.url),  # feeds are third-party: no javascript: links
        "description": posting.description,
        "location": posting.location,
        "remote": posting.remote,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_currency": posting.salary_currency,
        "seniority": posting.seniority if posting.seniority in Seniority.values else "",
        "industry": posting.industry,
        "company_stage": posting.company_stage
        if posting.company_stage in CompanyStage.values
        else CompanyStage.UNKNOWN,
        "company_size": posting.company_size,
        "required_skills": posting.required_skills,
        "nice_to_have_skills": posting.nice_to_have_skills,
        "skill_sources": posting.skill_sources,
        "min_years": posting.min_years,
        "max_years": posting.max_years,
        "education_requirement": posting.education_requirement,
        "requirements_text": posting.requirements_text,
        "content_hash": posting.content_hash,
        "posted_at": posting.posted_at or default_posted,
        "employment_type": posting.employment_type,
        "valid_through": posting.valid_through,
        "dedupe_key": posting.dedupe_key,
    }


def _closing_fields(posting: Posting, now: datetime, job: JobListing | None) -> dict[str, object]:
    if not _expired(posting, now):
        return {"is_active": True, "closed_at": None, "closed_reason": ""}
    already = job is not None and not job.is_active and job.closed_reason == JobClosedReason.EXPIRED
    return {
        "is_active": False,
        "closed_at": job.closed_at if already and job is not None else now,
        "closed_reason": JobClosedReason.EXPIRED,
    }


@transaction.atomic
def jobs_reparse(*, source: str | None = None, now: datetime | None = None) -> int:
    """Re-read stored postings with the current posting parser; returns how many changed.

    Idempotent. Fills the parsed fields of rows imported before the parser existed (their
    content hash is unchanged, so a re-fetch would skip them). Skills the feed listed itself
    are kept; a salary, seniority or remote flag the feed stated is never overwritten.
    """
    now = now or timezone.now()
    jobs = JobListing.objects.order_by("pk")
    if source is not None:
        jobs = jobs.filter(source=source)
    pending: list[JobListing] = []
    changed = 0
    for job in jobs.iterator(chunk_size=REPARSE_BATCH):
        if _reparsed(job, now):
            pending.append(job)
        if len(pending) >= REPARSE_BATCH:  # bounded memory however many rows there are
            changed += JobListing.objects.bulk_update(pending, PARSED_FIELDS)
            pending = []
    return changed + JobListing.objects.bulk_update(pending, PARSED_FIELDS)


def _reparsed(job: JobListing, now: datetime) -> bool:
    parsed = parse_posting(
        title=job.title, description=job.description, company=job.company, location=job.location
    )
    required, sources = _keep_feed_skills(job, parsed)
    values: dict[str, object] = {
        "required_skills": required,
        "nice_to_have_skills": [s for s in parsed.nice_to_have_skills if s not in required],
        "skill_sources": sources,
        "min_years": parsed.min_years,
        "max_years": parsed.max_years,
        "education_requirement": parsed.education_requirement,
        "requirements_text": parsed.requirements_text,
        "seniority": job.seniority or parsed.seniority,
    }
    if job.salary_min is None and job.salary_max is None and parsed.salary_min is not None:
        values |= {"salary_min": parsed.salary_min, "salary_max": parsed.salary_max,
                   "salary_currency": parsed.salary_currency}  # fmt: skip
    if all(getattr(job, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(job, name, value)
    job.updated_at = now
    return True


def _keep_feed_skills(job: JobListing, parsed: ParsedPosting) -> tuple[list[str], dict[str, str]]:
    """The parser's skills plus those the feed listed: labelled so, or absent from the text."""
    required, sources = list(parsed.required_skills), dict(parsed.skill_sources)
    in_text = set(extract(f"{job.title}\n{job.description}"))
    old_sources = job.skill_sources or {}
    for skill in job.required_skills or []:
        listed = old_sources.get(skill) == FEED_SKILLS_LABEL or skill not in in_text
        if listed and skill not in required:
            required.append(skill)
            sources[skill] = FEED_SKILLS_LABEL
    return required, sources
