"""The skill taxonomy and the one skill extractor shared by resumes and job postings.

Pure Python, no Django. ``extract(text)`` returns canonical skill names in order of first
appearance; the same text always gives the same list. ``implied_skills(held)`` names the
skills that held skills imply (MySQL → SQL), each with the held skill behind it.
"""

from __future__ import annotations

from profiles.skills.extractor import SkillMatch, extract, extract_matches, normalize
from profiles.skills.relations import implications, implied_skills
from profiles.skills.taxonomy import CATEGORIES, TAXONOMY, Skill, category_of

__all__ = [
    "CATEGORIES",
    "TAXONOMY",
    "Skill",
    "SkillMatch",
    "category_of",
    "extract",
    "extract_matches",
    "implications",
    "implied_skills",
    "normalize",
]
