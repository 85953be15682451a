"""Dated, versioned training snapshots under ``VAR_DIR/training/<action>/`` (never the repo).

One folder per snapshot, ``v0003-20261201``, holding

* ``train.jsonl`` — positives in the chat fine-tuning format (``{"messages": [...]}``);
* ``preferences.jsonl`` — preference pairs (the candidate's edit preferred to the model's
  suggestion) in OpenAI's preference format;
* ``golden.jsonl`` / ``golden_preferences.jsonl`` — the held-out set, the same examples in
  every snapshot (chosen by content hash), never in a training file;
* ``manifest.json`` — counts, exclusions, each file's SHA-256 and line count;
* ``owners.json`` — per file, the owner of each line as a keyed hash of the account id
  (:func:`owner_token`, HMAC-SHA-256 with ``SECRET_KEY``), so an account's deletion removes its
  lines (:mod:`learning.ai.privacy`) without the snapshot naming anyone.

A snapshot is only written when it holds at least one example.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from learning.ai.training.examples import Example, examples_collect, training_readiness

FOLDER = re.compile(r"^v(\d{4,})-(\d{8})$")


def training_root() -> Path:
    return Path(settings.VAR_DIR) / "training"


OWNERS = "owners.json"
JSONL_FILES = ("train.jsonl", "preferences.jsonl", "golden.jsonl", "golden_preferences.jsonl")


def owner_token(user_id: Any) -> str:
    """The keyed hash that marks an account's lines in ``owners.json``."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"training-owner:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def jsonl_text(lines: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)


def file_summary(text: str) -> dict[str, Any]:
    return {"lines": text.count("\n"), "sha256": hashlib.sha256(text.encode()).hexdigest()}


def _write(path: Path, lines: list[dict[str, Any]]) -> dict[str, Any]:
    text = jsonl_text(lines)
    path.write_text(text, encoding="utf-8")
    return file_summary(text)


def _next_folder(action_dir: Path, now: datetime) -> Path:
    versions = [
        int(m.group(1)) for p in action_dir.glob("v*") if (m := FOLDER.match(p.name)) is not None
    ]
    return action_dir / f"v{max(versions, default=0) + 1:04d}-{now:%Y%m%d}"


def _snapshot_one(action: str, examples: list[Example], counts: dict[str, int], now: datetime):
    action_dir = training_root() / action
    action_dir.mkdir(parents=True, exist_ok=True)
    folder = _next_folder(action_dir, now)
    folder.mkdir()
    train = [e for e in examples if not e.golden]
    golden = [e for e in examples if e.golden]
    files = {
        "train.jsonl": _write(folder / "train.jsonl", [e.chat_line() for e in train]),
        "preferences.jsonl": _write(
            folder / "preferences.jsonl",
            [e.preference_line() for e in train if e.preferred_over is not None],
        ),
        "golden.jsonl": _write(folder / "golden.jsonl", [e.chat_line() for e in golden]),
        "golden_preferences.jsonl": _write(
            folder / "golden_preferences.jsonl",
            [e.preference_line() for e in golden if e.preferred_over is not None],
        ),
    }
    paired = [e for e in train if e.preferred_over is not None]
    golden_paired = [e for e in golden if e.preferred_over is not None]
    owners = {
        name: [owner_token(e.meta.get("user")) for e in group]
        for name, group in zip(JSONL_FILES, (train, paired, golden, golden_paired), strict=True)
    }
    (folder / OWNERS).write_text(json.dumps(owners, sort_keys=True))
    manifest = {
        "action_type": action,
        "version": int(FOLDER.match(folder.name).group(1)),  # type: ignore[union-attr]
        "created_at": now.isoformat(),
        "examples": len(examples),
        "train": len(train),
        "golden": len(golden),
        "golden_keys": sorted(e.key for e in golden),
        "excluded": counts,
        "files": files,
        "format": "chat fine-tuning JSONL; preference pairs in OpenAI preference format",
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return {"path": str(folder), **{k: v for k, v in manifest.items() if k != "golden_keys"}}


def training_snapshot(*, action: str | None = None, now: datetime | None = None) -> list[dict]:
    """Write one snapshot per action type with examples (or of ``action``); return manifests."""
    now = now or timezone.now()
    examples, counts = examples_collect(action)
    by_action: dict[str, list[Example]] = {}
    for example in examples:
        by_action.setdefault(example.action_type, []).append(example)
    return [
        _snapshot_one(name, by_action[name], counts.as_dict(), now) for name in sorted(by_action)
    ]


def snapshots_list(limit: int = 20) -> list[dict[str, Any]]:
    """The newest snapshots' manifests (without the golden key list), newest first."""
    found = []
    for manifest in training_root().glob("*/v*/manifest.json"):
        data = json.loads(manifest.read_text())
        data.pop("golden_keys", None)
        data["path"] = str(manifest.parent.relative_to(training_root()))
        data["preference_pairs"] = data["files"]["preferences.jsonl"]["lines"]
        found.append(data)
    found.sort(key=lambda m: (m["created_at"], m["action_type"], m["version"]), reverse=True)
    return found[:limit]


def snapshot_latest(action: str) -> Path | None:
    folders = [p for p in (training_root() / action).glob("v*") if (p / "manifest.json").exists()]
    return max(folders, key=lambda p: int(FOLDER.match(p.name).group(1)), default=None)  # type: ignore[union-attr]


__all__ = ["snapshot_latest", "snapshots_list", "training_readiness", "training_snapshot"]
