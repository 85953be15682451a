"""Periodic batch jobs run twice at once (two beats, a redelivered message): work done once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from profiles.models import BatchClaim, FeedSource
from profiles.services.batch_claims import (
    STALE_AFTER,
    batch_claim,
    batch_release,
    batch_window_open,
    hour_window,
)
from profiles.tasks import feeds_refresh, score_all, score_batch

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def test_a_window_opens_once() -> None:
    assert batch_window_open(job="j", window="w") is True
    assert batch_window_open(job="j", window="w") is False
    assert BatchClaim.objects.count() == 1


def test_a_batch_is_claimed_by_one_caller_until_released() -> None:
    batch_window_open(job="j", window="w")
    assert batch_claim(job="j", window="w", after_id=0, now=NOW) is True
    assert batch_claim(job="j", window="w", after_id=0, now=NOW) is False
    batch_release(job="j", window="w", after_id=0, cursor=250)
    # a redelivered message for the finished batch finds the cursor moved on
    assert batch_claim(job="j", window="w", after_id=0, now=NOW) is False
    assert batch_claim(job="j", window="w", after_id=250, now=NOW) is True


def test_a_claim_of_a_dead_worker_is_taken_over_after_it_goes_stale() -> None:
    batch_window_open(job="j", window="w")
    assert batch_claim(job="j", window="w", after_id=0, now=NOW)
    assert not batch_claim(job="j", window="w", after_id=0, now=NOW + STALE_AFTER / 2)
    assert batch_claim(job="j", window="w", after_id=0, now=NOW + STALE_AFTER + timedelta(1))


def test_score_all_twice_in_the_same_hour_scores_each_candidate_once(candidate) -> None:
    with mock.patch("profiles.tasks.job_scores_compute") as compute:
        score_all(window=None)
        score_all(window=None)
    assert compute.call_count == 1
    claim = BatchClaim.objects.get(job="score_all")
    assert claim.window == hour_window() and claim.finished_at is not None


def test_a_redelivered_score_batch_is_not_scored_again(candidate) -> None:
    with mock.patch("profiles.tasks.job_scores_compute") as compute:
        score_all(window=None)
        window = BatchClaim.objects.get(job="score_all").window
        score_batch(0, window)  # the same chunk message delivered a second time
    assert compute.call_count == 1
    chunk = BatchClaim.objects.get(job="score_batch")
    assert chunk.finished_at is not None and chunk.claimed_by  # the worker that scored it


def test_feeds_refresh_twice_in_the_same_hour_queues_the_feeds_once() -> None:
    with mock.patch("profiles.tasks.feed_fetch.delay") as fetch:
        first = feeds_refresh(window="2026-11-22T09")
        second = feeds_refresh(window="2026-11-22T09")
    assert first == FeedSource.objects.filter(is_active=True).count() > 0
    assert second == 0 and fetch.call_count == first
