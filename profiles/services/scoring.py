"""Score candidates against jobs with the local engine and store what clears the threshold."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import orjson
from django.db import connection, transaction
from django.db.models import Func, QuerySet, TextField, Value
from django.db.models.functions import MD5, Cast, Coalesce
from django.utils import timezone

from profiles.matching.engine import COMPONENTS, JobSet, ScoreMatrix, prepare_jobs, scored_ahead
from profiles.matching.explain import Explainer, stored_pairs
from profiles.matching.features import CandidateFeatures, JobFeatures, years_band
from profiles.models import CandidateProfile, JobListing, JobScore, ResumeVersion
from profiles.occupations import text_occupations, title_occupations
from profiles.skills import implied_skills
from recruitly.domain import CompanyStage
from recruitly.gcpause import gc_paused
from recruitly.spine.resolver import Resolved, resolver_snapshot

SCORE_VERSION = "local-1"
# Candidates scored per matrix: 250 x 10,000 jobs keeps each component array near 20 MB.
CANDIDATE_BATCH = 250
# Matches kept per candidate per run, best first. At the default threshold of 35 about one
# job in six clears the bar on the simulated world (bench/score_bench.py): 1,700 of 10,000
# postings per candidate, rows nobody reads, ~2 KB and ~60 µs of explanation each. The
# digest shows 10 and the match list pages 25 at a time. Every stored row is still at or
# above the threshold.
MAX_STORED_PER_CANDIDATE = 100
# Rows per upsert statement (SQLite's variable limit allows ~1,500 rows of these columns).
WRITE_BATCH = 500
_STAGES = set(CompanyStage.values)
SCORE_FIELDS = {name: f"{name}_match_score" for name in COMPONENTS}  # JobScore columns
_UPDATED = (
    "compatibility_score",
    "confidence_score",
    "ai_reasoning",
    "match_factors",
    "mismatch_factors",
    "matched_skills",
    "missing_skills",
    "next_step",
    "skills_match_score",
    "location_match_score",
    "experience_match_score",
    "salary_match_score",
    "culture_match_score",
    "text_match_score",
    "title_match_score",
    "scored_at",
    "score_version",
    "parameter_version",
    "weights_used",
    "updated_at",
)


@dataclass
class ScoringSummary:
    candidates: int = 0
    jobs: int = 0
    pairs: int = 0
    stored: int = 0
    by_candidate: dict[int, int] = field(default_factory=dict)


def candidate_features(
    profile: CandidateProfile, resume_text: str = "", occupations: dict[str, float] | None = None
) -> CandidateFeatures:
    """What the scorer knows of a candidate; ``occupations`` default to those of the text."""
    skills = tuple(profile.all_skills)
    return CandidateFeatures(
        key=profile.pk,
        skills=skills,
        skill_sources=dict(profile.skill_sources or {}),
        # 0 years is what a profile holds when no dated experience was found: unknown
        years=float(profile.years_of_experience) if profile.years_of_experience else None,
        location=profile.location,
        preferred_locations=tuple(profile.preferred_locations or ()),
        open_to_remote=profile.open_to_remote,
        salary_min=profile.salary_range_min,
        salary_max=profile.salary_range_max,
        preferred_stages=tuple(s for s in (profile.company_size_preference or ()) if s in _STAGES),
        industries=tuple(profile.industries or ()),
        related_skills=implied_skills(skills),
        titles=tuple(dict.fromkeys([*(profile.desired_roles or ()), *(profile.job_titles or ())])),
        occupations=occupations if occupations is not None else text_occupations(resume_text),
        text=resume_text,
    )


def _newest_resume_values(candidate_ids: Sequence[int], *fields: str) -> dict[int, tuple]:
    """``fields`` of each candidate's newest resume version, in one query."""
    rows = (
        ResumeVersion.objects.filter(candidate_id__in=candidate_ids)
        .order_by("candidate_id", "-version")
        .values_list("candidate_id", *fields)
    )
    newest: dict[int, tuple] = {}
    for candidate_id, *values in rows:
        newest.setdefault(candidate_id, tuple(values))
    return newest


