"""Input features that predict a thumbs-down: the planted one (PDF resumes parsed badly) is
found, with Fisher's exact p-values and Holm's adjustment as scipy and statsmodels compute
them; nothing is found without a difference; the pipeline reports it to reviewers once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests

from learning.ai.failure_patterns import failure_patterns, holm
from learning.ai.pipeline import ai_pipeline_run
from profiles.models import AIInteraction, ResumeVersion
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _parses(file_type: str, n: int, downs: int) -> None:
    levels = ("junior", "senior")
    profiles = {lvl: CandidateProfileFactory(career_level=lvl) for lvl in levels}
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        for i in range(n):
            profile = profiles[levels[i % 2]]
            interaction = AIInteraction.objects.create(
                user=profile.user, task="resume_parse", provider="openai", model="m",
                prompt_version="default", input_hash=f"{file_type}{i}",
                input_data={"text": "resume"}, output={}, rating="down" if i < downs else "up",
            )  # fmt: skip
            ResumeVersion.objects.create(
                candidate=profile, version=ResumeVersion.objects.filter(candidate=profile).count()
                + 1, text="x", source_hash=f"{file_type}{i}", source_type=file_type,
                parse_interaction=interaction,
            )  # fmt: skip


def test_holm_matches_statsmodels():
    p = [0.01, 0.04, 0.03, 0.2, 0.001]
    assert holm(p) == pytest.approx(list(multipletests(p, method="holm")[1]))


def test_the_planted_file_type_is_found_and_nothing_else():
    _parses("pdf", 120, 54)  # 45 % down
    _parses("docx", 200, 30)  # 15 % down
    found = failure_patterns(now=NOW)
    assert [(f["feature"], f["value"]) for f in found] == [("file_type", "pdf")]
    expected = fisher_exact([[54, 66], [30, 170]], alternative="greater")[1]
    assert found[0]["p_value"] == pytest.approx(expected)
    assert (found[0]["down_rate"], found[0]["rest_down_rate"]) == (45.0, 15.0)


def test_no_pattern_without_a_difference():
    _parses("pdf", 100, 20)
    _parses("docx", 100, 20)
    assert failure_patterns(now=NOW) == []


def test_the_pipeline_reports_new_issues_to_reviewers_once(
    reviewer, django_capture_on_commit_callbacks
):
    _parses("pdf", 120, 54)
    _parses("docx", 200, 30)

    def run(at: datetime) -> dict:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return ai_pipeline_run(now=at)

    first = run(NOW)
    again = run(NOW + timedelta(hours=1))
    assert [i["kind"] for i in first["issues"]] == ["failure_pattern"]
    assert first["notified"] == ["failure_pattern:resume_parse:file_type:pdf"]
    assert again["notified"] == []
    assert len(mail.outbox) == 1 and "file_type = pdf" in mail.outbox[0].body
    later = run(NOW + timedelta(days=1, hours=2))
    assert later["notified"] == first["notified"] and len(mail.outbox) == 2
