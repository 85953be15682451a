"""``{% insight_quality_panel %}``: the insight-quality verdicts of the newest nightly run, for
the learning dashboard (which reads them without a change to its view)."""

from __future__ import annotations

from typing import Any

from django import template

from learning.services.predict_nightly import latest_predictions
from learning.views_predict import insight_chart

register = template.Library()


@register.inclusion_tag("learning/partials/_insight_quality.html")
def insight_quality_panel() -> dict[str, Any]:
    summary = latest_predictions() or {}
    quality = summary.get("insight_quality", {})
    return {"quality": quality, "quality_chart": insight_chart(quality) if quality else None}
