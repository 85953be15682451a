"""A candidate with data in every table a candidate can reach, among enough others that the
market and cohort figures are not suppressed (k = LEARNING_MIN_GROUP_SIZE)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.contrib.auth.models import User

from experiments.models import Assignment
from learning.models import WeeklyInsight
from profiles.models import AIInteraction, CandidateProfile, JobListing, JobScore
from profiles.services.actions import application_outcome_record, job_score_mark
from profiles.services.digests import digests_generate
from profiles.services.event_emit import event_emit
from profiles.services.optimize import resume_optimization_create
from profiles.services.resumes import resume_text_parse
from profiles.services.scoring import job_scores_compute
from recruitly.eventlog.models import Event, EventFamily
from recruitly.spine.models import ParameterOverride
from tests.experiments.factories import experiment_build
from tests.factories import CandidateProfileFactory, JobListingFactory, ReviewerFactory
from tests.learning.application_events import application, store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OTHERS = 12  # above the default k of 10 users per group
EMAIL = "ada.quintessa@example.org"
NAME = "Ada Quintessa Lovelock"
PHONE = "+1 512 555 0199"
RESUME_LINE = "Built the Quintessa ledger reconciliation engine in Python and PostgreSQL"
RESUME = f"""{NAME}
{EMAIL} | {PHONE} | Austin, TX

Summary
Backend engineer with 6 years of experience in Python, Django and PostgreSQL.

Experience
Senior Backend Engineer, Lovelock Analytics, 2020 - present
- {RESUME_LINE}
- Cut the nightly batch from 4 hours to 20 minutes with Celery and Redis

Education
B.Sc. Computer Science, University of Texas at Austin, 2018

Skills
Python, Django, PostgreSQL, Docker, Celery, Redis, SQL
"""
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@dataclass(frozen=True)
class PrivacyWorld:
    candidate: CandidateProfile
    user: User
    reviewer: User
    others: list[CandidateProfile]

    @property
    def needles(self) -> tuple[str, ...]:
        return (EMAIL, NAME, PHONE, RESUME_LINE)


def _market(others: list[CandidateProfile], target: CandidateProfile) -> None:
    """Application events (with outcomes) of every candidate, the target among them."""
    batches = []
    for i, person in enumerate([*others, target]):
        for j in range(3):
            submitted = NOW - timedelta(days=60 + 7 * j + i % 5)
            outcome = ("interview", "rejected", "ghosted")[(i + j) % 3]
            batches.append(
                application(person.user, submitted, outcome=outcome, industry="software")
            )
    store(*batches)


def _candidate_activity(candidate: CandidateProfile, reviewer: User, capture) -> None:
    user = candidate.user
    with capture(execute=True):
        version = resume_text_parse(candidate=candidate, text=RESUME, acting_user=user)
    candidate.refresh_from_db()
    job_scores_compute(candidates=[candidate], jobs=list(JobListing.objects.all()))
    scores = list(JobScore.objects.filter(candidate=candidate).order_by("pk"))
    application = job_score_mark(candidate=candidate, job_score=scores[0], mark="applied")
    assert application is not None
    application_outcome_record(
        candidate=candidate, application=application, status="interview", at=NOW
    )
    job_score_mark(candidate=candidate, job_score=scores[1], mark="not_interested")
    resume_optimization_create(
        candidate=candidate, job=scores[0].job, acting_user=user, resume_version=version
    )
    with capture(execute=True):
        digests_generate(day=date(2026, 3, 2), send=True, now=NOW)
    event_emit(
        user=user,
        event_type="SUGGESTION_REJECTED",
        payload={
            "suggestion_type": "rewrite",
            "suggested_content": {"text": RESUME_LINE, "edit_type": "quantify"},
            "rejection_reason": f"call me on {PHONE}",
        },
        submitted_by=user,
    )
    WeeklyInsight.objects.create(
        user=user, week_start=date(2026, 2, 23), content={"note": NAME}, sample_size=3
    )
    ParameterOverride.objects.create(user=user, component="fit.weights", value={"skills": 0.5})
    experiment = experiment_build(acting_user=reviewer)
    Assignment.objects.create(
        experiment=experiment, variant=experiment.variants.first(), user=user, bucket=0.25
    )
    AIInteraction.objects.create(
        user=user, task="resume_parse", provider="local", model="rules", prompt_version="default",
        input_hash="0" * 64, input_data={"text": RESUME}, output={"name": NAME},
    )  # fmt: skip


def privacy_world_build(capture) -> PrivacyWorld:
    """``capture`` is pytest-django's django_capture_on_commit_callbacks."""
    with time_machine.travel(NOW, tick=False):
        reviewer = ReviewerFactory(username="privacy-reviewer")
        for days in range(4):
            JobListingFactory(posted_at=NOW - timedelta(days=days))
        others = [CandidateProfileFactory(full_name=f"Other Person {i}") for i in range(OTHERS)]
        candidate = CandidateProfileFactory(
            user__username="ada", user__email=EMAIL, user__first_name="Ada",
            user__last_name="Quintessa Lovelock", full_name=NAME, email=EMAIL, phone=PHONE,
            years_of_experience=6.0,
        )  # fmt: skip
        _market(others, candidate)
        _candidate_activity(candidate, reviewer, capture)
    assert Event.objects.filter(user=candidate.user, family=EventFamily.FEEDBACK).exists()
    return PrivacyWorld(candidate, candidate.user, reviewer, others)
