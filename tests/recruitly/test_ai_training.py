"""Training snapshots: chat JSONL and preference pairs, frozen golden set, de-duplication,
consent, personal-data scrubbing (planted e-mails, phones and names are never exported),
readiness per action type, and the management command."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from learning.ai.training.examples import READY, examples_collect, training_readiness
from learning.ai.training.snapshot import snapshots_list, training_snapshot
from profiles.models import AIInteraction, ResumeVersion
from profiles.models_optimize import ResumeOptimization, ResumeSuggestion
from profiles.privacy.scrub import scrub
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

PLANTED = [
    "Maria Kowalczyk", "maria.k@gmail.com", "+1 (512) 555-0199", "512.555.0143",
    "linkedin.com/in/mariak", "Reported to Dieter Brandt", "Dr. Olufemi Adeyemi",
    "https://mariak.dev/portfolio", "0049 30 1234567",
]  # fmt: skip
LEAKS = [
    re.compile(r"kowalczyk|dieter|brandt|olufemi|adeyemi|maria", re.I),
    re.compile(r"@"),
    re.compile(r"555"),
    re.compile(r"1234567"),
    re.compile(r"linkedin|mariak\.dev|https?://", re.I),
]


def _candidate(**kw):
    user = UserFactory(first_name="Maria", last_name="Kowalczyk", email="maria.k@gmail.com")
    return CandidateProfileFactory(user=user, full_name="Maria Kowalczyk", **kw)


def _interaction(profile, task="job_reasoning", *, rating="up", text="", answer="Fits well."):
    return AIInteraction.objects.create(
        user=profile.user, task=task, provider="local", model="local-rules-v1",
        prompt_version="default", input_hash="x", rating=rating,
        input_data={"text": text, "name": "Maria Kowalczyk"}, output={"reasoning": answer},
    )  # fmt: skip


def _optimization(profile, statuses):
    version = ResumeVersion.objects.create(
        candidate=profile, version=1, text="Built APIs", source_hash="h"
    )
    optimization = ResumeOptimization.objects.create(
        candidate=profile, job=JobListingFactory(), source_version=version, provider="local",
        model="local-rules-v1", prompt_version="default", rating=5,
    )  # fmt: skip
    for i, (status, final) in enumerate(statuses):
        ResumeSuggestion.objects.create(
            optimization=optimization, position=i, kind="bullet", edit_type="metrics",
            original=f"Built APIs for Maria Kowalczyk's team {i}, call 512-555-0100",
            suggested=f"Built [N] APIs used by [N] teams ({i})", status=status,
            final_text=final,
        )  # fmt: skip


def _all_text(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.glob("*.jsonl"))


def test_scrub_removes_planted_personal_data_and_keeps_the_rest():
    text = " | ".join(PLANTED) + " | Python, 2019-2023, 40 % faster, managed 5 engineers"
    out = scrub(text, ["Maria Kowalczyk"])
    for leak in LEAKS:
        assert not leak.search(out), (leak.pattern, out)
    assert "Python, 2019-2023, 40 % faster, managed 5 engineers" in out
    assert out.count("[EMAIL]") == 1 and out.count("[PHONE]") == 3


def test_snapshot_exports_no_planted_personal_data(settings):
    # given: approved answers and accepted edits full of planted personal data
    profile = _candidate()
    for i in range(30):
        _interaction(
            profile, text=f"Resume {i}: " + "; ".join(PLANTED), answer=f"{PLANTED[i % 9]} fits {i}"
        )
    _optimization(profile, [("accepted", ""), ("edited", "Built 12 APIs (Maria, 512 555 0101)")])
    # when
    with time_machine.travel(NOW, tick=False):
        written = training_snapshot()
    # then
    assert {m["action_type"] for m in written} == {"job_reasoning", "resume_optimize"}
    for manifest in written:
        exported = _all_text(Path(manifest["path"]))
        for leak in LEAKS:
            assert not leak.search(exported), (leak.pattern, manifest["action_type"])
        assert str(settings.VAR_DIR) in manifest["path"]
        assert "-20261120" in manifest["path"]


def test_chat_format_preference_pairs_and_consent():
    profile = _candidate()
    opted_out = CandidateProfileFactory(market_insights_opt_out=True)
    no_experiments = CandidateProfileFactory(experimentation_opt_out=True)
    _interaction(profile, text="a")
    _interaction(profile, text="thumbs down", rating="down")
    _interaction(opted_out, text="b")
    _interaction(no_experiments, text="c")
    _optimization(profile, [("accepted", ""), ("edited", "Built 12 APIs"), ("rejected", "")])
    written = {m["action_type"]: m for m in training_snapshot()}
    assert written["job_reasoning"]["examples"] == 1  # the opted-out and thumbs-down are not
    assert written["job_reasoning"]["excluded"]["no_consent"] == 2
    optimize = Path(written["resume_optimize"]["path"])
    lines = [json.loads(x) for f in ("train", "golden") for x in (optimize / f"{f}.jsonl").open()]
    assert len(lines) == 2
    assert all(
        [m["role"] for m in line["messages"]] == ["system", "user", "assistant"] for line in lines
    )
    pairs = [json.loads(x) for f in ("preferences", "golden_preferences")
             for x in (optimize / f"{f}.jsonl").open()]  # fmt: skip
    assert len(pairs) == 1
    assert pairs[0]["preferred_output"][0]["content"] == "Built 12 APIs"
    assert pairs[0]["non_preferred_output"][0]["content"] == "Built [N] APIs used by [N] teams (1)"


def test_duplicates_count_once_and_golden_set_is_frozen_across_snapshots():
    profile = _candidate()
    for i in range(200):
        _interaction(profile, text=f"resume {i}", answer=f"answer {i}")
    for i in range(50):  # exact repeats of earlier examples
        _interaction(profile, text=f"resume {i}", answer=f"answer {i}")
    first = training_snapshot(action="job_reasoning")[0]
    assert first["examples"] == 200 and first["excluded"]["duplicates"] == 50
    assert 5 < first["golden"] < 40  # about 10 %
    for i in range(200, 400):
        _interaction(profile, text=f"resume {i}", answer=f"answer {i}")
    second = training_snapshot(action="job_reasoning")[0]
    assert (second["version"], first["version"]) == (2, 1)
    keys = [
        set(json.loads((Path(m["path"]) / "manifest.json").read_text())["golden_keys"])
        for m in (first, second)
    ]
    assert keys[0] <= keys[1]  # frozen: every held-out example stays held out
    train = (Path(second["path"]) / "train.jsonl").read_text()
    golden = (Path(second["path"]) / "golden.jsonl").read_text().splitlines()
    assert golden and not any(line in train for line in golden)
    assert [s["version"] for s in snapshots_list()] == [2, 1]


def test_readiness_counts_exportable_training_examples_per_action():
    profile = _candidate()
    for i in range(READY + 80):
        _interaction(profile, task="digest_summary", text=f"digest {i}", answer=f"d{i}")
    for i in range(20):
        _interaction(profile, text=f"r {i}", answer=f"a {i}")
    rows = {r["action_type"]: r for r in training_readiness()}
    examples, _ = examples_collect("digest_summary")
    expected = sum(1 for e in examples if not e.golden)
    assert rows["digest_summary"]["exportable"] == expected
    assert rows["digest_summary"]["ready"] is (expected >= READY)
    assert rows["job_reasoning"]["ready"] is False and rows["job_reasoning"]["needed"] > 480


def test_command_prints_the_paths(capsys):
    _interaction(_candidate(), text="x")
    call_command("training_snapshot", "--action", "job_reasoning")
    out = capsys.readouterr().out
    assert "job_reasoning v1" in out and "train.jsonl" in out and "golden.jsonl" in out


def test_cached_readiness_follows_new_examples_and_opt_outs():
    from learning.ai.training.overview import readiness_cached

    profile = _candidate()
    for i in range(40):
        _interaction(profile, text=f"t {i}", answer=f"a {i}")
    first = readiness_cached()
    assert first == training_readiness() and first[0]["exportable"] > 25
    _interaction(profile, text="one more", answer="b")
    assert readiness_cached() == training_readiness() != first
    profile.market_insights_opt_out = True
    profile.save()
    assert readiness_cached() == []


def test_answers_erased_by_retention_are_not_exported():
    profile = _candidate()
    kept = _interaction(profile, text="kept")
    erased = _interaction(profile, text="gone")
    AIInteraction.objects.filter(pk=erased.pk).update(input_data={"expired": True}, output=None)
    examples, _ = examples_collect("job_reasoning")
    assert [e.meta["id"] for e in examples] == [kept.pk]
