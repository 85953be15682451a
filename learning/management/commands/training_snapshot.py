"""``python manage.py training_snapshot [--action TYPE]``: write the dated training JSONL files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learning.ai.training.snapshot import training_snapshot
from profiles.ai.parameters import AI_TASKS


class Command(BaseCommand):
    help = (
        "Write a versioned training snapshot (chat JSONL, preference pairs, frozen golden set) "
        "per AI action type under VAR_DIR/training and print the paths."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--action", choices=AI_TASKS, help="Only this action type.")

    def handle(self, *args: Any, **options: Any) -> None:
        written = training_snapshot(action=options["action"])
        if not written:
            raise CommandError("no exportable examples: nothing written")
        for manifest in written:
            self.stdout.write(
                f"{manifest['action_type']} v{manifest['version']}: {manifest['train']} "
                f"training, {manifest['files']['preferences.jsonl']['lines']} preference pairs, "
                f"{manifest['golden']} golden; excluded {manifest['excluded']}"
            )
            for name in manifest["files"]:
                self.stdout.write(f"  {manifest['path']}/{name}")
