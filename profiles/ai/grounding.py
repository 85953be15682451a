"""Keep only what the resume text supports: a model may not invent a profile."""

from __future__ import annotations

import re
from typing import Any

from profiles.skills import extract, normalize

SKILL_FIELDS = ("programming_languages", "frameworks_libraries", "tools_platforms", "soft_skills")
TEXT_LIST_FIELDS = ("job_titles", "companies", "degrees", "institutions")


def ground_resume(output: dict[str, Any], text: str) -> dict[str, Any]:
    """Drop every value the text does not contain; count what was dropped in ``_dropped``."""
    lower = text.lower()
    digits = re.sub(r"\D", "", text)
    found_skills = set(extract(text))
    grounded = dict(output)
    dropped = 0
    for key in SKILL_FIELDS:
        kept = []
        for skill in output.get(key, []):
            canonical = normalize(skill) or skill
            if canonical in found_skills or skill.lower() in lower:
                kept.append(canonical)
            else:
                dropped += 1
        grounded[key] = list(dict.fromkeys(kept))
    for key in TEXT_LIST_FIELDS:
        values = output.get(key, [])
        grounded[key] = [v for v in values if v and v.lower() in lower]
        dropped += len(values) - len(grounded[key])
    for key in ("full_name", "email", "location"):
        value = str(output.get(key) or "")
        if value and value.lower() not in lower:
            grounded[key] = ""
            dropped += 1
    phone_digits = re.sub(r"\D", "", str(output.get("phone") or ""))
    if phone_digits and phone_digits[-7:] not in digits:
        grounded["phone"] = ""
        dropped += 1
    grounded["graduation_years"] = [y for y in output.get("graduation_years", []) if str(y) in text]
    grounded["_dropped"] = dropped
    return grounded
