"""The nightly engine's AI step: prompt and model changes proposed as recommendations.

From the health figures (:mod:`learning.ai.pipeline`):

* **prompt** — an action type whose approval is established below 75 % (band
  ``needs_improvement``) and that has enough approved examples: today's prompt followed by the
  top-rated scrubbed examples (:func:`learning.ai.training.candidates.few_shot_prompt`);
* **model** — a model rated on a task (in an experiment arm, or before a change) whose 95 %
  Wilson interval lies entirely above that of the task's current model, each with at least
  ``MIN_RATINGS`` ratings: switch ``ai.model.<task>`` to it.

Each is a :class:`~learning.optimizers.findings.Finding` of kind ``prompt`` with the
primary metric ``thumbs_up_share``, risk ``medium`` and A/B-testable, so the route rule sends
it to an A/B test: it goes live only through a reviewer's approval and the experiment.
"""

from __future__ import annotations

from typing import Any

from learning.ai.pipeline import health_by_action, health_by_version
from learning.ai.training.candidates import few_shot_prompt, top_rated
from learning.ai_health import MIN_RATINGS
from learning.optimizers.findings import Finding
from profiles.ai.parameters import AI_TASKS
from profiles.ai.service import model_for
from recruitly.spine.resolver import resolve

METRIC = "thumbs_up_share"


def _prompt_finding(row: dict[str, Any]) -> Finding | None:
    task = row["action_type"]
    examples = top_rated(task)
    if not examples:
        return None
    current = str(resolve(f"prompts.{task}").value)
    return Finding(
        kind="prompt",
        component=f"prompts.{task}",
        parameter="",
        current_value=current,
        recommended_value=few_shot_prompt(current, examples),
        reasoning=(
            f"Approval of {task} is {row['approval_rate']} % (95 % interval "
            f"{row['ci_low']}-{row['ci_high']} %, n={row['n']}), below 75 % with confidence. "
            f"Showing the model {len(examples)} top-rated approved answers (personal data "
            "removed) may raise it; an A/B test on the thumbs-up share decides."
        ),
        evidence={
            "metric": METRIC,
            "sample_size": row["n"],
            "p_value": None,
            "approval": row,
            "examples": [e.key for e in examples],
        },
        impact={"metric": METRIC, "approval_rate_now": row["approval_rate"]},
        risk_level="medium",
    )


def _model_findings(versions: list[dict[str, Any]]) -> list[Finding]:

    out = []
    for task in AI_TASKS:
        current = model_for(task, None)
        rows = [r for r in versions if r["action_type"] == task and r["n"] >= MIN_RATINGS]
        mine = [r for r in rows if r["model"] == current]
        if not mine:
            continue
        base = max(mine, key=lambda r: r["n"])
        better = [r for r in rows if r["model"] != current and r["ci_low"] > base["ci_high"]]
        if not better:
            continue
        best = max(better, key=lambda r: (r["ci_low"], r["n"]))
        out.append(
            Finding(
                kind="prompt",
                component=f"ai.model.{task}",
                parameter="",
                current_value=str(resolve(f"ai.model.{task}").value),
                recommended_value=best["model"],
                reasoning=(
                    f"On {task}, {best['model']} is approved {best['approval_rate']} % "
                    f"(interval {best['ci_low']}-{best['ci_high']} %, n={best['n']}), above "
                    f"{current} at {base['approval_rate']} % (interval {base['ci_low']}-"
                    f"{base['ci_high']} %, n={base['n']}); the intervals do not overlap."
                ),
                evidence={
                    "metric": METRIC,
                    "sample_size": best["n"] + base["n"],
                    "p_value": None,
                    "candidate": best,
                    "current": base,
                },
                impact={
                    "metric": METRIC,
                    "approval_gain_points": round(best["approval_rate"] - base["approval_rate"], 1),
                },
                risk_level="medium",
            )
        )
    return out


def ai_findings() -> tuple[dict[str, Any], list[Finding]]:
    """The nightly step: (summary, findings)."""
    weak = [r for r in health_by_action() if r["health"] == "needs_improvement"]
    findings = [f for f in (_prompt_finding(r) for r in weak) if f is not None]
    findings += _model_findings(health_by_version())
    summary = {
        "needs_improvement": [r["action_type"] for r in weak],
        "proposed": [f.component for f in findings],
    }
    return summary, findings
