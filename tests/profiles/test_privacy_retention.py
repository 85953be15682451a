"""Retention: raw resume text of long-inactive candidates and old AI inputs/outputs go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from profiles.models import AIInteraction, ResumeVersion
from profiles.privacy.retention import EXPIRED, privacy_retention_apply
from profiles.services.resumes import resume_text_parse
from recruitly.spine.models import AuditEntry
from tests.factories import CandidateProfileFactory
from tests.profiles.privacy_world import RESUME

JOINED = datetime(2024, 1, 10, 12, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)
DAYS = {"resume_days": 730, "ai_output_days": 365}


def _candidate_with_resume(username: str, *, last_login: datetime | None):
    with time_machine.travel(JOINED, tick=False):
        candidate = CandidateProfileFactory(user__username=username)
        version = resume_text_parse(candidate=candidate, text=RESUME, acting_user=candidate.user)
    type(candidate.user).objects.filter(pk=candidate.user.pk).update(last_login=last_login)
    return candidate, version


def test_an_inactive_candidates_old_resume_text_and_its_parse_call_are_removed(db) -> None:
    _, gone_version = _candidate_with_resume("gone", last_login=JOINED + timedelta(days=1))
    _, back_version = _candidate_with_resume("back", last_login=NOW - timedelta(days=3))

    result = privacy_retention_apply(now=NOW, **DAYS)

    assert result.resume_versions == 1
    assert ResumeVersion.objects.get(pk=gone_version.pk).text == ""
    assert ResumeVersion.objects.get(pk=back_version.pk).text == RESUME  # signed in lately
    parse = AIInteraction.objects.get(pk=gone_version.parse_interaction_id)
    assert parse.input_data == EXPIRED and parse.output is None
    assert parse.tokens_in == gone_version.parse_interaction.tokens_in  # the cost stays
    assert AuditEntry.objects.get(action="privacy_retention").details["resume_versions"] == 1


def test_a_resume_younger_than_the_period_stays_even_when_the_candidate_is_away(db) -> None:
    _, version = _candidate_with_resume("away", last_login=None)
    result = privacy_retention_apply(now=JOINED + timedelta(days=729), **DAYS)
    assert result.resume_versions == 0
    assert ResumeVersion.objects.get(pk=version.pk).text == RESUME


def test_old_ai_outputs_go_and_recent_ones_stay(db) -> None:
    _, old = _candidate_with_resume("old", last_login=NOW)
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        candidate = CandidateProfileFactory(user__username="new")
        recent = resume_text_parse(candidate=candidate, text=RESUME, acting_user=candidate.user)

    result = privacy_retention_apply(now=NOW, **DAYS)

    assert result.ai_interactions == 1
    assert AIInteraction.objects.get(pk=old.parse_interaction_id).output is None
    assert AIInteraction.objects.get(pk=recent.parse_interaction_id).output is not None


def test_a_second_run_changes_nothing_and_zero_days_switches_a_rule_off(db) -> None:
    _, version = _candidate_with_resume("gone", last_login=None)
    off = privacy_retention_apply(now=NOW, resume_days=0, ai_output_days=0)
    assert (off.resume_versions, off.ai_interactions) == (0, 0)
    assert ResumeVersion.objects.get(pk=version.pk).text == RESUME
    first = privacy_retention_apply(now=NOW, **DAYS)
    # the resume rule already expired the parse call, so the AI rule finds it done
    assert (first.resume_versions, first.ai_interactions) == (1, 0)
    second = privacy_retention_apply(now=NOW, **DAYS)
    assert (second.resume_versions, second.ai_interactions) == (0, 0)
    assert AuditEntry.objects.filter(action="privacy_retention").count() == 1


def test_the_task_reads_the_settings(db, settings) -> None:
    from profiles.tasks import privacy_retention

    settings.PRIVACY_RESUME_RETENTION_DAYS = 0
    settings.PRIVACY_AI_OUTPUT_RETENTION_DAYS = 1
    _candidate_with_resume("gone", last_login=None)
    assert privacy_retention.delay().get() == {"resume_versions": 0, "ai_interactions": 1}
