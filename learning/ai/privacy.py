"""The AI loop's part in erasing an account: remove the person's lines from every training
snapshot (receiver of :data:`profiles.privacy.hooks.account_erasing`; ``learning.apps``
imports this module in ``ready()``, which connects it).

A line is the person's when

* ``owners.json`` of its snapshot marks it with the account's :func:`owner_token` (snapshots
  written since owners are recorded), or
* it contains, after the same scrubbing the export applied, one of the person's texts that
  still exist when the signal is sent: each resume line of 30 or more characters, each
  suggestion's original and final text, and their names and e-mail address in case the
  scrubber missed one (snapshots written before owners were recorded).

Each touched file is rewritten atomically (a temporary file in the same folder, flushed, then
``os.replace``), as are ``owners.json`` and ``manifest.json`` (line counts, SHA-256 of each file,
``train``/``golden`` counts and the golden keys follow; ``erased_lines`` counts the removals).
Files already sent to a fine-tuning provider are outside reach; the README says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.dispatch import receiver

from learning.ai.training.examples import content_key
from learning.ai.training.snapshot import (
    JSONL_FILES,
    OWNERS,
    file_summary,
    owner_token,
    training_root,
)
from profiles.models import CandidateProfile, ResumeSuggestion, ResumeVersion
from profiles.privacy.hooks import account_erasing
from profiles.privacy.scrub import names_of, scrub

MIN_TEXT = 30  # characters: a shorter resume line ("Python, SQL") is not the person's own
MIN_NAME = 5


def _atomic_write(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _forms(text: str) -> set[str]:
    """``text`` as it may stand in a JSONL line: plain or JSON-escaped, case-folded."""
    return {text.casefold(), json.dumps(text, ensure_ascii=False)[1:-1].casefold()}


def _needles(user: Any) -> set[str]:
    names = names_of(user)
    profile = CandidateProfile.objects.filter(user=user).first()
    # Whole names and addresses only: a first name alone is also other people's.
    exact = [f"{user.first_name} {user.last_name}".strip(), user.email or ""]
    texts: list[str] = []
    if profile is not None:
        exact += [profile.full_name or "", profile.email or ""]
        for text in ResumeVersion.objects.filter(candidate=profile).values_list("text", flat=True):
            texts += (text or "").splitlines()
        for original, final in ResumeSuggestion.objects.filter(
            optimization__candidate=profile
        ).values_list("original", "final_text"):
            texts += [original or "", final or ""]
    found: set[str] = set()
    for value in exact:
        if len(value.strip()) >= MIN_NAME and (" " in value.strip() or "@" in value):
            found |= _forms(value.strip())
    for text in texts:
        if len(text.strip()) >= MIN_TEXT:
            found |= _forms(text.strip())
            scrubbed = scrub(text.strip(), names)
            if len(scrubbed) >= MIN_TEXT:
                found |= _forms(scrubbed)
    return found


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value; strings that are JSON themselves (a dumped input) too."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if not isinstance(value, str):
        return []
    found = [value]
    if value[:1] in ("{", "["):
        with contextlib.suppress(json.JSONDecodeError):
            found += _strings(json.loads(value))
    return found


def _line_text(line: str) -> str:
    try:
        decoded = "\n".join(_strings(json.loads(line)))
    except json.JSONDecodeError:
        decoded = ""
    return (decoded + "\n" + line).casefold()


def _rewrite_folder(folder: Path, token: str, needles: set[str]) -> int:
    owners_path = folder / OWNERS
    owners: dict[str, list[str]] = (
        json.loads(owners_path.read_text()) if owners_path.exists() else {}
    )
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    removed_total = 0
    removed_golden: set[str] = set()
    for name in JSONL_FILES:
        path = folder / name
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        marks = owners.get(name, [])
        keep, kept_marks = [], []
        for i, line in enumerate(lines):
            text_of_line = _line_text(line)
            mine = (i < len(marks) and marks[i] == token) or any(n in text_of_line for n in needles)
            if not mine:
                keep.append(line)
                kept_marks.append(marks[i] if i < len(marks) else "")
            elif name == "golden.jsonl":
                removed_golden.add(_golden_key(line))
        if len(keep) == len(lines):
            continue
        removed_total += len(lines) - len(keep)
        text = "".join(keep)
        _atomic_write(path, text)
        if name in owners:
            owners[name] = kept_marks
        if manifest:
            manifest["files"][name] = file_summary(text)
    if not removed_total:
        return 0
    if owners:
        _atomic_write(owners_path, json.dumps(owners, sort_keys=True))
    if manifest:
        files = manifest["files"]
        manifest["train"] = files["train.jsonl"]["lines"]
        manifest["golden"] = files["golden.jsonl"]["lines"]
        manifest["examples"] = manifest["train"] + manifest["golden"]
        manifest["golden_keys"] = [
            k for k in manifest.get("golden_keys", []) if k not in removed_golden
        ]
        manifest["erased_lines"] = int(manifest.get("erased_lines", 0)) + removed_total
        _atomic_write(manifest_path, json.dumps(manifest, indent=2, sort_keys=True))
    return removed_total


def _golden_key(line: str) -> str:
    try:
        messages = json.loads(line)["messages"]
        return content_key(messages[1]["content"], messages[2]["content"])
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        return ""


@receiver(account_erasing, dispatch_uid="learning.ai.training_lines")
def training_lines_erase(sender: Any, *, user: Any, **_: Any) -> dict[str, int]:
    """Remove ``user``'s lines from every training snapshot; counts for the erasure's audit."""
    token, needles = owner_token(user.pk), _needles(user)
    folders = sorted(p.parent for p in training_root().glob("*/v*/manifest.json"))
    removed, touched = 0, 0
    for folder in folders:
        count = _rewrite_folder(folder, token, needles)
        removed += count
        touched += count > 0
    return {"training_lines_removed": removed, "training_snapshots_rewritten": touched}
