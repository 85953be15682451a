"""Resume optimization end to end: a DOCX resume, a posting, two accepted suggestions, the
events in the log and in the nightly analysis's frames; permissions and 4xx codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.analytics.frames import suggested_users
from learning.services.analysis_steps import analysis_data_load
from profiles.models import AIInteraction, ResumeOptimization, ResumeSuggestion, ResumeVersion
from profiles.optimize.offers import offers_for
from recruitly.eventlog.models import Event
from tests.factories import CandidateProfileFactory, JobListingFactory
from tests.profiles.documents import make_docx

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PARAGRAPHS = [
    "Dana Smith",
    "dana@example.com | (512) 555-0134 | Austin, TX",
    "Experience",
    "Backend Engineer, Acme Corp, Jan 2019 - Mar 2023",
    "- Responsible for managing the billing service written in Python and Django",
    "- Worked on the MySQL reporting database used by the finance team",
    "- Cut page load time by 40% by caching queries in Redis",
    "Education",
    "BSc Computer Science, University of Texas, 2018",
    "Skills",
    "Python, Django, MySQL, Redis",
]


def _offered_username(offered: bool) -> str:
    return next(
        f"dana{i}" for i in range(200)
        if offers_for(f"dana{i}")["added_metrics"]["offered"] is offered
    )  # fmt: skip


@pytest.fixture
def world(db, api_client):
    with time_machine.travel(NOW, tick=False):
        profile = CandidateProfileFactory(user__username=_offered_username(True))
        job = JobListingFactory(
            title="Senior Backend Engineer",
            required_skills=["Python", "SQL", "Kubernetes"],
            nice_to_have_skills=["Django"],
        )
        api_client.force_authenticate(profile.user)
        upload = SimpleUploadedFile("dana.docx", make_docx(PARAGRAPHS))
        response = api_client.post(
            f"/api/v1/profiles/upload-resume/{profile.user.username}", {"file": upload}
        )
        assert response.status_code == 201, response.json()
    return profile, job


def _optimize(api_client, profile, job, **extra):
    return api_client.post(
        f"/api/v1/profiles/optimize/{profile.user.username}",
        {"job_id": job.pk, **extra},
        format="json",
    )


def _decide(api_client, profile, suggestion_id, decision, text=None):
    body = {"decision": decision} | ({"text": text} if text is not None else {})
    return api_client.post(
        f"/api/v1/profiles/optimize/{profile.user.username}/suggestions/{suggestion_id}",
        body,
        format="json",
    )


def test_a_candidate_optimizes_a_docx_resume_and_accepts_two_suggestions(world, api_client):
    # given
    profile, job = world
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        response = _optimize(api_client, profile, job)
        assert response.status_code == 201, response.json()
        body = response.json()
        assert [g["skill"] for g in body["stage1_analysis"]["missing_required_skills"]] == [
            "Kubernetes"
        ]
        assert body["offers"]["added_metrics"]["offered"] is True
        kinds = {s["edit_type"]: s for s in reversed(body["stage2_suggestions"])}
        assert {"action_verbs", "added_keywords", "added_metrics"} <= set(kinds)
        assert body["provider"] == "local" and body["prompt_version"]
        before = body["stage3_validation"]["original"]

        # when: accept two, edit a metric with the candidate's own figure, reject nothing
        first = _decide(api_client, profile, kinds["action_verbs"]["id"], "accept")
        second = _decide(api_client, profile, kinds["added_keywords"]["id"], "accept")
        metric = next(
            s for s in body["stage2_suggestions"]
            if s["edit_type"] == "added_metrics" and "MySQL reporting" in s["original"]
        )  # fmt: skip
        refused = _decide(api_client, profile, metric["id"], "accept")
        edited = _decide(
            api_client, profile, metric["id"], "edit",
            metric["original"] + ", serving 300 finance users",
        )  # fmt: skip

    # then
    assert first.status_code == 200 and second.status_code == 200, second.json()
    assert refused.status_code == 400 and refused.json()["code"] == "needs_input"
    assert edited.status_code == 200
    latest = ResumeVersion.objects.filter(candidate=profile).order_by("-version").first()
    assert "Managed the billing service" in latest.text
    assert "MySQL, Redis, SQL" in latest.text and "300 finance users" in latest.text
    # a suggestion on a bullet another accepted suggestion rewrote is stale, never misapplied
    stale = next(
        s for s in body["stage2_suggestions"]
        if s["edit_type"] == "added_metrics" and "billing" in s["original"]
    )  # fmt: skip
    assert (
        _decide(api_client, profile, stale["id"], "edit", "Ran billing").json()["code"] == "stale"
    )
    assert latest.edit_types == ["added_metrics"]
    after = second.json()["stage3_validation"]["result"]
    assert after["keyword_density"] > before["keyword_density"]
    assert after["overall"] > before["overall"]
    types = list(
        Event.objects.filter(user=profile.user).order_by("id").values_list("event_type", flat=True)
    )
    assert types.count("RESUME_REWRITTEN") == 3
    assert types.count("SUGGESTION_ACCEPTED") == 2 and types.count("SUGGESTION_EDITED") == 1
    rewritten = Event.objects.filter(event_type="RESUME_REWRITTEN").order_by("id").first()
    assert rewritten.payload["edit_type"] == "action_verbs"
    assert rewritten.payload["score_delta"] == pytest.approx(
        rewritten.payload["after_score"] - rewritten.payload["before_score"]
    )
    # the nightly analysis reads them: the offered user is in the instrument's suggested set
    data = analysis_data_load(window_start=NOW - timedelta(days=1), window_end=NOW + timedelta(1))
    assert profile.user.pk in set(suggested_users(data.feedback, "added_metrics"))
    assert set(data.resume["edit_type"].dropna()) >= {"action_verbs", "added_keywords"}
    # every AI call recorded its prompt version and model
    call = AIInteraction.objects.get(task="resume_optimize")
    assert call.prompt_version and call.model == "local-rules-v1"


def test_the_control_arm_is_never_offered_metric_suggestions(db, api_client):
    profile = CandidateProfileFactory(user__username=_offered_username(False))
    job = JobListingFactory(required_skills=["Python"])
    api_client.force_authenticate(profile.user)
    api_client.post(
        f"/api/v1/profiles/parse-text/{profile.user.username}",
        {"resume_text": "\n".join(PARAGRAPHS)},
    )
    body = _optimize(api_client, profile, job).json()
    assert body["offers"]["added_metrics"]["offered"] is False
    assert not [s for s in body["stage2_suggestions"] if s["edit_type"] == "added_metrics"]
    stored = ResumeOptimization.objects.get()
    assert stored.offers == offers_for(profile.user.username)


def test_a_decision_is_final_and_a_rejection_is_logged(world, api_client):
    profile, job = world
    suggestion_id = _optimize(api_client, profile, job).json()["stage2_suggestions"][0]["id"]
    assert _decide(api_client, profile, suggestion_id, "reject").status_code == 200
    again = _decide(api_client, profile, suggestion_id, "accept")
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    assert Event.objects.filter(event_type="SUGGESTION_REJECTED").count() == 1
    assert ResumeSuggestion.objects.get(pk=suggestion_id).status == "rejected"


def test_candidates_cannot_touch_another_candidates_optimization(world, api_client):
    profile, job = world
    suggestion_id = _optimize(api_client, profile, job).json()["stage2_suggestions"][0]["id"]
    other = CandidateProfileFactory()
    api_client.force_authenticate(other.user)
    assert _optimize(api_client, profile, job).status_code == 403
    own_path = _decide(api_client, other, suggestion_id, "reject")
    assert own_path.status_code == 404 and own_path.json()["code"] == "not_found"


def test_a_reviewer_may_optimize_for_a_candidate(world, api_client, reviewer):
    profile, job = world
    api_client.force_authenticate(reviewer)
    assert _optimize(api_client, profile, job).status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invalid"),
        ({"job_id": "x"}, 400, "invalid"),
        ({"job_id": 999999}, 404, "not_found"),
    ],
)
def test_bad_input_gets_a_4xx_with_a_code(world, api_client, body, status, code):
    profile, _ = world
    response = api_client.post(
        f"/api/v1/profiles/optimize/{profile.user.username}", body, format="json"
    )
    assert response.status_code == status and response.json()["code"] == code


def test_a_candidate_without_a_resume_is_told_so(db, api_client):
    profile = CandidateProfileFactory()
    api_client.force_authenticate(profile.user)
    response = _optimize(api_client, profile, JobListingFactory())
    assert response.status_code == 400 and response.json()["code"] == "no_resume"
