"""Output-shape features as failure patterns: a truncated answer (the provider's finish_reason
``length`` recorded by the service, or text cut mid-sentence) is detected; a planted
truncation pattern and a planted broken-layout pattern are found with scipy's Fisher p-values
and Holm's adjustment as statsmodels computes it, and nothing else; the page shows the tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import time_machine
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests

from learning.ai import output_shape
from learning.ai.failure_patterns import failure_pattern_tests, failure_patterns
from profiles.ai import service
from profiles.ai.providers import Answer
from profiles.ai.providers.openai_chat import OpenAIProvider
from profiles.models import AIInteraction
from tests.factories import CandidateProfileFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PROSE = "The candidate knows Python and SQL well and has led two teams of engineers."


def test_the_service_and_the_analysis_share_the_truncation_note():
    assert output_shape.TRUNCATED_NOTE == service.TRUNCATED_NOTE


@pytest.mark.parametrize(
    ("output", "notes", "expected"),
    [
        ({"reasoning": PROSE}, [], False),
        ({"reasoning": PROSE[:-1]}, [], False),  # no final full stop is not a cut by itself
        ({"reasoning": PROSE[:60] + ","}, [], True),
        ({"reasoning": "The candidate knows Python (and SQL, Docker and Kubernetes"}, [], True),
        ({"reasoning": "Strong match for the role and"}, [], False),  # too short to judge
        ({"reasoning": "Strong match overall: Python, SQL, Docker, Kubernetes, and"}, [], True),
        ({"raw": '{"reasoning": "The candidate kno'}, [], True),
        ({"raw": "Sorry, I cannot help"}, [], False),
        ({"reasoning": PROSE}, ["finish_reason=length"], True),
        ({"reasoning": PROSE}, ["", "finish_reason=length; reasoning: missing"], True),
    ],
)
def test_truncation(output, notes, expected):
    assert output_shape.truncated(output, notes) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PROSE, False),
        ("Led **three** teams", True),
        ("Led **three teams", True),
        ("```python\nprint(1)", True),
        ("## Summary\nLed teams", True),
        ("| a | b |\n|---|---|", True),
        ("- Led teams", False),  # a hyphen bullet is plain text
        ("* Led teams", True),
        ("Led teams<br>Shipped", True),
        ("C++ and C#, 5 < 6", False),
    ],
)
def test_broken_layout(text, expected):
    assert output_shape.broken_layout({"suggestions": [{"suggested": text}]}) is expected


def test_missing_sections_per_task():
    parse = {"programming_languages": ["Python"], "job_titles": [], "companies": [],
             "degrees": ["BSc"], "institutions": []}  # fmt: skip
    assert output_shape.missing_sections("resume_parse", parse) == ["experience"]
    assert output_shape.missing_sections("resume_optimize", {"analysis": {"gaps": 1}}) == [
        "suggestions"
    ]
    assert output_shape.missing_sections("job_reasoning", {"reasoning": "  "}) == ["reasoning"]
    assert output_shape.missing_sections("digest_summary", None) == ["summary"]


def test_length_bands_follow_the_task_quantiles():
    sizes = list(range(100, 1100, 10))  # 100 values
    cuts = output_shape.length_cuts(sizes)
    assert cuts == pytest.approx((np.quantile(sizes, 0.2), np.quantile(sizes, 0.8)))
    bands = [output_shape.length_band(s, cuts) for s in sizes]
    assert (bands.count("short"), bands.count("long"), bands.count("typical")) == (20, 20, 60)


def test_the_openai_provider_reports_finish_reason():
    choice = SimpleNamespace(message=SimpleNamespace(content='{"reasoning": "x"}'),
                             finish_reason="length")  # fmt: skip
    response = SimpleNamespace(choices=[choice], usage=None, model="m")
    client = SimpleNamespace(
        chat=SimpleNamespace(completions=SimpleNamespace(create=lambda **kw: response))
    )
    answer = OpenAIProvider(client).complete("job_reasoning", {}, prompt="p", model="m")
    assert answer.finish_reason == "length"


@pytest.mark.django_db
def test_a_cut_off_remote_answer_is_recorded_as_truncated(monkeypatch, settings):
    settings.AI_PROVIDER = "openai"
    cut = Answer({"summary": PROSE}, "m", 10, 4096, "{}", finish_reason="length")
    monkeypatch.setattr(OpenAIProvider, "complete", lambda self, *a, **kw: cut)
    result = service.ai_run(task="digest_summary", payload={"new_matches": 1})
    assert result.interaction.success and result.interaction.error == service.TRUNCATED_NOTE
    bad = Answer(None, "m", 10, 4096, '{"summary": "Hi the', finish_reason="length")
    monkeypatch.setattr(OpenAIProvider, "complete", lambda self, *a, **kw: bad)
    fallback = service.ai_run(task="digest_summary", payload={"new_matches": 2})
    assert fallback.fell_back and fallback.interaction.fallback_of is not None
    assert fallback.interaction.fallback_of.error.startswith(service.TRUNCATED_NOTE)


def _answers(n: int, downs: int, output: dict[str, Any], error: str = "") -> None:
    profile = CandidateProfileFactory(career_level="mid")
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        AIInteraction.objects.bulk_create(
            AIInteraction(
                user=profile.user, task="job_reasoning", provider="openai", model="m",
                prompt_version="default", input_hash=f"h{i}", input_data={"text": "t" * 2500},
                output=output, error=error, rating="down" if i < downs else "up",
            )
            for i in range(n)
        )  # fmt: skip


@pytest.mark.django_db
def test_planted_truncation_and_layout_patterns_are_found_and_nothing_else():
    _answers(60, 30, {"reasoning": PROSE}, error="finish_reason=length")  # 50 % down
    _answers(60, 27, {"reasoning": "**The**" + PROSE[3:-4]})  # 45 % down, same length
    _answers(240, 36, {"reasoning": PROSE})  # 15 % down
    tests = failure_pattern_tests(now=NOW)
    found = {(t["feature"], t["value"]) for t in failure_patterns(now=NOW)}
    assert found == {("truncated", "yes"), ("broken_layout", "yes")}
    by_key = {(t["feature"], t["value"]): t for t in tests}
    truncated = by_key[("truncated", "yes")]
    assert (truncated["n"], truncated["rest_n"]) == (60, 300)
    expected = fisher_exact([[30, 30], [63, 237]], alternative="greater")[1]
    assert by_key[("broken_layout", "yes")]["down_rate"] == 45.0
    assert truncated["p_value"] == pytest.approx(expected)
    raw = [t["p_value"] for t in tests]
    assert [t["p_holm"] for t in tests] == pytest.approx(list(multipletests(raw, method="holm")[1]))
    # Every answer is as long as the others: no length band to test.
    assert not any(feature == "output_length" for feature, _ in by_key)


@pytest.mark.django_db
def test_the_page_shows_the_tests(client, reviewer):
    _answers(60, 30, {"reasoning": PROSE}, error="finish_reason=length")
    _answers(240, 36, {"reasoning": PROSE})
    client.force_login(reviewer)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/learning/ai/").content.decode()
    assert "Failure-pattern tests" in page
    assert "<td>truncated</td><td>yes</td>" in page and "established" in page
