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


def test_a_queryset_reuses_the_set_from_one_query_of_keys(jobs, django_assert_num_queries):
    first, pks = scoring.prepared_queryset(scoring.jobs_for_scoring())
    assert pks == [j.pk for j in _rows()] == [j.key for j in first.jobs]
    with django_assert_num_queries(1):  # ids and the database's hashes; no posting read
        again, same = scoring.prepared_queryset(scoring.jobs_for_scoring())
    assert again is first and same == pks
    limited, few = scoring.prepared_queryset(scoring.jobs_for_scoring(job_limit=2))
    assert few == pks[:2] and len(limited) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"required_skills": ["Rust", "Haskell"]},  # JSON
        {"min_years": 7.5},  # a number, from empty or another
        {"remote": True},
        {"requirements_text": "Needs Kubernetes"},
        {"salary_currency": "EUR"},
    ],
)
def test_a_queryset_edit_of_any_scored_field_prepares_the_set_again(jobs, change):
    first, _ = scoring.prepared_queryset(scoring.jobs_for_scoring())
    target = next(j for j in jobs if any(getattr(j, k) != v for k, v in change.items()))
    JobListing.objects.filter(pk=target.pk).update(**change)  # no save(), no updated_at
    again, _ = scoring.prepared_queryset(scoring.jobs_for_scoring())
    assert again is not first
    edited = again.jobs[[j.key for j in again.jobs].index(target.pk)]
    assert edited == scoring.job_features(JobListing.objects.get(pk=target.pk))


def test_a_new_set_reads_only_the_postings_that_changed(jobs, django_assert_num_queries):
    first, pks = scoring.prepared_queryset(scoring.jobs_for_scoring())
    kept = {j.key: j for j in first.jobs}
    edited, gone = jobs[0], jobs[1]
    JobListing.objects.filter(pk=edited.pk).update(title="Staff Backend Engineer")
    JobListing.objects.filter(pk=gone.pk).delete()
    with django_assert_num_queries(2):  # the ids and hashes, then the one edited posting
        again, now = scoring.prepared_queryset(scoring.jobs_for_scoring())
    assert again is not first and gone.pk not in now and len(now) == len(pks) - 1
    by_key = {j.key: j for j in again.jobs}
    assert by_key[edited.pk].title == "Staff Backend Engineer"
    assert all(by_key[pk] is kept[pk] for pk in now if pk != edited.pk)  # not read again
    assert gone.pk not in scoring._features
    fresh = [scoring.job_features(j) for j in scoring.jobs_for_scoring()]
    assert list(again.jobs) == fresh
