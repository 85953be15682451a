"""The advanced engines in ``manage.py analyze`` and their pages (Django test client)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from learning.models import AnalysisRun, AnalysisStatus
from learning.services import advanced_steps
from learning.services.advanced_steps import (
    MARKET_INTELLIGENCE,
    RESUME_DNA,
    TEMPORAL,
    latest_result,
)
from learning.services.analysis_steps import analysis_data_load
from learning.services.recommendations_generate import jsonable
from learning.services.simulation_load import world_load
from learning.simulation.world import WorldConfig, generate_world

END = date(2026, 10, 1)


def _loaded():
    world = generate_world(
        WorldConfig(candidates=160, jobs=1200, months=12, seed=11, end_date=END, prefix="adv")
    )
    world_load(world=world)
    return world


@pytest.fixture
def analysed(db):
    """The whole nightly analysis through the command."""
    world = _loaded()
    call_command("analyze", "--window-end", END.isoformat(), verbosity=0)
    return world


@pytest.fixture
def advanced_only(db):
    """Only the three engines' steps, stored as a run stores them (the others are slow)."""
    world = _loaded()
    window_end = datetime.combine(END, datetime.min.time(), tzinfo=UTC)
    data = analysis_data_load(window_start=window_end - timedelta(days=365), window_end=window_end)
    progress = {
        name: {"summary": jsonable(step(data)[0]), "recommendations": []}
        for name, step in advanced_steps.STEPS.items()
    }
    AnalysisRun.objects.create(
        kind="nightly",
        window_start=data.window_start,
        window_end=window_end,
        status=AnalysisStatus.DONE,
        started_at=window_end,
        progress=progress,
    )
    return world


def test_analyze_runs_the_three_engines_and_stores_their_results(analysed):
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisStatus.DONE
    assert {RESUME_DNA, MARKET_INTELLIGENCE, TEMPORAL} <= set(run.progress)
    dna, end = latest_result(RESUME_DNA)
    assert end == datetime(2026, 10, 1, tzinfo=UTC)
    assert dna["counts"]["members"] > 40 and dna["library"]["patterns"]
    temporal, _ = latest_result(TEMPORAL)
    platform = temporal["series"][0]
    assert platform["label"] == "All postings" and platform["postings"] == 1200
    found = [cp["at"] for cp in platform["change_points"] if cp["direction"] == "down"]
    shift = analysed.shift_date
    assert any(abs((date.fromisoformat(d) - shift).days) <= 7 for d in found)
    market, _ = latest_result(MARKET_INTELLIGENCE)
    assert market["report"]["velocity"]["role"]
    assert market["report"]["response"]["industry"]
    _market_page_checks(client=Client(), world=analysed)


def test_the_pages_need_a_sign_in(client, db):
    for name in ("learning:market", "learning:resume-dna"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_pages_say_so_before_any_analysis(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone", password="x"))
    market = client.get(reverse("learning:market"))
    assert market.status_code == 200 and b"No analysis of posting volume yet" in market.content
    dna = client.get(reverse("learning:resume-dna"))
    assert dna.status_code == 200 and b"Sign in with a candidate account" in dna.content
    insights = client.get(reverse("learning:insights")).content.decode()
    assert reverse("learning:resume-dna") in insights and reverse("learning:market") in insights


def _market_page_checks(*, client: Client, world) -> None:
    user = get_user_model().objects.filter(username__startswith="adv-").first()
    client.force_login(user)
    page = client.get(reverse("learning:market"))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('<svg class="chart') >= 4
    assert "change on" in body and "95 % prediction interval" in body
    assert "Response rate (95 % CI)" in body and "confidence" in body
    for odd in ("abc", "999", "-1", "²", "1" * 40):
        assert client.get(reverse("learning:market"), {"series": odd}).status_code == 200
    series = latest_result(TEMPORAL)[0]["series"]
    last = client.get(reverse("learning:market"), {"series": str(len(series) - 1)})
    assert f'<span class="badge good">{series[-1]["label"]}</span>' in last.content.decode()


def test_a_candidate_sees_their_own_match_and_the_patterns(client, advanced_only):
    user = get_user_model().objects.filter(username__startswith="adv-").order_by("pk").first()
    client.force_login(user)
    page = client.get(reverse("learning:resume-dna"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Your latest resume (version" in body and "is closest to" in body
    assert "Interview rate (95 % CI)" in body and "stability (adjusted Rand index)" in body
    assert '<svg class="chart' in body
    other = get_user_model().objects.filter(username__startswith="adv-").order_by("-pk").first()
    assert other.username not in body  # nobody else's data
