"""The event fields the analyses read: the columnar contract of the event log.

Each family's map names a column and the path of its value in ``Event.payload``. The log
stores every one of them as a typed generated column (``learning.models.Event``; migration
``0005_event_analysis_columns``) next to the raw JSON, so the analytics reader
(``learning/event_reader.py``) reads columns and extracts nothing per row.
:mod:`learning.analytics.frames` re-exports these names. No Django, no pandas here: the
model imports this module.
"""

from __future__ import annotations

from recruitly.eventlog.schemas import FIT_COMPONENTS

FIT_COLUMNS = tuple(f"fit_{name}" for name in FIT_COMPONENTS)
# The log's column for analysis field ``name`` is ``col_<name>``: the prefix keeps the model's
# field names clear of annotations other queries put on events (``status``, ``rating``).
COLUMN_PREFIX = "col_"

# column → JSON path in Event.payload
APPLICATION_FIELDS: dict[str, tuple[str, ...]] = {
    "application_id": ("application_id",),
    "job_id": ("job_id",),
    "resume_version_id": ("resume_version_id",),
    "strategy_mode": ("context", "strategy_mode"),
    "fit_score": ("context", "fit_score"),
    "category": ("context", "category"),
    "resume_score": ("context", "resume_score"),
    "tailoring_applied": ("context", "tailoring_applied"),
    **{f"fit_{name}": ("context", "fit_components", name) for name in FIT_COMPONENTS},
    "title": ("context", "job_characteristics", "title"),
    "company": ("context", "job_characteristics", "company"),
    "seniority": ("context", "job_characteristics", "seniority"),
    "job_location": ("context", "job_characteristics", "location"),
    "industry": ("context", "job_characteristics", "industry"),
    "company_stage": ("context", "job_characteristics", "company_stage"),
    "status": ("outcome", "status"),
    "days_to_response": ("outcome", "days_to_response"),
}
RESUME_FIELDS: dict[str, tuple[str, ...]] = {
    "resume_version_id": ("resume_version_id",),
    "edit_type": ("edit_type",),
    "rewrite_type": ("rewrite_type",),
    "before_score": ("before_score",),
    "after_score": ("after_score",),
    "user_accepted": ("user_accepted",),
}
STRATEGY_FIELDS: dict[str, tuple[str, ...]] = {
    "from_mode": ("from_mode",),
    "to_mode": ("to_mode",),
    "metric_resume_score": ("metrics", "resume_score"),
    "metric_total_applications": ("metrics", "total_applications"),
    "metric_interview_rate": ("metrics", "interview_rate"),
}
FEEDBACK_FIELDS: dict[str, tuple[str, ...]] = {
    "suggestion_type": ("suggestion_type",),
    "suggestion_id": ("suggestion_id",),
    "suggested_edit_type": ("suggested_content", "edit_type"),
    "rejection_reason": ("rejection_reason",),
}
AI_FEEDBACK_FIELDS: dict[str, tuple[str, ...]] = {
    "action_type": ("action_type",),
    "rating": ("rating",),
}
FAMILY_FIELDS = {
    "application": APPLICATION_FIELDS,
    "resume": RESUME_FIELDS,
    "strategy": STRATEGY_FIELDS,
    "feedback": FEEDBACK_FIELDS,
    "ai_feedback": AI_FEEDBACK_FIELDS,
}
NUMERIC_COLUMNS = frozenset(
    {
        "fit_score",
        "resume_score",
        "days_to_response",
        "before_score",
        "after_score",
        "metric_resume_score",
        "metric_total_applications",
        "metric_interview_rate",
        *FIT_COLUMNS,
    }
)
BOOLEAN_COLUMNS = frozenset({"tailoring_applied", "user_accepted"})


def column_name(name: str) -> str:
    return COLUMN_PREFIX + name


def column_paths() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every analysis field once: its payload path and the families that carry it.

    A name shared by two families must have the same path in both (one column holds it).
    """
    columns: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for family, fields in FAMILY_FIELDS.items():
        for name, path in fields.items():
            known_path, families = columns.get(name, (path, ()))
            if known_path != path:
                raise ValueError(f"column {name!r}: {known_path} in {families}, {path} in {family}")
            columns[name] = (path, (*families, family))
    return columns
