"""``python manage.py ai_pipeline``: run the 30-minute AI pipeline now and print its findings."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from learning.ai.pipeline import ai_pipeline_run


class Command(BaseCommand):
    help = "Run the AI feedback pipeline (health, issues, prompt rollbacks) and print the result."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="Print the full JSON result.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = ai_pipeline_run()
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        self.stdout.write("By action type (approval %, 95 % Wilson interval, n, health):")
        for row in result["by_action"]:
            self.stdout.write(
                f"  {row['action_type']}: {row['approval_rate']} "
                f"[{row['ci_low']}, {row['ci_high']}] n={row['n']} {row['health']}"
            )
        self.stdout.write(f"Issues: {len(result['issues'])}")
        for issue in result["issues"]:
            self.stdout.write(f"  {issue['kind']}: {issue['detail']}")
        training = result["training"]
        for row in training["readiness"]:
            state = "optimal" if row["optimal"] else "ready" if row["ready"] else "not ready"
            self.stdout.write(
                f"Training {row['action_type']}: {row['exportable']} exportable examples ({state})"
            )
        for key in training.get("prompt_candidates", []):
            self.stdout.write(f"Proposed prompt candidate: experiment {key} (draft)")
        for job in training["finetune"]["started"] + training["finetune"]["updated"]:
            self.stdout.write(f"Fine-tuning job {job['job_id']}: {job['status']}")
        for check in result["rollbacks"]:
            verdict = f"rolled back to {check['restored_as']}" if check["rolled_back"] else "kept"
            self.stdout.write(
                f"Prompt {check['component']} {check['live']} vs {check['baseline']}: "
                f"{check['reason']} (p={check['p_value']:.4f}); {verdict}"
            )
