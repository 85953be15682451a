"""Per-candidate work fans out in chunks: every candidate once, whatever the chunking."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from profiles.models import BatchClaim, CandidateProfile, DailyDigest, DigestMail
from profiles.tasks import chunk_starts, digests_batch, digests_daily, score_all, score_batch
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
DAY = "2026-11-22"


def _ids() -> list[int]:
    return list(CandidateProfile.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize(("count", "size", "chunks"), [(0, 2, 0), (1, 2, 1), (4, 2, 2), (5, 2, 3)])
def test_chunks_cover_every_candidate_once(count, size, chunks) -> None:
    CandidateProfileFactory.create_batch(count)
    starts = chunk_starts(size=size)
    assert len(starts) == chunks
    covered = [pk for start in starts for pk in [i for i in _ids() if i > start][:size]]
    assert covered == _ids()


def test_score_all_fans_out_one_claimed_chunk_per_batch() -> None:
    CandidateProfileFactory.create_batch(5)
    with mock.patch("profiles.tasks.job_scores_compute") as compute:
        assert score_all(window="2026-11-22T09", batch=2) == 3
        assert score_all(window="2026-11-22T09", batch=2) is None  # the hour's second beat
    scored = [c.pk for call in compute.call_args_list for c in call.kwargs["candidates"]]
    assert scored == _ids()
    chunks = BatchClaim.objects.filter(job="score_batch")
    assert chunks.count() == 3 and not chunks.filter(finished_at__isnull=True).exists()


def test_the_last_score_chunk_goes_on_past_its_size() -> None:
    # given a fan-out of two candidates in one chunk of two
    CandidateProfileFactory.create_batch(2)
    assert chunk_starts(size=2) == [0]
    BatchClaim.objects.create(job="score_batch", window="w#0")
    # and a candidate who signs up before that chunk runs
    late = CandidateProfileFactory()
    with mock.patch("profiles.tasks.job_scores_compute") as compute:
        score_batch(0, "w", batch=2, last=True)
    # then the last chunk went on with a chunk of its own for the late candidate
    scored = [[c.pk for c in call.kwargs["candidates"]] for call in compute.call_args_list]
    assert scored == [_ids()[:2], [late.pk]]
    assert BatchClaim.objects.filter(job="score_batch", finished_at__isnull=False).count() == 2


def test_digests_fan_out_and_a_second_run_adds_nothing(mailoutbox) -> None:
    for i in range(5):
        CandidateProfileFactory(email=f"c{i}@example.org")
    assert digests_daily(day=DAY, batch=2) == 3
    assert digests_daily(day=DAY, batch=2) == 3  # a second run, or a redelivery
    digests_batch(0, DAY, 2)  # one chunk delivered again
    assert DailyDigest.objects.filter(digest_date=date(2026, 11, 22)).count() == 5
    assert DigestMail.objects.count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == [f"c{i}@example.org" for i in range(5)]


def test_weekly_insights_fan_out_in_claimed_chunks_and_a_second_monday_adds_nothing() -> None:
    from datetime import UTC, datetime, timedelta

    from learning.models import AnalysisRun, WeeklyInsight
    from learning.tasks import weekly_insights, weekly_insights_batch
    from tests.factories import UserFactory
    from tests.learning.application_events import application, store

    week = date(2026, 11, 9)
    users = [UserFactory() for _ in range(5)]
    store(
        *[
            application(u, datetime(2026, 11, 10, tzinfo=UTC) + timedelta(hours=i))
            for i, u in enumerate(users)
        ]
    )
    # when the Monday beat fires twice
    assert weekly_insights(week_start=week.isoformat(), batch=2) == 3
    assert weekly_insights(week_start=week.isoformat(), batch=2) is None
    # then every candidate has the week's insights once, each chunk claimed and finished once
    assert sorted(
        WeeklyInsight.objects.filter(week_start=week).values_list("user_id", flat=True)
    ) == [u.pk for u in users]
    chunks = BatchClaim.objects.filter(job="weekly_insights_batch")
    assert chunks.count() == 3 and not chunks.filter(finished_at__isnull=True).exists()
    run = AnalysisRun.objects.get(kind="weekly_insights")
    assert run.status == "done" and run.progress["last_user_id"] == users[-1].pk
    # and a redelivered chunk writes nothing
    assert weekly_insights_batch(week.isoformat(), 0, users[1].pk) is None
    assert WeeklyInsight.objects.count() == 5


def test_a_week_without_applications_closes_its_run_at_once() -> None:
    from learning.models import AnalysisRun
    from learning.tasks import weekly_insights

    assert weekly_insights(week_start="2026-11-09", batch=2) == 0
    assert AnalysisRun.objects.get(kind="weekly_insights").status == "done"