def _occupations(value: Any) -> dict[str, float] | None:
    return value if isinstance(value, dict) else None


def resume_texts(
    profiles: Sequence[CandidateProfile],
) -> dict[int, tuple[str, dict[str, float] | None]]:
    """The newest resume of each profile, in one query: its text and the occupations read
    from it at upload (None for versions stored before they were)."""
    newest = _newest_resume_values([p.pk for p in profiles], "text", "parsed_data__occupations")
    return {pk: (text, _occupations(found)) for pk, (text, found) in newest.items()}


def resume_occupations(candidate_ids: Sequence[int]) -> dict[int, dict[str, float] | None]:
    """The occupations read at upload from each candidate's newest resume (None for versions
    stored before they were), in one query that reads no resume text."""
    newest = _newest_resume_values(candidate_ids, "parsed_data__occupations")
    return {pk: _occupations(found) for pk, (found,) in newest.items()}


def candidates_features(profiles: Sequence[CandidateProfile]) -> list[CandidateFeatures]:
    texts = resume_texts(profiles)
    return [candidate_features(p, *texts.get(p.pk, ("", None))) for p in profiles]


def job_features(job: JobListing) -> JobFeatures:
    low, high = years_band(
        job.seniority, job.description, min_years=job.min_years, max_years=job.max_years
    )
    return JobFeatures(
        key=job.pk,
        title=job.title,
        company=job.company,
        required_skills=tuple(job.required_skills or ()),
        nice_to_have_skills=tuple(job.nice_to_have_skills or ()),
        seniority=job.seniority,
        min_years=low,
        max_years=high,
        location=job.location,
        remote=job.remote,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        company_stage=job.company_stage,
        industry=job.industry,
        skill_sources=dict(job.skill_sources or {}),
        education=job.education_requirement,
        text=f"{job.title}\n{job.requirements_text or job.description}",
    )


def jobs_for_scoring(
    *, days_back: float | None = None, job_limit: int | None = None, now: datetime | None = None
) -> QuerySet[JobListing]:
    jobs = JobListing.objects.filter(is_active=True).order_by("-posted_at", "id")
    if days_back is not None:  # new to us (imported or changed), whatever the posting date
        jobs = jobs.filter(updated_at__gte=(now or timezone.now()) - timedelta(days=days_back))
    return jobs[:job_limit] if job_limit else jobs


# What ``job_features`` reads of a posting: the prepared set is reused while these are equal.
_JOB_INPUTS = (
    "pk", "title", "company", "required_skills", "nice_to_have_skills", "seniority",
    "description", "min_years", "max_years", "location", "remote", "salary_min", "salary_max",
    "salary_currency", "company_stage", "industry", "skill_sources", "education_requirement",
    "requirements_text",
)  # fmt: skip
_prepared: dict[str, Any] = {}  # the last prepared job set of this process and its key


def _prepared_for(key: str, features: Callable[[], Sequence[JobFeatures]]) -> JobSet:
    if _prepared.get("key") != key:
        jobs = prepare_jobs(list(features()), occupations=title_occupations)
        _prepared.clear()  # never two sets at once
        _prepared.update(key=key, jobs=jobs)
    jobs = _prepared["jobs"]
    assert isinstance(jobs, JobSet)
    return jobs


def _key(parts: Iterable[Any]) -> str:
    return hashlib.blake2b(orjson.dumps(list(parts), default=str), digest_size=16).hexdigest()


def prepared_jobs(job_rows: Sequence[JobListing]) -> JobSet:
    """The jobs' features and indexes (``prepare_jobs``), reused while the same postings
    with the same content are scored again in this process (the next candidate refresh, the
    next batch of the nightly): the key hashes every field ``job_features`` reads, so an
    edited, added or removed posting prepares the set again. One set is kept."""
    key = _key([getattr(j, name) for name in _JOB_INPUTS] for j in job_rows)
    return _prepared_for(key, lambda: [job_features(j) for j in job_rows])


