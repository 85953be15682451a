"""Rows that may feed an aggregate about other people (market, cohort, peer figures).

The rule itself is :func:`profiles.selectors.aggregate_opted_out_user_ids` (candidates who
opted out of market analytics); this applies it to the analytics' frames.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from profiles.selectors import aggregate_opted_out_user_ids


def aggregate_rows(
    frame: pd.DataFrame, excluded: Collection[int] | None = None, *, column: str = "user_id"
) -> pd.DataFrame:
    """``frame`` without the rows of users who opted out (``excluded``: read when None)."""
    excluded = aggregate_opted_out_user_ids() if excluded is None else excluded
    if not excluded or frame.empty:
        return frame
    return frame[~frame[column].isin(list(excluded))].reset_index(drop=True)
