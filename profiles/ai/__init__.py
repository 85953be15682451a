"""One provider interface for every AI task, with call logging and a local fallback.

``ai_run(task=..., payload=..., user=...)`` picks the provider from settings (``local`` by
default, ``openai`` when configured), validates the structured answer against the task's
schema, records an :class:`~learning.models.AIInteraction` for every call and, when the
remote answer is unusable, records that failure and answers with ``local`` instead.
"""

from profiles.ai.service import AIResult, ai_run

__all__ = ["AIResult", "ai_run"]