# Each posting's fields that ``job_features`` reads, hashed by the database: the key of a
# queryset's prepared set without reading the postings (10,000 descriptions) each run.
_FIELD_END, _NULL = Value("\x1f"), Value("\x1e")
_CONTENT = MD5(
    Func(  # a flat ``a || b || ...``: Concat nests a pair per field, too deep for SQLite
        *(
            part
            for name in _JOB_INPUTS[1:]
            for part in (Coalesce(Cast(name, TextField()), _NULL), _FIELD_END)
        ),
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=TextField(),
    )
)


# Each posting's features by id, with the database's hash of the content they were read
# from: a new set reads only the postings that are new or changed since (a nightly's few).
_features: dict[int, tuple[str, JobFeatures]] = {}
READ_BATCH = 500  # postings read per query (SQLite's parameter limit)


def prepared_queryset(jobs: QuerySet[JobListing]) -> tuple[JobSet, list[int]]:
    """``prepared_jobs`` of a queryset's postings, in its order, and their primary keys.

    The key is read first: each posting's id and the database's hash of its content (one
    query, no posting read). When it differs from the kept set's, only the postings whose
    hash differs from that of their remembered features are read (with their hash, in the
    same query, so a concurrent edit cannot pair old content with a new hash), and the
    indexes are fitted again over every posting's features.
    """
    pairs = list(jobs.annotate(scoring_content=_CONTENT).values_list("pk", "scoring_content"))
    key = _key(["db", *pairs])
    if _prepared.get("key") != key:
        pairs = _features_refresh(pairs)
        key = _key(["db", *pairs])
        feats = [_features[pk][1] for pk, _ in pairs]
        return _prepared_for(key, lambda: feats), [pk for pk, _ in pairs]
    return _prepared_for(key, list), [pk for pk, _ in pairs]


