"""Resume, scoring, strategy and action services against the database."""

from __future__ import annotations

import pytest

from profiles.matching.components import DEFAULT_WEIGHTS
from profiles.models import AIInteraction, Application, JobScore, ResumeVersion
from profiles.occupations import text_occupations
from profiles.parameters import JOB_SCORING_MIN_STORED
from profiles.parsing.documents import ResumeDocumentError
from profiles.services import scoring
from profiles.services.actions import (
    ActionError,
    application_outcome_record,
    job_score_mark,
    job_score_rate,
)
from profiles.services.profile import profile_update
from profiles.services.resumes import resume_text_parse, resume_upload
from profiles.services.scoring import job_scores_cleanup, job_scores_compute
from profiles.services.strategy import candidate_strategy_update
from recruitly.eventlog.models import Event
from recruitly.spine.services import parameter_version_create
from tests.factories import CandidateProfileFactory
from tests.profiles.documents import RESUME_LINES, make_blank_pdf, make_docx, make_pdf

pytestmark = pytest.mark.django_db


def _types() -> list[str]:
    return list(Event.objects.order_by("id").values_list("event_type", flat=True))


def test_an_uploaded_pdf_becomes_a_resume_version_and_fills_the_profile(
    backend_candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = resume_upload(
            candidate=backend_candidate, data=make_pdf(RESUME_LINES), filename="cv.pdf",
            acting_user=backend_candidate.user,
        )  # fmt: skip
    backend_candidate.refresh_from_db()
    assert (version.version, version.source_type, len(version.source_hash)) == (1, "pdf", 64)
    assert version.raw_file is None  # raw files are not kept unless configured
    assert backend_candidate.full_name == "Jane Doe"
    assert "Kubernetes" in backend_candidate.tools_platforms
    assert backend_candidate.skill_sources["Python"] == "skills section"
    assert version.parse_interaction.task == "resume_parse"
    assert 0 < version.resume_score <= 100


def test_a_docx_upload_and_a_second_version_emit_a_score_change(backend_candidate):
    resume_upload(
        candidate=backend_candidate, data=make_docx(RESUME_LINES[:4]), filename="cv.docx",
        acting_user=backend_candidate.user,
    )  # fmt: skip
    second = resume_text_parse(
        candidate=backend_candidate,
        text="\n".join(RESUME_LINES),
        acting_user=backend_candidate.user,
    )
    assert second.version == 2
    event = Event.objects.get(event_type="SCORE_CHANGED")
    assert event.payload["resume_version_id"] == str(second.pk)


def test_an_unreadable_file_stores_nothing(backend_candidate):
    with pytest.raises(ResumeDocumentError) as caught:
        resume_upload(
            candidate=backend_candidate, data=make_blank_pdf(), filename="scan.pdf",
            acting_user=backend_candidate.user,
        )  # fmt: skip
    assert caught.value.code == "scanned"
    assert not ResumeVersion.objects.exists()
    assert not AIInteraction.objects.exists()


def test_only_scores_at_or_above_the_threshold_are_stored_with_the_weights_used(
    backend_candidate, jobs
):
    summary = job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    stored = JobScore.objects.filter(candidate=backend_candidate)
    assert summary.pairs == 4
    assert summary.stored == stored.count() >= 1
    assert all(s.compatibility_score >= JOB_SCORING_MIN_STORED.default for s in stored)
    assert not stored.filter(job__title="Registered Nurse").exists()
    best = stored.order_by("-compatibility_score").first()
    assert best.job.title == "Backend Engineer"
    assert best.weights_used == DEFAULT_WEIGHTS
    assert best.parameter_version is None  # the code default produced it
    assert best.next_step and best.ai_reasoning and best.matched_skills


def test_scores_record_the_parameter_version_that_produced_them(backend_candidate, jobs, reviewer):
    version = parameter_version_create(
        component="job_scoring.weights",
        value={"skills": 0.7, "experience": 0.1, "location": 0.1, "salary": 0.1, "culture": 0.0},
        acting_user=reviewer,
        reason="test",
    )
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    assert score.parameter_version == version
    assert score.weights_used["skills"] == 0.7


def test_rescoring_is_idempotent_and_keeps_the_candidates_marks(backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).order_by("-compatibility_score")[0]
    job_score_mark(candidate=backend_candidate, job_score=score, mark="interested")
    before = list(JobScore.objects.values_list("job_id", "compatibility_score"))
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    assert list(JobScore.objects.values_list("job_id", "compatibility_score")) == before
    score.refresh_from_db()
    assert score.user_interested is True


def test_strategy_mode_follows_the_thresholds_and_changes_become_events(backend_candidate):
    resume_text_parse(
        candidate=backend_candidate,
        text="\n".join(RESUME_LINES),
        acting_user=backend_candidate.user,
    )
    mode = candidate_strategy_update(candidate=backend_candidate)
    assert mode == "APPLY_MODE"  # the resume scores above the default 75
    event = Event.objects.get(event_type="MODE_CHANGED")
    assert event.payload["from_mode"] == "IMPROVE_RESUME_FIRST"
    assert event.payload["metrics"]["resume_score"] >= 75
    assert candidate_strategy_update(candidate=backend_candidate) == "APPLY_MODE"
    assert Event.objects.filter(event_type="MODE_CHANGED").count() == 1


def test_marks_applications_outcomes_and_thumbs_emit_events(backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    job_score_mark(candidate=backend_candidate, job_score=score, mark="not_interested")
    job_score_mark(candidate=backend_candidate, job_score=score, mark="not_interested")
    application = job_score_mark(candidate=backend_candidate, job_score=score, mark="applied")
    assert (
        job_score_mark(candidate=backend_candidate, job_score=score, mark="applied") == application
    )
    application_outcome_record(
        candidate=backend_candidate, application=application, status="interview"
    )
    job_score_rate(candidate=backend_candidate, job_score=score, rating="up", comment="spot on")
    assert _types() == [
        "SUGGESTION_REJECTED",
        "APPLICATION_SUBMITTED",
        "STATUS_CHANGED",
        "AI_RESPONSE_RATED",
    ]
    assert Application.objects.get().outcome_status == "interview"
    rated = Event.objects.get(event_type="AI_RESPONSE_RATED")
    assert rated.payload["action_type"] == "job_reasoning"
    score.refresh_from_db()
    assert score.reasoning_interaction.output["reasoning"] == score.ai_reasoning


def test_a_candidate_cannot_act_on_someone_elses_match(backend_candidate, jobs):
    job_scores_compute(candidates=[backend_candidate], jobs=jobs)
    score = JobScore.objects.filter(candidate=backend_candidate).first()
    with pytest.raises(ActionError):
        job_score_mark(candidate=CandidateProfileFactory(), job_score=score, mark="applied")


def test_skills_typed_by_the_candidate_are_normalised_and_marked(backend_candidate):
    profile_update(
        candidate=backend_candidate, data={}, skills=["postgres", "k8s", "Basket weaving"]
    )
    backend_candidate.refresh_from_db()
    assert backend_candidate.tools_platforms == ["PostgreSQL", "Kubernetes", "Basket weaving"]
    assert backend_candidate.skill_sources["Kubernetes"] == "added by you"


def test_cleanup_removes_only_stale_untouched_scores(backend_candidate, jobs):
    from datetime import timedelta

    from django.utils import timezone

    job_scores_compute(
        candidates=[backend_candidate], jobs=jobs, now=timezone.now() - timedelta(days=40)
    )
    touched = JobScore.objects.first()
    job_score_mark(candidate=backend_candidate, job_score=touched, mark="interested")
    total = JobScore.objects.count()
    deleted = job_scores_cleanup(older_than_days=30)
    assert deleted == total - 1
    assert list(JobScore.objects.all()) == [touched]


def test_the_resume_bodys_occupations_are_read_at_upload_and_reused_by_scoring(
    backend_candidate, monkeypatch
):
    version = resume_text_parse(
        candidate=backend_candidate, acting_user=backend_candidate.user,
        text="JANE DOE\nStaff Accountant\nSkills: General Ledger, QuickBooks\n"
        "Experience\nStaff Accountant, Initech, 01/2019 - 06/2024\nClosed the books monthly.",
    )  # fmt: skip
    stored = version.parsed_data["occupations"]
    assert stored == text_occupations(version.text) and stored

    # scoring reads them back instead of reading the text again
    def unexpected(_text: str) -> dict[str, float]:
        raise AssertionError("text_occupations called while scoring")

    monkeypatch.setattr(scoring, "text_occupations", unexpected)
    (features,) = scoring.candidates_features([backend_candidate])
    assert features.occupations == stored
