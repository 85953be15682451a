"""The AI layer's parameters: the model of the openai provider and one prompt and model
per AI task. Declared in the spine's registry when the app is ready."""

from __future__ import annotations

from typing import Any

from recruitly.spine.specs import declare, text

AI_MODEL = declare(
    "ai.model",
    "gpt-4o-mini",
    "Model used by the openai provider.",
    text(100),
)
AI_TASKS = ("resume_parse", "job_score", "job_reasoning", "digest_summary", "resume_optimize")
for _task, _prompt in {
    "resume_parse": "Extract the candidate's contact details, skills, experience and education "
    "from the resume below as JSON matching the schema. Use only facts stated in the text; "
    "leave a field empty when the resume does not state it.",
    "job_score": "Score how well the job fits the candidate from 0 to 100 for skills, "
    "experience, location, salary and culture, and explain the score in one paragraph.",
    "job_reasoning": "In two sentences, tell the candidate why this job fits and what is missing.",
    "digest_summary": "Summarise today's new matches for the candidate in three friendly "
    "sentences, naming the best match and one skill worth adding.",
    "resume_optimize": "Compare the resume with the posting. List the gaps, then suggest "
    "rewrites of single bullets or sections as JSON matching the schema. Quote each original "
    "exactly. Never add a number, employer, title or skill the resume does not state: where a "
    "figure would help, write a bracketed placeholder for the candidate to fill.",
}.items():
    declare(f"prompts.{_task}", _prompt, f"Prompt for the {_task} AI task.", text(8000))


def _model_or_inherit(value: Any) -> list[str]:
    if value == "":
        return []
    return text(100)(value)


for _task in AI_TASKS:
    declare(
        f"ai.model.{_task}",
        "",
        f"Model of the openai provider for {_task}; empty means ai.model.",
        _model_or_inherit,
    )
