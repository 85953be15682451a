"""The prepared job set is reused while the postings are the same, prepared again when any
field scoring reads changes (even by an UPDATE that leaves ``updated_at`` alone), and the
scores are the same either way."""

from __future__ import annotations

import pytest

from profiles.models import JobListing, JobScore
from profiles.services import scoring
from profiles.services.scoring import job_scores_compute, prepared_jobs

pytestmark = pytest.mark.django_db


def _rows() -> list[JobListing]:
    return list(scoring.jobs_for_scoring())


def _scores() -> list[tuple]:
    return list(
        JobScore.objects.order_by("job_id").values_list(
            "job_id", "compatibility_score", "next_step"
        )
    )


def test_the_same_postings_reuse_the_set_and_an_edit_prepares_it_again(backend_candidate, jobs):
    first = prepared_jobs(_rows())
    assert prepared_jobs(_rows()) is first
    job_scores_compute(candidates=[backend_candidate])
    before = _scores()
    # an edit that bypasses save() (no updated_at) still changes the key
    JobListing.objects.filter(pk=jobs[0].pk).update(required_skills=["Rust", "Haskell"])
    again = prepared_jobs(_rows())
    assert again is not first
    assert again.jobs[[j.key for j in again.jobs].index(jobs[0].pk)].required_skills == (
        "Rust",
        "Haskell",
    )
    job_scores_compute(candidates=[backend_candidate])
    assert _scores() != before
    # back to the original content: the scores are those of a fresh preparation
    JobListing.objects.filter(pk=jobs[0].pk).update(required_skills=jobs[0].required_skills)
    job_scores_compute(candidates=[backend_candidate])
    assert _scores() == before


def test_a_new_or_removed_posting_prepares_the_set_again(jobs):
    first = prepared_jobs(_rows())
    JobListing.objects.filter(pk=jobs[1].pk).update(is_active=False)
    assert len(prepared_jobs(_rows())) == len(first) - 1
