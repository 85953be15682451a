"""Thumbs up / down on AI output, turned into AI_RESPONSE_RATED feedback events."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from profiles.models import AIInteraction
from recruitly.eventlog.ingest import events_ingest

RATINGS = ("up", "down")
MAX_COMMENT = 2000


class RatingError(ValueError):
    pass


@transaction.atomic
def ai_interaction_rate(
    *, user: User, interaction: AIInteraction, rating: str, comment: str = ""
) -> AIInteraction:
    """Record ``user``'s rating of an answer made for them and emit the feedback event.

    Raises RatingError for a bad rating or an interaction that belongs to someone else.
    """
    if rating not in RATINGS:
        raise RatingError("rating must be 'up' or 'down'")
    if interaction.user_id != user.pk:
        raise RatingError("you can only rate answers made for you")
    result = events_ingest(
        items=[
            {
                "event_id": f"ai-rating-{interaction.pk}-{uuid.uuid4().hex[:12]}",
                "event_type": "AI_RESPONSE_RATED",
                "user_id": user.get_username(),
                "timestamp": timezone.now().isoformat(),
                "interaction_id": str(interaction.pk),
                "action_type": interaction.task,
                "rating": rating,
                "comment": comment[:MAX_COMMENT],
                "model": interaction.model[:100] or "unknown",
                "prompt_version": interaction.prompt_version[:100] or "default",
            }
        ],
        submitted_by=user,
        may_post_for_others=False,
        source="web",
    )
    if result.count("stored") != 1:
        raise RatingError("; ".join(e for r in result.results for e in r.errors) or "not stored")
    interaction.rating = rating
    interaction.save(update_fields=["rating", "updated_at"])
    return interaction