def _features_refresh(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remember the features of every posting of ``pairs`` (id, content hash), reading those
    not remembered with that hash; forget the others. Returns the pairs as read: a posting
    edited since has its new hash, one deleted since is left out."""
    stale = [pk for pk, digest in pairs if _features.get(pk, ("",))[0] != digest]
    fresh: dict[int, tuple[str, JobFeatures]] = {}
    for start in range(0, len(stale), READ_BATCH):
        rows = JobListing.objects.filter(pk__in=stale[start : start + READ_BATCH])
        for job in rows.annotate(scoring_content=_CONTENT):
            fresh[job.pk] = (job.scoring_content, job_features(job))
    current = {pk for pk, _ in pairs}
    for pk in [pk for pk in _features if pk not in current]:
        del _features[pk]
    _features.update(fresh)
    missing = set(stale) - fresh.keys()  # deleted between the two reads
    return [(pk, fresh[pk][0] if pk in fresh else digest) for pk, digest in pairs
            if pk not in missing]  # fmt: skip


def job_scores_compute(
    *,
    candidates: Iterable[CandidateProfile],
    jobs: Sequence[JobListing] | QuerySet[JobListing] | None = None,
    now: datetime | None = None,
) -> ScoringSummary:
    """Score each candidate against ``jobs`` (default: every active job); upsert the results.

    Idempotent: a pair is stored once (unique candidate x job) and re-scoring updates it in
    place, keeping the candidate's own marks (interested, applied, feedback). Only scores at
    or above the candidate's ``job_scoring.min_stored_score`` are written.
    """
    now = now or timezone.now()
    if jobs is None or isinstance(jobs, QuerySet):
        job_feats, job_pks = prepared_queryset(jobs if jobs is not None else jobs_for_scoring())
    else:
        job_feats = prepared_jobs(jobs)
        job_pks = [j.pk for j in jobs]
    summary = ScoringSummary(jobs=len(job_pks))
    profiles_all = list(candidates)
    # The run's parameters: one query for the versions, one for the overrides of everyone.
    params = resolver_snapshot(
        ("job_scoring.weights", "job_scoring.min_stored_score"),
        users=[p.user for p in profiles_all],
    )
    groups: dict[bytes, list[CandidateProfile]] = {}
    settings_of: dict[bytes, tuple[Resolved, float]] = {}
    for profile in profiles_all:
        weights = params.resolve("job_scoring.weights", profile.user)
        threshold = params.resolve("job_scoring.min_stored_score", profile.user)
        key = orjson.dumps(
            [weights.value, threshold.value, getattr(weights.version, "pk", None)],
            option=orjson.OPT_SORT_KEYS,
        )
        groups.setdefault(key, []).append(profile)
        settings_of[key] = (weights, float(threshold.value))
    if not job_pks:
        summary.candidates = sum(len(g) for g in groups.values())
        return summary
    explainer = Explainer(job_feats.jobs)

    def batches() -> Iterator[tuple[_Batch, list[CandidateFeatures], dict[str, float]]]:
        for key, profiles in groups.items():
            chosen, floor = settings_of[key]
            for start in range(0, len(profiles), CANDIDATE_BATCH):
                batch = profiles[start : start + CANDIDATE_BATCH]
                feats = candidates_features(batch)  # read here, on this thread's connection
                yield _Batch(batch, feats, chosen, floor), feats, chosen.value

    with _Writer() as writer:
        for batch, matrix in scored_ahead(batches(), job_feats):
            with gc_paused():  # some 20 short-lived objects per stored pair
                rows = _score_batch(batch, matrix, job_pks, explainer, summary)
            del matrix  # two matrices at most: this one's and the next, being scored
            writer.write(rows, _tail(batch.weights, now))
    return summary


class _Batch(NamedTuple):
    profiles: list[CandidateProfile]
    feats: list[CandidateFeatures]
    weights: Resolved
    threshold: float


def _tail(weights: Resolved, now: datetime) -> tuple[Any, ...]:
    """The columns every row of a batch shares, in ``_SHARED`` order."""
    stamp = timezone.now()
    return (False, "", now, SCORE_VERSION, getattr(weights.version, "pk", None),
            _json(dict(weights.value)), stamp, stamp)  # fmt: skip


class _Writer:
    """Writes each batch while the next one is scored.

    On PostgreSQL outside a transaction, one worker thread (with its own connection) runs
    ``_upsert`` of batch n while the caller scores batch n + 1, so the server's part of the
    write (the upsert's index updates) overlaps with scoring. At most one batch waits, so
    memory stays at two batches; a failed write raises from the next ``write`` or on
    leaving. Every batch is still its own transaction, as when written inline. Inside a
    transaction (a caller's atomic block, tests) or on SQLite it writes inline: a second
    connection would not see the caller's uncommitted rows.
    """

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.pending: Future[None] | None = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobscore-write")

    def __enter__(self) -> _Writer:
        return self

    def write(self, rows: list[tuple[Any, ...]], tail: tuple[Any, ...]) -> None:
        if self.pool is None:
            _upsert(rows, tail)
            return
        self._wait()
        self.pending = self.pool.submit(_upsert_in_thread, rows, tail)

    def _wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        try:
            self._wait()
        finally:
            self.pool.submit(_close_thread_connection).result()
            self.pool.shutdown()


def _upsert_in_thread(rows: list[tuple[Any, ...]], tail: tuple[Any, ...]) -> None:
    _upsert(rows, tail)  # looked up at call time (bench/score_bench.py times it)


def _close_thread_connection() -> None:
    connection.close()  # ``connection`` is per thread: this closes the worker's own


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _score_batch(
    batch: _Batch,
    matrix: ScoreMatrix,
    job_pks: list[int],
    explainer: Explainer,
    summary: ScoringSummary,
) -> list[tuple[Any, ...]]:
    """The stored rows of a batch as plain tuples in ``_VARYING`` order (JSON already text)."""
    out: list[tuple[Any, ...]] = []
    stored = stored_pairs(matrix, batch.feats, explainer, batch.threshold, MAX_STORED_PER_CANDIDATE)
    for kept in stored:
        candidate = batch.profiles[kept.row].pk
        for j, total, confidence, comps, why in zip(
            kept.cols, kept.totals, kept.confidence, kept.components, kept.explanations,
            strict=True,
        ):  # fmt: skip
            out.append(
                (candidate, job_pks[j], total, confidence,
                 why.reasoning, _json(why.match_factors), _json(why.mismatch_factors),
                 _json(why.matched_skills), _json(why.missing_skills), why.next_step[:255],
                 *comps)
            )  # fmt: skip
        summary.candidates += 1
        summary.pairs += len(job_pks)
        summary.stored += len(kept.cols)
        summary.by_candidate[candidate] = len(kept.cols)
    return out


def score_components(job_score: JobScore) -> dict[str, float | None]:
    """A stored score's components by name; None where the component was unknown."""
    return {k: getattr(job_score, field) for k, field in SCORE_FIELDS.items()}


_VARYING = (
    "candidate_id", "job_id", "compatibility_score", "confidence_score", "ai_reasoning",
    "match_factors", "mismatch_factors", "matched_skills", "missing_skills", "next_step",
    *SCORE_FIELDS.values(),
)  # fmt: skip
_SHARED = (
    "user_applied", "user_feedback", "scored_at",
    "score_version", "parameter_version_id", "weights_used", "created_at", "updated_at",
)  # fmt: skip
_COLUMNS = (*_VARYING, *_SHARED)
_KEEP_ON_UPDATE = ("candidate_id", "job_id", "user_applied", "user_feedback", "created_at")


def _other_defaults() -> dict[str, Any]:
    """The model's default of every column scoring does not write (another feature's mark,
    e.g. a note set by exploration): a new row gets it, an updated row keeps its value."""
    written = {*_COLUMNS, JobScore._meta.pk.column}
    defaults: dict[str, Any] = {}
    for f in JobScore._meta.concrete_fields:
        if f.column and f.column not in written and f.has_default():
            value = f.get_default()
            defaults[f.column] = _json(value) if f.get_internal_type() == "JSONField" else value
    return defaults


_STAGE = "jobscore_stage"  # a temporary table, one per connection


def _upsert(rows: list[tuple[Any, ...]], tail: tuple[Any, ...]) -> None:
    """Insert or update the rows in place (unique candidate x job), keeping the candidate's
    own marks and the row's creation time. ``rows`` hold the ``_VARYING`` columns; ``tail``
    the ``_SHARED`` ones, the same for every row of the batch.

    PostgreSQL: COPY the varying columns into a per-connection temporary table, then one
    ``INSERT … SELECT … ON CONFLICT DO UPDATE`` that adds the shared ones as parameters
    (bench/score_bench.py: the per-row ``executemany`` upsert was half of the run, and the
    shared columns repeated on every row a tenth of the COPY stream). SQLite:
    ``executemany`` of the same upsert.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(JobScore._meta.db_table)
    others = _other_defaults()
    columns = ", ".join(quote(c) for c in (*_COLUMNS, *others))
    tail = (*tail, *others.values())
    updates = ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in _COLUMNS if c not in _KEEP_ON_UPDATE
    )
    conflict = f"ON CONFLICT ({quote('candidate_id')}, {quote('job_id')}) DO UPDATE SET {updates}"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            varying = ", ".join(quote(c) for c in _VARYING)
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} AS "
                f"SELECT {varying} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {_STAGE} ({varying}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            shared = ", ".join(["%s"] * len(tail))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {varying}, {shared} FROM {_STAGE} "
                f"{conflict}",
                list(tail),
            )
            cursor.execute(f"TRUNCATE {_STAGE}")
            return
        adapt = connection.ops.adapt_datetimefield_value
        shared_values = tuple(
            adapt(v) if c in ("scored_at", "created_at", "updated_at") else v
            for c, v in zip((*_SHARED, *others), tail, strict=True)
        )
        params = [(*row, *shared_values) for row in rows]
        marks = ", ".join(["%s"] * (len(_VARYING) + len(tail)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}"
        for start in range(0, len(params), WRITE_BATCH):
            cursor.executemany(sql, params[start : start + WRITE_BATCH])


def job_scores_cleanup(*, older_than_days: int, now: datetime | None = None) -> int:
    """Delete scores not refreshed for ``older_than_days`` that nobody acted on; idempotent."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    stale = JobScore.objects.filter(
        scored_at__lt=cutoff, user_applied=False, user_interested__isnull=True, user_feedback=""
    )
    deleted, _ = stale.delete()
    return deleted
