"""Digests in batches: links equal reverse(), the batch's matches equal the per-candidate
queries, a constant number of statements per batch (the AI log rows go in one insert), and
a concurrent run's digest is neither duplicated nor mailed twice."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from profiles.models import AIInteraction, DailyDigest, DigestMail, JobScore
from profiles.services.digests import (
    TOP_JOBS,
    _digest_draft,
    _digests_store,
    _new_matches,
    _Urls,
    digests_generate,
)
from profiles.services.mail_preferences import unsubscribe_token
from profiles.services.scoring import job_scores_compute
from tests.factories import CandidateProfileFactory, JobListingFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 22)


def test_links_built_once_equal_reverse(settings) -> None:
    settings.SITE_URL = "https://example.org/"
    candidate = CandidateProfileFactory()
    urls = _Urls()
    for job_id in (1, 987654321, 12):
        token = secrets.token_hex(16)
        digest = DailyDigest(candidate=candidate, tracking_token=token,
                             top_jobs=[{"job_id": job_id, "title": "t"}])  # fmt: skip
        links = urls.links(digest)
        base = "https://example.org"
        assert links["click_urls"][job_id] == base + reverse(
            "profiles:digest_click", args=[token, job_id]
        )
        assert links["open_pixel"] == base + reverse("profiles:digest_open", args=[token])
        assert links["page_url"] == base + reverse("profiles:digest_page", args=[token])
        assert links["unsubscribe_url"] == base + reverse(
            "profiles:unsubscribe", args=[unsubscribe_token(candidate=candidate)]
        )
        assert links["preferences_url"] == base + reverse("profiles:preferences")


def _jobs(n: int) -> list:
    skills = [["Python", "Django"], ["Python"], ["Go", "Python"], ["Django", "Postgres"]]
    return [
        JobListingFactory(title=f"Backend Engineer {i}", required_skills=skills[i % 4])
        for i in range(n)
    ]


def test_the_batch_finds_the_same_new_matches_as_one_query_per_candidate() -> None:
    candidates = CandidateProfileFactory.create_batch(6)
    job_scores_compute(candidates=candidates, jobs=_jobs(14))
    past = timezone.now() - timedelta(hours=3)
    JobScore.objects.update(created_at=past)
    since = {candidates[0].pk: past - timedelta(hours=1), candidates[1].pk: past}
    # candidate 1 saw everything already; a few new scores for candidate 2
    JobScore.objects.filter(candidate=candidates[2], job__title__endswith="3").update(
        created_at=timezone.now()
    )
    since[candidates[2].pk] = past
    tops, counts = _new_matches(candidates, since)
    for c in candidates:
        new = JobScore.objects.filter(candidate=c)
        if since.get(c.pk):
            new = new.filter(created_at__gt=since[c.pk])
        want = list(new.select_related("job").order_by("-compatibility_score", "job_id")[:TOP_JOBS])
        # the rows carry what the model instances would: ids, score, job, advice, label
        assert [
            (m.id, m.job_id, m.compatibility_score, m.next_step, m.missing_skills, m.title,
             m.company, m.location, m.url, m.exploration)
            for m in tops.get(c.pk, [])
        ] == [
            (s.pk, s.job_id, s.compatibility_score, s.next_step, s.missing_skills, s.job.title,
             s.job.company, s.job.location, s.job.url, s.exploration)
            for s in want
        ]  # fmt: skip
        assert counts.get(c.pk, 0) == new.count()
    assert counts.get(candidates[1].pk, 0) == 0 and counts[candidates[0].pk] > TOP_JOBS


def test_a_batch_costs_a_constant_number_of_statements() -> None:
    jobs = _jobs(12)
    sizes = {}
    for n in (4, 12):
        DailyDigest.objects.all().delete()
        candidates = CandidateProfileFactory.create_batch(n)
        job_scores_compute(candidates=candidates, jobs=jobs)
        with CaptureQueriesContext(connection) as ctx:
            digests_generate(day=DAY, after_id=candidates[0].pk - 1, send=True)
        made = DailyDigest.objects.filter(candidate__in=candidates)
        assert made.count() == n
        sizes[n] = len(ctx.captured_queries)
        # every summary is still logged, and each digest points at its own row
        for digest in made.select_related("summary_interaction"):
            row = digest.summary_interaction
            assert row is not None and row.task == "digest_summary"
            assert row.target_id == f"{digest.candidate_id}:{DAY.isoformat()}"
            assert row.output["summary"] == digest.digest_summary
        logged = AIInteraction.objects.filter(
            task="digest_summary", user__in=[c.user for c in candidates]
        )
        assert logged.count() == n
    # the AI log rows of the summaries go in one insert per batch, like the digests
    assert sizes[12] == sizes[4], sizes


def test_a_digest_made_by_a_concurrent_run_is_kept_and_not_mailed_again() -> None:
    candidates = CandidateProfileFactory.create_batch(3)
    job_scores_compute(candidates=candidates, jobs=_jobs(6))
    tops, counts = _new_matches(candidates, {})
    drafts = [
        _digest_draft(candidate=c, day=DAY, top=tops.get(c.pk, []),
                      total_new=counts.get(c.pk, 0), market={}, total_matches=0)
        for c in candidates
    ]  # fmt: skip
    theirs = _digest_draft(candidate=candidates[1], day=DAY, top=[], total_new=0, market={},
                           total_matches=0)  # fmt: skip
    theirs.save(force_insert=True)  # the other run committed first
    stored = _digests_store(drafts)
    assert [d.candidate_id for d in stored] == [candidates[0].pk, candidates[2].pk]
    assert DailyDigest.objects.get(candidate=candidates[1]).pk == theirs.pk
    assert DailyDigest.objects.count() == 3
    digests_generate(day=DAY, send=True)  # a later run adds nothing and mails nobody
    assert DailyDigest.objects.count() == 3 and DigestMail.objects.count() == 0
