"""``{% edit_counterfactuals user insight as items %}``: the candidate's own edit
counterfactuals for the shown week (empty for anyone else or without an insight)."""

from __future__ import annotations

from typing import Any

from django import template

from learning.insights.counterfactual_selector import candidate_edit_counterfactuals

register = template.Library()


@register.simple_tag
def edit_counterfactuals(user: Any, insight: Any) -> list[dict[str, Any]]:
    if insight is None or not getattr(user, "is_authenticated", False):
        return []
    if insight.user_id != user.pk:  # candidates see only their own data
        return []
    items = candidate_edit_counterfactuals(user_id=user.pk, week_start=insight.week_start)
    return [c.as_dict() for c in items]
