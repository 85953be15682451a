"""Occupations: a table of occupations with their titles, and title-to-occupation vectors.

Pure Python, no Django. ``title_occupations("Sr. Staff Accountant")`` returns a sparse vector
{occupation code: weight, "family:finance": ..., "group:13": ...}; ``similarity`` compares two
vectors (cosine). See ``table`` for the data's source and ``matching`` for the method.
"""

from __future__ import annotations

from profiles.occupations.matching import (
    normalize_title,
    similarity,
    text_occupations,
    title_occupations,
    titles_occupations,
    top_occupations,
)
from profiles.occupations.table import (
    FAMILY_PREFIX,
    GROUP_PREFIX,
    Occupation,
    OccupationDataMissing,
    major_group_of,
    occupation_get,
    occupation_label,
)

__all__ = [
    "FAMILY_PREFIX",
    "GROUP_PREFIX",
    "Occupation",
    "OccupationDataMissing",
    "major_group_of",
    "normalize_title",
    "occupation_get",
    "occupation_label",
    "similarity",
    "text_occupations",
    "title_occupations",
    "titles_occupations",
    "top_occupations",
]
