"""Deleting an account removes the person's lines from every training snapshot (files rewritten,
manifest and owners following), through the erasure's signal; other people's lines stay, and
snapshots written before owners were recorded are cleaned by the person's texts."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from learning.ai.training.snapshot import OWNERS, owner_token, training_snapshot
from profiles.models import AIInteraction, ResumeVersion
from profiles.models_optimize import ResumeOptimization, ResumeSuggestion
from profiles.privacy.erase import account_delete
from tests.factories import CandidateProfileFactory, JobListingFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HER_BULLET = "Rebuilt the tidal-gauge ingestion pipeline for the harbour authority"
HIS_BULLET = "Migrated the parcel-sorting scheduler to event sourcing"


def _person(first: str, last: str, bullet: str, n: int) -> tuple:
    user = UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org")
    profile = CandidateProfileFactory(user=user, full_name=f"{first} {last}")
    version = ResumeVersion.objects.create(
        candidate=profile,
        version=1,
        text=f"{first} {last}\n{bullet}\nPython, SQL",
        source_hash=first,
    )
    for i in range(n):
        AIInteraction.objects.create(
            user=user, task="job_reasoning", provider="local", model="m", prompt_version="default",
            input_hash=f"{first}{i}", rating="up", input_data={"text": f"{bullet} ({i})"},
            output={"reasoning": f"{bullet} fits job {i}."},
        )  # fmt: skip
    optimization = ResumeOptimization.objects.create(
        candidate=profile, job=JobListingFactory(), source_version=version, provider="local",
        model="m", prompt_version="default", rating=5,
    )  # fmt: skip
    ResumeSuggestion.objects.create(
        optimization=optimization, position=0, kind="bullet", edit_type="verb", original=bullet,
        suggested=f"Led: {bullet}", status="edited", final_text=f"Owned: {bullet}",
    )  # fmt: skip
    return user, profile


def _files(root: Path) -> dict[Path, str]:
    return {p: p.read_text() for p in root.rglob("*") if p.is_file()}


def _check_manifests(root: Path) -> None:
    for manifest_path in root.glob("*/v*/manifest.json"):
        manifest = json.loads(manifest_path.read_text())
        owners = json.loads((manifest_path.parent / OWNERS).read_text())
        for name, summary in manifest["files"].items():
            text = (manifest_path.parent / name).read_text()
            assert summary["sha256"] == hashlib.sha256(text.encode()).hexdigest()
            assert summary["lines"] == text.count("\n") == len(owners[name])
        assert manifest["train"] + manifest["golden"] == manifest["examples"]


def test_account_deletion_removes_the_persons_lines_from_every_snapshot(settings):
    her, _ = _person("Henrike", "Vasquez-Olander", HER_BULLET, 40)
    him, _ = _person("Tobiah", "Okonkwo", HIS_BULLET, 40)
    with time_machine.travel(NOW, tick=False):
        first = training_snapshot()
        second = training_snapshot(action="job_reasoning")
    root = Path(settings.VAR_DIR) / "training"
    before = "".join(_files(root).values())
    assert HER_BULLET in before and HIS_BULLET in before and len(first) == 2 and second
    token = owner_token(her.pk)
    assert token in before

    erasure = account_delete(user=her)

    after = _files(root)
    text = "".join(after.values())
    for leak in (HER_BULLET, "tidal-gauge", "Henrike", "Vasquez", token, "henrike@"):
        assert leak.casefold() not in text.casefold(), leak
    assert text.count(HIS_BULLET) == before.count(HIS_BULLET)  # nobody else's line went
    assert erasure.counts["training_snapshots_rewritten"] == 3
    # 40 answers in each job_reasoning snapshot and the edit in resume_optimize: one chat line
    # and one preference pair.
    assert erasure.counts["training_lines_removed"] == 40 + 40 + 2
    assert not list(root.rglob("*.tmp"))
    _check_manifests(root)
    assert him.pk != her.pk


def test_snapshots_without_owners_are_cleaned_by_the_persons_texts(settings):
    her, _ = _person("Henrike", "Vasquez-Olander", HER_BULLET, 12)
    _person("Tobiah", "Okonkwo", HIS_BULLET, 12)
    with time_machine.travel(NOW, tick=False):
        training_snapshot()
    root = Path(settings.VAR_DIR) / "training"
    for owners in root.glob("*/v*/" + OWNERS):
        owners.unlink()  # written before owners were recorded

    erasure = account_delete(user=her)

    text = "".join(p.read_text() for p in root.rglob("*.jsonl"))
    assert "tidal-gauge" not in text and HIS_BULLET in text
    assert erasure.counts["training_lines_removed"] == 12 + 2


def test_erasure_without_snapshots_counts_nothing():
    her, _ = _person("Henrike", "Vasquez-Olander", HER_BULLET, 1)
    erasure = account_delete(user=her)
    assert erasure.counts["training_lines_removed"] == 0
    assert erasure.counts["training_snapshots_rewritten"] == 0
