"""Structured output of each AI task: a JSON schema (sent to the model) and its validator."""

from __future__ import annotations

from typing import Any

TASKS = ("resume_parse", "job_score", "job_reasoning", "digest_summary", "resume_optimize")

_STR = {"type": "string"}
_STR_LIST = {"type": "array", "items": {"type": "string"}}
_SCORE = {"type": "number", "minimum": 0, "maximum": 100}

SCHEMAS: dict[str, dict[str, Any]] = {
    "resume_parse": {
        "type": "object",
        "properties": {
            "full_name": _STR,
            "email": _STR,
            "phone": _STR,
            "location": _STR,
            "professional_summary": _STR,
            "programming_languages": _STR_LIST,
            "frameworks_libraries": _STR_LIST,
            "tools_platforms": _STR_LIST,
            "soft_skills": _STR_LIST,
            "job_titles": _STR_LIST,
            "companies": _STR_LIST,
            "years_of_experience": {"type": "number", "minimum": 0, "maximum": 60},
            "career_level": _STR,
            "degrees": _STR_LIST,
            "institutions": _STR_LIST,
            "graduation_years": {"type": "array", "items": {"type": "integer"}},
        },
        "required": [
            "full_name", "email", "phone", "location", "programming_languages",
            "frameworks_libraries", "tools_platforms", "soft_skills", "job_titles", "companies",
            "years_of_experience", "degrees", "institutions", "graduation_years",
        ],
    },
    "job_score": {
        "type": "object",
        "properties": {
            "skills": _SCORE,
            "experience": _SCORE,
            "location": _SCORE,
            "salary": _SCORE,
            "culture": _SCORE,
            "reasoning": _STR,
        },
        "required": ["skills", "experience", "location", "salary", "culture", "reasoning"],
    },
    "job_reasoning": {
        "type": "object",
        "properties": {"reasoning": _STR},
        "required": ["reasoning"],
    },
    "digest_summary": {
        "type": "object",
        "properties": {"summary": _STR},
        "required": ["summary"],
    },
    # Stage 1 and 2 of resume optimization; stage 3 is scored by rules, never by the model.
    "resume_optimize": {
        "type": "object",
        "properties": {
            "analysis": {"type": "object"},
            "suggestions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"type": "string", "enum": ["bullet", "summary", "section"]},
                        "edit_type": _STR,
                        "original": _STR,
                        "suggested": _STR,
                        "reason": _STR,
                        "anchor": _STR,
                        "needs_input": {"type": "boolean"},
                        "optional": {"type": "boolean"},
                    },
                    "required": ["kind", "edit_type", "original", "suggested", "reason"],
                },
            },
        },
        "required": ["analysis", "suggestions"],
    },
}  # fmt: skip
MAX_TEXT = 4000


def validate(task: str, data: Any) -> list[str]:
    """Readable problems with ``data`` as an answer to ``task``; empty when it is usable."""
    schema = SCHEMAS[task]
    if not isinstance(data, dict):
        return ["answer is not a JSON object"]
    errors = [f"{key}: missing" for key in schema["required"] if key not in data]
    for key, rule in schema["properties"].items():
        if key in data:
            errors += [f"{key}: {e}" for e in _check(data[key], rule)]
    text_keys = [
        k for k, r in schema["properties"].items() if r == _STR and k in schema["required"]
    ]
    if task != "resume_parse" and any(not str(data.get(k, "")).strip() for k in text_keys):
        errors.append("answer text is empty")
    return errors


def _check(value: Any, rule: dict[str, Any]) -> list[str]:
    kind = rule["type"]
    if kind == "string":
        if not isinstance(value, str):
            return ["must be a string"]
        return ["is too long"] if len(value) > MAX_TEXT else []
    if kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ["must be a number"]
        if kind == "integer" and not float(value).is_integer():
            return ["must be a whole number"]
        low, high = rule.get("minimum"), rule.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            return [f"must be between {low} and {high}"]
        return []
    if kind == "array":
        if not isinstance(value, list):
            return ["must be a list"]
        return [e for item in value for e in _check(item, rule["items"])][:3]
    return []
