"""Retired insight kinds are no longer given in the weekly insights."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from learning.models import AnalysisRun, AnalysisStatus
from learning.services.insights import weekly_insight_generate
from learning.services.predict_nightly import STEP, retired_insight_kinds
from tests.learning.test_insights import WEEK, _history

pytestmark = pytest.mark.django_db


def _nightly(retired: list[str], day: int) -> None:
    end = datetime(2026, 11, day, tzinfo=UTC)
    AnalysisRun.objects.create(
        kind="nightly",
        window_start=end.replace(year=2025),
        window_end=end,
        status=AnalysisStatus.DONE,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        progress={STEP: {"summary": {"insight_quality": {"retired": retired}}}},
    )


def test_without_a_run_nothing_is_retired():
    assert retired_insight_kinds() == frozenset()


def test_retired_kinds_are_left_out_and_the_others_kept(candidate):
    _nightly(["stop:title"], 1)
    _nightly(["focus:company_stage", "pace"], 2)  # the newest run decides
    assert retired_insight_kinds() == {"focus:company_stage", "pace"}
    _history(candidate.user)
    content = weekly_insight_generate(user=candidate.user, week_start=WEEK).content
    assert content["what_worked"] == []  # "Series A companies" was a focus:company_stage
    assert not any("Series A" in t for t in content["try_this_week"])
    assert not any(t.startswith("Aim for") for t in content["try_this_week"])
    assert any("enterprise" in s for s in content["stop_doing"])  # stop:company_stage kept
