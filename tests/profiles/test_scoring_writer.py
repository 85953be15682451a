"""Scoring's overlapped writer on PostgreSQL: outside a transaction each batch is written by
a worker thread while the next is scored; the stored rows equal those written inline, a
failed write is raised to the caller, and inside a transaction it writes inline."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from profiles.models import JobScore
from profiles.services import scoring
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIELDS = ("candidate_id", "job_id", "compatibility_score", "confidence_score", "ai_reasoning",
          "match_factors", "matched_skills", "missing_skills", "next_step", "skills_match_score",
          "title_match_score", "weights_used", "parameter_version_id", "score_version")  # fmt: skip


@pytest.fixture(autouse=True)
def _postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the overlapped writer is PostgreSQL's (set DATABASE_URL)")


def _world() -> list:
    JobListingFactory(title="Backend Engineer", required_skills=["Python", "Django"])
    JobListingFactory(title="Platform Engineer", required_skills=["Python", "Docker"], remote=True)
    JobListingFactory(title="Data Engineer", required_skills=["Python", "SQL", "Spark"])
    return [
        CandidateProfileFactory(programming_languages=skills)
        for skills in (["Python", "Django"], ["Python", "SQL"], ["Docker"], ["Python"])
    ]


def _stored() -> list[tuple]:
    return list(JobScore.objects.order_by("candidate_id", "job_id").values_list(*FIELDS))


def test_batches_written_by_the_worker_thread_equal_the_inline_writes(monkeypatch) -> None:
    candidates = _world()
    monkeypatch.setattr(scoring, "CANDIDATE_BATCH", 1)  # four batches: three overlap
    threads: set[str] = set()
    upsert = scoring._upsert

    def recording(rows, tail):  # type: ignore[no-untyped-def]
        threads.add(threading.current_thread().name)
        upsert(rows, tail)

    monkeypatch.setattr(scoring, "_upsert", recording)
    summary = job_scores_compute(candidates=candidates)
    overlapped = _stored()
    assert summary.stored == len(overlapped) > 0
    assert all(name.startswith("jobscore-write") for name in threads)
    JobScore.objects.all().delete()
    with transaction.atomic():  # inside a transaction: written inline by the caller
        job_scores_compute(candidates=candidates)
    assert threading.current_thread().name in threads
    assert _stored() == overlapped


def test_a_failed_write_reaches_the_caller_and_earlier_batches_stay(monkeypatch) -> None:
    candidates = _world()
    monkeypatch.setattr(scoring, "CANDIDATE_BATCH", 1)
    upsert, calls = scoring._upsert, []

    def failing_third(rows, tail):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        upsert(rows, tail)

    monkeypatch.setattr(scoring, "_upsert", failing_third)
    with pytest.raises(RuntimeError, match="disk full"):
        job_scores_compute(candidates=candidates)
    assert JobScore.objects.count() == sum(calls[:2])  # each batch is its own transaction


def test_a_re_score_updates_every_stored_row_heap_only() -> None:
    """Re-scoring writes no index entry (migration 0021): no indexed column changes and each
    page keeps room for a row's new version. An index on ``scored_at`` (it changes on every
    re-score) or full pages would make these updates write every index of the table."""
    candidates = _world()
    table = JobScore._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        job_scores_compute(candidates=candidates)
        stored = JobScore.objects.count()
        job_scores_compute(candidates=candidates)
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
            "pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
            [table, table],
        )
        updated, heap_only = cursor.fetchone()
    assert updated == stored > 0
    assert heap_only == updated
