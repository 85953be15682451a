"""The learning engine's part in erasing an account (see ``profiles.privacy.hooks``)."""

from __future__ import annotations

from typing import Any

from learning.models import WeeklyInsight


def weekly_insights_delete(sender: Any, *, user: Any, **_: Any) -> dict[str, int]:
    return {"weekly_insights_deleted": WeeklyInsight.objects.filter(user=user).delete()[0]}
